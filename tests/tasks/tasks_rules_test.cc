// The tasks service's domain rules, without gRPC or Redis: schedules across
// years, the obligation lifecycle, lateness and the reminder ladder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "common/dates.h"
#include "common/errors.h"
#include "services/tasks/assignment.h"
#include "services/tasks/obligation_lifecycle.h"
#include "services/tasks/obligation_tracking.h"
#include "services/tasks/period_obligations.h"
#include "services/tasks/programme_report.h"
#include "services/tasks/reassignment.h"
#include "services/tasks/reminder_ladder.h"
#include "services/tasks/schedule.h"

namespace ngoaivu::tasks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using v1::Obligation;

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

v1::Schedule Yearly(int month, int day, int first, int last = 0) {
  v1::Schedule s;
  s.mutable_yearly()->set_month(month);
  s.mutable_yearly()->set_day(day);
  s.mutable_yearly()->set_first_year(first);
  s.mutable_yearly()->set_last_year(last);
  return s;
}

std::vector<std::string> Labels(const std::vector<Period>& periods) {
  std::vector<std::string> out;
  for (const auto& p : periods) out.push_back(p.label);
  return out;
}

TEST(ScheduleTest, TheThirtiethOfSeptemberRegistrationOpensAheadEachYear) {
  const v1::Schedule registration = Yearly(9, 30, 2023);
  // Opens 60 days ahead: on 1 August.
  EXPECT_THAT(
      Labels(OpenPeriods(registration, 60, Day(2023, 1, 1), Day(2025, 7, 31))),
      ElementsAre("2023", "2024"));
  const auto periods =
      OpenPeriods(registration, 60, Day(2023, 1, 1), Day(2025, 8, 1));
  ASSERT_THAT(Labels(periods), ElementsAre("2023", "2024", "2025"));
  EXPECT_EQ(*periods[2].due, Day(2025, 9, 30));
  EXPECT_EQ(periods[2].opens, Day(2025, 8, 1));
  // A last year ends the series.
  EXPECT_THAT(Labels(OpenPeriods(Yearly(9, 30, 2023, 2024), 60, Day(2023, 1, 1),
                                 Day(2030, 1, 1))),
              ElementsAre("2023", "2024"));
}

TEST(ScheduleTest, DaysThatAMonthLacksFallOnItsLastDay) {
  const auto leap = PeriodOf(Yearly(2, 29, 2020), 0, "2024");
  const auto common = PeriodOf(Yearly(2, 29, 2020), 0, "2025");
  EXPECT_EQ(*leap->due, Day(2024, 2, 29));
  EXPECT_EQ(*common->due, Day(2025, 2, 28));

  v1::Schedule monthly;
  monthly.mutable_every_months()->set_months(1);
  *monthly.mutable_every_months()->mutable_first_due() =
      ToDate(Day(2025, 1, 31));
  const auto periods =
      OpenPeriods(monthly, 0, Day(2025, 1, 1), Day(2025, 4, 30));
  ASSERT_THAT(Labels(periods),
              ElementsAre("2025-01", "2025-02", "2025-03", "2025-04"));
  EXPECT_EQ(*periods[1].due, Day(2025, 2, 28));
  EXPECT_EQ(*periods[2].due, Day(2025, 3, 31));
}

TEST(ScheduleTest, SemiannualReportsAndPeriodLabels) {
  v1::Schedule half_yearly;
  half_yearly.mutable_every_months()->set_months(6);
  *half_yearly.mutable_every_months()->mutable_first_due() =
      ToDate(Day(2025, 6, 30));
  EXPECT_THAT(
      Labels(OpenPeriods(half_yearly, 15, Day(2025, 1, 1), Day(2026, 6, 15))),
      ElementsAre("2025-06", "2025-12", "2026-06"));
  EXPECT_TRUE(PeriodOf(half_yearly, 0, "2025-12").has_value());
  EXPECT_FALSE(PeriodOf(half_yearly, 0, "2025-09").has_value());
  EXPECT_FALSE(PeriodOf(half_yearly, 0, "bad").has_value());
}

