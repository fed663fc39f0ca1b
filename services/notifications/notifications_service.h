// The gRPC face of the notifications service: every method passes the call
// guard, then calls the inbox or the event streams. No rule lives here.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SERVICE_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SERVICE_H_

#include "common/call_guard.h"
#include "ngoaivu/notifications/v1/notifications_service.grpc.pb.h"
#include "services/notifications/event_streams.h"
#include "services/notifications/inbox.h"
#include "services/notifications/subscriptions.h"

namespace ngoaivu::notifications {

class NotificationsServiceImpl final
    : public v1::NotificationsService::Service {
 public:
  NotificationsServiceImpl(Inbox* inbox, Subscriptions* subscriptions,
                           const EventStreams* streams, const CallGuard* guard)
      : inbox_(inbox),
        subscriptions_(subscriptions),
        streams_(streams),
        guard_(guard) {}

  grpc::Status ListNotifications(
      grpc::ServerContext* context, const v1::ListNotificationsRequest* request,
      v1::ListNotificationsResponse* response) override;
  grpc::Status GetUnreadCount(grpc::ServerContext* context,
                              const v1::GetUnreadCountRequest* request,
                              v1::UnreadCount* response) override;
  grpc::Status GetNotification(grpc::ServerContext* context,
                               const v1::GetNotificationRequest* request,
                               v1::Notification* response) override;
  grpc::Status MarkRead(grpc::ServerContext* context,
                        const v1::MarkReadRequest* request,
                        v1::Notification* response) override;
  grpc::Status MarkAllRead(grpc::ServerContext* context,
                           const v1::MarkAllReadRequest* request,
                           v1::UnreadCount* response) override;
  grpc::Status ArchiveNotification(
      grpc::ServerContext* context,
      const v1::ArchiveNotificationRequest* request,
      v1::Notification* response) override;
  grpc::Status WatchNotifications(
      grpc::ServerContext* context,
      const v1::WatchNotificationsRequest* request,
      grpc::ServerWriter<v1::WatchNotificationsResponse>* writer) override;
  grpc::Status CreateSubscription(grpc::ServerContext* context,
                                  const v1::CreateSubscriptionRequest* request,
                                  v1::Subscription* response) override;
  grpc::Status GetSubscription(grpc::ServerContext* context,
                               const v1::GetSubscriptionRequest* request,
                               v1::Subscription* response) override;
  grpc::Status ListHistory(grpc::ServerContext* context,
                           const events::v1::ListHistoryRequest* request,
                           events::v1::ListHistoryResponse* response) override;
  grpc::Status ListSubscriptions(
      grpc::ServerContext* context, const v1::ListSubscriptionsRequest* request,
      v1::ListSubscriptionsResponse* response) override;
  grpc::Status PauseSubscription(grpc::ServerContext* context,
                                 const v1::SubscriptionActionRequest* request,
                                 v1::Subscription* response) override;
  grpc::Status ResumeSubscription(grpc::ServerContext* context,
                                  const v1::SubscriptionActionRequest* request,
                                  v1::Subscription* response) override;
  grpc::Status DeleteSubscription(grpc::ServerContext* context,
                                  const v1::SubscriptionActionRequest* request,
                                  v1::Subscription* response) override;
  grpc::Status ListDeliveries(grpc::ServerContext* context,
                              const v1::ListDeliveriesRequest* request,
                              v1::ListDeliveriesResponse* response) override;
  grpc::Status RedeliverDelivery(grpc::ServerContext* context,
                                 const v1::RedeliverDeliveryRequest* request,
                                 v1::Delivery* response) override;

 private:
  Inbox* inbox_;
  Subscriptions* subscriptions_;
  const EventStreams* streams_;
  const CallGuard* guard_;
};

class EventServiceImpl final : public v1::EventService::Service {
 public:
  EventServiceImpl(const EventStreams* streams, const CallGuard* guard)
      : streams_(streams), guard_(guard) {}

  grpc::Status StreamEvents(
      grpc::ServerContext* context, const v1::StreamEventsRequest* request,
      grpc::ServerWriter<v1::StreamEventsResponse>* writer) override;

 private:
  const EventStreams* streams_;
  const CallGuard* guard_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SERVICE_H_
