#include "services/registry/registry_service.h"

namespace ngoaivu::registry {

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, GetAgency, v1::GetAgencyRequest,
                       v1::Agency, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, ListAgencies,
                       v1::ListAgenciesRequest, v1::ListAgenciesResponse,
                       *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, CreateAgency,
                       v1::CreateAgencyRequest, v1::Agency, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, UpdateAgency,
                       v1::UpdateAgencyRequest, v1::Agency, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, DissolveAgency,
                       v1::DissolveAgencyRequest, v1::Agency, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, MergeAgency, v1::MergeAgencyRequest,
                       v1::Agency, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, ResolveAgency,
                       v1::ResolveAgencyRequest, v1::ResolveAgencyResponse,
                       *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, GetAgencyGroup,
                       v1::GetAgencyGroupRequest, v1::AgencyGroup, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, ListAgencyGroups,
                       v1::ListAgencyGroupsRequest,
                       v1::ListAgencyGroupsResponse, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, CreateAgencyGroup,
                       v1::CreateAgencyGroupRequest, v1::AgencyGroup,
                       *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, UpdateAgencyGroup,
                       v1::UpdateAgencyGroupRequest, v1::AgencyGroup,
                       *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, AddAgencyGroupMembers,
                       v1::AddAgencyGroupMembersRequest, v1::AgencyGroup,
                       *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, RemoveAgencyGroupMembers,
                       v1::RemoveAgencyGroupMembersRequest, v1::AgencyGroup,
                       *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, GetOfficial, v1::GetOfficialRequest,
                       v1::Official, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, ListOfficials,
                       v1::ListOfficialsRequest, v1::ListOfficialsResponse,
                       *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, CreateOfficial,
                       v1::CreateOfficialRequest, v1::Official, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, UpdateOfficial,
                       v1::UpdateOfficialRequest, v1::Official, *registry_)

NGOAIVU_GUARDED_METHOD(RegistryServiceImpl, ListHistory,
                       events::v1::ListHistoryRequest,
                       events::v1::ListHistoryResponse, *registry_)

}  // namespace ngoaivu::registry