TEST(ScheduleTest, OnceAndContinuing) {
  v1::Schedule once;
  *once.mutable_due_date() = ToDate(Day(2026, 3, 1));
  EXPECT_TRUE(OpenPeriods(once, 10, Day(2026, 1, 1), Day(2026, 2, 18)).empty());
  EXPECT_THAT(Labels(OpenPeriods(once, 10, Day(2026, 1, 1), Day(2026, 2, 19))),
              ElementsAre(""));
  v1::Schedule continuing;
  continuing.mutable_continuing();
  const auto periods =
      OpenPeriods(continuing, 0, Day(2011, 12, 6), Day(2026, 1, 1));
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_FALSE(periods[0].due.has_value());
  EXPECT_EQ(periods[0].opens, Day(2011, 12, 6));
}

TEST(ScheduleTest, ImpossibleSchedulesAreInvalid) {
  std::vector<std::string> fields;
  for (const auto& v :
       FieldViolationsOf(ValidateSchedule(v1::Schedule(), "duty.schedule"))) {
    fields.push_back(v.field);
  }
  EXPECT_THAT(fields, ElementsAre("duty.schedule"));
  v1::Schedule bad = Yearly(13, 0, 2025, 2024);
  fields.clear();
  for (const auto& v : FieldViolationsOf(ValidateSchedule(bad, "s")))
    fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("s.yearly.month", "s.yearly.day",
                                  "s.yearly.last_year"));
  v1::Schedule february;
  february.mutable_due_date()->set_year(2025);
  february.mutable_due_date()->set_month(2);
  february.mutable_due_date()->set_day(30);
  EXPECT_FALSE(ValidateSchedule(february, "s").ok());
  EXPECT_TRUE(ValidateSchedule(Yearly(9, 30, 2012), "s").ok());
}

TEST(PeriodTrackingTest, TrackingStartsWithThePeriodRunningThatDay) {
  const absl::CivilDay adopted(2026, 11, 30);
  auto tracked = [&](const std::string& label, absl::CivilDay due) {
    return IsTracked(Period{label, due, due - 60}, adopted);
  };
  // This year's registration, overdue, is tracked; last year's is not.
  EXPECT_TRUE(tracked("2026", absl::CivilDay(2026, 9, 30)));
  EXPECT_FALSE(tracked("2025", absl::CivilDay(2025, 9, 30)));
  EXPECT_TRUE(tracked("2027", absl::CivilDay(2027, 9, 30)));
  // A monthly period runs to the end of its month.
  EXPECT_TRUE(tracked("2026-11", absl::CivilDay(2026, 11, 15)));
  EXPECT_FALSE(tracked("2026-10", absl::CivilDay(2026, 10, 31)));
  // A once-only period runs to its due date; a continuing duty always.
  EXPECT_FALSE(tracked("", absl::CivilDay(2012, 6, 30)));
  EXPECT_TRUE(tracked("", absl::CivilDay(2026, 12, 31)));
  EXPECT_TRUE(IsTracked(Period{"", std::nullopt, adopted}, adopted));
  // Without a tracking day, everything is.
  EXPECT_TRUE(IsTracked(Period{"2012", absl::CivilDay(2012, 9, 30), adopted},
                        std::nullopt));
}

TEST(ObligationTrackingTest, WhatIsKeptBesideAnObligation) {
  v1::Obligation o;
  o.set_name("programmes/p/duties/d/obligations/2026-sngv");
  o.set_agency("agencies/SNGV");
  o.set_section("IV.9");
  o.set_state(v1::Obligation::OPEN);
  // Awaited without a due date (a continuing duty): awaited, not indexed by
  // day.
  ObligationWrite opened = NewObligation(o);
  EXPECT_TRUE(opened.now.awaited);
  EXPECT_FALSE(opened.now.awaited_due_day.has_value());
  *o.mutable_due_date() = ToDate(absl::CivilDay(1970, 1, 11));
  opened = NewObligation(o);
  EXPECT_EQ(opened.now.awaited_due_day, 10);
  EXPECT_THAT(opened.now.report_groups,
              ::testing::ElementsAre("all", "s:IV.9", "a:SNGV"));
  EXPECT_FALSE(opened.tally_delta.empty());
  v1::Obligation submitted = o;
  submitted.set_state(v1::Obligation::SUBMITTED);
  const ObligationWrite change = ChangedObligation(submitted, o);
  EXPECT_FALSE(change.now.awaited);
  EXPECT_FALSE(change.now.awaited_due_day.has_value());
  EXPECT_EQ(change.before.awaited_due_day, 10);
}

