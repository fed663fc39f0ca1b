#include "services/tasks/redis_tasks_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/principal.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/programme_report.h"

namespace ngoaivu::tasks {
namespace {

constexpr char kHistoryPrefix[] = "{tasks}:history:";
constexpr char kProgrammes[] = "{tasks}:programmes";
constexpr char kAwaited[] = "{tasks}:awaited";
constexpr char kReminded[] = "{tasks}:reminded";

int64_t DayNumber(absl::CivilDay day) {
  return day - absl::CivilDay(1970, 1, 1);
}

// Due days as hash fields that compare as strings: "20250930".
std::string DueField(absl::CivilDay day) {
  return absl::StrFormat("%04d%02d%02d", day.year(), day.month(), day.day());
}

// The plain fields beside an obligation's record that lists filter on.
std::vector<std::pair<std::string, std::string>> ObligationFields(
    const v1::Obligation& o) {
  const auto due = ToCivilDay(o.due_date());
  return {{"pb", o.SerializeAsString()},
          {"etag", o.etag()},
          {"state", absl::StrCat(o.state())},
          {"period", o.period()},
          {"agency", o.agency()},
          {"due", due ? DueField(*due) : ""},
          {"awaited", AwaitsAgency(o.state()) ? "1" : "0"}};
}

std::string TallyKey(absl::string_view programme) {
  return absl::StrCat("{tasks}:programme:", programme, ":tally");
}
std::string AwaitedKey(absl::string_view programme, absl::string_view group) {
  return absl::StrCat("{tasks}:programme:", programme, ":awaited:", group);
}

// Keeps the indexes and counters beside an obligation in step with it:
// `{tasks}:awaited` (the scheduler's), the programme's awaited obligations
// per report group, and the programme's counters. `previous` is null for a
// new obligation, `next` null for one that goes.
void TrackObligation(const v1::Obligation* next, const v1::Obligation* previous,
                     WritePlan* plan) {
  const v1::Obligation& any = next != nullptr ? *next : *previous;
  const ObligationRef ref = *ObligationRefOf(any.name());
  const std::string path =
      absl::StrCat(ref.programme, "/", ref.duty, "/", ref.obligation);
  auto awaited_due = [](const v1::Obligation* o) -> std::optional<int64_t> {
    if (o == nullptr || !AwaitsAgency(o->state())) return std::nullopt;
    const auto due = ToCivilDay(o->due_date());
    if (!due) return std::nullopt;
    return DayNumber(*due);
  };
  const std::optional<int64_t> now_due = awaited_due(next);
  const std::optional<int64_t> was_due = awaited_due(previous);
  if (now_due != was_due) {
    if (was_due) {
      plan->IndexRemove(kAwaited, path);
      for (const std::string& group : ReportGroupsOf(*previous))
        plan->IndexRemove(AwaitedKey(ref.programme, group), path);
    }
    if (now_due) {
      plan->ScoredAdd(kAwaited, path, *now_due);
      for (const std::string& group : ReportGroupsOf(*next))
        plan->ScoredAdd(AwaitedKey(ref.programme, group), path, *now_due);
    }
  }
  plan->Increment(TallyKey(ref.programme), TallyDelta(previous, next));
}

std::string ProgrammeKey(absl::string_view id) {
  return absl::StrCat("{tasks}:programme:", id);
}
std::string DutiesIndex(absl::string_view programme) {
  return absl::StrCat("{tasks}:programme:", programme, ":duties");
}
std::string DutyKey(const DutyRef& ref) {
  return absl::StrCat("{tasks}:duty:", ref.programme, "/", ref.duty);
}
std::string DutyObligationsIndex(const DutyRef& ref) {
  return absl::StrCat("{tasks}:duty:", ref.programme, "/", ref.duty,
                      ":obligations");
}
std::string ObligationPath(const ObligationRef& ref) {
  return absl::StrCat(ref.programme, "/", ref.duty, "/", ref.obligation);
}
std::string ObligationKey(const ObligationRef& ref) {
  return absl::StrCat("{tasks}:obligation:", ObligationPath(ref));
}
std::string AgencyIndex(absl::string_view agency) {
  return absl::StrCat("{tasks}:agency:", AgencyCodeOfResource(agency),
                      ":obligations");
}

void GuardProgramme(const v1::Programme& programme, WritePlan* plan) {
  plan->RequireField(
      ProgrammeKey(*ProgrammeIdOf(programme.name())), "etag", programme.etag(),
      "ABORTED", absl::StrCat(programme.name(), " was changed concurrently"));
}

}  // namespace

RedisTasksStore::RedisTasksStore(RedisPool* redis, RedisFunctions* functions,
                                 int64_t events_max_length)
    : redis_(redis),
      functions_(functions),
      events_max_length_(events_max_length) {}

absl::StatusOr<std::optional<std::string>> RedisTasksStore::FindResponse(
    const RequestRecord& request, absl::Time deadline) {
  return FindPriorResponse(*redis_, request, deadline);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::Commit(
    WritePlan& plan, const Mutation& mutation) const {
  AddMutation(mutation, kTasksEventStream, events_max_length_, kHistoryPrefix,
              &plan);
  return plan.Commit(*functions_, mutation.deadline);
}

void RedisTasksStore::AddObligation(const v1::Obligation& o,
                                    WritePlan* plan) const {
  const ObligationRef ref = *ObligationRefOf(o.name());
  const std::string key = ObligationKey(ref);
  plan->RequireAbsent(key, "ALREADY_EXISTS",
                      absl::StrCat(o.name(), " already exists"));
  plan->HashSet(key, ObligationFields(o));
  plan->IndexAdd(DutyObligationsIndex({ref.programme, ref.duty}),
                 ref.obligation);
  plan->IndexAdd(AgencyIndex(o.agency()), ObligationPath(ref));
  TrackObligation(&o, nullptr, plan);
}

void RedisTasksStore::WriteObligation(const ObligationWrite& write,
                                      WritePlan* plan) const {
  if (!write.previous) {
    AddObligation(write.next, plan);
    return;
  }
  const std::string key = ObligationKey(*ObligationRefOf(write.next.name()));
  plan->RequireField(
      key, "etag", write.previous->etag(), "ABORTED",
      absl::StrCat(write.next.name(), " was changed concurrently"));
  plan->HashSet(key, ObligationFields(write.next));
  TrackObligation(&write.next, &*write.previous, plan);
}

absl::StatusOr<std::optional<v1::Programme>> RedisTasksStore::FindProgramme(
    absl::string_view id, absl::Time deadline) {
  return LoadRecord<v1::Programme>(*redis_, ProgrammeKey(id), deadline);
}

absl::StatusOr<Page<v1::Programme>> RedisTasksStore::ListProgrammes(
    absl::string_view cursor, int limit, absl::Time deadline) {
  PageQuery query{
      kProgrammes, "{tasks}:programme:", std::string(cursor), limit, {}};
  return ReadPage<v1::Programme>(*functions_, query, deadline);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::SaveProgramme(
    const v1::Programme& next, const v1::Programme* previous,
    const std::vector<v1::Obligation>& obligations, const Mutation& mutation) {
  const std::string id = *ProgrammeIdOf(next.name());
  const std::string key = ProgrammeKey(id);
  WritePlan plan;
  plan.Replay(mutation.request);
  if (previous == nullptr) {
    plan.RequireAbsent(key, "ALREADY_EXISTS",
                       absl::StrCat(next.name(), " already exists"));
  } else {
    GuardProgramme(*previous, &plan);
  }
  plan.HashSet(key, {{"pb", next.SerializeAsString()},
                     {"etag", next.etag()},
                     {"state", absl::StrCat(next.state())}});
  plan.IndexAdd(kProgrammes, id);
  for (const auto& o : obligations) AddObligation(o, &plan);
  return Commit(plan, mutation);
}

absl::StatusOr<std::optional<v1::Duty>> RedisTasksStore::FindDuty(
    const DutyRef& ref, absl::Time deadline) {
  return LoadRecord<v1::Duty>(*redis_, DutyKey(ref), deadline);
}

absl::StatusOr<Page<v1::Duty>> RedisTasksStore::ListDuties(
    absl::string_view programme, absl::string_view cursor, int limit,
    absl::Time deadline) {
  PageQuery query{DutiesIndex(programme),
                  absl::StrCat("{tasks}:duty:", programme, "/"),
                  std::string(cursor),
                  limit,
                  {}};
  return ReadPage<v1::Duty>(*functions_, query, deadline);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::CreateDuty(
    const v1::Duty& duty, const v1::Programme& programme,
    const std::vector<v1::Obligation>& obligations, const Mutation& mutation) {
  const DutyRef ref = *DutyRefOf(duty.name());
  WritePlan plan;
  plan.Replay(mutation.request);
  GuardProgramme(programme, &plan);
  plan.RequireAbsent(DutyKey(ref), "ALREADY_EXISTS",
                     absl::StrCat(duty.name(), " already exists"));
  plan.HashSet(DutyKey(ref), {{"pb", duty.SerializeAsString()},
                              {"etag", duty.etag()},
                              {"state", absl::StrCat(duty.state())}});
  plan.IndexAdd(DutiesIndex(ref.programme), ref.duty);
  for (const auto& o : obligations) AddObligation(o, &plan);
  return Commit(plan, mutation);
}

absl::StatusOr<std::optional<v1::Obligation>> RedisTasksStore::FindObligation(
    const ObligationRef& ref, absl::Time deadline) {
  return LoadRecord<v1::Obligation>(*redis_, ObligationKey(ref), deadline);
}

absl::StatusOr<bool> RedisTasksStore::CarriesAnyOf(const std::string& agency,
                                                   const DutyRef& duty,
                                                   absl::Time deadline) {
  // The agency's index holds "p/d/o" in order: one lexical range probe.
  const std::string prefix = absl::StrCat(duty.programme, "/", duty.duty, "/");
  auto reply =
      redis_->Command({"ZRANGEBYLEX", AgencyIndex(agency), "[" + prefix,
                       "(" + prefix + "\xff", "LIMIT", "0", "1"},
                      deadline);
  if (!reply.ok()) return reply.status();
  return (*reply)->type == REDIS_REPLY_ARRAY && (*reply)->elements > 0;
}

absl::StatusOr<Page<v1::Obligation>> RedisTasksStore::ListObligations(
    const ObligationFilter& filter, absl::string_view cursor, int limit,
    absl::Time deadline) {
  PageQuery query;
  query.after = std::string(cursor);
  query.limit = limit;
  if (filter.duty) {
    query.index_key = DutyObligationsIndex(*filter.duty);
    query.record_prefix =
        absl::StrCat("{tasks}:obligation:", filter.duty->programme, "/",
                     filter.duty->duty, "/");
    if (!filter.agency.empty())
      query.filters.emplace_back("agency", filter.agency);
  } else {
    query.index_key = AgencyIndex(filter.agency);
    query.record_prefix = "{tasks}:obligation:";
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
  return ReadPage<v1::Obligation>(*functions_, query, deadline);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::SaveObligation(
    const v1::Obligation& next, const v1::Obligation& previous,
    const v1::Programme& programme, const Mutation& mutation) {
  return SaveObligations({{next, previous}}, programme, mutation);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::SaveObligations(
    const std::vector<ObligationWrite>& writes, const v1::Programme& programme,
    const Mutation& mutation) {
  WritePlan plan;
  plan.Replay(mutation.request);
  GuardProgramme(programme, &plan);
  for (const ObligationWrite& write : writes) WriteObligation(write, &plan);
  return Commit(plan, mutation);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::SaveDuty(
    const v1::Duty& next, const v1::Duty& previous,
    const v1::Programme& programme,
    const std::vector<ObligationWrite>& obligations, const Mutation& mutation) {
  const std::string key = DutyKey(*DutyRefOf(next.name()));
  WritePlan plan;
  plan.Replay(mutation.request);
  GuardProgramme(programme, &plan);
  plan.RequireField(key, "etag", previous.etag(), "ABORTED",
                    absl::StrCat(next.name(), " was changed concurrently"));
  plan.HashSet(key, {{"pb", next.SerializeAsString()},
                     {"etag", next.etag()},
                     {"state", absl::StrCat(next.state())}});
  for (const ObligationWrite& write : obligations)
    WriteObligation(write, &plan);
  return Commit(plan, mutation);
}

absl::StatusOr<WriteOutcome> RedisTasksStore::FileReport(
    const v1::ProgressReport& report, const v1::Obligation& next,
    const v1::Obligation& previous, const v1::Programme& programme,
    const Mutation& mutation) {
  const ObligationRef ref = *ObligationRefOf(next.name());
  WritePlan plan;
  plan.Replay(mutation.request);
  GuardProgramme(programme, &plan);
  WriteObligation({next, previous}, &plan);
  plan.Append(absl::StrCat("{tasks}:reports:", ObligationPath(ref)),
              report.SerializeAsString());
  return Commit(plan, mutation);
}

absl::StatusOr<Page<v1::ProgressReport>> RedisTasksStore::ListReports(
    const ObligationRef& obligation, int64_t offset, int limit,
    absl::Time deadline) {
  auto replies = redis_->Pipeline(
      {{"LRANGE", absl::StrCat("{tasks}:reports:", ObligationPath(obligation)),
        absl::StrCat(offset), absl::StrCat(offset + limit - 1)},
       {"LLEN", absl::StrCat("{tasks}:reports:", ObligationPath(obligation))}},
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
    const v1::Obligation& obligation, const Mutation& mutation) {
  WritePlan plan;
  AddObligation(obligation, &plan);
  auto outcome = Commit(plan, mutation);
  if (outcome.status().code() == absl::StatusCode::kAlreadyExists) return false;
  if (!outcome.ok()) return outcome.status();
  return true;
}

absl::StatusOr<std::vector<ObligationRef>> RedisTasksStore::AwaitedDueBy(
    absl::CivilDay day, int limit, absl::Time deadline) {
  auto reply = redis_->Command(
      {"ZRANGEBYSCORE", kAwaited, "-inf", absl::StrCat(DayNumber(day)), "LIMIT",
       "0", absl::StrCat(limit)},
      deadline);
  if (!reply.ok()) return reply.status();
  std::vector<ObligationRef> refs;
  const redisReply* r = reply->get();
  for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i) {
    std::vector<std::string> parts =
        absl::StrSplit(std::string(ReplyString(r->element[i])), '/');
    if (parts.size() == 3) refs.push_back({parts[0], parts[1], parts[2]});
  }
  return refs;
}

absl::StatusOr<bool> RedisTasksStore::RecordReminder(
    const v1::Obligation& obligation, absl::string_view rung,
    const events::v1::Event& event, absl::Time deadline) {
  const ObligationRef ref = *ObligationRefOf(obligation.name());
  WritePlan plan;
  // Exactly once per obligation and rung, whichever replica gets here first.
  plan.Once(kReminded, absl::StrCat(ObligationPath(ref), "|", rung),
            event.time().seconds() > 0
                ? absl::FromUnixSeconds(event.time().seconds())
                : absl::Now());
  plan.RequireField(ObligationKey(ref), "state",
                    absl::StrCat(obligation.state()), "FAILED_PRECONDITION",
                    "the obligation moved on");
  plan.AppendEvent(kTasksEventStream, events_max_length_, event,
                   absl::StrCat(kHistoryPrefix, event.subject()));
  auto outcome = plan.Commit(*functions_, deadline);
  if (outcome.status().code() == absl::StatusCode::kFailedPrecondition)
    return false;
  if (!outcome.ok()) return outcome.status();
  return !outcome->replayed;
}

absl::StatusOr<ProgrammeTally> RedisTasksStore::ReadProgrammeTally(
    absl::string_view programme, absl::CivilDay overdue_by, int late_limit,
    absl::Time deadline) {
  ProgrammeTally tally;
  auto counters = redis_->Command({"HGETALL", TallyKey(programme)}, deadline);
  if (!counters.ok()) return counters.status();
  const redisReply* c = counters->get();
  for (size_t i = 0; c->type == REDIS_REPLY_ARRAY && i + 1 < c->elements;
       i += 2) {
    int64_t value = 0;
    if (absl::SimpleAtoi(ReplyString(c->element[i + 1]), &value)) {
      tally.counters[std::string(ReplyString(c->element[i]))] = value;
    }
  }
  // Overdue counts per group and the worst overdue, in one round trip: each
  // is a range count of a sorted set, whatever the number of obligations.
  std::vector<std::string> groups = TalliedGroups(tally.counters);
  groups.insert(groups.begin(), "all");
  const std::string max_day = absl::StrCat(DayNumber(overdue_by));
  std::vector<std::vector<std::string>> commands;
  for (const std::string& group : groups) {
    commands.push_back(
        {"ZCOUNT", AwaitedKey(programme, group), "-inf", max_day});
  }
  commands.push_back({"ZRANGEBYSCORE", AwaitedKey(programme, "all"), "-inf",
                      max_day, "LIMIT", "0", absl::StrCat(late_limit)});
  auto replies = redis_->Pipeline(commands, deadline);
  if (!replies.ok()) return replies.status();
  for (size_t i = 0; i < groups.size(); ++i) {
    tally.overdue[groups[i]] = (*replies)[i]->integer;
  }
  const redisReply* worst = replies->back().get();
  std::vector<std::vector<std::string>> loads;
  for (size_t i = 0; worst->type == REDIS_REPLY_ARRAY && i < worst->elements;
       ++i) {
    loads.push_back(
        {"HGET",
         absl::StrCat("{tasks}:obligation:", ReplyString(worst->element[i])),
         "pb"});
  }
  if (loads.empty()) return tally;
  auto records = redis_->Pipeline(loads, deadline);
  if (!records.ok()) return records.status();
  for (const auto& reply : *records) {
    if (reply->type != REDIS_REPLY_STRING) continue;
    v1::Obligation o;
    if (!o.ParseFromString(std::string(ReplyString(reply.get())))) {
      return absl::InternalError("an obligation does not parse");
    }
    tally.worst_overdue.push_back(std::move(o));
  }
  return tally;
}

absl::StatusOr<Page<events::v1::Event>> RedisTasksStore::ListHistory(
    absl::string_view subject, int64_t offset, int limit, absl::Time deadline) {
  return ReadHistory(*redis_, absl::StrCat(kHistoryPrefix, subject), offset,
                     limit, deadline);
}

}  // namespace ngoaivu::tasks
