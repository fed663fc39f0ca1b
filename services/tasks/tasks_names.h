// Resource names of the tasks service.
//   programmes/{p}
//   programmes/{p}/duties/{d}
//   programmes/{p}/duties/{d}/obligations/{o}, o = [period-]agency code in
//   lower case: "2025-ubnd-tbi", "2025-07-sngv", "sngv" (no period). The
//   agency is part of the name so that access can be decided from the name.
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_NAMES_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_NAMES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace ngoaivu::tasks {

struct DutyRef {
  std::string programme;
  std::string duty;
};
struct ObligationRef {
  std::string programme;
  std::string duty;
  std::string obligation;
};

// Ids: 1–63 of [a-z0-9-], starting with a letter or digit.
bool IsValidTasksId(absl::string_view id);

std::string ProgrammeName(absl::string_view id);
std::optional<std::string> ProgrammeIdOf(absl::string_view name);
std::string DutyName(const DutyRef& ref);
std::optional<DutyRef> DutyRefOf(absl::string_view name);
std::string ObligationName(const ObligationRef& ref);
std::optional<ObligationRef> ObligationRefOf(absl::string_view name);

// "2025" + "agencies/UBND-TBI" -> "2025-ubnd-tbi".
std::string ObligationId(absl::string_view period, absl::string_view agency);
// The agency (`agencies/{CODE}`) an obligation id or name belongs to, or "".
std::string AgencyOfObligation(absl::string_view obligation_name);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_NAMES_H_
