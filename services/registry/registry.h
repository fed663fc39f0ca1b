// The registry's use cases: validate, read, decide, and commit each change
// with its event through the store. Plain C++ over a RegistryStore; the gRPC
// adapter (registry_service.h) only translates.
#ifndef NGOAIVU_SERVICES_REGISTRY_REGISTRY_H_
#define NGOAIVU_SERVICES_REGISTRY_REGISTRY_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/call_context.h"
#include "common/clock.h"
#include "common/mutation.h"
#include "common/page_token.h"
#include "ngoaivu/events/v1/history.pb.h"
#include "ngoaivu/registry/v1/registry_service.pb.h"
#include "services/registry/registry_store.h"

namespace ngoaivu::registry {

class Registry {
 public:
  Registry(RegistryStore* store, const Clock* clock, PageTokens page_tokens,
           absl::Duration request_ttl);

  absl::StatusOr<v1::Agency> GetAgency(const CallContext& call,
                                       const v1::GetAgencyRequest& request);
  absl::StatusOr<v1::ListAgenciesResponse> ListAgencies(
      const CallContext& call, const v1::ListAgenciesRequest& request);
  absl::StatusOr<v1::Agency> CreateAgency(
      const CallContext& call, const v1::CreateAgencyRequest& request);
  absl::StatusOr<v1::Agency> UpdateAgency(
      const CallContext& call, const v1::UpdateAgencyRequest& request);
  absl::StatusOr<v1::Agency> DissolveAgency(
      const CallContext& call, const v1::DissolveAgencyRequest& request);
  absl::StatusOr<v1::Agency> MergeAgency(const CallContext& call,
                                         const v1::MergeAgencyRequest& request);
  absl::StatusOr<v1::ResolveAgencyResponse> ResolveAgency(
      const CallContext& call, const v1::ResolveAgencyRequest& request);

  absl::StatusOr<v1::AgencyGroup> GetAgencyGroup(
      const CallContext& call, const v1::GetAgencyGroupRequest& request);
  absl::StatusOr<v1::ListAgencyGroupsResponse> ListAgencyGroups(
      const CallContext& call, const v1::ListAgencyGroupsRequest& request);
  absl::StatusOr<v1::AgencyGroup> CreateAgencyGroup(
      const CallContext& call, const v1::CreateAgencyGroupRequest& request);
  absl::StatusOr<v1::AgencyGroup> UpdateAgencyGroup(
      const CallContext& call, const v1::UpdateAgencyGroupRequest& request);
  absl::StatusOr<v1::AgencyGroup> AddAgencyGroupMembers(
      const CallContext& call, const v1::AddAgencyGroupMembersRequest& request);
  absl::StatusOr<v1::AgencyGroup> RemoveAgencyGroupMembers(
      const CallContext& call,
      const v1::RemoveAgencyGroupMembersRequest& request);

  absl::StatusOr<v1::Official> GetOfficial(
      const CallContext& call, const v1::GetOfficialRequest& request);
  absl::StatusOr<v1::ListOfficialsResponse> ListOfficials(
      const CallContext& call, const v1::ListOfficialsRequest& request);
  absl::StatusOr<v1::Official> CreateOfficial(
      const CallContext& call, const v1::CreateOfficialRequest& request);
  absl::StatusOr<v1::Official> UpdateOfficial(
      const CallContext& call, const v1::UpdateOfficialRequest& request);

  absl::StatusOr<events::v1::ListHistoryResponse> ListHistory(
      const CallContext& call, const events::v1::ListHistoryRequest& request);

 private:
  // Saves `next` (replacing `previous`, or creating it when null) with the
  // scope's events; the answer is `next`, or the first answer of a retried
  // request.
  absl::StatusOr<v1::Agency> Commit(MutationScope& m, const v1::Agency& next,
                                    const v1::Agency* previous,
                                    const Guards& guards);
  absl::StatusOr<v1::AgencyGroup> Commit(MutationScope& m,
                                         const v1::AgencyGroup& next,
                                         const v1::AgencyGroup* previous,
                                         const Guards& guards);
  absl::StatusOr<v1::Official> Commit(MutationScope& m,
                                      const v1::Official& next,
                                      const v1::Official* previous,
                                      const Guards& guards);
  // The group named in a membership change, at `etag` when one is given.
  absl::StatusOr<v1::AgencyGroup> FindGroupToChange(absl::string_view name,
                                                    absl::string_view etag,
                                                    absl::Time deadline);
  absl::StatusOr<v1::Agency> MustFindAgency(absl::string_view code,
                                            absl::Time deadline);
  // The agency's official whose name is `full_name` compared by NameKey.
  absl::StatusOr<std::optional<v1::Official>> SameNamedOfficial(
      absl::string_view agency_code, absl::string_view full_name,
      absl::Time deadline);
  absl::StatusOr<v1::AgencyGroup> MustFindGroup(absl::string_view id,
                                                absl::Time deadline);
  // Guards for giving `agency_code` the parent `parent_name`: the parent is
  // ACTIVE and the ancestry read does not contain the agency itself.
  absl::StatusOr<Guards> ParentGuards(absl::string_view agency_code,
                                      absl::string_view parent_name,
                                      absl::Time deadline);

  RegistryStore* store_;
  PageTokens page_tokens_;
  MutationRunner runner_;
};

}  // namespace ngoaivu::registry

#endif  // NGOAIVU_SERVICES_REGISTRY_REGISTRY_H_
