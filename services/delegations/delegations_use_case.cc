#include "services/delegations/delegations_use_case.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/ids.h"
#include "services/delegations/delegation_validation.h"
#include "services/delegations/official_trips.h"

namespace ngoaivu::delegations {
namespace {

using v1::Delegation;

absl::CivilDay DayOf(int64_t day_number) {
  return absl::CivilDay(1970, 1, 1) + day_number;
}

std::string Render(
    const DelegationRules& rules, const std::string& rule,
    const std::vector<std::pair<std::string, std::string>>& values) {
  auto it = rules.text.find(rule);
  if (it == rules.text.end()) return rule;
  std::vector<std::pair<std::string, std::string>> replacements;
  for (const auto& [key, value] : values) {
    replacements.emplace_back(absl::StrCat("{", key, "}"), value);
  }
  return absl::StrCat(rule, ": ",
                      absl::StrReplaceAll(it->second.message, replacements));
}

}  // namespace

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

bool HasClearance(const CallContext& call, const Delegation& d) {
  const std::string& role = call.actor.role();
  if (role == "admin" || role == "coordinator" || role == "approver" ||
      role == "system") {
    return true;
  }
  return role == "officer" && call.actor.agency() == d.agency();
}

Delegation PublicPayload(Delegation d) {
  if (d.classification() != Delegation::RESTRICTED) return d;
  d.clear_members();
  d.clear_head();
  d.clear_funding();
  d.clear_sponsor();
  d.clear_estimated_cost_vnd();
  d.clear_justifications();
  d.clear_partner_organisations();
  d.clear_state_reason();
  d.clear_opinions();
  return d;
}

Delegation AsSeenBy(const CallContext& call, Delegation d) {
  if (HasClearance(call, d)) return d;
  return PublicPayload(std::move(d));
}

std::string DecisionKey(const v1::Decision& decision) {
  return absl::StrCat(decision.date().year(), "|", decision.number());
}

DelegationsUseCase::DelegationsUseCase(const DelegationsDependencies& deps)
    : store_(deps.store),
      directory_(deps.directory),
      clock_(deps.clock),
      page_tokens_(deps.page_tokens),
      rules_(deps.rules),
      runner_("delegations", deps.store, deps.clock, deps.request_ttl) {}

absl::StatusOr<Delegation> DelegationsUseCase::FindDelegationFor(
    const CallContext& call, const std::string& name, absl::string_view etag) {
  const std::string id = *IdOfName(name, "delegations/");
  auto found = store_->FindDelegation(id, call.deadline);
  if (!found.ok()) return found.status();
  if (call.participation_only &&
      (!found->has_value() || (*found)->agency() != call.actor.agency())) {
    // The same answer whether it is another agency's or not there.
    return absl::PermissionDeniedError(
        absl::StrCat(call.actor.agency(), " neither sends nor hosts ", name));
  }
  if (!found->has_value()) return NotFound(name);
  if (auto s = CheckEtag(name, (*found)->etag(), etag); !s.ok()) return s;
  return std::move(**found);
}

absl::StatusOr<Officials> DelegationsUseCase::MemberOfficials(
    const Delegation& d, absl::Time deadline) {
  Officials officials;
  for (const v1::Member& m : d.members()) {
    if (m.official().empty() || officials.count(m.official())) continue;
    auto official = directory_->FindOfficial(m.official(), deadline);
    if (official.ok()) {
      officials[m.official()] = std::move(*official);
    } else if (official.status().code() != absl::StatusCode::kNotFound) {
      return official.status();
    }
  }
  return officials;
}

absl::StatusOr<std::vector<v1::RuleViolation>> DelegationsUseCase::CheckRules(
    const Delegation& d, const Officials& officials, absl::Time deadline) {
  RuleContext context;
  // The submitted-in-time rule counts from the submission, once there is
  // one.
  context.today = ProvinceDay(
      d.has_submit_time() ? FromTimestamp(d.submit_time()) : clock_->Now());
  const bool approving = d.state() == Delegation::FORWARDED ||
                         d.state() == Delegation::APPROVED ||
                         d.state() == Delegation::TRAVELLING;
  for (const auto& [name, official] : officials) {
    context.official_names[name] = official.full_name();
  }
  const std::vector<OfficialTrip> trips = OfficialTripsOf(d);
  if (!trips.empty()) {
    // Every member's trips of this year and later, in one read.
    std::vector<std::string> members;
    for (const OfficialTrip& trip : trips) members.push_back(trip.official);
    const int64_t from =
        std::min(DayNumber(absl::CivilDay(absl::CivilYear(trips[0].year))),
                 trips[0].first_day);
    auto indexed = store_->TripsOf(members, from, deadline);
    if (!indexed.ok()) return indexed.status();
    for (const OfficialTrip& trip : trips) {
      for (const IndexedTrip& other : (*indexed)[trip.official]) {
        // Deciding, only decisions count: a request pending beside this
        // one is refused when this one is approved first.
        if (other.delegation == d.name() || (approving && !other.approved)) {
          continue;
        }
        context.other_trips.push_back({other.delegation, trip.official,
                                       DayOf(other.first_day),
                                       DayOf(other.last_day)});
      }
    }
  }
  if (d.direction() == Delegation::OUTBOUND && d.head() >= 0 &&
      d.head() < d.members_size()) {
    auto head = officials.find(d.members(d.head()).official());
    if (head != officials.end())
      context.head_position = head->second.position();
  }
  for (const v1::Opinion& opinion : d.opinions()) {
    if (opinion.agency() == rules_->police_agency && !opinion.text().empty()) {
      context.police_opinion_given = true;
    }
  }
  return CheckDelegation(*rules_, d, context);
}

absl::Status DelegationsUseCase::BlockOnViolations(
    const std::vector<v1::RuleViolation>& found, absl::string_view action) {
  const std::vector<v1::RuleViolation> open = Unjustified(found);
  if (open.empty()) return absl::OkStatus();
  std::vector<std::string> lines;
  for (const auto& v : open) {
    lines.push_back(absl::StrCat(v.rule(), ": ", v.message()));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", action, ": ", absl::StrJoin(lines, "; "),
                   " (attach a written justification of each rule when you ",
                   action, ", or correct the delegation)"));
}

