// The registry's domain rules in plain C++: resource names, request
// validation, and how records change. No gRPC, no Redis: unit tests reach
// every rule directly.
#ifndef NGOAIVU_SERVICES_REGISTRY_REGISTRY_RULES_H_
#define NGOAIVU_SERVICES_REGISTRY_REGISTRY_RULES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/registry_names.h"
#include "ngoaivu/registry/v1/registry_service.pb.h"
#include "ngoaivu/registry/v1/resources.pb.h"

namespace ngoaivu::registry {

using v1::Agency;
using v1::AgencyGroup;
using v1::Official;

// Names are parsed by common/registry_names.h.

// --- Validation (INVALID_ARGUMENT with every field violation) --------------

absl::Status ValidateGetByName(absl::string_view name,
                               absl::string_view expected);  // "agency", ...
absl::Status ValidateListAgencies(const v1::ListAgenciesRequest& request);
absl::Status ValidateCreateAgency(const v1::CreateAgencyRequest& request);
absl::Status ValidateUpdateAgency(const v1::UpdateAgencyRequest& request);
absl::Status ValidateDissolveAgency(const v1::DissolveAgencyRequest& request);
absl::Status ValidateMergeAgency(const v1::MergeAgencyRequest& request);
absl::Status ValidateCreateGroup(const v1::CreateAgencyGroupRequest& request);
absl::Status ValidateUpdateGroup(const v1::UpdateAgencyGroupRequest& request);
absl::Status ValidateGroupMembers(
    absl::string_view group,
    const google::protobuf::RepeatedPtrField<std::string>& agencies,
    absl::string_view request_id);
absl::Status ValidateListOfficials(const v1::ListOfficialsRequest& request);
absl::Status ValidateCreateOfficial(const v1::CreateOfficialRequest& request);
absl::Status ValidateUpdateOfficial(const v1::UpdateOfficialRequest& request);

// --- Changes ----------------------------------------------------------------

// The record a valid CreateAgencyRequest creates.
Agency NewAgency(const v1::CreateAgencyRequest& request, absl::Time now);
// Only ACTIVE agencies change (FAILED_PRECONDITION naming the state
// otherwise); a given etag must match (ABORTED).
absl::Status CheckMutable(const Agency& current, absl::string_view etag);
// `current` with the masked fields of a valid request applied.
Agency ApplyAgencyUpdate(const Agency& current,
                         const v1::UpdateAgencyRequest& request,
                         absl::Time now);
Agency Dissolved(const Agency& current, absl::string_view reason,
                 absl::Time now);
// FAILED_PRECONDITION unless `successor` is ACTIVE.
absl::StatusOr<Agency> Merged(const Agency& current, const Agency& successor,
                              absl::string_view reason, absl::Time now);
// The agency a chain resolves to: stops at an ACTIVE or DISSOLVED agency.
bool EndsChain(const Agency& agency);
// Longest successor or parent chain followed before giving up.
inline constexpr int kMaxChain = 64;

AgencyGroup NewGroup(const v1::CreateAgencyGroupRequest& request,
                     absl::Time now);
AgencyGroup ApplyGroupUpdate(const AgencyGroup& current,
                             const v1::UpdateAgencyGroupRequest& request,
                             absl::Time now);
// `current` with `agencies` added (those already members are skipped and not
// listed in *added).
AgencyGroup WithMembers(const AgencyGroup& current,
                        const std::vector<std::string>& agencies,
                        absl::Time now, std::vector<std::string>* added);
// NOT_FOUND naming the first agency that is not a member.
absl::StatusOr<AgencyGroup> WithoutMembers(
    const AgencyGroup& current, const std::vector<std::string>& agencies,
    absl::Time now);

Official NewOfficial(const v1::CreateOfficialRequest& request,
                     absl::string_view id, absl::Time now);
Official ApplyOfficialUpdate(const Official& current,
                             const v1::UpdateOfficialRequest& request,
                             absl::Time now);

}  // namespace ngoaivu::registry

#endif  // NGOAIVU_SERVICES_REGISTRY_REGISTRY_RULES_H_
