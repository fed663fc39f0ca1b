// The notifications service's access table, cell by cell, through a real
// server. The expected cells are written out here, independently of the
// code.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "services/notifications/notifications_access.h"
#include "tests/support/access_table.h"
#include "tests/support/notifications_harness.h"
#include "tests/support/seed.h"

namespace ngoaivu::testing {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;

// Roles: admin, coordinator, approver, officer, viewer, system.
const std::vector<ExpectedAccess> kTable = {
    {"ListNotifications", {"any", "any", "own", "own", "-", "any"}},
    {"GetUnreadCount", {"any", "any", "own", "own", "-", "any"}},
    {"GetNotification", {"any", "any", "own", "own", "-", "any"}},
    {"MarkRead", {"any", "any", "own", "own", "-", "any"}},
    {"MarkAllRead", {"any", "any", "own", "own", "-", "any"}},
    {"ArchiveNotification", {"any", "any", "own", "own", "-", "any"}},
    {"WatchNotifications", {"any", "any", "own", "own", "-", "any"}},
    {"StreamEvents", {"any", "any", "any", "part", "any", "any"}},
    {"CreateSubscription", {"any", "any", "part", "part", "part", "part"}},
    {"GetSubscription", {"any", "any", "part", "part", "part", "part"}},
    {"ListSubscriptions", {"any", "any", "part", "part", "part", "part"}},
    {"PauseSubscription", {"any", "any", "part", "part", "part", "part"}},
    {"ResumeSubscription", {"any", "any", "part", "part", "part", "part"}},
    {"DeleteSubscription", {"any", "any", "part", "part", "part", "part"}},
    {"ListDeliveries", {"any", "any", "part", "part", "part", "part"}},
    {"RedeliverDelivery", {"any", "any", "part", "part", "part", "part"}},
    {"ListHistory", {"any", "any", "part", "part", "part", "part"}},
};

TEST(NotificationsAccessTest, TheTableIsAsWrittenOut) {
  ExpectAccessTable(notifications::NotificationsAccessPolicy(),
                    std::vector<std::string>{
                        "ngoaivu.notifications.v1.NotificationsService",
                        "ngoaivu.notifications.v1.EventService"},
                    kTable);
}

class NotificationsAccessCells : public ::testing::Test {
 protected:
  NotificationsAccessCells() : n_(&registry_, &clock_) {}

  std::unique_ptr<grpc::ClientContext> As(const std::string& token,
                                          double seconds = 5) {
    return Context(seconds, token);
  }

  // A subscription of the caller's own (made on its first use), or the
  // administrators'.
  std::string Subscription(const std::string& token, bool own) {
    if (!own) return "subscriptions/ubnd";
    auto made = own_.find(token);
    if (made != own_.end()) return made->second;
    nv1::CreateSubscriptionRequest r;
    r.set_subscription_id("s" + std::to_string(own_.size()));
    r.set_request_id("make-" + r.subscription_id());
    r.mutable_subscription()->set_channel(nv1::Subscription::WEBHOOK);
    r.mutable_subscription()->set_webhook_url("https://example.org/hook");
    nv1::Subscription out;
    EXPECT_TRUE(n_.stub().CreateSubscription(As(token).get(), r, &out).ok());
    return own_[token] = out.name();
  }

  grpc::Status Call(const std::string& method, const std::string& token,
                    bool own) {
    const std::string agency = own ? "agencies/SCT" : "agencies/UBND";
    auto& s = n_.stub();
    if (method == "ListNotifications") {
      nv1::ListNotificationsRequest r;
      r.set_parent(agency);
      nv1::ListNotificationsResponse out;
      return s.ListNotifications(As(token).get(), r, &out);
    }
    if (method == "GetUnreadCount") {
      nv1::GetUnreadCountRequest r;
      r.set_parent(agency);
      nv1::UnreadCount out;
      return s.GetUnreadCount(As(token).get(), r, &out);
    }
    if (method == "GetNotification") {
      nv1::GetNotificationRequest r;
      r.set_name(agency + "/notifications/n-none");
      nv1::Notification out;
      return s.GetNotification(As(token).get(), r, &out);
    }
    if (method == "MarkRead" || method == "ArchiveNotification") {
      nv1::MarkReadRequest r;
      r.set_name(agency + "/notifications/n-none");
      r.set_request_id("m");
      nv1::ArchiveNotificationRequest a;
      a.set_name(r.name());
      a.set_request_id("a");
      nv1::Notification out;
      return method == "MarkRead"
                 ? s.MarkRead(As(token).get(), r, &out)
                 : s.ArchiveNotification(As(token).get(), a, &out);
    }
    if (method == "MarkAllRead") {
      nv1::MarkAllReadRequest r;
      r.set_parent(agency);
      r.set_request_id("all");
      nv1::UnreadCount out;
      return s.MarkAllRead(As(token).get(), r, &out);
    }
    if (method == "WatchNotifications") {
      nv1::WatchNotificationsRequest r;
      r.set_parent(agency);
      auto context = As(token, 0.3);
      auto reader = s.WatchNotifications(context.get(), r);
      nv1::WatchNotificationsResponse m;
      reader->Read(&m);
      return reader->Finish();
    }
    if (method == "StreamEvents") {
      auto context = As(token, 0.5);
      auto reader = n_.events().StreamEvents(context.get(),
                                             nv1::StreamEventsRequest());
      nv1::StreamEventsResponse m;
      reader->Read(&m);
      return reader->Finish();
    }
    return CallSubscription(method, token, own);
  }

