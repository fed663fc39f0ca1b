// Countries by name in tables: "KH Campuchia". Vietnamese as Vietnam's
// documents write them (country_names_vi.tsv), else iso-codes' English.
#ifndef NGOAIVU_TOOLS_NGOAIVU_COUNTRY_NAMES_H_
#define NGOAIVU_TOOLS_NGOAIVU_COUNTRY_NAMES_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace ngoaivu::cli {

struct CountryName {
  const char* code;        // ISO 3166-1 alpha-2
  const char* vietnamese;  // "" when the data file has none
  const char* english;
};
// Sorted by code (generated at configure time, tools/CMakeLists.txt).
extern const CountryName kCountryNames[];
extern const size_t kCountryNameCount;

// "Campuchia" for KH; the English name when there is no Vietnamese one;
// "" for an unknown code.
std::string CountryNameOf(absl::string_view code);

// "KH Campuchia": the code, then its name; the code alone if unknown.
std::string CountryWithName(absl::string_view code);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_COUNTRY_NAMES_H_
