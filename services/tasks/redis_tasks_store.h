// The tasks service's records in Redis, under the `{tasks}` hash tag:
//   {tasks}:programme:<p>                 hash: pb, etag, state
//   {tasks}:programmes                    index of programme ids
//   {tasks}:duty:<p>/<d>                  hash: pb, etag, state
//   {tasks}:programme:<p>:duties          index of a programme's duty ids
//   {tasks}:obligation:<p>/<d>/<o>        hash: pb, etag, state, period, agency
//   {tasks}:duty:<p>/<d>:obligations      index of a duty's obligation ids
//   {tasks}:agency:<CODE>:obligations     index of an agency's "p/d/o"
//   {tasks}:programme:<p>:awaited-by-day  "<day, 8 digits>|p/d/o" of the
//                                         programme's awaited obligations,
//                                         day = due day (days since 1970)
//                                         (lexical: paged by cursor, read
//                                         up to a day by the scheduler)
//   {tasks}:programme:<p>:tally           hash: counters per report group
//                                         ("<group>|<metric>", see
//                                         programme_report.h)
//   {tasks}:programme:<p>:awaited:<group> awaited obligations of a report
//                                         group, scored by due day
//   {tasks}:programme:<p>:state:<n>       "<changed, 16 digits of µs>|p/d/o"
//                                         of its obligations in state n,
//                                         longest unchanged first
//   {tasks}:state-index-built             set once older obligations were
//                                         put in the state indexes
//   {tasks}:reminded                      "p/d/o|rung" of reminders sent
//   {tasks}:reports:<p>/<d>/<o>           an obligation's progress reports
//                                         (list, append-only)
//   {tasks}:request:<method>:<id>         retry answers (TTL)
//   {tasks}:history:<resource name>       every event of a resource
//   {tasks}:events                        the event stream
#ifndef NGOAIVU_SERVICES_TASKS_REDIS_TASKS_STORE_H_
#define NGOAIVU_SERVICES_TASKS_REDIS_TASKS_STORE_H_

#include "common/redis_store_kit.h"
#include "services/tasks/tasks_store.h"

namespace ngoaivu::tasks {

inline constexpr char kTasksEventStream[] = "{tasks}:events";

class RedisTasksStore final : public TasksStore {
 public:
  RedisTasksStore(RedisPool* redis, RedisFunctions* functions,
                  int64_t events_max_length);

  absl::StatusOr<std::optional<std::string>> FindResponse(
      const RequestRecord& request, absl::Time deadline) override;
  absl::StatusOr<std::optional<v1::Programme>> FindProgramme(
      absl::string_view id, absl::Time deadline) override;
  absl::StatusOr<Page<v1::Programme>> ListProgrammes(
      absl::string_view cursor, int limit, absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> SaveProgramme(
      const v1::Programme& next, const v1::Programme* previous,
      const std::vector<ObligationWrite>& obligations,
      const Mutation& mutation) override;
  absl::StatusOr<std::optional<v1::Duty>> FindDuty(
      const DutyRef& ref, absl::Time deadline) override;
  absl::StatusOr<Page<v1::Duty>> ListDuties(absl::string_view programme,
                                            absl::string_view cursor, int limit,
                                            absl::Time deadline) override;
  absl::StatusOr<WriteOutcome> CreateDuty(
      const v1::Duty& duty, const v1::Programme& programme,
      const std::vector<ObligationWrite>& obligations,
      const Mutation& mutation) override;
  absl::StatusOr<WriteOutcome> SaveDuty(
      const v1::Duty& next, const v1::Duty& previous,
      const v1::Programme& programme,
      const std::vector<ObligationWrite>& obligations,
      const Mutation& mutation) override;
  absl::StatusOr<WriteOutcome> SaveObligations(
      const std::vector<ObligationWrite>& writes,
      const v1::Programme& programme, const Mutation& mutation) override;
  absl::StatusOr<std::optional<v1::Obligation>> FindObligation(
      const ObligationRef& ref, absl::Time deadline) override;
  absl::StatusOr<bool> CarriesAnyOf(const std::string& agency,
                                    const DutyRef& duty,
                                    absl::Time deadline) override;
  absl::StatusOr<Page<v1::Obligation>> ListObligations(
      const ObligationFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline) override;
  absl::StatusOr<Page<events::v1::Event>> ListHistory(
      absl::string_view subject, int64_t offset, int limit,
      absl::Time deadline) override;
  absl::StatusOr<std::map<std::string, int64_t>> ReadTally(
      absl::string_view programme, absl::Time deadline) override;
  absl::StatusOr<OverdueFigures> ReadOverdue(
      absl::string_view programme, const std::vector<std::string>& groups,
      absl::CivilDay overdue_by, int late_limit, absl::Time deadline) override;
  absl::StatusOr<bool> OpenObligation(const ObligationWrite& obligation,
                                      const Mutation& mutation) override;
  absl::StatusOr<WriteOutcome> FileReport(const v1::ProgressReport& report,
                                          const ObligationWrite& obligation,
                                          const v1::Programme& programme,
                                          const Mutation& mutation) override;
  absl::StatusOr<Page<v1::ProgressReport>> ListReports(
      const ObligationRef& obligation, int64_t offset, int limit,
      absl::Time deadline) override;
  absl::StatusOr<int> IndexStatesOnce(absl::Time deadline) override;
  absl::StatusOr<std::vector<ObligationRef>> AwaitedDueBy(
      absl::CivilDay day, int limit, absl::Time deadline) override;
  absl::StatusOr<bool> RecordReminder(const v1::Obligation& obligation,
                                      absl::string_view rung,
                                      const Mutation& mutation) override;

 private:
  // The programme's awaited obligations, walked by due day.
  // A page of the obligations whose "<key>|p/d/o" members (`prefix`
  // characters before the path) follow `cursor`, up to `to` (ZRANGEBYLEX).
  absl::StatusOr<Page<v1::Obligation>> PageOfIndex(const std::string& index,
                                                   absl::string_view cursor,
                                                   const std::string& to,
                                                   int limit, size_t prefix,
                                                   absl::Time deadline);
  absl::StatusOr<Page<v1::Obligation>> ListProgrammeInState(
      const ObligationFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline);
  absl::StatusOr<Page<v1::Obligation>> ListAwaitedOfProgramme(
      const ObligationFilter& filter, absl::string_view cursor, int limit,
      absl::Time deadline);
  absl::StatusOr<std::vector<v1::Obligation>> LoadObligations(
      const std::vector<std::string>& paths, absl::Time deadline);

  RedisStoreKit kit_;
};

}  // namespace ngoaivu::tasks

#endif  // NGOAIVU_SERVICES_TASKS_REDIS_TASKS_STORE_H_
