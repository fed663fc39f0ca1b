#include "services/registry/registry_service.h"

#include "common/grpc_edge.h"

namespace ngoaivu::registry {

grpc::Status RegistryServiceImpl::GetAgency(grpc::ServerContext* context,
                                            const v1::GetAgencyRequest* request,
                                            v1::Agency* response) {
  return Respond(
      registry_->GetAgency(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::ListAgencies(
    grpc::ServerContext* context, const v1::ListAgenciesRequest* request,
    v1::ListAgenciesResponse* response) {
  return Respond(
      registry_->ListAgencies(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::CreateAgency(
    grpc::ServerContext* context, const v1::CreateAgencyRequest* request,
    v1::Agency* response) {
  return Respond(
      registry_->CreateAgency(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::UpdateAgency(
    grpc::ServerContext* context, const v1::UpdateAgencyRequest* request,
    v1::Agency* response) {
  return Respond(
      registry_->UpdateAgency(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::DissolveAgency(
    grpc::ServerContext* context, const v1::DissolveAgencyRequest* request,
    v1::Agency* response) {
  return Respond(
      registry_->DissolveAgency(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::MergeAgency(
    grpc::ServerContext* context, const v1::MergeAgencyRequest* request,
    v1::Agency* response) {
  return Respond(
      registry_->MergeAgency(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::ResolveAgency(
    grpc::ServerContext* context, const v1::ResolveAgencyRequest* request,
    v1::ResolveAgencyResponse* response) {
  return Respond(
      registry_->ResolveAgency(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::GetAgencyGroup(
    grpc::ServerContext* context, const v1::GetAgencyGroupRequest* request,
    v1::AgencyGroup* response) {
  return Respond(
      registry_->GetAgencyGroup(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::ListAgencyGroups(
    grpc::ServerContext* context, const v1::ListAgencyGroupsRequest* request,
    v1::ListAgencyGroupsResponse* response) {
  return Respond(
      registry_->ListAgencyGroups(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::CreateAgencyGroup(
    grpc::ServerContext* context, const v1::CreateAgencyGroupRequest* request,
    v1::AgencyGroup* response) {
  return Respond(registry_->CreateAgencyGroup(
                     CallContextOf(*context, max_call_), *request),
                 response);
}

grpc::Status RegistryServiceImpl::UpdateAgencyGroup(
    grpc::ServerContext* context, const v1::UpdateAgencyGroupRequest* request,
    v1::AgencyGroup* response) {
  return Respond(registry_->UpdateAgencyGroup(
                     CallContextOf(*context, max_call_), *request),
                 response);
}

grpc::Status RegistryServiceImpl::AddAgencyGroupMembers(
    grpc::ServerContext* context,
    const v1::AddAgencyGroupMembersRequest* request,
    v1::AgencyGroup* response) {
  return Respond(registry_->AddAgencyGroupMembers(
                     CallContextOf(*context, max_call_), *request),
                 response);
}

grpc::Status RegistryServiceImpl::RemoveAgencyGroupMembers(
    grpc::ServerContext* context,
    const v1::RemoveAgencyGroupMembersRequest* request,
    v1::AgencyGroup* response) {
  return Respond(registry_->RemoveAgencyGroupMembers(
                     CallContextOf(*context, max_call_), *request),
                 response);
}

grpc::Status RegistryServiceImpl::GetOfficial(
    grpc::ServerContext* context, const v1::GetOfficialRequest* request,
    v1::Official* response) {
  return Respond(
      registry_->GetOfficial(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::ListOfficials(
    grpc::ServerContext* context, const v1::ListOfficialsRequest* request,
    v1::ListOfficialsResponse* response) {
  return Respond(
      registry_->ListOfficials(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::CreateOfficial(
    grpc::ServerContext* context, const v1::CreateOfficialRequest* request,
    v1::Official* response) {
  return Respond(
      registry_->CreateOfficial(CallContextOf(*context, max_call_), *request),
      response);
}

grpc::Status RegistryServiceImpl::UpdateOfficial(
    grpc::ServerContext* context, const v1::UpdateOfficialRequest* request,
    v1::Official* response) {
  return Respond(
      registry_->UpdateOfficial(CallContextOf(*context, max_call_), *request),
      response);
}

}  // namespace ngoaivu::registry
