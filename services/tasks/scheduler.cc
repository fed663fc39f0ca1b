#include "services/tasks/scheduler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/log.h"
#include "common/metrics.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/obligations_open_now.h"
#include "services/tasks/period_obligations.h"

namespace ngoaivu::tasks {

Scheduler::Scheduler(TasksStore* store, AgencyDirectory* directory,
                     const Clock* clock, LadderSettings ladder)
    : store_(store),
      directory_(directory),
      clock_(clock),
      ladder_(std::move(ladder)),
      runner_("tasks", store, clock, absl::ZeroDuration()) {
  actor_.set_subject("tasks-scheduler");
  actor_.set_role("system");
}

Scheduler::~Scheduler() { Stop(); }

absl::StatusOr<Scheduler::Pass> Scheduler::RunOnce(absl::Time deadline) {
  static auto& runs = CounterFamily(
      "ngoaivu_scheduler_runs_total",
      "Scheduler passes (periods opened, reminders sent), by outcome");
  static auto& opened_total =
      CounterFamily("ngoaivu_obligations_opened_total",
                    "Obligations the scheduler opened for a new period");
  Pass pass;
  if (!states_indexed_) {
    auto indexed = store_->IndexStatesOnce(deadline);
    if (!indexed.ok()) return indexed.status();
    if (*indexed > 0) {
      LogInfo("obligations indexed by state",
              {{"obligations", absl::StrCat(*indexed)}});
    }
    states_indexed_ = true;
  }
  auto opened = OpenDuePeriods(deadline);
  auto reminded = opened.ok() ? SendReminders(deadline) : opened.status();
  CounterOf(runs, {{"outcome", reminded.ok() ? "ok" : "failed"}}).Increment();
  if (opened.ok()) CounterOf(opened_total, {}).Increment(*opened);
  if (!reminded.ok()) return reminded.status();
  pass.opened = *opened;
  pass.reminded = *reminded;
  return pass;
}

absl::StatusOr<int> Scheduler::OpenDuePeriods(absl::Time deadline) {
  int opened = 0;
  std::string programme_cursor;
  do {
    auto programmes = store_->ListProgrammes(programme_cursor, 100, deadline);
    if (!programmes.ok()) return programmes.status();
    for (const v1::Programme& programme : programmes->records) {
      if (programme.state() != v1::Programme::ACTIVE) continue;
      const std::string id = *ProgrammeIdOf(programme.name());
      std::string duty_cursor;
      do {
        auto duties = store_->ListDuties(id, duty_cursor, 500, deadline);
        if (!duties.ok()) return duties.status();
        for (const v1::Duty& duty : duties->records) {
          if (duty.state() != v1::Duty::ACTIVE) continue;
          auto n = OpenDueObligations(programme, duty, deadline);
          if (!n.ok()) return n.status();
          opened += *n;
        }
        duty_cursor = duties->next_cursor;
      } while (!duty_cursor.empty());
    }
    programme_cursor = programmes->next_cursor;
  } while (!programme_cursor.empty());
  return opened;
}

absl::StatusOr<bool> Scheduler::CarriedByPredecessor(
    const v1::Obligation& obligation, absl::Time deadline) {
  const ObligationRef ref = *ObligationRefOf(obligation.name());
  ObligationFilter filter;
  filter.duty = DutyRef{ref.programme, ref.duty};
  filter.period = obligation.period();
  std::string cursor;
  do {
    auto page = store_->ListObligations(filter, cursor, 1000, deadline);
    if (!page.ok()) return page.status();
    for (const v1::Obligation& other : page->records) {
      auto merged = MergedInto(*directory_, other.agency(), obligation.agency(),
                               deadline);
      if (!merged.ok()) return merged.status();
      if (*merged) return true;
    }
    cursor = page->next_cursor;
  } while (!cursor.empty());
  return false;
}

absl::StatusOr<int> Scheduler::OpenDueObligations(
    const v1::Programme& programme, const v1::Duty& duty, absl::Time deadline) {
  const absl::Time now = clock_->Now();
  auto due = ObligationsOpenNow(*directory_, programme, duty, ProvinceDay(now),
                                now, deadline);
  if (!due.ok()) return due.status();
  CallContext call;
  call.actor = actor_;
  call.deadline = deadline;
  int opened = 0;
  for (const v1::Obligation& o : *due) {
    auto existing =
        store_->FindObligation(*ObligationRefOf(o.name()), deadline);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) continue;
    auto carried = CarriedByPredecessor(o, deadline);
    if (!carried.ok()) return carried.status();
    if (*carried) continue;
    MutationScope m = runner_.Internal(call);
    v1::ObligationChanged payload;
    *payload.mutable_obligation() = o;
    m.Emit("obligation.opened", o.name(), payload);
    auto created = store_->OpenObligation(NewObligation(o), m.Build(payload));
    if (!created.ok()) return created.status();
    if (*created) ++opened;
  }
  return opened;
}