TEST(ObligationLifecycleTest, TheHappyPathAndTheReturn) {
  auto s = Next(Obligation::OPEN, ObligationAction::kStart);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, Obligation::IN_PROGRESS);
  EXPECT_EQ(*Next(Obligation::IN_PROGRESS, ObligationAction::kReport),
            Obligation::IN_PROGRESS);
  EXPECT_EQ(*Next(Obligation::IN_PROGRESS, ObligationAction::kSubmit),
            Obligation::SUBMITTED);
  EXPECT_EQ(*Next(Obligation::SUBMITTED, ObligationAction::kReturn),
            Obligation::IN_PROGRESS);
  EXPECT_EQ(*Next(Obligation::SUBMITTED, ObligationAction::kAccept),
            Obligation::ACCEPTED);
  EXPECT_EQ(*Next(Obligation::OPEN, ObligationAction::kWaive),
            Obligation::WAIVED);
}

TEST(ObligationLifecycleTest, AWrongTransitionNamesTheStateAndWhatIsAllowed) {
  auto refused = Next(Obligation::OPEN, ObligationAction::kAccept);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("cannot accept an obligation that is OPEN; allowed: "
                        "start, report, submit, waive, cancel"));
  auto final_state = Next(Obligation::ACCEPTED, ObligationAction::kReturn);
  EXPECT_THAT(std::string(final_state.status().message()),
              HasSubstr("nothing (it is final)"));
  for (ObligationState done :
       {Obligation::ACCEPTED, Obligation::WAIVED, Obligation::CANCELLED}) {
    EXPECT_TRUE(AllowedActions(done).empty());
    EXPECT_FALSE(AwaitsAgency(done));
  }
  EXPECT_FALSE(
      AwaitsAgency(Obligation::SUBMITTED));  // submitting stops reminders
  EXPECT_TRUE(AwaitsAgency(Obligation::IN_PROGRESS));
}

TEST(ObligationLifecycleTest, DaysLate) {
  EXPECT_EQ(DaysLate(Day(2025, 9, 30), Day(2025, 9, 30)), 0);
  EXPECT_EQ(DaysLate(Day(2025, 9, 30), Day(2025, 10, 1)), 1);
  EXPECT_EQ(DaysLate(Day(2025, 9, 30), Day(2026, 9, 30)), 365);
  EXPECT_EQ(DaysLate(std::nullopt, Day(2030, 1, 1)), 0);
}

std::vector<std::string> Ids(const std::vector<Rung>& rungs) {
  std::vector<std::string> ids;
  for (const auto& r : rungs) ids.push_back(r.id);
  return ids;
}

TEST(ReminderLadderTest, DefaultRungsAroundTheThirtiethOfSeptember) {
  const LadderSettings defaults;
  const auto rungs = RungsBetween(Day(2025, 9, 30), Day(2025, 8, 1),
                                  Day(2025, 10, 22), defaults);
  EXPECT_THAT(Ids(rungs),
              ElementsAre("due-in-30d", "due-in-7d", "due-in-1d", "overdue-1d",
                          "overdue-8d", "overdue-15d", "overdue-22d"));
  EXPECT_EQ(rungs[0].day, Day(2025, 8, 31));
  EXPECT_EQ(rungs[3].day, Day(2025, 10, 1));
  EXPECT_TRUE(rungs[3].overdue);
  EXPECT_FALSE(rungs[2].overdue);
}

