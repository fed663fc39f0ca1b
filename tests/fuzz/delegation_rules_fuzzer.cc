// The rule engine's inputs: any rules file text parses or is refused with
// INVALID_ARGUMENT; any delegation (serialized) checked against the
// province's rules (deploy/data/delegation-rules.yaml) gives violations
// that name a known rule, and never crashes, whatever its dates, members
// or other trips. Input: one byte choosing which, then the text or bytes.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/dates.h"
#include "services/delegations/delegation_rules.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace d = ::ngoaivu::delegations;

std::string RulesText() {
  std::ifstream in(NGOAIVU_SOURCE_DIR "/deploy/data/delegation-rules.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const d::DelegationRules& Rules() {
  static const auto* rules = [] {
    auto parsed = d::ParseDelegationRules(RulesText());
    if (!parsed.ok()) std::abort();
    return new d::DelegationRules(*parsed);
  }();
  return *rules;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  d::v1::Delegation trip;
  trip.set_direction(d::v1::Delegation::OUTBOUND);
  auto* dest = trip.add_destinations();
  dest->set_country("KH");
  dest->set_days(12);
  *trip.mutable_start_date() = ngoaivu::ToDate(absl::CivilDay(2026, 5, 1));
  *trip.mutable_end_date() = ngoaivu::ToDate(absl::CivilDay(2026, 5, 12));
  for (int i = 0; i < 7; ++i) {
    trip.add_members()->set_official("agencies/SCT/officials/a" +
                                     std::to_string(i));
  }
  trip.set_funding(d::v1::Delegation::HOST);
  d::v1::Delegation visit;
  visit.set_direction(d::v1::Delegation::INBOUND);
  visit.set_visitor_kind(d::v1::Delegation::FOREIGN_NGO);
  ngoaivu::fuzz::WriteSeeds(
      {std::string("\x00", 1) + RulesText(),
       std::string("\x01", 1) + trip.SerializeAsString(),
       std::string("\x01", 1) + visit.SerializeAsString()});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto rules = d::ParseDelegationRules(input);
    if (!rules.ok() &&
        rules.status().code() != absl::StatusCode::kInvalidArgument) {
      std::abort();
    }
    return 0;
  }
  d::v1::Delegation delegation;
  if (!delegation.ParseFromString(input)) return 0;
  d::RuleContext context;
  context.today = absl::CivilDay(2026, 3, 1);
  context.head_position = "Phó Giám đốc Sở";
  // Other trips of the members derived from the input itself, so that the
  // overlap and per-year checks see the dates the fuzzer chose.
  for (const auto& member : delegation.members()) {
    if (member.official().empty()) continue;
    context.other_trips.push_back(
        {"delegations/other", member.official(),
         ngoaivu::ToCivilDay(delegation.start_date()).value_or(context.today),
         ngoaivu::ToCivilDay(delegation.end_date()).value_or(context.today)});
  }
  for (const auto& violation :
       d::Unjustified(d::CheckDelegation(Rules(), delegation, context))) {
    if (!d::IsRuleId(violation.rule())) std::abort();
  }
  return 0;
}
