#include "services/registry/registry_service.h"

#include "services/registry/redis_registry_store.h"

namespace ngoaivu::registry {

RegistryServiceImpl::RegistryServiceImpl(Registry* registry,
                                         const CallGuard* guard,
                                         ResponseCache* answers)
    : GuardedService(guard), registry_(registry) {
  if (answers != nullptr) {
    // The most read of all: every service and dashboard names agencies.
    GuardCached("GetAgency", registry_, &Registry::GetAgency, answers,
                [](const v1::GetAgencyRequest&) { return true; });
    GuardCached("ListAgencies", registry_, &Registry::ListAgencies, answers,
                AgencyListIsTracked);
  } else {
    NGOAIVU_GUARD(GetAgency, *registry_);
    NGOAIVU_GUARD(ListAgencies, *registry_);
  }
  NGOAIVU_GUARD(CreateAgency, *registry_);
  NGOAIVU_GUARD(UpdateAgency, *registry_);
  NGOAIVU_GUARD(DissolveAgency, *registry_);
  NGOAIVU_GUARD(MergeAgency, *registry_);
  NGOAIVU_GUARD(ResolveAgency, *registry_);
  NGOAIVU_GUARD(GetAgencyGroup, *registry_);
  NGOAIVU_GUARD(ListAgencyGroups, *registry_);
  NGOAIVU_GUARD(CreateAgencyGroup, *registry_);
  NGOAIVU_GUARD(UpdateAgencyGroup, *registry_);
  NGOAIVU_GUARD(AddAgencyGroupMembers, *registry_);
  NGOAIVU_GUARD(RemoveAgencyGroupMembers, *registry_);
  NGOAIVU_GUARD(GetOfficial, *registry_);
  NGOAIVU_GUARD(ListOfficials, *registry_);
  NGOAIVU_GUARD(CreateOfficial, *registry_);
  NGOAIVU_GUARD(UpdateOfficial, *registry_);
  NGOAIVU_GUARD(ListHistory, *registry_);
}

}  // namespace ngoaivu::registry
