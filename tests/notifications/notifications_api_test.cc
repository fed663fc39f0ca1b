// The notifications server end to end, through real tasks and registry
// servers on one real Redis: what a duty does to its agencies' inboxes,
// marking read, the inbox watch, and the public event stream (cursors that
// resume across a restart with no gap and no duplicate, heartbeats, a slow
// reader, an officer's view), with bad input refused and nothing changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/synchronization/notification.h"
#include "services/notifications/event_cursor.h"
#include "services/tasks/scheduler.h"
#include "tests/support/notifications_harness.h"
#include "tests/support/tasks_fixture.h"

namespace ngoaivu::testing {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;
using ::testing::Contains;
using ::testing::HasSubstr;

std::unique_ptr<grpc::ClientContext> As(const std::string& role,
                                        const std::string& code,
                                        double seconds = 5) {
  return Context(seconds, TestToken(role, "agencies/" + code));
}

// What one StreamEvents call gave: its events and the last cursor.
struct Streamed {
  std::vector<events::v1::Event> events;
  std::string cursor;
  int heartbeats = 0;
  grpc::Status status;
};

class NotificationsApiTest : public TasksFixture {
 protected:
  explicit NotificationsApiTest(NotificationsHarnessOptions options = {})
      : n_(&h_.registry(), &h_.clock(), std::move(options)) {}

  std::vector<nv1::Notification> Inbox(const std::string& code,
                                       bool include_archived = false) {
    nv1::ListNotificationsRequest r;
    r.set_parent("agencies/" + code);
    r.set_include_archived(include_archived);
    r.set_page_size(100);
    nv1::ListNotificationsResponse page;
    grpc::Status s =
        n_.stub().ListNotifications(As("officer", code).get(), r, &page);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {page.notifications().begin(), page.notifications().end()};
  }

  int64_t Unread(const std::string& code) {
    nv1::GetUnreadCountRequest r;
    r.set_parent("agencies/" + code);
    nv1::UnreadCount count;
    grpc::Status s =
        n_.stub().GetUnreadCount(As("officer", code).get(), r, &count);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return count.unread();
  }

  // Reads StreamEvents as `role` of `code` from `after` until `events`
  // events came, then until the next heartbeat (so anything extra shows).
  Streamed Stream(const std::string& role, const std::string& code,
                  const std::string& after, size_t events,
                  std::vector<std::string> types = {},
                  bool from_oldest = false) {
    nv1::StreamEventsRequest r;
    r.set_after(after);
    r.set_from_oldest(from_oldest);
    for (const std::string& t : types) r.add_types(t);
    auto context = As(role, code, 20);
    auto reader = n_.events().StreamEvents(context.get(), r);
    Streamed out;
    out.cursor = after;
    nv1::StreamEventsResponse response;
    bool enough = false;
    while (!enough && reader->Read(&response)) {
      out.cursor = response.cursor();
      if (response.heartbeat()) {
        ++out.heartbeats;
        enough = out.events.size() >= events;
        continue;
      }
      out.events.push_back(response.event());
    }
    if (enough) context->TryCancel();
    out.status = reader->Finish();
    return out;
  }

  // Where the stream stands now (from a first heartbeat).
  std::string CursorNow(const std::string& role = "coordinator",
                        const std::string& code = "SNGV") {
    return Stream(role, code, "", 0).cursor;
  }

  std::vector<std::string> StreamIds(const std::string& source) {
    std::vector<std::string> ids;
    for (const auto& e : ngoaivu::testing::StreamEvents(
             n_.redis(), "{" + source + "}:events")) {
      ids.push_back(e.id());
    }
    return ids;
  }

