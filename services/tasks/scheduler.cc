#include "services/tasks/scheduler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/log.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/tasks/carriers.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/opening.h"

namespace ngoaivu::tasks {

Scheduler::Scheduler(TasksStore* store, AgencyDirectory* directory,
                     const Clock* clock, LadderSettings ladder)
    : store_(store),
      directory_(directory),
      clock_(clock),
      ladder_(std::move(ladder)),
      events_("//ngoaivu/tasks", "ngoaivu.tasks.v1.") {
  actor_.actor.set_subject("tasks-scheduler");
  actor_.actor.set_role("system");
}

Scheduler::~Scheduler() { Stop(); }

events::v1::Event Scheduler::MakeEvent(
    absl::string_view verb, absl::string_view subject,
    const google::protobuf::Message& payload) const {
  return events_.Make(verb, subject, payload, actor_, "", clock_->Now());
}

absl::StatusOr<Scheduler::Pass> Scheduler::RunOnce(absl::Time deadline) {
  Pass pass;
  auto opened = OpenDuePeriods(deadline);
  if (!opened.ok()) return opened.status();
  pass.opened = *opened;
  auto reminded = SendReminders(deadline);
  if (!reminded.ok()) return reminded.status();
  pass.reminded = *reminded;
  return pass;
}

absl::StatusOr<int> Scheduler::OpenDuePeriods(absl::Time deadline) {
  const absl::Time now = clock_->Now();
  const absl::CivilDay today = ProvinceDay(now);
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
          auto due = ObligationsOpenNow(*directory_, programme, duty, today,
                                        now, deadline);
          if (!due.ok()) return due.status();
          for (const v1::Obligation& o : *due) {
            auto existing =
                store_->FindObligation(*ObligationRefOf(o.name()), deadline);
            if (!existing.ok()) return existing.status();
            if (existing->has_value()) continue;
            v1::ObligationChanged payload;
            *payload.mutable_obligation() = o;
            Mutation mutation;
            mutation.events.push_back(
                MakeEvent("obligation.opened", o.name(), payload));
            mutation.deadline = deadline;
            auto created = store_->OpenObligation(o, mutation);
            if (!created.ok()) return created.status();
            if (*created) ++opened;
          }
        }
        duty_cursor = duties->next_cursor;
      } while (!duty_cursor.empty());
    }
    programme_cursor = programmes->next_cursor;
  } while (!programme_cursor.empty());
  return opened;
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
    const v1::Obligation& obligation = **found;
    const auto due = ToCivilDay(obligation.due_date());
    if (!due || !AwaitsAgency(obligation.state())) continue;
    const auto rung = CurrentRung(*due, today, ladder_);
    if (!rung) continue;
    v1::ObligationReminder payload;
    *payload.mutable_obligation() = obligation;
    payload.set_rung(rung->id);
    payload.set_days(
        static_cast<int32_t>(rung->overdue ? today - *due : *due - today));
    const events::v1::Event event =
        MakeEvent(rung->overdue ? "obligation.overdue" : "obligation.due_soon",
                  obligation.name(), payload);
    auto sent = store_->RecordReminder(obligation, rung->id, event, deadline);
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
