#include "services/notifications/dispatcher.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/ids.h"
#include "common/log.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/notifications/subscriptions.h"

namespace ngoaivu::notifications {
namespace {

using v1::Notification;

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
  Dispatched d;
  d.event_id = event.id();
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
  const CallContext call = EffectCall("notifications-service", event, deadline);
  MutationScope scope = runner_.Internal(call);
  auto subscriptions = store_->ActiveSubscriptions(deadline);
  if (!subscriptions.ok()) return subscriptions.status();
  d.deliveries = DeliveriesOf(**subscriptions, event, scope.now());
  d.duty_title = DutyTitleOf(event);
  const std::string late = ExplanationDue(event, routing_);
  if (!late.empty()) {
    auto asked = store_->ExplanationRequested(late, deadline);
    if (!asked.ok()) return asked.status();
    if (!*asked) d.explanation_requested = late;
  }
  if (recipients.empty() && d.duty_title.first.empty() &&
      d.deliveries.empty() && d.explanation_requested.empty()) {
    return absl::OkStatus();
  }
  const TemplateContext templates =
      templates_.duty_title ? templates_ : StoredTemplates(store_, deadline);
  const Rendered words = Render(event, templates);
  const std::string id =
      NewestFirstId("n", FromTimestamp(event.time()), event.id());
  auto notify = [&](const std::string& agency, const std::string& suffix,
                    const std::string& type, Severity severity,
                    const Rendered& text) {
    Notification n;
    n.set_name(absl::StrCat(agency, "/notifications/", id, suffix));
    n.set_type(type);
    n.set_title(text.title);
    n.set_body(text.body);
    n.set_severity(severity);
    n.set_subject(event.subject());
    n.set_source_event(event.id());
    *n.mutable_create_time() = ToTimestamp(scope.now());
    scope.Emit("notification.created", n.name(), n);
    d.notifications.push_back(std::move(n));
  };
  for (const Recipient& r : recipients) {
    notify(r.agency, "", event.type(), r.severity, words);
  }
  if (!d.explanation_requested.empty()) {
    tasks::v1::ObligationReminder reminder;
    event.data().UnpackTo(&reminder);
    notify(reminder.obligation().agency(), "-x", kExplanationRequested,
           v1::Notification::CRITICAL,
           RenderExplanationRequest(event, templates));
  }
  return store_->SaveDispatched(d, scope.Build(event)).status();
}

TemplateContext StoredTemplates(NotificationsStore* store,
                                absl::Time deadline) {
  TemplateContext templates;
  templates.duty_title = [store, deadline](const std::string& duty) {
    auto title = store->FindDutyTitle(duty, deadline);
    return title.ok() ? *title : std::string();
  };
  return templates;
}

std::function<Rendered(const events::v1::Event&)> StoredWords(
    NotificationsStore* store) {
  return [store](const events::v1::Event& event) {
    return Render(event,
                  StoredTemplates(store, absl::Now() + absl::Seconds(5)));
  };
}

}  // namespace ngoaivu::notifications
