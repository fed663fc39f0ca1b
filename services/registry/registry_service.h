// The gRPC face of the registry: every method passes the call guard
// (identity and access table), then calls Registry. No rule lives here.
#ifndef NGOAIVU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
#define NGOAIVU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_

#include "common/call_guard.h"
#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "services/registry/registry.h"

namespace ngoaivu::registry {

class RegistryServiceImpl final : public v1::RegistryService::Service {
 public:
  RegistryServiceImpl(Registry* registry, const CallGuard* guard)
      : registry_(registry), guard_(guard) {}

  grpc::Status GetAgency(grpc::ServerContext* context,
                         const v1::GetAgencyRequest* request,
                         v1::Agency* response) override;
  grpc::Status ListAgencies(grpc::ServerContext* context,
                            const v1::ListAgenciesRequest* request,
                            v1::ListAgenciesResponse* response) override;
  grpc::Status CreateAgency(grpc::ServerContext* context,
                            const v1::CreateAgencyRequest* request,
                            v1::Agency* response) override;
  grpc::Status UpdateAgency(grpc::ServerContext* context,
                            const v1::UpdateAgencyRequest* request,
                            v1::Agency* response) override;
  grpc::Status DissolveAgency(grpc::ServerContext* context,
                              const v1::DissolveAgencyRequest* request,
                              v1::Agency* response) override;
  grpc::Status MergeAgency(grpc::ServerContext* context,
                           const v1::MergeAgencyRequest* request,
                           v1::Agency* response) override;
  grpc::Status ResolveAgency(grpc::ServerContext* context,
                             const v1::ResolveAgencyRequest* request,
                             v1::ResolveAgencyResponse* response) override;
  grpc::Status GetAgencyGroup(grpc::ServerContext* context,
                              const v1::GetAgencyGroupRequest* request,
                              v1::AgencyGroup* response) override;
  grpc::Status ListAgencyGroups(
      grpc::ServerContext* context, const v1::ListAgencyGroupsRequest* request,
      v1::ListAgencyGroupsResponse* response) override;
  grpc::Status CreateAgencyGroup(grpc::ServerContext* context,
                                 const v1::CreateAgencyGroupRequest* request,
                                 v1::AgencyGroup* response) override;
  grpc::Status UpdateAgencyGroup(grpc::ServerContext* context,
                                 const v1::UpdateAgencyGroupRequest* request,
                                 v1::AgencyGroup* response) override;
  grpc::Status AddAgencyGroupMembers(
      grpc::ServerContext* context,
      const v1::AddAgencyGroupMembersRequest* request,
      v1::AgencyGroup* response) override;
  grpc::Status RemoveAgencyGroupMembers(
      grpc::ServerContext* context,
      const v1::RemoveAgencyGroupMembersRequest* request,
      v1::AgencyGroup* response) override;
  grpc::Status GetOfficial(grpc::ServerContext* context,
                           const v1::GetOfficialRequest* request,
                           v1::Official* response) override;
  grpc::Status ListOfficials(grpc::ServerContext* context,
                             const v1::ListOfficialsRequest* request,
                             v1::ListOfficialsResponse* response) override;
  grpc::Status CreateOfficial(grpc::ServerContext* context,
                              const v1::CreateOfficialRequest* request,
                              v1::Official* response) override;
  grpc::Status UpdateOfficial(grpc::ServerContext* context,
                              const v1::UpdateOfficialRequest* request,
                              v1::Official* response) override;
  grpc::Status ListHistory(grpc::ServerContext* context,
                           const events::v1::ListHistoryRequest* request,
                           events::v1::ListHistoryResponse* response) override;

 private:
  Registry* registry_;
  const CallGuard* guard_;
};

}  // namespace ngoaivu::registry

#endif  // NGOAIVU_SERVICES_REGISTRY_REGISTRY_SERVICE_H_
