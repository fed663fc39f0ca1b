// Who may call which tasks method: the tasks service's rows of the access
// table (docs/api.md, "Access", is generated from this).
#ifndef NGOAIVU_SERVICES_TASKS_TASKS_ACCESS_H_
#define NGOAIVU_SERVICES_TASKS_TASKS_ACCESS_H_

#include "common/access_policy.h"

namespace ngoaivu::tasks {

AccessPolicy TasksAccessPolicy();

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_TASKS_ACCESS_H_
