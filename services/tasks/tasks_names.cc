#include "services/tasks/tasks_names.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/registry_names.h"

namespace ngoaivu::tasks {
namespace {

bool IsDigits(absl::string_view s, size_t n) {
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!absl::ascii_isdigit(s[i])) return false;
  }
  return true;
}

}  // namespace

bool IsValidTasksId(absl::string_view id) {
  if (id.empty() || id.size() > 63 || id[0] == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string ProgrammeName(absl::string_view id) {
  return absl::StrCat("programmes/", id);
}

std::optional<std::string> ProgrammeIdOf(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "programmes" ||
      !IsValidTasksId(parts[1])) {
    return std::nullopt;
  }
  return std::string(parts[1]);
}

std::string DutyName(const DutyRef& ref) {
  return absl::StrCat("programmes/", ref.programme, "/duties/", ref.duty);
}

std::optional<DutyRef> DutyRefOf(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "programmes" || parts[2] != "duties" ||
      !IsValidTasksId(parts[1]) || !IsValidTasksId(parts[3])) {
    return std::nullopt;
  }
  return DutyRef{std::string(parts[1]), std::string(parts[3])};
}

std::string ObligationName(const ObligationRef& ref) {
  return absl::StrCat("programmes/", ref.programme, "/duties/", ref.duty,
                      "/obligations/", ref.obligation);
}

std::optional<ObligationRef> ObligationRefOf(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 6 || parts[0] != "programmes" || parts[2] != "duties" ||
      parts[4] != "obligations" || !IsValidTasksId(parts[1]) ||
      !IsValidTasksId(parts[3]) || !IsValidTasksId(parts[5])) {
    return std::nullopt;
  }
  return ObligationRef{std::string(parts[1]), std::string(parts[3]),
                       std::string(parts[5])};
}

std::string ObligationId(absl::string_view period, absl::string_view agency) {
  std::string code(agency.substr(agency.find('/') + 1));
  absl::AsciiStrToLower(&code);
  return period.empty() ? code : absl::StrCat(period, "-", code);
}

std::string AgencyOfObligation(absl::string_view obligation_name) {
  absl::string_view id = obligation_name.substr(obligation_name.rfind('/') + 1);
  // Strip the period: "2025-07-" or "2025-".
  if (IsDigits(id, 4) && id.size() > 5 && id[4] == '-') {
    id.remove_prefix(5);
    if (IsDigits(id, 2) && id.size() > 3 && id[2] == '-') id.remove_prefix(3);
  }
  if (id.empty() || !absl::ascii_isalpha(id[0])) return "";
  return AgencyName(absl::AsciiStrToUpper(id));
}

}  // namespace ngoaivu::tasks
