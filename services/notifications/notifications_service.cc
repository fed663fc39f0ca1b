#include "services/notifications/notifications_service.h"

#include "common/grpc_translation.h"
#include "common/trace_context.h"

namespace ngoaivu::notifications {
namespace {

// Admits a server-streaming call, then hands `run` the call context and a
// sink writing to `writer` until the caller goes.
template <typename Request, typename Response, typename Run>
grpc::Status ServeStream(const CallGuard& guard, grpc::ServerContext* context,
                         absl::string_view method, const Request& request,
                         grpc::ServerWriter<Response>* writer, Run run) {
  const absl::Time start = absl::Now();
  auto call = guard.Admit(*context, method, request);
  if (!call.ok()) {
    const grpc::Status refused = ToGrpcStatus(call.status());
    guard.Observe(*context, method, request, nullptr, refused, start);
    return refused;
  }
  // The caller learns at once that the stream is open.
  writer->SendInitialMetadata();
  StreamSink<Response> sink{
      [writer](const Response& r) { return writer->Write(r); },
      [context] { return context->IsCancelled(); }};
  ScopedTrace trace(call->traceparent);
  const grpc::Status status = ToGrpcStatus(run(*call, sink));
  guard.Observe(*context, method, request, &*call, status, start);
  return status;
}

}  // namespace

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, ListNotifications,
                       v1::ListNotificationsRequest,
                       v1::ListNotificationsResponse, (*inbox_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, GetNotification,
                       v1::GetNotificationRequest, v1::Notification, (*inbox_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, GetUnreadCount,
                       v1::GetUnreadCountRequest, v1::UnreadCount, (*inbox_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, MarkRead, v1::MarkReadRequest,
                       v1::Notification, (*inbox_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, MarkAllRead,
                       v1::MarkAllReadRequest, v1::UnreadCount, (*inbox_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, ArchiveNotification,
                       v1::ArchiveNotificationRequest, v1::Notification,
                       (*inbox_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, CreateSubscription,
                       v1::CreateSubscriptionRequest, v1::Subscription,
                       (*subscriptions_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, GetSubscription,
                       v1::GetSubscriptionRequest, v1::Subscription,
                       (*subscriptions_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, ListHistory,
                       events::v1::ListHistoryRequest,
                       events::v1::ListHistoryResponse, (*subscriptions_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, ListSubscriptions,
                       v1::ListSubscriptionsRequest,
                       v1::ListSubscriptionsResponse, (*subscriptions_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, PauseSubscription,
                       v1::SubscriptionActionRequest, v1::Subscription,
                       (*subscriptions_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, ResumeSubscription,
                       v1::SubscriptionActionRequest, v1::Subscription,
                       (*subscriptions_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, DeleteSubscription,
                       v1::SubscriptionActionRequest, v1::Subscription,
                       (*subscriptions_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, ListDeliveries,
                       v1::ListDeliveriesRequest, v1::ListDeliveriesResponse,
                       (*subscriptions_))

NGOAIVU_GUARDED_METHOD(NotificationsServiceImpl, RedeliverDelivery,
                       v1::RedeliverDeliveryRequest, v1::Delivery,
                       (*subscriptions_))

grpc::Status NotificationsServiceImpl::WatchNotifications(
    grpc::ServerContext* context, const v1::WatchNotificationsRequest* request,
    grpc::ServerWriter<v1::WatchNotificationsResponse>* writer) {
  return ServeStream(
      *guard_, context, "WatchNotifications", *request, writer,
      [&](const CallContext& call,
          const StreamSink<v1::WatchNotificationsResponse>& sink) {
        return streams_->WatchNotifications(call, *request, sink);
      });
}

grpc::Status EventServiceImpl::StreamEvents(
    grpc::ServerContext* context, const v1::StreamEventsRequest* request,
    grpc::ServerWriter<v1::StreamEventsResponse>* writer) {
  return ServeStream(*guard_, context, "StreamEvents", *request, writer,
                     [&](const CallContext& call,
                         const StreamSink<v1::StreamEventsResponse>& sink) {
                       return streams_->StreamEvents(call, *request, sink);
                     });
}

}  // namespace ngoaivu::notifications
