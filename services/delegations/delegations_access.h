// Who may call which delegations method: the delegations service's rows of
// the access table (docs/api.md, "Access", is generated from this).
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_ACCESS_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_ACCESS_H_

#include "common/access_policy.h"

namespace ngoaivu::delegations {

AccessPolicy DelegationsAccessPolicy();

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_ACCESS_H_
