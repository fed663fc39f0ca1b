#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tools/ngoaivu/country_names.h"

namespace ngoaivu::cli {

std::string CountryNameOf(absl::string_view code) {
  const CountryName* end = kCountryNames + kCountryNameCount;
  const CountryName* found =
      std::lower_bound(kCountryNames, end, code,
                       [](const CountryName& entry, absl::string_view c) {
                         return absl::string_view(entry.code) < c;
                       });
  if (found == end || found->code != code) return "";
  return *found->vietnamese != '\0' ? found->vietnamese : found->english;
}

std::string CountryWithName(absl::string_view code) {
  const std::string name = CountryNameOf(code);
  return name.empty() ? std::string(code) : absl::StrCat(code, " ", name);
}

}  // namespace ngoaivu::cli
