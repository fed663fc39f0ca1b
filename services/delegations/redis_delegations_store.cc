#include "services/delegations/redis_delegations_store.h"

#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/registry_names.h"

namespace ngoaivu::delegations {
namespace {

// "2026|512/QĐ-UBND" -> "Decision 512/QĐ-UBND of 2026 is already recorded":
// the number as written, with its year.
std::string DecisionRecordedMessage(absl::string_view key) {
  const size_t bar = key.find('|');
  if (bar == absl::string_view::npos) {
    return absl::StrCat("Decision ", key, " is already recorded");
  }
  return absl::StrCat("Decision ", key.substr(bar + 1), " of ",
                      key.substr(0, bar),
                      " is already recorded (a decision number is used once "
                      "a year)");
}

using v1::Delegation;

constexpr char kDelegations[] = "{delegations}:delegations";
constexpr char kDelegationPrefix[] = "{delegations}:delegation:";
constexpr char kAgreements[] = "{delegations}:agreements";
constexpr char kAgreementPrefix[] = "{delegations}:agreement:";
constexpr char kDecisionNumbers[] = "{delegations}:decision-numbers";
constexpr char kHandled[] = "{delegations}:handled";

std::string IdOf(absl::string_view name, absl::string_view collection) {
  absl::string_view id = name;
  absl::ConsumePrefix(&id, collection);
  return std::string(id);
}

std::string AgencyIndex(absl::string_view agency) {
  return absl::StrCat("{delegations}:agency:",
                      AgencyCodeOf(agency).value_or(""), ":delegations");
}
std::string CountryIndex(absl::string_view country) {
  return absl::StrCat("{delegations}:country:", country, ":delegations");
}
std::string TripsKey(absl::string_view official, TripIndex index) {
  return absl::StrCat("{delegations}:official:", official,
                      index == TripIndex::kApproved ? ":approved" : ":pending");
}
std::string YearsKey(absl::string_view official) {
  return absl::StrCat("{delegations}:official:", official, ":years");
}

std::set<std::string> CountriesOf(const Delegation& d) {
  std::set<std::string> countries;
  for (const auto& dest : d.destinations()) countries.insert(dest.country());
  if (!d.visitors_country().empty()) countries.insert(d.visitors_country());
  return countries;
}

RecordFields DelegationFields(const Delegation& d) {
  return {{"direction", absl::StrCat(d.direction())},
          {"state", absl::StrCat(d.state())},
          {"agency", d.agency()},
          {"purpose", absl::StrCat(d.purpose())},
          {"kind", absl::StrCat(d.visitor_kind())},
          {"start", FormatDate(d.start_date())}};
}

}  // namespace

RedisDelegationsStore::RedisDelegationsStore(RedisPool* redis,
                                             RedisFunctions* functions,
                                             int64_t events_max_length)
    : kit_(redis, functions, "delegations", events_max_length) {}

absl::StatusOr<std::optional<std::string>> RedisDelegationsStore::FindResponse(
    const RequestRecord& request, absl::Time deadline) {
  return kit_.FindResponse(request, deadline);
}

absl::StatusOr<std::optional<Delegation>> RedisDelegationsStore::FindDelegation(
    absl::string_view id, absl::Time deadline) {
  return kit_.Load<Delegation>(absl::StrCat(kDelegationPrefix, id), deadline);
}

void RedisDelegationsStore::IndexTrips(const DelegationWrite& w,
                                       WritePlan& plan) const {
  const std::string& label = w.next.name();
  if (w.previous != nullptr) {
    const TripIndex was = TripIndexOf(w.previous->state());
    if (was != TripIndex::kNone) {
      for (const OfficialTrip& t : OfficialTripsOf(*w.previous)) {
        plan.IntervalRemove(TripsKey(t.official, was), label, t.first_day);
        if (was == TripIndex::kApproved) {
          plan.Increment(YearsKey(t.official), {{absl::StrCat(t.year), -1}});
        }
      }
    }
  }
  const TripIndex now = TripIndexOf(w.next.state());
  if (now == TripIndex::kNone) return;
  for (const OfficialTrip& t : OfficialTripsOf(w.next)) {
    plan.IntervalAdd(TripsKey(t.official, now), label, t.first_day, t.last_day);
    if (now == TripIndex::kApproved) {
      plan.Increment(YearsKey(t.official), {{absl::StrCat(t.year), 1}});
    }
  }
}

absl::StatusOr<WriteOutcome> RedisDelegationsStore::SaveDelegation(
    const DelegationWrite& w, const Mutation& mutation) {
  const std::string id = IdOf(w.next.name(), "delegations/");
  const std::string key = absl::StrCat(kDelegationPrefix, id);
  WritePlan plan = kit_.Plan(mutation);
  if (!w.handled_event.empty()) {
    // Once per event, whichever replica handles it (and however often).
    plan.SkipIfSeen(kHandled, w.handled_event,
                    mutation.events.empty()
                        ? absl::Now()
                        : FromTimestamp(mutation.events[0].time()));
  }
  RedisStoreKit::GuardEtagOrAbsent(plan, key, w.next.name(),
                                   w.previous ? &w.previous->etag() : nullptr);
  for (const TripGuard& g : w.guards) {
    if (!g.overlap_message.empty()) {
      plan.RequireNoOverlap(TripsKey(g.trip.official, TripIndex::kApproved),
                            g.trip.first_day, g.trip.last_day, w.next.name(),
                            "FAILED_PRECONDITION", g.overlap_message);
    }
    if (g.max_trips_per_year > 0) {
      plan.RequireCountBelow(YearsKey(g.trip.official),
                             absl::StrCat(g.trip.year), g.max_trips_per_year,
                             "FAILED_PRECONDITION", g.trips_message);
    }
  }
  if (!w.decision_key.empty()) {
    plan.RequireNotMember(kDecisionNumbers, w.decision_key, "ALREADY_EXISTS",
                          DecisionRecordedMessage(w.decision_key));
    plan.IndexAdd(kDecisionNumbers, w.decision_key);
  }
  RedisStoreKit::PutRecord(plan, key, w.next, w.next.etag(),
                           DelegationFields(w.next));
  if (w.previous == nullptr) {
    plan.IndexAdd(kDelegations, id);
    plan.IndexAdd(AgencyIndex(w.next.agency()), id);
  } else if (w.previous->agency() != w.next.agency()) {
    plan.IndexRemove(AgencyIndex(w.previous->agency()), id);
    plan.IndexAdd(AgencyIndex(w.next.agency()), id);
  }
  const std::set<std::string> was =
      w.previous ? CountriesOf(*w.previous) : std::set<std::string>();
  const std::set<std::string> now = CountriesOf(w.next);
  for (const std::string& c : was) {
    if (!now.count(c)) plan.IndexRemove(CountryIndex(c), id);
  }
  for (const std::string& c : now) {
    if (!was.count(c)) plan.IndexAdd(CountryIndex(c), id);
  }
  IndexTrips(w, plan);
  for (const auto& [bucket, deltas] : w.statistics) {
    plan.Increment(kit_.Key(absl::StrCat("stats:", bucket)),
                   {deltas.begin(), deltas.end()});
  }
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<RecordPage<Delegation>> RedisDelegationsStore::ListDelegations(
    const DelegationFilter& f, absl::string_view cursor, int limit,
    absl::Time deadline) {
  // The narrowest index the filter allows; the rest are field filters.
  PageQuery query{
      kDelegations, kDelegationPrefix, std::string(cursor), limit, {}};
  if (!f.country.empty()) {
    query.index_key = CountryIndex(f.country);
    if (!f.agency.empty()) query.filters.push_back({"agency", f.agency});
  } else if (!f.agency.empty()) {
    query.index_key = AgencyIndex(f.agency);
  }
  auto add_enum = [&](const char* field, int value) {
    if (value != 0) query.filters.push_back({field, absl::StrCat(value)});
  };
  add_enum("direction", f.direction);
  add_enum("state", f.state);
  add_enum("purpose", f.purpose);
  add_enum("kind", f.visitor_kind);
  if (!f.start_after.empty())
    query.filters.push_back({">start", f.start_after});
  if (!f.start_before.empty()) {
    query.filters.push_back({"<start", f.start_before});
  }
  return kit_.Page<Delegation>(query, deadline);
}

absl::StatusOr<std::map<std::string, std::vector<IndexedTrip>>>
RedisDelegationsStore::TripsOf(const std::vector<std::string>& officials,
                               int64_t from_day, absl::Time deadline) {
  std::vector<std::vector<std::string>> commands;
  for (const std::string& official : officials) {
    for (TripIndex index : {TripIndex::kPending, TripIndex::kApproved}) {
      commands.push_back({"ZRANGEBYSCORE", TripsKey(official, index),
                          absl::StrCat(from_day), "+inf", "WITHSCORES"});
    }
  }
  auto replies = kit_.redis().Pipeline(commands, deadline);
  if (!replies.ok()) return replies.status();
  std::map<std::string, std::vector<IndexedTrip>> trips;
  for (size_t r = 0; r < replies->size(); ++r) {
    const redisReply* reply = (*replies)[r].get();
    if (reply->type != REDIS_REPLY_ARRAY) {
      return absl::InternalError("trip index: unexpected reply");
    }
    std::vector<IndexedTrip>& of = trips[officials[r / 2]];
    for (size_t i = 0; i + 1 < reply->elements; i += 2) {
      const std::string entry(ReplyString(reply->element[i]));
      const size_t bar = entry.rfind('|');
      IndexedTrip trip;
      trip.delegation = entry.substr(0, bar);
      trip.approved = r % 2 == 1;
      if (bar == std::string::npos ||
          !absl::SimpleAtoi(entry.substr(bar + 1), &trip.first_day) ||
          !absl::SimpleAtoi(ReplyString(reply->element[i + 1]),
                            &trip.last_day)) {
        return absl::InternalError("trip index: malformed entry");
      }
      of.push_back(std::move(trip));
    }
  }
  return trips;
}

absl::StatusOr<int64_t> RedisDelegationsStore::ApprovedTripsIn(
    const std::string& official, int year, absl::Time deadline) {
  auto reply = kit_.redis().Command(
      {"HGET", YearsKey(official), absl::StrCat(year)}, deadline);
  if (!reply.ok()) return reply.status();
  int64_t count = 0;
  if ((*reply)->type == REDIS_REPLY_STRING &&
      !absl::SimpleAtoi(ReplyString(reply->get()), &count)) {
    return absl::InternalError("trip count: not a number");
  }
  return count;
}

absl::StatusOr<std::optional<v1::Agreement>>
RedisDelegationsStore::FindAgreement(absl::string_view id,
                                     absl::Time deadline) {
  return kit_.Load<v1::Agreement>(absl::StrCat(kAgreementPrefix, id), deadline);
}

absl::StatusOr<WriteOutcome> RedisDelegationsStore::SaveAgreement(
    const v1::Agreement& next, const v1::Agreement* previous,
    const std::string& decision_key, const Mutation& mutation) {
  const std::string id = IdOf(next.name(), "agreements/");
  const std::string key = absl::StrCat(kAgreementPrefix, id);
  WritePlan plan = kit_.Plan(mutation);
  RedisStoreKit::GuardEtagOrAbsent(plan, key, next.name(),
                                   previous ? &previous->etag() : nullptr);
  if (!decision_key.empty()) {
    plan.RequireNotMember(kDecisionNumbers, decision_key, "ALREADY_EXISTS",
                          DecisionRecordedMessage(decision_key));
    plan.IndexAdd(kDecisionNumbers, decision_key);
  }
  RedisStoreKit::PutRecord(plan, key, next, next.etag(),
                           {{"state", absl::StrCat(next.state())},
                            {"agency", next.proposing_agency()},
                            {"country", next.foreign_country()}});
  if (previous == nullptr) plan.IndexAdd(kAgreements, id);
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<RecordPage<v1::Agreement>> RedisDelegationsStore::ListAgreements(
    const AgreementFilter& f, absl::string_view cursor, int limit,
    absl::Time deadline) {
  PageQuery query{
      kAgreements, kAgreementPrefix, std::string(cursor), limit, {}};
  if (f.state != 0) query.filters.push_back({"state", absl::StrCat(f.state)});
  if (!f.proposing_agency.empty()) {
    query.filters.push_back({"agency", f.proposing_agency});
  }
  if (!f.foreign_country.empty()) {
    query.filters.push_back({"country", f.foreign_country});
  }
  return kit_.Page<v1::Agreement>(query, deadline);
}

absl::StatusOr<std::vector<std::map<std::string, int64_t>>>
RedisDelegationsStore::ReadStatistics(const std::vector<std::string>& buckets,
                                      absl::Time deadline) {
  std::vector<std::vector<std::string>> commands;
  commands.reserve(buckets.size());
  for (const std::string& bucket : buckets) {
    commands.push_back({"HGETALL", kit_.Key(absl::StrCat("stats:", bucket))});
  }
  auto replies = kit_.redis().Pipeline(commands, deadline);
  if (!replies.ok()) return replies.status();
  std::vector<std::map<std::string, int64_t>> counters(replies->size());
  for (size_t b = 0; b < replies->size(); ++b) {
    const redisReply* reply = (*replies)[b].get();
    if (reply->type != REDIS_REPLY_ARRAY) {
      return absl::InternalError("statistics: unexpected reply");
    }
    for (size_t i = 0; i + 1 < reply->elements; i += 2) {
      int64_t n = 0;
      if (!absl::SimpleAtoi(ReplyString(reply->element[i + 1]), &n)) {
        return absl::InternalError("statistics: not a number");
      }
      counters[b][std::string(ReplyString(reply->element[i]))] = n;
    }
  }
  return counters;
}

absl::StatusOr<RecordPage<events::v1::Event>>
RedisDelegationsStore::ListHistory(absl::string_view subject, int64_t offset,
                                   int limit, absl::Time deadline) {
  return kit_.ListHistory(subject, offset, limit, deadline);
}

}  // namespace ngoaivu::delegations