  NotificationsHarness n_;
};

TEST_F(NotificationsApiTest, ADutyReachesTheInboxesOfItsAgenciesOnce) {
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  EXPECT_GT(n_.Follow(), 0);
  for (const char* code : {"SKHDT", "SCT", "SNGV"}) {
    std::vector<nv1::Notification> inbox = Inbox(code);
    ASSERT_EQ(inbox.size(), 1u) << code;
    EXPECT_EQ(inbox[0].type(), "ngoaivu.tasks.v1.duty.created");
    EXPECT_EQ(inbox[0].subject(), duty.name());
    EXPECT_THAT(inbox[0].title(), HasSubstr("Thẩm định dự án"));
    EXPECT_EQ(inbox[0].severity(), nv1::Notification::INFO);
    EXPECT_FALSE(inbox[0].read());
    EXPECT_EQ(Unread(code), 1);
  }
  EXPECT_TRUE(Inbox("UBND-TBI").empty());
  // The same events again (a replica's redelivery) add nothing.
  n_.dispatcher()
      .Dispatch(h_.Events().back(), absl::Now() + absl::Seconds(5))
      .IgnoreError();
  EXPECT_EQ(Inbox("SKHDT").size(), 1u);
  EXPECT_EQ(Unread("SKHDT"), 1);
}

TEST_F(NotificationsApiTest, MarkReadMarkAllReadAndArchive) {
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  h_.clock().Advance(absl::Minutes(1));
  v1::Duty second = LeadDuty();
  second.set_title("Tổng hợp báo cáo");
  ASSERT_TRUE(AddDuty("tong-hop", second, &duty).ok());
  n_.Follow();
  std::vector<nv1::Notification> inbox = Inbox("SKHDT");
  ASSERT_EQ(inbox.size(), 2u);
  // Newest first.
  EXPECT_THAT(inbox[0].title(), HasSubstr("Tổng hợp báo cáo"));

  nv1::MarkReadRequest read;
  read.set_name(inbox[1].name());
  read.set_request_id("read-1");
  nv1::Notification marked;
  ASSERT_TRUE(
      n_.stub().MarkRead(As("officer", "SKHDT").get(), read, &marked).ok());
  EXPECT_TRUE(marked.read());
  EXPECT_TRUE(marked.has_read_time());
  EXPECT_EQ(Unread("SKHDT"), 1);
  // Retried: the same answer, the count unchanged.
  nv1::Notification again;
  ASSERT_TRUE(
      n_.stub().MarkRead(As("officer", "SKHDT").get(), read, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), marked.SerializeAsString());
  EXPECT_EQ(Unread("SKHDT"), 1);

  nv1::MarkAllReadRequest all;
  all.set_parent("agencies/SKHDT");
  all.set_request_id("all-1");
  nv1::UnreadCount count;
  ASSERT_TRUE(
      n_.stub().MarkAllRead(As("officer", "SKHDT").get(), all, &count).ok());
  EXPECT_EQ(count.unread(), 0);
  EXPECT_EQ(Unread("SKHDT"), 0);
  EXPECT_EQ(Unread("SCT"), 2);  // another inbox untouched

  nv1::ArchiveNotificationRequest archive;
  archive.set_name(inbox[0].name());
  archive.set_request_id("archive-1");
  nv1::Notification archived;
  ASSERT_TRUE(
      n_.stub()
          .ArchiveNotification(As("officer", "SKHDT").get(), archive, &archived)
          .ok());
  EXPECT_TRUE(archived.archived());
  EXPECT_EQ(Inbox("SKHDT").size(), 1u);
  EXPECT_EQ(Inbox("SKHDT", /*include_archived=*/true).size(), 2u);
}

TEST_F(NotificationsApiTest, AnOfficerReachesItsOwnInboxOnly) {
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  n_.Follow();
  const std::string name = Inbox("SKHDT").at(0).name();
  const std::string before = h_.Digest();
  nv1::ListNotificationsRequest list;
  list.set_parent("agencies/SKHDT");
  nv1::ListNotificationsResponse page;
  EXPECT_EQ(n_.stub()
                .ListNotifications(As("officer", "SCT").get(), list, &page)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  nv1::MarkReadRequest read;
  read.set_name(name);
  read.set_request_id("read-other");
  nv1::Notification out;
  EXPECT_EQ(
      n_.stub().MarkRead(As("officer", "SCT").get(), read, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      n_.stub().MarkRead(As("viewer", "UBND").get(), read, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  nv1::WatchNotificationsRequest watch;
  watch.set_parent("agencies/SKHDT");
  auto context = As("officer", "SCT");
  auto reader = n_.stub().WatchNotifications(context.get(), watch);
  nv1::WatchNotificationsResponse pushed;
  EXPECT_FALSE(reader->Read(&pushed));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(h_.Digest(), before);
  // DOFA looks into any inbox.
  EXPECT_TRUE(
      n_.stub()
          .ListNotifications(As("coordinator", "SNGV").get(), list, &page)
          .ok());
  EXPECT_EQ(page.notifications_size(), 1);
}

TEST_F(NotificationsApiTest, BadInputIsRefusedWithItsFieldAndChangesNothing) {
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  n_.Follow();
  const std::string name = Inbox("SKHDT").at(0).name();
  auto digest = [this] { return h_.Digest(); };
  ExpectRejected(digest, "request_id", [&] {
    nv1::MarkReadRequest r;
    r.set_name(name);
    nv1::Notification out;
    return n_.stub().MarkRead(As("admin", "UBND").get(), r, &out);
  });
  ExpectRejected(digest, "name", [&] {
    nv1::MarkReadRequest r;
    r.set_name("agencies/SKHDT/notifications/");
    r.set_request_id("r1");
    nv1::Notification out;
    return n_.stub().MarkRead(As("admin", "UBND").get(), r, &out);
  });
  ExpectRejected(digest, "parent", [&] {
    nv1::MarkAllReadRequest r;
    r.set_parent("SKHDT");
    r.set_request_id("r2");
    nv1::UnreadCount out;
    return n_.stub().MarkAllRead(As("admin", "UBND").get(), r, &out);
  });
  ExpectRejected(digest, "severity", [&] {
    nv1::ListNotificationsRequest r;
    r.set_parent("agencies/SKHDT");
    r.set_severity(static_cast<nv1::Notification::Severity>(9));
    nv1::ListNotificationsResponse out;
    return n_.stub().ListNotifications(As("admin", "UBND").get(), r, &out);
  });
  ExpectRejected(digest, "page_size", [&] {
    nv1::ListNotificationsRequest r;
    r.set_parent("agencies/SKHDT");
    r.set_page_size(-1);
    nv1::ListNotificationsResponse out;
    return n_.stub().ListNotifications(As("admin", "UBND").get(), r, &out);
  });
  ExpectRejected(digest, "parent", [&] {
    nv1::WatchNotificationsRequest r;
    r.set_parent("SKHDT");
    auto context = As("admin", "UBND");
    auto reader = n_.stub().WatchNotifications(context.get(), r);
    nv1::WatchNotificationsResponse m;
    reader->Read(&m);
    return reader->Finish();
  });
  ExpectRejected(digest, "types", [&] {
    nv1::StreamEventsRequest r;
    for (int i = 0; i < 51; ++i) r.add_types("ngoaivu.tasks.*");
    auto context = As("admin", "UBND");
    auto reader = n_.events().StreamEvents(context.get(), r);
    nv1::StreamEventsResponse m;
    reader->Read(&m);
    return reader->Finish();
  });
  ExpectRejected(digest, "name", [&] {
    nv1::SubscriptionActionRequest r;
    r.set_name("subscriptions/");
    r.set_request_id("p");
    nv1::Subscription out;
    return n_.stub().PauseSubscription(As("admin", "UBND").get(), r, &out);
  });
  ExpectRejected(digest, "state", [&] {
    nv1::ListDeliveriesRequest r;
    r.set_parent("subscriptions/x");
    r.set_state(static_cast<nv1::Delivery::State>(7));
    nv1::ListDeliveriesResponse out;
    return n_.stub().ListDeliveries(As("admin", "UBND").get(), r, &out);
  });
  Streamed bad = Stream("admin", "UBND", "not-a-cursor", 0);
  EXPECT_EQ(bad.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(bad.status), Contains("after"));
  nv1::MarkReadRequest missing;
  missing.set_name("agencies/SKHDT/notifications/n000");
  missing.set_request_id("r3");
  nv1::Notification out;
  EXPECT_EQ(
      n_.stub().MarkRead(As("admin", "UBND").get(), missing, &out).error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Unread("SKHDT"), 1);
}

TEST_F(NotificationsApiTest, WatchPushesEachNewNotificationWithTheCount) {
  nv1::WatchNotificationsRequest watch;
  watch.set_parent("agencies/SKHDT");
  auto context = As("officer", "SKHDT", 20);
  auto reader = n_.stub().WatchNotifications(context.get(), watch);
  reader->WaitForInitialMetadata();
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  v1::Duty second = LeadDuty();
  second.set_title("Tổng hợp báo cáo");
  second.clear_coordinating_agencies();
  second.set_lead_agency("agencies/SCT");
  ASSERT_TRUE(AddDuty("tong-hop", second, &duty).ok());
  n_.Follow();
  nv1::WatchNotificationsResponse pushed;
  ASSERT_TRUE(reader->Read(&pushed));
  EXPECT_EQ(pushed.notification().type(), "ngoaivu.tasks.v1.duty.created");
  EXPECT_THAT(pushed.notification().name(),
              HasSubstr("agencies/SKHDT/notifications/"));
  EXPECT_EQ(pushed.unread(), 1);
  context->TryCancel();
  reader->Finish().IgnoreError();
}

TEST_F(NotificationsApiTest, TheReminderLadderWarnsThenEscalatesOncePerRung) {
  v1::Duty duty;  // SKHDT's, due 31/12/2025
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  Activate();
  tasks::Scheduler scheduler(&h_.store(), &h_.directory(), &h_.clock(),
                             tasks::LadderSettings{});
  // Day by day through the tasks service's real scheduler, and every day's
  // reminders through the bus (some days twice: nothing more comes).
  for (absl::CivilDay day(2025, 11, 25); day <= absl::CivilDay(2026, 2, 10);
       ++day) {
    h_.clock().Set(absl::FromCivil(day, ProvinceTimeZone()) + absl::Hours(8));
    ASSERT_TRUE(scheduler.RunOnce(absl::Now() + absl::Seconds(10)).ok());
    n_.Follow();
    if (day.day() % 10 == 0) {
      ASSERT_TRUE(scheduler.RunOnce(absl::Now() + absl::Seconds(10)).ok());
      n_.Follow();
    }
  }
  std::vector<std::string> ladder;  // oldest first: "<type>:<severity>"
  int explanations = 0;
  std::vector<nv1::Notification> inbox = Inbox("SKHDT");
  std::reverse(inbox.begin(), inbox.end());
  for (const nv1::Notification& n : inbox) {
    if (!absl::StrContains(n.subject(), "duties/tham-dinh/obligations/")) {
      continue;
    }
    const std::string verb = n.type().substr(n.type().rfind('.') + 1);
    if (verb == "requested") ++explanations;
    if (verb != "due_soon" && verb != "overdue") continue;
    ladder.push_back(absl::StrCat(
        verb, ":", nv1::Notification::Severity_Name(n.severity())));
  }
  // 30, 7 and 1 days before; the day after (WARNING), then weekly: from 8
  // days late CRITICAL (8, 15, 22, 29, 36); at 36 days its head is asked
  // to explain, once.
  EXPECT_THAT(ladder,
              ::testing::ElementsAre(
                  "due_soon:WARNING", "due_soon:WARNING", "due_soon:WARNING",
                  "overdue:WARNING", "overdue:CRITICAL", "overdue:CRITICAL",
                  "overdue:CRITICAL", "overdue:CRITICAL", "overdue:CRITICAL"));
  EXPECT_EQ(explanations, 1);
}

TEST_F(NotificationsApiTest, StreamEventsResumesAcrossARestartWithNoGap) {
  const std::string start = CursorNow();
  ASSERT_FALSE(start.empty());
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  SeedAgencies(h_.registry(), {"SNV", "STC"});
  const std::vector<std::string> tasks_ids = StreamIds("tasks");
  const std::vector<std::string> registry_ids = StreamIds("registry");
  // Everything after the start: one duty, two agencies.
  // Each stream in its order; the streams side by side.
  Streamed first = Stream("coordinator", "SNGV", start, 3);
  std::vector<std::string> got;
  for (const auto& e : first.events) got.push_back(e.id());
  EXPECT_THAT(got, ::testing::UnorderedElementsAre(
                       tasks_ids.back(), registry_ids[registry_ids.size() - 2],
                       registry_ids.back()));

  // Read one event, keep its cursor, then the server restarts.
  Streamed one;
  {
    nv1::StreamEventsRequest r;
    r.set_after(start);
    r.add_types("ngoaivu.registry.v1.*");
    auto context = As("coordinator", "SNGV", 10);
    auto reader = n_.events().StreamEvents(context.get(), r);
    nv1::StreamEventsResponse response;
    ASSERT_TRUE(reader->Read(&response));
    ASSERT_FALSE(response.heartbeat());
    one.events.push_back(response.event());
    one.cursor = response.cursor();
    context->TryCancel();
    reader->Finish().IgnoreError();
  }
  EXPECT_EQ(one.events[0].id(), registry_ids[registry_ids.size() - 2]);
  n_.Restart();
  SeedAgencies(h_.registry(), {"SYT"});
  const std::vector<std::string> after = StreamIds("registry");
  Streamed resumed =
      Stream("coordinator", "SNGV", one.cursor, 2, {"ngoaivu.registry.v1.*"});
  ASSERT_EQ(resumed.events.size(), 2u);
  EXPECT_EQ(resumed.events[0].id(), after[after.size() - 2]);
  EXPECT_EQ(resumed.events[1].id(), after.back());
  EXPECT_GE(resumed.heartbeats, 1);
}

// A cursor whose next events were trimmed is refused, naming the oldest
// cursor still kept, never silently moved forward; a reader may start from
// the oldest event kept.
TEST_F(NotificationsApiTest, ACursorPastRetentionIsOutOfRangeNotAGap) {
  SeedAgencies(h_.registry(), {"SNV"});
  const std::string start = CursorNow();
  SeedAgencies(h_.registry(), {"STC", "SYT", "SXD"});
  const std::vector<std::string> ids = StreamIds("registry");
  // Retention keeps the newest two: the first after `start` is gone.
  ASSERT_TRUE(
      n_.redis().Command({"XTRIM", "{registry}:events", "MAXLEN", "2"}).ok());
  Streamed refused = Stream("coordinator", "SNGV", start, 1);
  EXPECT_EQ(refused.status.error_code(), grpc::OUT_OF_RANGE);
  EXPECT_THAT(refused.status.error_message(),
              ::testing::HasSubstr("the oldest cursor still kept is "));
  EXPECT_TRUE(refused.events.empty());
  // The cursor it names reads on from the oldest event kept.
  const std::string message = refused.status.error_message();
  const size_t at = message.find("kept is ") + 8;
  const std::string oldest = message.substr(at, message.find(',', at) - at);
  Streamed resumed =
      Stream("coordinator", "SNGV", oldest, 2, {"ngoaivu.registry.v1.*"});
  ASSERT_TRUE(resumed.status.ok() ||
              resumed.status.error_code() == grpc::CANCELLED)
      << resumed.status.error_message();
  ASSERT_EQ(resumed.events.size(), 2u);
  EXPECT_EQ(resumed.events[0].id(), ids[ids.size() - 2]);
  EXPECT_EQ(resumed.events[1].id(), ids.back());
  // From the oldest: the same two, without a cursor.
  Streamed oldest_first =
      Stream("coordinator", "SNGV", "", 2, {"ngoaivu.registry.v1.*"}, true);
  ASSERT_EQ(oldest_first.events.size(), 2u);
  EXPECT_EQ(oldest_first.events[0].id(), ids[ids.size() - 2]);
  // Both a cursor and from_oldest: refused, naming the field.
  Streamed both = Stream("coordinator", "SNGV", resumed.cursor, 0, {}, true);
  EXPECT_EQ(both.status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(both.status.error_message(), ::testing::HasSubstr("from_oldest"));
  // A cursor still within retention is served as before.
  Streamed within = Stream("coordinator", "SNGV", resumed.cursor, 0);
  EXPECT_TRUE(within.events.empty());
  EXPECT_GE(within.heartbeats, 1);
}

TEST_F(NotificationsApiTest, HeartbeatsWhileIdleCarryAResumableCursor) {
  Streamed idle = Stream("system", "SNGV", "", 0);
  EXPECT_GE(idle.heartbeats, 1);
  auto cursor = notifications::DecodeCursor(idle.cursor);
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(cursor->size(), 3u);              // registry, tasks, delegations
  EXPECT_TRUE(cursor->count("delegations"));  // a stream not there yet
}

TEST_F(NotificationsApiTest, AnOfficerStreamShowsOnlyWhatConcernsItsAgency) {
  const std::string start = CursorNow("officer", "SCT");
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());  // SCT takes part
  v1::Duty other = LeadDuty();
  other.clear_coordinating_agencies();
  ASSERT_TRUE(AddDuty("rieng", other, &duty).ok());  // SKHDT alone
  SeedAgencies(h_.registry(), {"SNV"});
  Streamed sct = Stream("officer", "SCT", start, 1);
  ASSERT_EQ(sct.events.size(), 1u);
  EXPECT_THAT(sct.events[0].subject(), HasSubstr("duties/tham-dinh"));
  Streamed dofa = Stream("coordinator", "SNGV", start, 3);
  EXPECT_EQ(dofa.events.size(), 3u);
}

NotificationsHarnessOptions SlowHeartbeats() {
  NotificationsHarnessOptions o;
  o.streams.heartbeat = absl::Seconds(30);
  return o;
}

class CaughtUpTest : public NotificationsApiTest {
 protected:
  CaughtUpTest() : NotificationsApiTest(SlowHeartbeats()) {}
};

// A reader that wants what was committed before it asked is told at once
// when it has it all (a heartbeat), not after the 30 s heartbeat interval.
TEST_F(CaughtUpTest, TheBacklogEndsWithAnImmediateHeartbeat) {
  SeedAgencies(h_.registry(), {"CU1", "CU2", "CU3"});
  absl::SleepFor(absl::Milliseconds(300));  // the tail has seen them
  nv1::StreamEventsRequest r;
  r.set_from_oldest(true);
  auto context = As("admin", "UBND", 10);
  const absl::Time asked = absl::Now();
  auto reader = n_.events().StreamEvents(context.get(), r);
  nv1::StreamEventsResponse response;
  std::string last_event_cursor;
  int events = 0;
  bool heartbeat = false;
  while (reader->Read(&response)) {
    if (response.heartbeat()) {
      heartbeat = true;
      break;
    }
    ++events;
    last_event_cursor = response.cursor();
  }
  EXPECT_TRUE(heartbeat);
  EXPECT_LT(absl::Now() - asked, absl::Seconds(5));
  EXPECT_GE(events, 3);
  EXPECT_EQ(response.cursor(), last_event_cursor);
  context->TryCancel();
  reader->Finish();
}

NotificationsHarnessOptions SmallBuffers() {
  NotificationsHarnessOptions o;
  o.streams.buffer = 16;
  return o;
}

class SlowReaderTest : public NotificationsApiTest {
 protected:
  SlowReaderTest() : NotificationsApiTest(SmallBuffers()) {}
};

TEST_F(SlowReaderTest, AReaderThatFallsBehindCatchesUpInOrder) {
  const std::string start = CursorNow();
  nv1::StreamEventsRequest r;
  r.set_after(start);
  auto context = As("admin", "UBND", 30);
  auto reader = n_.events().StreamEvents(context.get(), r);
  reader->WaitForInitialMetadata();
  // More than the queue (16) and gRPC's flow-control window hold, while
  // nobody reads.
  constexpr int kEvents = 400;
  std::vector<std::string> codes;
  for (int i = 0; i < kEvents; ++i) codes.push_back("CQ" + std::to_string(i));
  SeedAgencies(h_.registry(), codes);
  const std::vector<std::string> ids = StreamIds("registry");
  std::vector<std::string> got;
  nv1::StreamEventsResponse response;
  while (got.size() < kEvents && reader->Read(&response)) {
    if (!response.heartbeat()) got.push_back(response.event().id());
  }
  context->TryCancel();
  reader->Finish().IgnoreError();
  ASSERT_EQ(got.size(), static_cast<size_t>(kEvents));
  EXPECT_EQ(got, std::vector<std::string>(ids.end() - kEvents, ids.end()));
  // Another reader was not held up meanwhile.
  EXPECT_EQ(Stream("admin", "UBND", start, kEvents).events.size(),
            static_cast<size_t>(kEvents));
}

// Stands in for the gRPC reactor: keeps what the stream sends, and holds
// back the end of its first Send until `release` is notified.
class HeldOutput : public notifications::StreamOutput {
 public:
  explicit HeldOutput(size_t wanted) : wanted_(wanted) {}
  ~HeldOutput() override {
    if (releaser_.joinable()) releaser_.join();
  }

  void Attach(std::shared_ptr<notifications::OpenStream> stream) {
    stream_ = std::move(stream);
  }
  void Send(std::vector<std::string> messages) override {
    bool more = true;
    {
      absl::MutexLock lock(&mutex_);
      for (const std::string& m : messages) {
        nv1::StreamEventsResponse r;
        r.ParseFromString(m);
        if (!r.heartbeat()) got_.push_back(r.event().id());
      }
      more = got_.size() < wanted_;
    }
    auto stream = stream_;
    if (releaser_.joinable()) {
      stream->OnSent(more);
      return;
    }
    releaser_ = std::thread([this, stream, more] {
      release.WaitForNotification();
      stream->OnSent(more);
    });
  }
  void Finish(const absl::Status& status) override {
    finished_with = status;
    finished.Notify();
  }
  std::vector<std::string> got() {
    absl::MutexLock lock(&mutex_);
    return got_;
  }

  absl::Notification release;
  absl::Notification finished;
  absl::Status finished_with;

 private:
  const size_t wanted_;
  absl::Mutex mutex_;
  std::vector<std::string> got_ ABSL_GUARDED_BY(mutex_);
  std::shared_ptr<notifications::OpenStream> stream_;
  std::thread releaser_;
};

TEST_F(SlowReaderTest, AReaderBlockedBeyondItsQueueCatchesUpFromRedis) {
  const std::string start = CursorNow();
  CallContext call;
  call.actor.set_role("admin");
  call.actor.set_agency("agencies/UBND");
  nv1::StreamEventsRequest r;
  r.set_after(start);
  // The registry's events only: another stream's (a read model's) may
  // interleave under load and are not what is counted here.
  r.add_types("ngoaivu.registry.v1.*");
  constexpr size_t kEvents = 60;
  HeldOutput output(kEvents);
  auto stream = n_.streams().StreamEvents(call, r, &output);
  ASSERT_TRUE(stream.ok()) << stream.status();
  output.Attach(*stream);
  (*stream)->Start();
  std::vector<std::string> codes;
  for (size_t i = 0; i < kEvents; ++i)
    codes.push_back("CQ" + std::to_string(i));
  SeedAgencies(h_.registry(), codes);
  absl::SleepFor(absl::Milliseconds(500));  // the tail has seen them all
  const int64_t before = n_.streams().catch_ups();
  // The reader is stuck on its first messages while the rest arrive.
  output.release.Notify();
  ASSERT_TRUE(
      output.finished.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_TRUE(absl::IsCancelled(output.finished_with)) << output.finished_with;
  const std::vector<std::string> ids = StreamIds("registry");
  EXPECT_EQ(output.got(),
            std::vector<std::string>(ids.end() - kEvents, ids.end()));
  EXPECT_EQ(n_.streams().catch_ups(), before + 1);
}

}  // namespace
}  // namespace ngoaivu::testing
