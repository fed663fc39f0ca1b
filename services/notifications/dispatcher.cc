#include "services/notifications/dispatcher.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/ids.h"
#include "common/log.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/notifications/subscriptions.h"

namespace ngoaivu::notifications {
namespace {

using v1::Notification;

// Ids sort newest first: the time left until year 2286, then the event.
std::string IdOf(const events::v1::Event& event) {
  constexpr int64_t kLastMillis = 9999999999999;
  const int64_t millis = absl::ToUnixMillis(FromTimestamp(event.time()));
  return absl::StrCat("n", absl::Dec(kLastMillis - millis, absl::kZeroPad13),
                      "-", Sha256Hex(event.id()).substr(0, 10));
}

// A duty's title, kept for the words of its obligations' notifications.
std::pair<std::string, std::string> DutyTitleOf(
    const events::v1::Event& event) {
  tasks::v1::DutyChanged changed;
  if (!event.data().Is<tasks::v1::DutyChanged>() ||
      !event.data().UnpackTo(&changed)) {
    return {};
  }
  return {changed.duty().name(), changed.duty().title()};
}

}  // namespace

Dispatcher::Dispatcher(const NotificationsDependencies& deps)
    : store_(deps.store),
      routing_(deps.routing),
      templates_(deps.templates),
      runner_("notifications", deps.store, deps.clock, deps.request_ttl) {}

absl::Status Dispatcher::Dispatch(const events::v1::Event& event,
                                  absl::Time deadline) {
  std::vector<Recipient> recipients;
  if (auto routed = RecipientsOf(event, routing_)) {
    recipients = *std::move(routed);
  } else {
    LogWarning("an event no routing rule knows",
               {{"type", event.type()}, {"event", event.id()}});
    if (auto s = store_->CountUnrouted(event.type(), deadline); !s.ok()) {
      return s;
    }
  }
  const CallContext call = EffectCall("notifications", event, deadline);
  MutationScope scope = runner_.Internal(call);
  auto subscriptions = store_->ActiveSubscriptions(deadline);
  if (!subscriptions.ok()) return subscriptions.status();
  const std::vector<NewDelivery> deliveries =
      DeliveriesOf(**subscriptions, event, scope.now());
  const std::pair<std::string, std::string> duty_title = DutyTitleOf(event);
  if (recipients.empty() && duty_title.first.empty() && deliveries.empty()) {
    return absl::OkStatus();
  }
  TemplateContext templates = templates_;
  if (!templates.duty_title) {
    templates.duty_title = [&](const std::string& duty) {
      auto title = store_->FindDutyTitle(duty, deadline);
      return title.ok() ? *title : std::string();
    };
  }
  const Rendered words = Render(event, templates);
  const std::string id = IdOf(event);
  std::vector<Notification> notifications;
  for (const Recipient& r : recipients) {
    Notification n;
    n.set_name(absl::StrCat(r.agency, "/notifications/", id));
    n.set_type(event.type());
    n.set_title(words.title);
    n.set_body(words.body);
    n.set_severity(r.severity);
    n.set_subject(event.subject());
    n.set_source_event(event.id());
    *n.mutable_create_time() = ToTimestamp(scope.now());
    scope.Emit("notification.created", n.name(), n);
    notifications.push_back(std::move(n));
  }
  return store_
      ->SaveDelivered(notifications, event.id(), scope.Build(event),
                      duty_title, deliveries)
      .status();
}

}  // namespace ngoaivu::notifications
