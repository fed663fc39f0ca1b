#include "common/registry_names.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ngoaivu {
namespace {

constexpr absl::string_view kAgencies = "agencies/";
constexpr absl::string_view kGroups = "groups/";
constexpr absl::string_view kOfficials = "/officials/";

bool IsIdChar(char c, bool upper) {
  const bool letter = upper ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z');
  return letter || (c >= '0' && c <= '9') || c == '-';
}

std::optional<std::string> IdAfter(absl::string_view name,
                                   absl::string_view prefix,
                                   bool (*valid)(absl::string_view)) {
  if (!absl::StartsWith(name, prefix)) return std::nullopt;
  absl::string_view id = name.substr(prefix.size());
  if (!valid(id)) return std::nullopt;
  return std::string(id);
}

}  // namespace

bool IsValidAgencyCode(absl::string_view code) {
  if (code.size() < 2 || code.size() > 32) return false;
  if (!(code[0] >= 'A' && code[0] <= 'Z')) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return IsIdChar(c, true); });
}

bool IsValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  if (!(id[0] >= 'a' && id[0] <= 'z')) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return IsIdChar(c, false); });
}

std::string AgencyName(absl::string_view code) {
  return absl::StrCat(kAgencies, code);
}

std::optional<std::string> AgencyCodeOf(absl::string_view name) {
  return IdAfter(name, kAgencies, &IsValidAgencyCode);
}

bool IsAgencyName(absl::string_view name) {
  return AgencyCodeOf(name).has_value();
}

std::string AgencyCodeOfResource(absl::string_view name) {
  if (!absl::StartsWith(name, kAgencies)) return "";
  absl::string_view rest = name.substr(kAgencies.size());
  return std::string(rest.substr(0, rest.find('/')));
}

std::string GroupName(absl::string_view id) {
  return absl::StrCat(kGroups, id);
}

std::optional<std::string> GroupIdOf(absl::string_view name) {
  return IdAfter(name, kGroups, &IsValidResourceId);
}

std::string OfficialName(const OfficialRef& ref) {
  return absl::StrCat(kAgencies, ref.agency_code, kOfficials, ref.id);
}

std::optional<OfficialRef> OfficialRefOf(absl::string_view name) {
  const auto middle = name.find(kOfficials);
  if (middle == absl::string_view::npos) return std::nullopt;
  auto code = AgencyCodeOf(name.substr(0, middle));
  absl::string_view id = name.substr(middle + kOfficials.size());
  if (!code || !IsValidResourceId(id)) return std::nullopt;
  return OfficialRef{*code, std::string(id)};
}

std::string AgencyNameFromInput(absl::string_view code_or_name) {
  if (code_or_name.empty() || absl::StartsWith(code_or_name, kAgencies)) {
    return std::string(code_or_name);
  }
  return AgencyName(code_or_name);
}

std::string GroupNameFromInput(absl::string_view id_or_name) {
  if (id_or_name.empty() || absl::StartsWith(id_or_name, kGroups)) {
    return std::string(id_or_name);
  }
  return GroupName(id_or_name);
}

std::string OfficialNameFromInput(absl::string_view ref) {
  if (absl::StartsWith(ref, kAgencies)) return std::string(ref);
  const auto slash = ref.find('/');
  if (slash == absl::string_view::npos) return std::string(ref);
  return OfficialName(
      {std::string(ref.substr(0, slash)), std::string(ref.substr(slash + 1))});
}

}  // namespace ngoaivu
