// ISO 3166-1 alpha-2 country codes, from Debian's iso-codes data (read at
// configure time, services/delegations/CMakeLists.txt): "KH", "CN", "TH".
#ifndef NGOAIVU_SERVICES_DELEGATIONS_COUNTRIES_H_
#define NGOAIVU_SERVICES_DELEGATIONS_COUNTRIES_H_

#include "absl/strings/string_view.h"

namespace ngoaivu::delegations {

// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case).
bool IsCountryCode(absl::string_view code);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_COUNTRIES_H_
