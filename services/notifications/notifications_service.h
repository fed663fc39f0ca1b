// The gRPC face of the notifications service, on gRPC's callback API: every
// method passes the call guard, then calls the inbox, the subscriptions or
// the event streams. The two server streams are reactors the stream hub
// feeds, so an open stream holds no thread. No rule lives here.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SERVICE_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SERVICE_H_

#include "common/guarded_service.h"
#include "ngoaivu/notifications/v1/notifications_service.grpc.pb.h"
#include "services/notifications/event_streams.h"
#include "services/notifications/inbox.h"
#include "services/notifications/subscriptions.h"

namespace ngoaivu::notifications {

class NotificationsServiceImpl final
    : public GuardedService<v1::NotificationsService> {
 public:
  NotificationsServiceImpl(Inbox* inbox, Subscriptions* subscriptions,
                           const EventStreams* streams, const CallGuard* guard);

 private:
  Inbox* inbox_;
  Subscriptions* subscriptions_;
};

class EventServiceImpl final : public GuardedService<v1::EventService> {
 public:
  EventServiceImpl(const EventStreams* streams, const CallGuard* guard);
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_SERVICE_H_