TEST(ReminderLadderTest, OnlyTheLatestRungIsCurrent) {
  const LadderSettings defaults;
  EXPECT_FALSE(
      CurrentRung(Day(2025, 9, 30), Day(2025, 8, 30), defaults).has_value());
  EXPECT_EQ(CurrentRung(Day(2025, 9, 30), Day(2025, 9, 25), defaults)->id,
            "due-in-7d");
  // Down from 20 September to 20 October: only the latest rung fires.
  EXPECT_EQ(CurrentRung(Day(2025, 9, 30), Day(2025, 10, 20), defaults)->id,
            "overdue-15d");
  LadderSettings custom;
  custom.days_before = {14};
  custom.first_overdue_after_days = 2;
  custom.repeat_overdue_every_days = 30;
  EXPECT_THAT(Ids(RungsBetween(Day(2025, 9, 30), Day(2025, 1, 1),
                               Day(2025, 12, 31), custom)),
              ElementsAre("due-in-14d", "overdue-2d", "overdue-32d",
                          "overdue-62d", "overdue-92d"));
}

TEST(AssignmentTest, LeadAndCoordinatorsEachGetAShare) {
  v1::Duty duty;
  duty.set_lead_agency("agencies/SKHDT");
  duty.add_coordinating_agencies("agencies/SNGV");
  duty.add_coordinating_agencies("agencies/SCT");
  duty.set_coordinator_offset_days(10);
  ASSERT_TRUE(ValidateAssignment(duty).ok());
  const auto shares = SharesOf(duty, {}, Day(2025, 12, 31));
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_EQ(shares[0].agency, "agencies/SKHDT");
  EXPECT_EQ(shares[0].role, Obligation::LEAD);
  EXPECT_EQ(*shares[0].due, Day(2025, 12, 31));
  EXPECT_EQ(shares[1].role, Obligation::COORDINATING);
  EXPECT_EQ(*shares[1].due, Day(2025, 12, 21));  // input due before the lead's
  EXPECT_FALSE(SharesOf(duty, {}, std::nullopt)[1].due.has_value());
}

TEST(AssignmentTest, AGroupDutyGivesEachMemberItsOwnObligation) {
  v1::Duty duty;
  duty.set_group("groups/districts");
  ASSERT_TRUE(ValidateAssignment(duty).ok());
  const auto shares = SharesOf(
      duty, {"agencies/UBND-TBI", "agencies/UBND-BCA", "agencies/UBND-TBI"},
      Day(2025, 9, 30));
  ASSERT_EQ(shares.size(), 2u);  // one per distinct member
  for (const auto& share : shares) EXPECT_EQ(share.role, Obligation::LEAD);
}

TEST(AssignmentTest, ContradictoryAssignmentsAreInvalid) {
  std::vector<std::string> fields;
  v1::Duty nobody;
  for (const auto& v : FieldViolationsOf(ValidateAssignment(nobody)))
    fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("duty.lead_agency"));
  v1::Duty both;
  both.set_lead_agency("agencies/SNGV");
  both.set_group("groups/districts");
  both.add_coordinating_agencies("agencies/SNGV");
  fields.clear();
  for (const auto& v : FieldViolationsOf(ValidateAssignment(both)))
    fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("duty.group", "duty.coordinating_agencies",
                                  "duty.coordinating_agencies[0]"));
}

// --- Programme report: counters and roll-up ---

Obligation Counted(const std::string& section, const std::string& code,
                   Obligation::State state, int percent) {
  Obligation o;
  o.set_name("programmes/p/duties/d/obligations/" + code);
  o.set_section(section);
  o.set_agency("agencies/" + code);
  o.set_state(state);
  o.set_percent_complete(percent);
  return o;
}

std::map<std::string, int64_t> Apply(
    std::map<std::string, int64_t> counters,
    const std::vector<std::pair<std::string, int64_t>>& delta) {
  for (const auto& [field, value] : delta) {
    counters[field] += value;
    if (counters[field] == 0) counters.erase(field);
  }
  return counters;
}

