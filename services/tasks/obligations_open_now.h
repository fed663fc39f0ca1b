// Who carries a duty's obligations now. A duty names its agencies as they
// were when it was written; by the time a later period opens, the registry
// may have merged one into a successor (the successor carries it) or
// dissolved one (its obligation opens flagged for the coordinator).
#ifndef NGOAIVU_SERVICES_TASKS_OBLIGATIONS_OPEN_NOW_H_
#define NGOAIVU_SERVICES_TASKS_OBLIGATIONS_OPEN_NOW_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/registry_client/agency_directory.h"
#include "ngoaivu/tasks/v1/resources.pb.h"

namespace ngoaivu::tasks {

// Whether `agency` was merged into `successor`, directly or through a chain
// of merges.
absl::StatusOr<bool> MergedInto(AgencyDirectory& directory,
                                const std::string& agency,
                                const std::string& successor,
                                absl::Time deadline);

// The obligations of `duty` for the periods open on `today`, each given to
// the agency that carries it now (one obligation per agency and period
// when two merged into the same successor).
absl::StatusOr<std::vector<v1::Obligation>> ObligationsOpenNow(
    AgencyDirectory& directory, const v1::Programme& programme,
    const v1::Duty& duty, absl::CivilDay today, absl::Time now,
    absl::Time deadline);

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_OBLIGATIONS_OPEN_NOW_H_