  grpc::Status CallSubscription(const std::string& method,
                                const std::string& token, bool own) {
    auto& s = n_.stub();
    if (method == "CreateSubscription") {
      nv1::CreateSubscriptionRequest r;
      r.set_subscription_id("ubnd");  // exists: ALREADY_EXISTS when admitted
      r.set_request_id(own ? "c-own" : "c-other");
      r.mutable_subscription()->set_channel(nv1::Subscription::WEBHOOK);
      r.mutable_subscription()->set_webhook_url("https://example.org/x");
      nv1::Subscription out;
      return s.CreateSubscription(As(token).get(), r, &out);
    }
    if (method == "ListSubscriptions") {
      nv1::ListSubscriptionsResponse out;
      return s.ListSubscriptions(As(token).get(), nv1::ListSubscriptionsRequest(),
                                 &out);
    }
    const std::string name = Subscription(token, own);
    if (method == "GetSubscription") {
      nv1::GetSubscriptionRequest r;
      r.set_name(name);
      nv1::Subscription out;
      return s.GetSubscription(As(token).get(), r, &out);
    }
    if (method == "ListDeliveries") {
      nv1::ListDeliveriesRequest r;
      r.set_parent(name);
      nv1::ListDeliveriesResponse out;
      return s.ListDeliveries(As(token).get(), r, &out);
    }
    if (method == "ListHistory") {
      events::v1::ListHistoryRequest r;
      r.set_name(name);
      events::v1::ListHistoryResponse out;
      return s.ListHistory(As(token).get(), r, &out);
    }
    if (method == "RedeliverDelivery") {
      nv1::RedeliverDeliveryRequest r;
      r.set_name(name + "/deliveries/d-none");
      r.set_request_id("rd");
      nv1::Delivery out;
      return s.RedeliverDelivery(As(token).get(), r, &out);
    }
    nv1::SubscriptionActionRequest r;
    r.set_name(name);
    r.set_etag("never");  // admitted: ABORTED, nothing changes
    r.set_request_id(method);
    nv1::Subscription out;
    if (method == "PauseSubscription") {
      return s.PauseSubscription(As(token).get(), r, &out);
    }
    if (method == "ResumeSubscription") {
      return s.ResumeSubscription(As(token).get(), r, &out);
    }
    return s.DeleteSubscription(As(token).get(), r, &out);
  }

  RegistryHarness registry_;
  SystemClock clock_;
  NotificationsHarness n_;
  std::map<std::string, std::string> own_;
};

TEST_F(NotificationsAccessCells, EveryCellThroughTheServer) {
  nv1::CreateSubscriptionRequest r;
  r.set_subscription_id("ubnd");
  r.set_request_id("ubnd");
  r.mutable_subscription()->set_channel(nv1::Subscription::WEBHOOK);
  r.mutable_subscription()->set_webhook_url("https://example.org/ubnd");
  nv1::Subscription out;
  ASSERT_TRUE(n_.stub()
                  .CreateSubscription(
                      Context(5, TestToken("admin", "agencies/UBND")).get(), r,
                      &out)
                  .ok());
  ExpectEveryCell(
      kTable, "agencies/SCT",
      [this](const std::string& method, const std::string& token, bool own) {
        return Call(method, token, own);
      },
      [this] { return registry_.Digest(); });
}

}  // namespace
}  // namespace ngoaivu::testing
