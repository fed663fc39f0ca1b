// Agencies' inboxes against a real Redis: each event routed and worded into
// one notification per agency it concerns, once however often it comes;
// unrouted types counted; lists newest first with their filters; unread
// counts kept with every change.
#include "services/notifications/inbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/redis_functions.h"
#include "common/redis_pool.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/notifications/dispatcher.h"
#include "services/notifications/redis_notifications_store.h"
#include "tests/support/redis_server.h"

namespace ngoaivu::notifications {
namespace {

namespace tv1 = ::ngoaivu::tasks::v1;
using N = v1::Notification;

class InboxTest : public ::testing::Test {
 protected:
  InboxTest() : clock_(absl::FromUnixSeconds(1790000000)) {
    RedisPool::Options options;
    options.endpoint = *ParseRedisUrl(redis_.url());
    pool_ = std::make_unique<RedisPool>(options);
    functions_ = std::make_unique<RedisFunctions>(pool_.get(), "notifications");
    EXPECT_TRUE(functions_->Load(absl::Now() + absl::Seconds(5)).ok());
    store_ = std::make_unique<RedisNotificationsStore>(pool_.get(),
                                                       functions_.get(), 1000);
    NotificationsDependencies deps{store_.get(), &clock_,
                                   PageTokens("test-key"), RoutingSettings{},
                                   TemplateContext{}};
    // Duties by a fixed title; anything else as the service heard it.
    deps.templates.name_of = [this](const std::string& resource) {
      if (resource.find("/duties/") != std::string::npos) {
        return std::string("Đăng ký chương trình đối ngoại nhân dân");
      }
      auto name = store_->FindName(resource, Deadline());
      return name.ok() ? *name : std::string();
    };
    inbox_ = std::make_unique<Inbox>(deps);
    dispatcher_ = std::make_unique<Dispatcher>(deps);
  }

  // A reminder of SCT's obligation, `days` late (or due in, when not
  // overdue), committed at `seconds`.
  events::v1::Event Reminder(const std::string& id, bool overdue, int days,
                             int64_t seconds) {
    tv1::ObligationReminder r;
    r.mutable_obligation()->set_name(
        "programmes/p/duties/iv-9/obligations/2027-sct");
    r.mutable_obligation()->set_agency("agencies/SCT");
    r.mutable_obligation()->set_period("2027");
    *r.mutable_obligation()->mutable_due_date() =
        ToDate(absl::CivilDay(2026, 9, 30));
    r.set_days(days);
    events::v1::Event e;
    e.set_id(id);
    e.set_type(overdue ? "ngoaivu.tasks.v1.obligation.overdue"
                       : "ngoaivu.tasks.v1.obligation.due_soon");
    e.set_subject(r.obligation().name());
    e.mutable_time()->set_seconds(seconds);
    e.mutable_data()->PackFrom(r);
    return e;
  }

  std::vector<N> List(const std::string& agency,
                      const std::function<void(v1::ListNotificationsRequest*)>&
                          edit = nullptr) {
    v1::ListNotificationsRequest r;
    r.set_parent(agency);
    if (edit) edit(&r);
    auto out = inbox_->ListNotifications(Call(), r);
    EXPECT_TRUE(out.ok()) << out.status();
    if (!out.ok()) return {};
    return {out->notifications().begin(), out->notifications().end()};
  }

  int64_t Unread(const std::string& agency) {
    v1::GetUnreadCountRequest r;
    r.set_parent(agency);
    auto count = inbox_->GetUnreadCount(Call(), r);
    EXPECT_TRUE(count.ok()) << count.status();
    return count.ok() ? count->unread() : -1;
  }

  std::string Digest() {
    return std::string(
        ReplyString((*pool_->Command({"DEBUG", "DIGEST"})).get()));
  }

  static CallContext Call() {
    CallContext call;
    call.deadline = absl::Now() + absl::Seconds(5);
    return call;
  }
  static absl::Time Deadline() { return absl::Now() + absl::Seconds(5); }

  static events::v1::Event SctCreated(const std::string& id, bool backfill) {
    registry::v1::AgencyCreated created;
    created.mutable_agency()->set_name("agencies/SCT");
    created.mutable_agency()->set_display_name("Sở Công Thương");
    events::v1::Event e;
    e.set_id(id);
    e.set_type("ngoaivu.registry.v1.agency.created");
    e.set_subject("agencies/SCT");
    e.set_backfill(backfill);
    e.mutable_time()->set_seconds(1789990000);
    e.mutable_data()->PackFrom(created);
    return e;
  }

