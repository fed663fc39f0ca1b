// The registry's resource names, parsed in one place for every service and
// the CLI:
//   agencies/{CODE}                  CODE: 2-32 of [A-Z0-9-], a letter first
//   groups/{id}                      id: 1-63 of [a-z0-9-], a letter first
//   agencies/{CODE}/officials/{id}
#ifndef NGOAIVU_COMMON_REGISTRY_NAMES_H_
#define NGOAIVU_COMMON_REGISTRY_NAMES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace ngoaivu {

bool IsValidAgencyCode(absl::string_view code);
bool IsValidResourceId(absl::string_view id);

std::string AgencyName(absl::string_view code);
// The code of `agencies/{CODE}`, or nothing if `name` is not one.
std::optional<std::string> AgencyCodeOf(absl::string_view name);
bool IsAgencyName(absl::string_view name);
// The agency an `agencies/{CODE}[/...]` name starts with, or "" (resource
// names that live under an agency, such as its officials).
std::string AgencyCodeOfResource(absl::string_view name);

std::string GroupName(absl::string_view id);
std::optional<std::string> GroupIdOf(absl::string_view name);

struct OfficialRef {
  std::string agency_code;
  std::string id;
};
std::string OfficialName(const OfficialRef& ref);
std::optional<OfficialRef> OfficialRefOf(absl::string_view name);

// What people type: "SNGV" or "agencies/SNGV" -> "agencies/SNGV";
// "culture" -> "groups/culture"; "UBND/tran-luu-quang" ->
// "agencies/UBND/officials/tran-luu-quang". Full names pass unchanged.
std::string AgencyNameFromInput(absl::string_view code_or_name);
std::string GroupNameFromInput(absl::string_view id_or_name);
std::string OfficialNameFromInput(absl::string_view ref);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_REGISTRY_NAMES_H_
