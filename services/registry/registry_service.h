// The gRPC face of the registry: every method passes the call guard
// (identity and access table), then calls Registry. No rule lives here.
#ifndef NGOAIVU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
#define NGOAIVU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_

#include "common/guarded_service.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "services/registry/registry.h"

namespace ngoaivu::registry {

class RegistryServiceImpl final : public GuardedService<v1::RegistryService> {
 public:
  // With `answers` (may be null), agency reads are answered from it while
  // still current.
  RegistryServiceImpl(Registry* registry, const CallGuard* guard,
                      ResponseCache* answers = nullptr);

 private:
  Registry* registry_;
};

}  // namespace ngoaivu::registry

#endif  // NGOAIVU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