  testing::RedisServer redis_;
  ManualClock clock_;
  std::unique_ptr<RedisPool> pool_;
  std::unique_ptr<RedisFunctions> functions_;
  std::unique_ptr<RedisNotificationsStore> store_;
  std::unique_ptr<Inbox> inbox_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(InboxTest, AnEventReachesEachAgencyItConcernsOnce) {
  const auto late = Reminder("e-late", /*overdue=*/true, 8, 1790000000);
  ASSERT_TRUE(dispatcher_->Dispatch(late, Deadline()).ok());
  const auto sct = List("agencies/SCT");
  ASSERT_EQ(sct.size(), 1u);
  EXPECT_EQ(sct[0].severity(), N::CRITICAL);
  EXPECT_EQ(sct[0].title(),
            "Quá hạn: Đăng ký chương trình đối ngoại nhân dân (2027) — hạn "
            "30/09/2026, đã trễ 8 ngày");
  EXPECT_EQ(sct[0].source_event(), "e-late");
  EXPECT_EQ(sct[0].type(), "ngoaivu.tasks.v1.obligation.overdue");
  EXPECT_FALSE(sct[0].read());
  const auto dofa = List("agencies/SNGV");
  ASSERT_EQ(dofa.size(), 1u);
  EXPECT_EQ(dofa[0].severity(), N::CRITICAL);  // 8 days: escalated
  EXPECT_EQ(Unread("agencies/SCT"), 1);
  EXPECT_EQ(Unread("agencies/SNGV"), 1);
  // Delivered again (a redelivery, another replica): nothing changes.
  const std::string before = Digest();
  ASSERT_TRUE(dispatcher_->Dispatch(late, Deadline()).ok());
  EXPECT_EQ(Digest(), before);
}

TEST_F(InboxTest, AnEventNoRuleKnowsIsCountedNotDropped) {
  auto odd = Reminder("e-odd", true, 1, 1790000000);
  odd.set_type("ngoaivu.tasks.v1.obligation.teleported");
  ASSERT_TRUE(dispatcher_->Dispatch(odd, Deadline()).ok());
  ASSERT_TRUE(dispatcher_->Dispatch(odd, Deadline()).ok());
  auto counted = pool_->Command({"HGET", "{notifications}:unrouted",
                                 "ngoaivu.tasks.v1.obligation.teleported"});
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(std::string(ReplyString(counted->get())), "2");
  // Nothing reached SCT's inbox, and no event ever named SCT: a mistyped
  // code is told apart from an empty inbox.
  v1::ListNotificationsRequest r;
  r.set_parent("agencies/SCT");
  EXPECT_EQ(inbox_->ListNotifications(Call(), r).status().code(),
            absl::StatusCode::kNotFound);
  v1::GetUnreadCountRequest unread;
  unread.set_parent("agencies/SCT");
  EXPECT_EQ(inbox_->GetUnreadCount(Call(), unread).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(
      dispatcher_->Dispatch(SctCreated("e-sct", true), Deadline()).ok());
  EXPECT_TRUE(List("agencies/SCT").empty());
  EXPECT_EQ(Unread("agencies/SCT"), 0);
}

// The registry file imported (a backfill): nobody's inbox hears of it, but
// later texts name SCT as people call it. A backfilled overdue reminder asks
// nothing; the same reminder as today's work is heard, by name.
TEST_F(InboxTest, ABackfillReachesNoInboxYetTeachesTheNames) {
  ASSERT_TRUE(
      dispatcher_->Dispatch(SctCreated("e-sct", true), Deadline()).ok());
  EXPECT_TRUE(List("agencies/SCT").empty());
  auto old = Reminder("e-old", /*overdue=*/true, 40, 1790000000);
  old.set_backfill(true);
  ASSERT_TRUE(dispatcher_->Dispatch(old, Deadline()).ok());
  EXPECT_TRUE(List("agencies/SCT").empty());
  EXPECT_EQ(Unread("agencies/SCT"), 0);
  auto asked = pool_->Command({"ZCARD", "{notifications}:explanations"});
  ASSERT_TRUE(asked.ok());
  EXPECT_EQ((*asked)->integer, 0);

  ASSERT_TRUE(
      dispatcher_
          ->Dispatch(Reminder("e-now", /*overdue=*/true, 40, 1790000100),
                     Deadline())
          .ok());
  const auto sct = List("agencies/SCT");
  ASSERT_EQ(sct.size(), 2u);  // the reminder and the explanation request
  for (const N& n : sct) {
    EXPECT_THAT(n.body(), ::testing::HasSubstr("Sở Công Thương")) << n.title();
    EXPECT_THAT(n.body(), ::testing::Not(::testing::HasSubstr("agencies/")));
  }
}

TEST_F(InboxTest, ListsNewestFirstFilteredAndMarkedRead) {
  ASSERT_TRUE(
      dispatcher_->Dispatch(Reminder("e1", false, 14, 1790000000), Deadline()).ok());
  ASSERT_TRUE(
      dispatcher_->Dispatch(Reminder("e2", false, 7, 1790100000), Deadline()).ok());
  ASSERT_TRUE(
      dispatcher_->Dispatch(Reminder("e3", true, 8, 1790200000), Deadline()).ok());
  auto all = List("agencies/SCT");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].source_event(), "e3");
  EXPECT_EQ(all[2].source_event(), "e1");
  EXPECT_EQ(Unread("agencies/SCT"), 3);
  auto critical =
      List("agencies/SCT", [](auto* r) { r->set_severity(N::CRITICAL); });
  ASSERT_EQ(critical.size(), 1u);
  auto due_soon = List("agencies/SCT", [](auto* r) {
    r->add_types("ngoaivu.tasks.v1.obligation.due_*");
  });
  EXPECT_EQ(due_soon.size(), 2u);

