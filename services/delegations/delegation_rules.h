// The rules a delegation is checked against on submit, forward and approve,
// as data (deploy/data/delegation-rules.yaml), and their evaluation: plain
// C++ over the delegation and what the service read about its members (their
// other trips, the head's position). Each violation carries its rule, basis
// and a Vietnamese message with the numbers that break it, and the
// submitter's justification when one was attached. The overlap and
// trips-per-year rules are evaluated again inside the atomic approval step,
// from the per-official index, so two racing approvals cannot both pass.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_RULES_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_RULES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ngoaivu/delegations/v1/delegations_service.pb.h"

namespace ngoaivu::delegations {

struct RuleText {
  std::string basis;
  std::string message;  // with {placeholders}
};

struct RankCap {
  std::string rank;  // as in the registry's positions, e.g. "Phó Chủ tịch"
  int max = 0;
};

struct DelegationRules {
  std::map<std::string, RuleText> text;  // by rule id
  int max_trips_per_year = 3;
  std::vector<RankCap> size_caps;  // first match wins
  int default_max_size = 5;
  int max_countries = 3;
  int max_days_per_country = 10;
  int min_days_before_departure = 20;
  std::vector<v1::Delegation::VisitorKind> kinds_needing_police;
  std::string police_agency = "agencies/CA";
  std::vector<v1::Delegation::Funding> fundings_needing_declaration;
};

// Whether `id` names one of the rules ("member-overlap", ...).
bool IsRuleId(absl::string_view id);

// Parses the YAML text of deploy/data/delegation-rules.yaml;
// INVALID_ARGUMENT naming what is missing or malformed.
absl::StatusOr<DelegationRules> ParseDelegationRules(const std::string& yaml);

// Another delegation a member is in, that counts for the rules (submitted
// or later, not over).
struct OtherTrip {
  std::string delegation;  // `delegations/{id}`
  std::string official;    // the member it shares
  absl::CivilDay start;
  absl::CivilDay end;
};

struct RuleContext {
  absl::CivilDay today;
  // The head's position, as the registry has it (outbound).
  std::string head_position;
  // Each member official's other trips this year and overlapping ones.
  std::vector<OtherTrip> other_trips;
  // Display names of member officials, for messages.
  std::map<std::string, std::string> official_names;
  // Whether the provincial Police gave its opinion (inbound NGO, press).
  bool police_opinion_given = false;
};

std::vector<v1::RuleViolation> CheckDelegation(const DelegationRules& rules,
                                               const v1::Delegation& d,
                                               const RuleContext& context);

// The violations not covered by a justification in `d`.
std::vector<v1::RuleViolation> Unjustified(
    const std::vector<v1::RuleViolation>& violations);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATION_RULES_H_