TEST(ProgrammeReportTest, EachWriteAddsTheDifferenceItMakes) {
  const Obligation open = Counted("IV.9", "SCT", Obligation::OPEN, 40);
  auto counters = Apply({}, TallyDelta(nullptr, &open));
  EXPECT_EQ(counters["all|n:1"], 1);
  EXPECT_EQ(counters["s:IV.9|n:1"], 1);
  EXPECT_EQ(counters["a:SCT|pct"], 40);
  EXPECT_EQ(counters["a:SCT|cnt"], 1);
  // Accepted: counts as 100 whatever its last report said.
  Obligation accepted = open;
  accepted.set_state(Obligation::ACCEPTED);
  accepted.set_late(true);
  counters = Apply(counters, TallyDelta(&open, &accepted));
  EXPECT_EQ(counters.count("all|n:1"), 0u);
  EXPECT_EQ(counters["all|n:4"], 1);
  EXPECT_EQ(counters["all|pct"], 100);
  EXPECT_EQ(counters["all|late"], 1);
  // Waived and cancelled ones leave the percent out.
  const Obligation waived = Counted("IV.9", "SCT", Obligation::WAIVED, 40);
  counters = Apply(counters, TallyDelta(&accepted, &waived));
  EXPECT_EQ(counters.count("all|pct"), 0u);
  EXPECT_EQ(counters.count("all|cnt"), 0u);
  EXPECT_EQ(counters["all|n:5"], 1);
  // Nothing changes, nothing is written.
  EXPECT_TRUE(TallyDelta(&waived, &waived).empty());
}

TEST(ProgrammeReportTest, SectionsRollUpOverTheirItemsObligations) {
  v1::Programme programme;
  programme.set_name("programmes/p");
  v1::Section* four = programme.add_sections();
  four->set_number("IV");
  four->set_title("Tổ chức thực hiện");
  four->add_sections()->set_number("IV.1");
  four->add_sections()->set_number("IV.9");
  std::map<std::string, int64_t> counters;
  // IV.1: one obligation at 0 %; IV.9: three, at 100 (accepted), 50, 0; and
  // one outside the tree.
  for (const Obligation& o :
       {Counted("IV.1", "SKHDT", Obligation::OPEN, 0),
        Counted("IV.9", "SCT", Obligation::ACCEPTED, 10),
        Counted("IV.9", "SNGV", Obligation::IN_PROGRESS, 50),
        Counted("IV.9", "UBND-TBI", Obligation::OPEN, 0),
        Counted("V.2", "SNGV", Obligation::CANCELLED, 90)}) {
    counters = Apply(counters, TallyDelta(nullptr, &o));
  }
  ProgrammeTally tally;
  tally.counters = counters;
  tally.overdue = {{"all", 2}, {"s:IV.9", 1}, {"s:IV.1", 1}, {"a:SCT", 0}};
  const v1::ProgrammeReport report =
      BuildProgrammeReport(programme, tally, absl::CivilDay(2025, 10, 1));
  EXPECT_EQ(report.total().total(), 5);
  EXPECT_EQ(report.total().cancelled(), 1);
  EXPECT_EQ(report.total().overdue(), 2);
  EXPECT_DOUBLE_EQ(report.total().percent_complete(), 37.5);  // 150 / 4
  ASSERT_EQ(report.sections_size(), 4);
  EXPECT_EQ(report.sections(0).key(), "IV");
  EXPECT_EQ(report.sections(0).title(), "Tổ chức thực hiện");
  EXPECT_EQ(report.sections(0).total(), 4);
  EXPECT_EQ(report.sections(0).overdue(), 2);
  // Over obligations, not the mean of the items' means (0 and 50).
  EXPECT_DOUBLE_EQ(report.sections(0).percent_complete(), 37.5);
  EXPECT_EQ(report.sections(1).key(), "IV.1");
  EXPECT_EQ(report.sections(2).key(), "IV.9");
  EXPECT_DOUBLE_EQ(report.sections(2).percent_complete(), 50);
  EXPECT_EQ(report.sections(3).key(), "V.2");  // not in the tree: last
  EXPECT_DOUBLE_EQ(report.sections(3).percent_complete(), 0);
  ASSERT_EQ(report.agencies_size(), 4);
  EXPECT_EQ(report.agencies(0).key(), "agencies/SCT");
}