  v1::MarkReadRequest read;
  read.set_name(all[0].name());
  read.set_request_id("read-1");
  auto marked = inbox_->MarkRead(Call(), read);
  ASSERT_TRUE(marked.ok()) << marked.status();
  EXPECT_TRUE(marked->read());
  EXPECT_EQ(Unread("agencies/SCT"), 2);
  // Marking it again (another request) changes no count.
  read.set_request_id("read-2");
  ASSERT_TRUE(inbox_->MarkRead(Call(), read).ok());
  EXPECT_EQ(Unread("agencies/SCT"), 2);
  EXPECT_EQ(
      List("agencies/SCT", [](auto* r) { r->set_unread_only(true); }).size(),
      2u);
  // Archived, it leaves the list (and is read).
  v1::ArchiveNotificationRequest archive;
  archive.set_name(all[1].name());
  archive.set_request_id("archive-1");
  ASSERT_TRUE(inbox_->ArchiveNotification(Call(), archive).ok());
  EXPECT_EQ(List("agencies/SCT").size(), 2u);
  EXPECT_EQ(List("agencies/SCT", [](auto* r) { r->set_include_archived(true); })
                .size(),
            3u);
  EXPECT_EQ(Unread("agencies/SCT"), 1);
}

TEST_F(InboxTest, BadNamesAreRefusedNamingTheField) {
  const std::string before = Digest();
  v1::MarkReadRequest read;
  read.set_name("notifications/x");
  read.set_request_id("r");
  auto s = inbox_->MarkRead(Call(), read).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolationsOf(s).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(s)[0].field, "name");
  v1::ListNotificationsRequest list;
  list.set_parent("SCT");
  EXPECT_EQ(inbox_->ListNotifications(Call(), list).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Digest(), before);
}

TEST_F(InboxTest, UnreadAndActivePagesReadOnlyWhatTheyShow) {
  // Two old unread ones under twenty newer ones read, one of those archived.
  for (int i = 0; i < 22; ++i) {
    ASSERT_TRUE(dispatcher_
                    ->Dispatch(Reminder(absl::StrCat("e", i), false, 7,
                                        1790000000 + i * 60),
                               Deadline())
                    .ok());
  }
  const auto all = List("agencies/SCT", [](auto* r) { r->set_page_size(50); });
  ASSERT_EQ(all.size(), 22u);
  for (int i = 0; i < 20; ++i) {
    v1::MarkReadRequest read;
    read.set_name(all[i].name());
    read.set_request_id(absl::StrCat("read-", i));
    ASSERT_TRUE(inbox_->MarkRead(Call(), read).ok());
  }
  v1::ArchiveNotificationRequest archive;
  archive.set_name(all[0].name());
  archive.set_request_id("archive-0");
  ASSERT_TRUE(inbox_->ArchiveNotification(Call(), archive).ok());
  // A page of two unread is the two, with nothing after it: no read
  // notification was read to find them.
  v1::ListNotificationsRequest unread;
  unread.set_parent("agencies/SCT");
  unread.set_unread_only(true);
  unread.set_page_size(2);
  auto page = inbox_->ListNotifications(Call(), unread);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->notifications_size(), 2);
  EXPECT_EQ(page->notifications(0).source_event(), "e1");
  EXPECT_EQ(page->notifications(1).source_event(), "e0");
  EXPECT_TRUE(page->next_page_token().empty());
  v1::ListNotificationsRequest active;
  active.set_parent("agencies/SCT");
  active.set_page_size(1);
  auto first = inbox_->ListNotifications(Call(), active);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->notifications_size(), 1);
  EXPECT_EQ(first->notifications(0).name(), all[1].name());  // not archived
  EXPECT_EQ(Unread("agencies/SCT"), 2);
  // The views are indexes of their own: a page is one range read of them.
  auto size = [&](const std::string& key) {
    auto reply = pool_->Command({"ZCARD", key});
    return reply.ok() ? (*reply)->integer : -1;
  };
  EXPECT_EQ(size("{notifications}:inbox-unread:SCT"), 2);
  EXPECT_EQ(size("{notifications}:inbox-active:SCT"), 21);
  EXPECT_EQ(size("{notifications}:inbox:SCT"), 22);
}

