#include "services/registry/registry_service.h"

namespace ngoaivu::registry {

grpc::Status RegistryServiceImpl::GetAgency(grpc::ServerContext* context,
                                            const v1::GetAgencyRequest* request,
                                            v1::Agency* response) {
  return Serve(*guard_, context, "GetAgency", *request, response,
               [&](const CallContext& call) {
                 return registry_->GetAgency(call, *request);
               });
}

grpc::Status RegistryServiceImpl::ListAgencies(
    grpc::ServerContext* context, const v1::ListAgenciesRequest* request,
    v1::ListAgenciesResponse* response) {
  return Serve(*guard_, context, "ListAgencies", *request, response,
               [&](const CallContext& call) {
                 return registry_->ListAgencies(call, *request);
               });
}

grpc::Status RegistryServiceImpl::CreateAgency(
    grpc::ServerContext* context, const v1::CreateAgencyRequest* request,
    v1::Agency* response) {
  return Serve(*guard_, context, "CreateAgency", *request, response,
               [&](const CallContext& call) {
                 return registry_->CreateAgency(call, *request);
               });
}

grpc::Status RegistryServiceImpl::UpdateAgency(
    grpc::ServerContext* context, const v1::UpdateAgencyRequest* request,
    v1::Agency* response) {
  return Serve(*guard_, context, "UpdateAgency", *request, response,
               [&](const CallContext& call) {
                 return registry_->UpdateAgency(call, *request);
               });
}

grpc::Status RegistryServiceImpl::DissolveAgency(
    grpc::ServerContext* context, const v1::DissolveAgencyRequest* request,
    v1::Agency* response) {
  return Serve(*guard_, context, "DissolveAgency", *request, response,
               [&](const CallContext& call) {
                 return registry_->DissolveAgency(call, *request);
               });
}

grpc::Status RegistryServiceImpl::MergeAgency(
    grpc::ServerContext* context, const v1::MergeAgencyRequest* request,
    v1::Agency* response) {
  return Serve(*guard_, context, "MergeAgency", *request, response,
               [&](const CallContext& call) {
                 return registry_->MergeAgency(call, *request);
               });
}

grpc::Status RegistryServiceImpl::ResolveAgency(
    grpc::ServerContext* context, const v1::ResolveAgencyRequest* request,
    v1::ResolveAgencyResponse* response) {
  return Serve(*guard_, context, "ResolveAgency", *request, response,
               [&](const CallContext& call) {
                 return registry_->ResolveAgency(call, *request);
               });
}

grpc::Status RegistryServiceImpl::GetAgencyGroup(
    grpc::ServerContext* context, const v1::GetAgencyGroupRequest* request,
    v1::AgencyGroup* response) {
  return Serve(*guard_, context, "GetAgencyGroup", *request, response,
               [&](const CallContext& call) {
                 return registry_->GetAgencyGroup(call, *request);
               });
}

grpc::Status RegistryServiceImpl::ListAgencyGroups(
    grpc::ServerContext* context, const v1::ListAgencyGroupsRequest* request,
    v1::ListAgencyGroupsResponse* response) {
  return Serve(*guard_, context, "ListAgencyGroups", *request, response,
               [&](const CallContext& call) {
                 return registry_->ListAgencyGroups(call, *request);
               });
}

grpc::Status RegistryServiceImpl::CreateAgencyGroup(
    grpc::ServerContext* context, const v1::CreateAgencyGroupRequest* request,
    v1::AgencyGroup* response) {
  return Serve(*guard_, context, "CreateAgencyGroup", *request, response,
               [&](const CallContext& call) {
                 return registry_->CreateAgencyGroup(call, *request);
               });
}

grpc::Status RegistryServiceImpl::UpdateAgencyGroup(
    grpc::ServerContext* context, const v1::UpdateAgencyGroupRequest* request,
    v1::AgencyGroup* response) {
  return Serve(*guard_, context, "UpdateAgencyGroup", *request, response,
               [&](const CallContext& call) {
                 return registry_->UpdateAgencyGroup(call, *request);
               });
}

grpc::Status RegistryServiceImpl::AddAgencyGroupMembers(
    grpc::ServerContext* context,
    const v1::AddAgencyGroupMembersRequest* request,
    v1::AgencyGroup* response) {
  return Serve(*guard_, context, "AddAgencyGroupMembers", *request, response,
               [&](const CallContext& call) {
                 return registry_->AddAgencyGroupMembers(call, *request);
               });
}

grpc::Status RegistryServiceImpl::RemoveAgencyGroupMembers(
    grpc::ServerContext* context,
    const v1::RemoveAgencyGroupMembersRequest* request,
    v1::AgencyGroup* response) {
  return Serve(*guard_, context, "RemoveAgencyGroupMembers", *request, response,
               [&](const CallContext& call) {
                 return registry_->RemoveAgencyGroupMembers(call, *request);
               });
}

grpc::Status RegistryServiceImpl::GetOfficial(
    grpc::ServerContext* context, const v1::GetOfficialRequest* request,
    v1::Official* response) {
  return Serve(*guard_, context, "GetOfficial", *request, response,
               [&](const CallContext& call) {
                 return registry_->GetOfficial(call, *request);
               });
}

grpc::Status RegistryServiceImpl::ListOfficials(
    grpc::ServerContext* context, const v1::ListOfficialsRequest* request,
    v1::ListOfficialsResponse* response) {
  return Serve(*guard_, context, "ListOfficials", *request, response,
               [&](const CallContext& call) {
                 return registry_->ListOfficials(call, *request);
               });
}

grpc::Status RegistryServiceImpl::CreateOfficial(
    grpc::ServerContext* context, const v1::CreateOfficialRequest* request,
    v1::Official* response) {
  return Serve(*guard_, context, "CreateOfficial", *request, response,
               [&](const CallContext& call) {
                 return registry_->CreateOfficial(call, *request);
               });
}

grpc::Status RegistryServiceImpl::UpdateOfficial(
    grpc::ServerContext* context, const v1::UpdateOfficialRequest* request,
    v1::Official* response) {
  return Serve(*guard_, context, "UpdateOfficial", *request, response,
               [&](const CallContext& call) {
                 return registry_->UpdateOfficial(call, *request);
               });
}

grpc::Status RegistryServiceImpl::ListHistory(
    grpc::ServerContext* context, const events::v1::ListHistoryRequest* request,
    events::v1::ListHistoryResponse* response) {
  return Serve(*guard_, context, "ListHistory", *request, response,
               [&](const CallContext& call) {
                 return registry_->ListHistory(call, *request);
               });
}

}  // namespace ngoaivu::registry
