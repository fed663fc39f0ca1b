// What every delegations use case works with (the store, the registry's
// directory, the clock, page tokens, the rules, the mutation runner) and the
// steps several of them share: finding a delegation the caller may act on,
// checking the rules, the atomic guards of an approval, and hiding
// restricted details. The use cases are split by what they act on:
// delegation_drafts.h, delegation_workflow.h, agreements.h,
// delegation_reading.h; delegations.h gathers them for the adapter.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_USE_CASE_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_USE_CASE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "common/clock.h"
#include "common/mutation.h"
#include "common/page_token.h"
#include "common/registry_client/agency_directory.h"
#include "services/delegations/delegation_rules.h"
#include "services/delegations/delegations_store.h"

namespace ngoaivu::delegations {

// Officials by resource name.
using Officials = std::map<std::string, registry::v1::Official>;

struct DelegationsDependencies {
  DelegationsStore* store;
  AgencyDirectory* directory;
  const Clock* clock;
  PageTokens page_tokens;
  const DelegationRules* rules;
  absl::Duration request_ttl = absl::Hours(24);
};

absl::Status NotFound(absl::string_view name);

// Whether the caller may see a restricted delegation's details: its own
// agency, DOFA, the approvers, administrators and integrated systems.
bool HasClearance(const CallContext& call, const v1::Delegation& d);
// `d` as the caller may see it: restricted details cleared without
// clearance.
v1::Delegation AsSeenBy(const CallContext& call, v1::Delegation d);
// `d` as its events carry it: restricted details never leave in them.
v1::Delegation PublicPayload(v1::Delegation d);

class DelegationsUseCase {
 protected:
  explicit DelegationsUseCase(const DelegationsDependencies& deps);

  // The delegation `name` (already validated) at `etag` (when given), if the
  // caller may act on it: an officer only on his own agency's, and a
  // delegation of another agency answers as if it did not exist.
  absl::StatusOr<v1::Delegation> FindDelegationFor(const CallContext& call,
                                                   const std::string& name,
                                                   absl::string_view etag);
  // The registry's record of each official among `d`'s members (those it
  // does not know are left out), read once for all of a request's rules.
  absl::StatusOr<Officials> MemberOfficials(const v1::Delegation& d,
                                            absl::Time deadline);
  // Every rule `d` breaks today, with the submitter's justifications.
  absl::StatusOr<std::vector<v1::RuleViolation>> CheckRules(
      const v1::Delegation& d, const Officials& officials, absl::Time deadline);
  // FAILED_PRECONDITION listing the unjustified violations, if any.
  absl::Status BlockOnViolations(const std::vector<v1::RuleViolation>& found,
                                 absl::string_view action);
  // The checks an approval or amendment makes atomically with its write:
  // no overlap with another approved trip (whatever the justification), the
  // trips-per-year limit (unless justified).
  std::vector<TripGuard> AtomicGuards(const v1::Delegation& d,
                                      const Officials& officials) const;
  // OK when `official` is in the registry, INVALID_ARGUMENT on `field`
  // otherwise.
  absl::Status RequireOfficial(const std::string& official,
                               absl::string_view field, absl::Time deadline);
  // A new version of `d` at `now`, with a new etag.
  static v1::Delegation Stamped(v1::Delegation d, absl::Time now);

  DelegationsStore* store_;
  AgencyDirectory* directory_;
  const Clock* clock_;
  PageTokens page_tokens_;
  const DelegationRules* rules_;
  MutationRunner runner_;
};

// "<year>|<number>": decision numbers restart each year.
std::string DecisionKey(const v1::Decision& decision);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_USE_CASE_H_