TEST(AssignmentTest, ALateJoinerOwesThePeriodOnItsOwnTerms) {
  v1::Obligation o;
  *o.mutable_open_date() = ToDate(absl::CivilDay(2025, 8, 1));
  *o.mutable_due_date() = ToDate(absl::CivilDay(2025, 9, 30));
  // Joined before the period opened: as everyone.
  auto owed = ForLateJoiner(o, absl::CivilDay(2025, 7, 1), 60);
  ASSERT_TRUE(owed.has_value());
  EXPECT_EQ(*ToCivilDay(owed->due_date()), absl::CivilDay(2025, 9, 30));
  // Joined ten days before the due date: 60 days from joining.
  owed = ForLateJoiner(o, absl::CivilDay(2025, 9, 20), 60);
  ASSERT_TRUE(owed.has_value());
  EXPECT_EQ(*ToCivilDay(owed->open_date()), absl::CivilDay(2025, 9, 20));
  EXPECT_EQ(*ToCivilDay(owed->due_date()), absl::CivilDay(2025, 11, 19));
  // Joined early in the period: the period's own due date.
  owed = ForLateJoiner(o, absl::CivilDay(2025, 8, 2), 30);
  EXPECT_EQ(*ToCivilDay(owed->due_date()), absl::CivilDay(2025, 9, 30));
  // Joined after the due date: not owed.
  EXPECT_FALSE(ForLateJoiner(o, absl::CivilDay(2025, 10, 1), 60).has_value());
}

TEST(AssignmentTest, AMergedAgencyIsReplacedByItsSuccessorOnce) {
  v1::Duty duty;
  duty.set_lead_agency("agencies/SKHDT");
  duty.add_coordinating_agencies("agencies/SCT");
  duty.add_coordinating_agencies("agencies/SNGV");
  EXPECT_TRUE(ReplaceMergedAgency("agencies/SCT", "agencies/SNGV", &duty));
  EXPECT_THAT(duty.coordinating_agencies(), ElementsAre("agencies/SNGV"));
  // The lead merged into a coordinator: it leads, and coordinates no more.
  EXPECT_TRUE(ReplaceMergedAgency("agencies/SKHDT", "agencies/SNGV", &duty));
  EXPECT_EQ(duty.lead_agency(), "agencies/SNGV");
  EXPECT_TRUE(duty.coordinating_agencies().empty());
  EXPECT_FALSE(ReplaceMergedAgency("agencies/SKHDT", "agencies/SNGV", &duty));
  v1::Duty group;
  group.set_group("groups/districts");
  EXPECT_FALSE(ReplaceMergedAgency("agencies/SCT", "agencies/SNGV", &group));
}

TEST(ReassignmentTest, MovesOnlyWhatIsStillAwaited) {
  Obligation o = Counted("IV.9", "SCT", Obligation::IN_PROGRESS, 60);
  o.set_name("programmes/p/duties/d/obligations/2025-sct");
  o.set_period("2025");
  o.set_etag("e1");
  const absl::Time now = absl::FromUnixSeconds(1760000000);
  auto moved = Reassign(o, "agencies/SKHDT", "merged", now);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->moved.name(),
            "programmes/p/duties/d/obligations/2025-skhdt");
  EXPECT_EQ(moved->moved.state(), Obligation::IN_PROGRESS);
  EXPECT_EQ(moved->moved.percent_complete(), 60);
  EXPECT_EQ(moved->moved.reassigned_from(), o.name());
  EXPECT_EQ(moved->cancelled.state(), Obligation::CANCELLED);
  EXPECT_NE(moved->cancelled.etag(), "e1");
  o.set_state(Obligation::SUBMITTED);
  EXPECT_EQ(Reassign(o, "agencies/SKHDT", "merged", now).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(FlaggedForReassignment(o, now).has_value());
  o.set_state(Obligation::OPEN);
  auto flagged = FlaggedForReassignment(o, now);
  ASSERT_TRUE(flagged.has_value());
  EXPECT_TRUE(flagged->needs_reassignment());
  EXPECT_FALSE(FlaggedForReassignment(*flagged, now).has_value());
}

}  // namespace
}  // namespace ngoaivu::tasks