TEST_F(InboxTest, LateOnesEscalateAndAnExplanationIsAskedOnce) {
  // Defaults: CRITICAL from 8 days late, an explanation from 30.
  ASSERT_TRUE(dispatcher_->Dispatch(Reminder("late-1", true, 1, 1791000000),
                                    Deadline())
                  .ok());
  ASSERT_TRUE(dispatcher_->Dispatch(Reminder("late-8", true, 8, 1791600000),
                                    Deadline())
                  .ok());
  auto critical = [&](const std::string& agency) {
    return List(agency, [](v1::ListNotificationsRequest* r) {
      r->set_severity(N::CRITICAL);
    });
  };
  EXPECT_EQ(critical("agencies/SCT").size(), 1u);
  EXPECT_EQ(critical("agencies/SNGV").size(), 1u);
  EXPECT_EQ(List("agencies/SNGV").size(), 2u);  // the first as INFO
  for (const char* id : {"late-29", "late-36", "late-43"}) {
    const int days = std::stoi(std::string(id).substr(5));
    ASSERT_TRUE(dispatcher_
                    ->Dispatch(Reminder(id, true, days, 1791600000 + days * 86400),
                               Deadline())
                    .ok());
  }
  const auto asked = List("agencies/SCT", [](v1::ListNotificationsRequest* r) {
    r->add_types(kExplanationRequested);
  });
  ASSERT_EQ(asked.size(), 1u);  // at 36 days, once
  EXPECT_EQ(asked[0].severity(), N::CRITICAL);
  EXPECT_THAT(asked[0].title(), ::testing::StartsWith("Yêu cầu giải trình: "));
  EXPECT_THAT(asked[0].title(), ::testing::HasSubstr("đã trễ 36 ngày"));
  EXPECT_EQ(asked[0].subject(),
            "programmes/p/duties/iv-9/obligations/2027-sct");
  EXPECT_TRUE(List("agencies/SNGV", [](v1::ListNotificationsRequest* r) {
                r->add_types(kExplanationRequested);
              }).empty());
}

TEST_F(InboxTest, ObligationsAreNamedByTheTitleTheirDutyLastHad) {
  // As the service runs: titles from the duties' own events.
  Dispatcher dispatcher({store_.get(), &clock_, PageTokens("test-key"),
                         RoutingSettings{}, TemplateContext{}});
  tv1::DutyChanged duty;
  duty.mutable_duty()->set_name("programmes/p/duties/iv-9");
  duty.mutable_duty()->set_title("Đăng ký chương trình đối ngoại nhân dân");
  duty.mutable_duty()->set_lead_agency("agencies/SCT");
  events::v1::Event created;
  created.set_id("e-duty");
  created.set_type("ngoaivu.tasks.v1.duty.created");
  created.set_subject("programmes/p/duties/iv-9");
  created.mutable_data()->PackFrom(duty);
  ASSERT_TRUE(dispatcher.Dispatch(created, Deadline()).ok());
  ASSERT_TRUE(
      dispatcher.Dispatch(Reminder("e-soon", false, 7, 1790100000), Deadline()).ok());
  const auto sct = List("agencies/SCT");
  ASSERT_EQ(sct.size(), 2u);
  EXPECT_EQ(sct[0].title(),
            "Nhắc việc: Đăng ký chương trình đối ngoại nhân dân (2027) — hạn "
            "30/09/2026, còn 7 ngày");
  EXPECT_EQ(sct[1].title(),
            "Nhiệm vụ mới: Đăng ký chương trình đối ngoại nhân dân");
}

TEST(TypeMatchesTest, StarsMatchAnyRun) {
  EXPECT_TRUE(TypeMatches("ngoaivu.tasks.v1.obligation.*",
                          "ngoaivu.tasks.v1.obligation.overdue"));
  EXPECT_TRUE(TypeMatches("*.overdue", "ngoaivu.tasks.v1.obligation.overdue"));
  EXPECT_TRUE(TypeMatches("ngoaivu.*.v1.*.created",
                          "ngoaivu.registry.v1.agency.created"));
  EXPECT_FALSE(TypeMatches("ngoaivu.tasks.*", "ngoaivu.registry.v1.x"));
  EXPECT_FALSE(TypeMatches("ngoaivu.tasks.v1.duty.created",
                           "ngoaivu.tasks.v1.duty.created.x"));
}

}  // namespace
}  // namespace ngoaivu::notifications
