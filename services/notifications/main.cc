// notifications-server: every service's events turned into agencies' inbox
// messages, and served to outside systems as one event stream. Wiring only;
// see docs/operations.md for the settings and inbox.h, event_streams.h for the
// use cases.
#include <cstdio>
#include <memory>
#include <vector>

#include "common/event_consumer.h"
#include "common/page_token.h"
#include "common/service_runtime.h"
#include "common/stream_follower.h"
#include "services/notifications/dispatcher.h"
#include "services/notifications/email_transport.h"
#include "services/notifications/event_streams.h"
#include "services/notifications/inbox.h"
#include "services/notifications/notifications_access.h"
#include "services/notifications/notifications_service.h"
#include "services/notifications/notifications_settings.h"
#include "services/notifications/redis_notifications_store.h"
#include "services/notifications/sources.h"
#include "services/notifications/stream_hub.h"
#include "services/notifications/subscriptions.h"
#include "services/notifications/webhook_transport.h"

int main(int argc, char** argv) {
  using namespace ngoaivu;                 // NOLINT: main only wires
  using namespace ngoaivu::notifications;  // NOLINT
  BlockTerminationSignals();
  const ServiceDefinition service{"notifications",
                                  v1::NotificationsService::service_full_name(),
                                  "0.0.0.0:50054", NotificationsAccessPolicy()};
  CLI::App app{"ngoaivu notifications: inboxes and the public event stream"};
  NotificationsSettings notifications_settings;
  AddNotificationsSettings(app, &notifications_settings);
  ServerSettings settings;
  if (auto done =
          ParseServiceCommandLine(app, argc, argv, service, &settings)) {
    return *done;
  }
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "notifications-server: %s\n",
                 std::string(s.message()).c_str());
    return 2;
  };
  if (auto s = LoadNotificationsSecrets(&notifications_settings); !s.ok()) {
    return fail(s);
  }
  auto runtime = ServiceRuntime::Create(service, settings);
  if (!runtime.ok()) return fail(runtime.status());
  ServiceRuntime& rt = **runtime;

  RedisNotificationsStore store(&rt.redis(), &rt.functions(),
                                settings.events_max_length);
  const NotificationsDependencies deps{&store,
                                       &rt.clock(),
                                       PageTokens(settings.page_token_key),
                                       notifications_settings.routing,
                                       TemplateContext{},
                                       absl::Hours(settings.request_ttl_hours)};
  Inbox inbox(deps);
  Dispatcher dispatcher(deps);
  Subscriptions subscriptions({&store, &rt.clock(),
                               PageTokens(settings.page_token_key),
                               absl::Hours(settings.request_ttl_hours),
                               notifications_settings.webhooks});
  WebhookTransport webhooks(notifications_settings.webhooks);
  EmailTransport mail(notifications_settings.smtp, StoredWords(&store));
  DeliveryWorker deliveries(&store, &rt.clock(),
                            {{v1::Subscription::WEBHOOK, &webhooks},
                             {v1::Subscription::EMAIL, &mail}},
                            notifications_settings.deliveries());
  // One group, `notifications`, over every service's stream: replicas share
  // the work.
  auto followers = FollowEverySource(
      [&rt] { return rt.NewRedisPool(2); },
      notifications_settings.consumer_name.empty()
          ? ConsumerName("notifications")
          : notifications_settings.consumer_name,
      [&dispatcher, &deliveries](const events::v1::Event& event,
                                 absl::Time deadline) {
        absl::Status dispatched = dispatcher.Dispatch(event, deadline);
        // Its deliveries, if any, go out now, not at the next poll.
        if (dispatched.ok()) deliveries.Wake();
        return dispatched;
      },
      absl::Seconds(1), notifications_settings.consumers_per_stream);
  Tails tails(rt.redis().options(), absl::Seconds(1));
  StreamHub stream_hub(notifications_settings.stream_threads);
  EventStreams streams(&rt.redis(), tails.sources(), tails.inbox(), &inbox,
                       &stream_hub, notifications_settings.streams());
  NotificationsServiceImpl adapter(&inbox, &subscriptions, &streams,
                                   &rt.guard());
  EventServiceImpl event_service(&streams, &rt.guard());
  tails.Start();
  for (auto& follower : followers) follower->Start();
  deliveries.Start();
  rt.host().Register(&event_service, v1::EventService::service_full_name());
  // Open streams end first (their callers resume elsewhere from their
  // cursors): the grace period is left to unary calls.
  int code = rt.Serve(&adapter, [&] { stream_hub.StopAll(absl::Seconds(2)); });
  StopFollowing(followers, tails);
  deliveries.Stop();
  return code;
}