std::vector<TripGuard> DelegationsUseCase::AtomicGuards(
    const Delegation& d, const Officials& officials) const {
  const bool trips_justified = d.justifications().count("trips-per-year");
  std::vector<TripGuard> guards;
  for (const OfficialTrip& trip : OfficialTripsOf(d)) {
    TripGuard g;
    g.trip = trip;
    auto official = officials.find(trip.official);
    const std::string member = official == officials.end()
                                   ? trip.official
                                   : official->second.full_name();
    // A justification lets a request go on beside another pending one;
    // no one is in two approved delegations at once. "{other}" stays for
    // the write to fill in with the trip it meets.
    g.overlap_message = Render(*rules_, "member-overlap", {{"member", member}});
    if (!trips_justified) {
      g.max_trips_per_year = rules_->max_trips_per_year;
      g.trips_message =
          Render(*rules_, "trips-per-year",
                 {{"member", member},
                  {"count", absl::StrCat(rules_->max_trips_per_year + 1)},
                  {"max", absl::StrCat(rules_->max_trips_per_year)}});
    }
    guards.push_back(std::move(g));
  }
  return guards;
}

absl::Status DelegationsUseCase::RequireOfficial(const std::string& official,
                                                 absl::string_view field,
                                                 absl::Time deadline) {
  auto found = directory_->FindOfficial(official, deadline);
  if (found.ok()) return absl::OkStatus();
  if (found.status().code() == absl::StatusCode::kNotFound) {
    return InvalidArgument(std::string(field),
                           absl::StrCat(official, " is not in the registry"));
  }
  return found.status();
}

Delegation DelegationsUseCase::Stamped(Delegation d, absl::Time now) {
  *d.mutable_update_time() = ToTimestamp(now);
  d.set_etag(NewEtag());
  return d;
}

}  // namespace ngoaivu::delegations
