// Who may call which registry method: the registry's rows of the access
// table (docs/api.md, "Access", is generated from this).
#ifndef NGOAIVU_SERVICES_REGISTRY_REGISTRY_ACCESS_H_
#define NGOAIVU_SERVICES_REGISTRY_REGISTRY_ACCESS_H_

#include "common/access_policy.h"

namespace ngoaivu::registry {

AccessPolicy RegistryAccessPolicy();

}  // namespace ngoaivu::registry

#endif  // NGOAIVU_SERVICES_REGISTRY_REGISTRY_ACCESS_H_
