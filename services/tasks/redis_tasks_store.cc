#include "services/tasks/redis_tasks_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/registry_names.h"

namespace ngoaivu::tasks {
namespace {

constexpr char kProgrammes[] = "{tasks}:programmes";
constexpr char kReminded[] = "{tasks}:reminded";
constexpr char kObligationPrefix[] = "{tasks}:obligation:";

// Due days as hash fields that compare as strings: "20250930".
std::string DueField(absl::CivilDay day) {
  return absl::StrFormat("%04d%02d%02d", day.year(), day.month(), day.day());
}

std::string ProgrammeKey(absl::string_view id) {
  return absl::StrCat("{tasks}:programme:", id);
}
std::string TallyKey(absl::string_view programme) {
  return absl::StrCat(ProgrammeKey(programme), ":tally");
}
std::string AwaitedKey(absl::string_view programme, absl::string_view group) {
  return absl::StrCat(ProgrammeKey(programme), ":awaited:", group);
}
std::string AwaitedByDayKey(absl::string_view programme) {
  return absl::StrCat(ProgrammeKey(programme), ":awaited-by-day");
}
// "<day, 8 digits>|p/d/o": sorts by due day, then name.
std::string ByDayMember(int64_t day, absl::string_view path) {
  return absl::StrFormat("%08d|%s", day, path);
}
// A programme's obligations in one state, "<changed, 16 digits of
// microseconds>|p/d/o": longest unchanged first.
std::string StateIndexKey(absl::string_view programme, int state) {
  return absl::StrCat(ProgrammeKey(programme), ":state:", state);
}
std::string StateMember(const v1::Obligation& o, absl::string_view path) {
  const int64_t micros =
      o.update_time().seconds() * 1000000 + o.update_time().nanos() / 1000;
  return absl::StrFormat("%016d|%s", micros, path);
}
constexpr size_t kStateMemberPrefix = 17;
constexpr char kStateIndexBuilt[] = "{tasks}:state-index-built";
std::string DutiesIndex(absl::string_view programme) {
  return absl::StrCat(ProgrammeKey(programme), ":duties");
}
std::string DutyKey(const DutyRef& ref) {
  return absl::StrCat("{tasks}:duty:", ref.programme, "/", ref.duty);
}
std::string DutyObligationsIndex(const DutyRef& ref) {
  return absl::StrCat(DutyKey(ref), ":obligations");
}
std::string ObligationPath(const ObligationRef& ref) {
  return absl::StrCat(ref.programme, "/", ref.duty, "/", ref.obligation);
}
std::string ObligationKey(const ObligationRef& ref) {
  return absl::StrCat(kObligationPrefix, ObligationPath(ref));
}
std::string AgencyIndex(absl::string_view agency) {
  return absl::StrCat("{tasks}:agency:", AgencyCodeOfResource(agency),
                      ":obligations");
}
std::string ReportsKey(const ObligationRef& ref) {
  return absl::StrCat("{tasks}:reports:", ObligationPath(ref));
}

// The plain fields beside an obligation's record that lists filter on.
RecordFields ObligationFields(const ObligationWrite& w) {
  const auto due = ToCivilDay(w.next.due_date());
  return {{"state", absl::StrCat(w.next.state())},
          {"period", w.next.period()},
          {"agency", w.next.agency()},
          {"due", due ? DueField(*due) : ""},
          {"awaited", w.now.awaited ? "1" : "0"}};
}

// Keeps the indexes and counters beside an obligation in step with it, as
// its write says: the programme's awaited obligations by day (which the
// scheduler reads too) and per report group, and the programme's counters.
void TrackObligation(const ObligationWrite& w, WritePlan& plan) {
  const ObligationRef ref = *ObligationRefOf(w.next.name());
  const std::string path = ObligationPath(ref);
  const auto& was_due = w.before.awaited_due_day;
  const auto& now_due = w.now.awaited_due_day;
  if (now_due != was_due) {
    if (was_due) {
      plan.IndexRemove(AwaitedByDayKey(ref.programme),
                       ByDayMember(*was_due, path));
      for (const std::string& group : w.before.report_groups)
        plan.IndexRemove(AwaitedKey(ref.programme, group), path);
    }
    if (now_due) {
      plan.IndexAdd(AwaitedByDayKey(ref.programme),
                    ByDayMember(*now_due, path));
      for (const std::string& group : w.now.report_groups)
        plan.ScoredAdd(AwaitedKey(ref.programme, group), path, *now_due);
    }
  }
  const std::string member = StateMember(w.next, path);
  if (w.previous) {
    const std::string was = StateMember(*w.previous, path);
    if (w.previous->state() == w.next.state() && was == member) {
      plan.Increment(TallyKey(ref.programme), w.tally_delta);
      return;
    }
    plan.IndexRemove(StateIndexKey(ref.programme, w.previous->state()), was);
  }
  plan.IndexAdd(StateIndexKey(ref.programme, w.next.state()), member);
  plan.Increment(TallyKey(ref.programme), w.tally_delta);
}

void WriteObligation(const ObligationWrite& w, WritePlan& plan) {
  const ObligationRef ref = *ObligationRefOf(w.next.name());
  const std::string key = ObligationKey(ref);
  RedisStoreKit::GuardEtagOrAbsent(plan, key, w.next.name(),
                                   w.previous ? &w.previous->etag() : nullptr);
  RedisStoreKit::PutRecord(plan, key, w.next, w.next.etag(),
                           ObligationFields(w));
  if (!w.previous) {
    plan.IndexAdd(DutyObligationsIndex({ref.programme, ref.duty}),
                  ref.obligation);
    plan.IndexAdd(AgencyIndex(w.next.agency()), ObligationPath(ref));
  }
  TrackObligation(w, plan);
}

void GuardProgramme(const v1::Programme& programme, WritePlan& plan) {
  plan.RequireField(
      ProgrammeKey(*ProgrammeIdOf(programme.name())), "etag", programme.etag(),
      "ABORTED", absl::StrCat(programme.name(), " was changed concurrently"));
}

RecordFields StateField(int state) { return {{"state", absl::StrCat(state)}}; }

}  // namespace

RedisTasksStore::RedisTasksStore(RedisPool* redis, RedisFunctions* functions,
                                 int64_t events_max_length)
    : kit_(redis, functions, "tasks", events_max_length) {}

absl::StatusOr<std::optional<std::string>> RedisTasksStore::FindResponse(
    const RequestRecord& request, absl::Time deadline) {
  return kit_.FindResponse(request, deadline);
}

absl::StatusOr<std::optional<v1::Programme>> RedisTasksStore::FindProgramme(
    absl::string_view id, absl::Time deadline) {
  return kit_.Load<v1::Programme>(ProgrammeKey(id), deadline);
}

absl::StatusOr<Page<v1::Programme>> RedisTasksStore::ListProgrammes(
    absl::string_view cursor, int limit, absl::Time deadline) {
  PageQuery query{
      kProgrammes, "{tasks}:programme:", std::string(cursor), limit, {}};
  return kit_.Page<v1::Programme>(query, deadline);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::SaveProgramme(
    const v1::Programme& next, const v1::Programme* previous,
    const std::vector<ObligationWrite>& obligations, const Mutation& mutation) {
  const std::string id = *ProgrammeIdOf(next.name());
  const std::string key = ProgrammeKey(id);
  WritePlan plan = kit_.Plan(mutation);
  RedisStoreKit::GuardEtagOrAbsent(plan, key, next.name(),
                                   previous ? &previous->etag() : nullptr);
  RedisStoreKit::PutRecord(plan, key, next, next.etag(),
                           StateField(next.state()));
  plan.IndexAdd(kProgrammes, id);
  for (const auto& o : obligations) WriteObligation(o, plan);
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<std::optional<v1::Duty>> RedisTasksStore::FindDuty(
    const DutyRef& ref, absl::Time deadline) {
  return kit_.Load<v1::Duty>(DutyKey(ref), deadline);
}

absl::StatusOr<Page<v1::Duty>> RedisTasksStore::ListDuties(
    absl::string_view programme, absl::string_view cursor, int limit,
    absl::Time deadline) {
  PageQuery query{DutiesIndex(programme),
                  absl::StrCat("{tasks}:duty:", programme, "/"),
                  std::string(cursor),
                  limit,
                  {}};
  return kit_.Page<v1::Duty>(query, deadline);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::CreateDuty(
    const v1::Duty& duty, const v1::Programme& programme,
    const std::vector<ObligationWrite>& obligations, const Mutation& mutation) {
  const DutyRef ref = *DutyRefOf(duty.name());
  WritePlan plan = kit_.Plan(mutation);
  GuardProgramme(programme, plan);
  RedisStoreKit::GuardEtagOrAbsent(plan, DutyKey(ref), duty.name(), nullptr);
  RedisStoreKit::PutRecord(plan, DutyKey(ref), duty, duty.etag(),
                           StateField(duty.state()));
  plan.IndexAdd(DutiesIndex(ref.programme), ref.duty);
  for (const auto& o : obligations) WriteObligation(o, plan);
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::SaveDuty(
    const v1::Duty& next, const v1::Duty& previous,
    const v1::Programme& programme,
    const std::vector<ObligationWrite>& obligations, const Mutation& mutation) {
  const std::string key = DutyKey(*DutyRefOf(next.name()));
  WritePlan plan = kit_.Plan(mutation);
  GuardProgramme(programme, plan);
  RedisStoreKit::GuardEtagOrAbsent(plan, key, next.name(), &previous.etag());
  RedisStoreKit::PutRecord(plan, key, next, next.etag(),
                           StateField(next.state()));
  for (const ObligationWrite& write : obligations) WriteObligation(write, plan);
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<std::optional<v1::Obligation>> RedisTasksStore::FindObligation(
    const ObligationRef& ref, absl::Time deadline) {
  return kit_.Load<v1::Obligation>(ObligationKey(ref), deadline);
}

absl::StatusOr<bool> RedisTasksStore::CarriesAnyOf(const std::string& agency,
                                                   const DutyRef& duty,
                                                   absl::Time deadline) {
  // The agency's index holds "p/d/o" in order: one lexical range probe.
  const std::string prefix = absl::StrCat(duty.programme, "/", duty.duty, "/");
  auto reply =
      kit_.redis().Command({"ZRANGEBYLEX", AgencyIndex(agency), "[" + prefix,
                            "(" + prefix + "\xff", "LIMIT", "0", "1"},
                           deadline);
  if (!reply.ok()) return reply.status();
  return (*reply)->type == REDIS_REPLY_ARRAY && (*reply)->elements > 0;
}

absl::StatusOr<Page<v1::Obligation>> RedisTasksStore::ListObligations(
    const ObligationFilter& filter, absl::string_view cursor, int limit,
    absl::Time deadline) {
  if (!filter.programme.empty() && !filter.duty && filter.agency.empty()) {
    if (filter.state != v1::Obligation::STATE_UNSPECIFIED) {
      return ListProgrammeInState(filter, cursor, limit, deadline);
    }
    return ListAwaitedOfProgramme(filter, cursor, limit, deadline);
  }
  PageQuery query;
  query.after = std::string(cursor);
  query.limit = limit;
  if (filter.duty) {
    query.index_key = DutyObligationsIndex(*filter.duty);
    query.record_prefix = absl::StrCat(
        kObligationPrefix, filter.duty->programme, "/", filter.duty->duty, "/");
    if (!filter.agency.empty())
      query.filters.emplace_back("agency", filter.agency);
  } else {
    query.index_key = AgencyIndex(filter.agency);
    query.record_prefix = kObligationPrefix;
  }
  if (filter.state != v1::Obligation::STATE_UNSPECIFIED) {
    query.filters.emplace_back("state", absl::StrCat(filter.state));
  }
  if (!filter.period.empty())
    query.filters.emplace_back("period", filter.period);
  if (filter.awaited_only || filter.awaited_due_by) {
    query.filters.emplace_back("awaited", "1");
  }
  if (filter.awaited_due_by) {
    query.filters.emplace_back("<due", DueField(*filter.awaited_due_by));
  }
  if (filter.due_before) {
    query.filters.emplace_back("<due", DueField(*filter.due_before));
  }
  if (filter.due_after) {
    query.filters.emplace_back(">due", DueField(*filter.due_after));
  }
  return kit_.Page<v1::Obligation>(query, deadline);
}

absl::StatusOr<Page<v1::Obligation>> RedisTasksStore::ListAwaitedOfProgramme(
    const ObligationFilter& filter, absl::string_view cursor, int limit,
    absl::Time deadline) {
  // Members sort by due day: the range up to the last day wanted, after the
  // cursor (the last member returned), is exactly the page.
  std::optional<absl::CivilDay> last_day = filter.awaited_due_by;
  if (filter.due_before && (!last_day || *filter.due_before < *last_day)) {
    last_day = filter.due_before;
  }
  const std::string to =
      last_day ? absl::StrCat("(", ByDayMember(DayNumber(*last_day) + 1, ""))
               : "+";
  return PageOfIndex(AwaitedByDayKey(filter.programme), cursor, to, limit,
                     /*prefix=*/9, deadline);
}

absl::StatusOr<Page<v1::Obligation>> RedisTasksStore::PageOfIndex(
    const std::string& index, absl::string_view cursor, const std::string& to,
    int limit, size_t prefix, absl::Time deadline) {
  // Lexical members "<sort key>|p/d/o": the range after the cursor (the
  // last member returned) is exactly the page.
  const std::string from = cursor.empty() ? "-" : absl::StrCat("(", cursor);
  auto reply = kit_.redis().Command(
      {"ZRANGEBYLEX", index, from, to, "LIMIT", "0", absl::StrCat(limit + 1)},
      deadline);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  std::vector<std::string> members;
  for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i) {
    members.emplace_back(ReplyString(r->element[i]));
  }
  Page<v1::Obligation> page;
  if (static_cast<int>(members.size()) > limit) {
    members.resize(limit);
    page.next_cursor = members.back();
  }
  std::vector<std::string> paths;
  for (const std::string& m : members) paths.push_back(m.substr(prefix));
  auto records = LoadObligations(paths, deadline);
  if (!records.ok()) return records.status();
  page.records = std::move(*records);
  return page;
}

absl::StatusOr<Page<v1::Obligation>> RedisTasksStore::ListProgrammeInState(
    const ObligationFilter& filter, absl::string_view cursor, int limit,
    absl::Time deadline) {
  auto page = PageOfIndex(StateIndexKey(filter.programme, filter.state), cursor,
                          "+", limit, kStateMemberPrefix, deadline);
  if (!page.ok()) return page.status();
  // An entry the one-time indexing of older records added while a write
  // moved the obligation on is passed over.
  std::vector<v1::Obligation> in_state;
  for (v1::Obligation& o : page->records) {
    if (o.state() == filter.state) in_state.push_back(std::move(o));
  }
  page->records = std::move(in_state);
  return page;
}

absl::StatusOr<int> RedisTasksStore::IndexStatesOnce(absl::Time deadline) {
  auto built = kit_.redis().Command({"EXISTS", kStateIndexBuilt}, deadline);
  if (!built.ok()) return built.status();
  if ((*built)->type == REDIS_REPLY_INTEGER && (*built)->integer == 1) return 0;
  int indexed = 0;
  std::string programme_cursor;
  do {
    auto programmes = ListProgrammes(programme_cursor, 100, deadline);
    if (!programmes.ok()) return programmes.status();
    for (const v1::Programme& programme : programmes->records) {
      const std::string id = *ProgrammeIdOf(programme.name());
      std::string duty_cursor;
      do {
        auto duties = ListDuties(id, duty_cursor, 500, deadline);
        if (!duties.ok()) return duties.status();
        for (const v1::Duty& duty : duties->records) {
          ObligationFilter filter;
          filter.duty = *DutyRefOf(duty.name());
          std::string cursor;
          do {
            auto page = ListObligations(filter, cursor, 1000, deadline);
            if (!page.ok()) return page.status();
            std::vector<std::vector<std::string>> adds;
            for (const v1::Obligation& o : page->records) {
              const std::string path =
                  ObligationPath(*ObligationRefOf(o.name()));
              adds.push_back({"ZADD", StateIndexKey(id, o.state()), "0",
                              StateMember(o, path)});
            }
            if (!adds.empty()) {
              auto added = kit_.redis().Pipeline(adds, deadline);
              if (!added.ok()) return added.status();
              indexed += static_cast<int>(adds.size());
            }
            cursor = page->next_cursor;
          } while (!cursor.empty());
        }
        duty_cursor = duties->next_cursor;
      } while (!duty_cursor.empty());
    }
    programme_cursor = programmes->next_cursor;
  } while (!programme_cursor.empty());
  auto marked = kit_.redis().Command({"SET", kStateIndexBuilt, "1"}, deadline);
  if (!marked.ok()) return marked.status();
  return indexed;
}

absl::StatusOr<std::vector<v1::Obligation>> RedisTasksStore::LoadObligations(
    const std::vector<std::string>& paths, absl::Time deadline) {
  std::vector<v1::Obligation> obligations;
  if (paths.empty()) return obligations;
  std::vector<std::vector<std::string>> loads;
  for (const std::string& path : paths) {
    loads.push_back({"HGET", absl::StrCat(kObligationPrefix, path), "pb"});
  }
  auto records = kit_.redis().Pipeline(loads, deadline);
  if (!records.ok()) return records.status();
  for (const auto& reply : *records) {
    if (reply->type != REDIS_REPLY_STRING) continue;
    v1::Obligation o;
    if (!o.ParseFromString(std::string(ReplyString(reply.get())))) {
      return absl::InternalError("an obligation does not parse");
    }
    obligations.push_back(std::move(o));
  }
  return obligations;
}

absl::StatusOr<WriteOutcome> RedisTasksStore::SaveObligations(
    const std::vector<ObligationWrite>& writes, const v1::Programme& programme,
    const Mutation& mutation) {
  WritePlan plan = kit_.Plan(mutation);
  GuardProgramme(programme, plan);
  for (const ObligationWrite& write : writes) WriteObligation(write, plan);
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::FileReport(
    const v1::ProgressReport& report, const ObligationWrite& obligation,
    const v1::Programme& programme, const Mutation& mutation) {
  const ObligationRef ref = *ObligationRefOf(obligation.next.name());
  WritePlan plan = kit_.Plan(mutation);
  GuardProgramme(programme, plan);
  WriteObligation(obligation, plan);
  plan.Append(ReportsKey(ref), report.SerializeAsString());
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<Page<v1::ProgressReport>> RedisTasksStore::ListReports(
    const ObligationRef& obligation, int64_t offset, int limit,
    absl::Time deadline) {
  auto replies = kit_.redis().Pipeline(
      {{"LRANGE", ReportsKey(obligation), absl::StrCat(offset),
        absl::StrCat(offset + limit - 1)},
       {"LLEN", ReportsKey(obligation)}},
      deadline);
  if (!replies.ok()) return replies.status();
  const redisReply* range = (*replies)[0].get();
  Page<v1::ProgressReport> page;
  for (size_t i = 0; range->type == REDIS_REPLY_ARRAY && i < range->elements;
       ++i) {
    v1::ProgressReport report;
    if (!report.ParseFromString(std::string(ReplyString(range->element[i])))) {
      return absl::InternalError("a progress report does not parse");
    }
    page.records.push_back(std::move(report));
  }
  if (offset + limit < (*replies)[1]->integer)
    page.next_cursor = absl::StrCat(offset + limit);
  return page;
}

absl::StatusOr<bool> RedisTasksStore::OpenObligation(
    const ObligationWrite& obligation, const Mutation& mutation) {
  WritePlan plan = kit_.Plan(mutation);
  WriteObligation(obligation, plan);
  auto outcome = kit_.Commit(plan, mutation);
  if (outcome.status().code() == absl::StatusCode::kAlreadyExists) return false;
  if (!outcome.ok()) return outcome.status();
  return true;
}

absl::StatusOr<std::vector<ObligationRef>> RedisTasksStore::AwaitedDueBy(
    absl::CivilDay day, int limit, absl::Time deadline) {
  // From each programme's awaited-by-day index (programmes are few): no
  // index of its own to keep beside every awaited obligation.
  auto programmes =
      kit_.redis().Command({"ZRANGE", kProgrammes, "0", "-1"}, deadline);
  if (!programmes.ok()) return programmes.status();
  if (IsError(programmes->get()))
    return StatusFromFunctionError(ReplyString(programmes->get()));
  const std::string through =
      absl::StrCat("(", ByDayMember(DayNumber(day) + 1, ""));
  std::vector<std::vector<std::string>> reads;
  for (size_t i = 0; i < (*programmes)->elements; ++i) {
    reads.push_back({"ZRANGEBYLEX",
                     AwaitedByDayKey(ReplyString((*programmes)->element[i])),
                     "-", through, "LIMIT", "0", absl::StrCat(limit)});
  }
  std::vector<std::string> members;  // "<day>|p/d/o": by day, then path
  if (!reads.empty()) {
    auto replies = kit_.redis().Pipeline(reads, deadline);
    if (!replies.ok()) return replies.status();
    for (const RedisReply& reply : *replies) {
      const redisReply* r = reply.get();
      if (IsError(r)) return StatusFromFunctionError(ReplyString(r));
      for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i)
        members.emplace_back(ReplyString(r->element[i]));
    }
  }
  std::sort(members.begin(), members.end());
  if (members.size() > static_cast<size_t>(limit)) members.resize(limit);
  std::vector<ObligationRef> refs;
  for (const std::string& member : members) {
    std::vector<std::string> parts =
        absl::StrSplit(member.substr(member.find('|') + 1), '/');
    if (parts.size() == 3) refs.push_back({parts[0], parts[1], parts[2]});
  }
  return refs;
}

absl::StatusOr<bool> RedisTasksStore::RecordReminder(
    const v1::Obligation& obligation, absl::string_view rung,
    const Mutation& mutation) {
  const ObligationRef ref = *ObligationRefOf(obligation.name());
  WritePlan plan = kit_.Plan(mutation);
  const absl::Time sent = mutation.events.empty()
                              ? absl::Now()
                              : FromTimestamp(mutation.events[0].time());
  // Exactly once per obligation and rung, whichever replica gets here first.
  plan.SkipIfSeen(kReminded, absl::StrCat(ObligationPath(ref), "|", rung),
                  sent);
  plan.RequireField(ObligationKey(ref), "state",
                    absl::StrCat(obligation.state()), "FAILED_PRECONDITION",
                    "the obligation moved on");
  auto outcome = kit_.Commit(plan, mutation);
  if (outcome.status().code() == absl::StatusCode::kFailedPrecondition)
    return false;
  if (!outcome.ok()) return outcome.status();
  return !outcome->replayed;
}

absl::StatusOr<std::map<std::string, int64_t>> RedisTasksStore::ReadTally(
    absl::string_view programme, absl::Time deadline) {
  std::map<std::string, int64_t> counters;
  auto reply = kit_.redis().Command({"HGETALL", TallyKey(programme)}, deadline);
  if (!reply.ok()) return reply.status();
  const redisReply* c = reply->get();
  for (size_t i = 0; c->type == REDIS_REPLY_ARRAY && i + 1 < c->elements;
       i += 2) {
    int64_t value = 0;
    if (absl::SimpleAtoi(ReplyString(c->element[i + 1]), &value)) {
      counters[std::string(ReplyString(c->element[i]))] = value;
    }
  }
  return counters;
}

absl::StatusOr<OverdueFigures> RedisTasksStore::ReadOverdue(
    absl::string_view programme, const std::vector<std::string>& groups,
    absl::CivilDay overdue_by, int late_limit, absl::Time deadline) {
  // Each figure is a range count of a sorted set, whatever the number of
  // obligations, all in one round trip.
  const std::string max_day = absl::StrCat(DayNumber(overdue_by));
  std::vector<std::vector<std::string>> commands;
  for (const std::string& group : groups) {
    commands.push_back(
        {"ZCOUNT", AwaitedKey(programme, group), "-inf", max_day});
  }
  commands.push_back({"ZRANGEBYSCORE", AwaitedKey(programme, "all"), "-inf",
                      max_day, "LIMIT", "0", absl::StrCat(late_limit)});
  auto replies = kit_.redis().Pipeline(commands, deadline);
  if (!replies.ok()) return replies.status();
  OverdueFigures figures;
  for (size_t i = 0; i < groups.size(); ++i) {
    figures.per_group[groups[i]] = (*replies)[i]->integer;
  }
  const redisReply* worst = replies->back().get();
  std::vector<std::string> paths;
  for (size_t i = 0; worst->type == REDIS_REPLY_ARRAY && i < worst->elements;
       ++i) {
    paths.emplace_back(ReplyString(worst->element[i]));
  }
  auto records = LoadObligations(paths, deadline);
  if (!records.ok()) return records.status();
  figures.worst = std::move(*records);
  return figures;
}

absl::StatusOr<Page<events::v1::Event>> RedisTasksStore::ListHistory(
    absl::string_view subject, int64_t offset, int limit, absl::Time deadline) {
  return kit_.ListHistory(subject, offset, limit, deadline);
}

}  // namespace ngoaivu::tasks