absl::StatusOr<bool> Scheduler::Remind(const v1::Obligation& obligation,
                                       absl::CivilDay today,
                                       absl::Time deadline) {
  const auto due = ToCivilDay(obligation.due_date());
  if (!due || !AwaitsAgency(obligation.state()) ||
      obligation.due_before_tracking()) {
    return false;
  }
  const auto rung = CurrentRung(*due, today, ladder_);
  if (!rung) return false;
  v1::ObligationReminder payload;
  *payload.mutable_obligation() = obligation;
  payload.set_rung(rung->id);
  payload.set_days(
      static_cast<int32_t>(rung->overdue ? today - *due : *due - today));
  CallContext call;
  call.actor = actor_;
  call.deadline = deadline;
  MutationScope m = runner_.Internal(call);
  m.Emit(rung->overdue ? "obligation.overdue" : "obligation.due_soon",
         obligation.name(), payload);
  auto recorded =
      store_->RecordReminder(obligation, rung->id, m.Build(payload));
  if (recorded.ok() && *recorded) {
    static auto& rungs = CounterFamily(
        "ngoaivu_reminders_sent_total",
        "Reminder rungs sent (each once per obligation), due_soon or "
        "overdue");
    CounterOf(rungs, {{"kind", rung->overdue ? "overdue" : "due_soon"}})
        .Increment();
  }
  return recorded;
}

absl::StatusOr<int> Scheduler::SendReminders(absl::Time deadline) {
  const absl::CivilDay today = ProvinceDay(clock_->Now());
  int earliest = 0;
  for (int days : ladder_.days_before) earliest = std::max(earliest, days);
  // Everything awaited that is due within the ladder's reach, or past due.
  auto awaited = store_->AwaitedDueBy(today + earliest, 100000, deadline);
  if (!awaited.ok()) return awaited.status();
  int reminded = 0;
  for (const ObligationRef& ref : *awaited) {
    auto found = store_->FindObligation(ref, deadline);
    if (!found.ok()) return found.status();
    if (!found->has_value()) continue;
    auto sent = Remind(**found, today, deadline);
    if (!sent.ok()) return sent.status();
    if (*sent) ++reminded;
  }
  return reminded;
}

void Scheduler::Start(absl::Duration interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto pass = RunOnce(absl::Now() + std::max(interval, absl::Minutes(1)));
      if (!pass.ok()) {
        LogWarning("scheduler pass failed",
                   {{"error", pass.status().ToString()}});
      } else if (pass->opened > 0 || pass->reminded > 0) {
        LogInfo("scheduler pass", {{"opened", absl::StrCat(pass->opened)},
                                   {"reminded", absl::StrCat(pass->reminded)}});
      }
      lock.lock();
      wake_.wait_for(lock, absl::ToChronoMilliseconds(interval),
                     [this] { return stopping_; });
    }
  });
}

void Scheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ngoaivu::tasks
