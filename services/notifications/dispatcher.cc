#include "services/notifications/dispatcher.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/ids.h"
#include "common/log.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"
#include "services/notifications/subscriptions.h"

namespace ngoaivu::notifications {
namespace {

using v1::Notification;

namespace rv1 = ::ngoaivu::registry::v1;

// What people call the resource `event` is about, kept for the words of
// later notifications: a duty's title, an agency's or group's name, an
// official's full name and position.
std::vector<std::pair<std::string, std::string>> NamesOf(
    const events::v1::Event& event) {
  const auto& data = event.data();
  auto agency = [](const rv1::Agency& a) {
    return std::vector<std::pair<std::string, std::string>>{
        {a.name(), a.display_name()}};
  };
  if (tasks::v1::DutyChanged d; data.UnpackTo(&d)) {
    return {{d.duty().name(), d.duty().title()}};
  }
  if (rv1::AgencyCreated a; data.UnpackTo(&a)) return agency(a.agency());
  if (rv1::AgencyUpdated a; data.UnpackTo(&a)) return agency(a.agency());
  if (rv1::AgencyMerged a; data.UnpackTo(&a)) return agency(a.agency());
  if (rv1::AgencyDissolved a; data.UnpackTo(&a)) return agency(a.agency());
  if (rv1::AgencyGroupChanged g; data.UnpackTo(&g)) {
    return {{g.group().name(), g.group().display_name()}};
  }
  if (rv1::OfficialChanged o; data.UnpackTo(&o)) {
    return {{o.official().name(), absl::StrCat(o.official().full_name(), ", ",
                                               o.official().position())}};
  }
  return {};
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
  if (event.backfill()) {
    // A record of the past: nobody is told, nothing is asked.
  } else if (auto routed = RecipientsOf(event, routing_)) {
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
  d.names = NamesOf(event);
  const std::string late =
      event.backfill() ? "" : ExplanationDue(event, routing_);
  if (!late.empty()) {
    auto asked = store_->ExplanationRequested(late, deadline);
    if (!asked.ok()) return asked.status();
    if (!*asked) d.explanation_requested = late;
  }
  if (recipients.empty() && d.names.empty() && d.deliveries.empty() &&
      d.explanation_requested.empty()) {
    return absl::OkStatus();
  }
  const TemplateContext templates =
      templates_.name_of ? templates_ : StoredTemplates(store_, deadline);
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
  templates.name_of = [store, deadline](const std::string& resource) {
    auto name = store->FindName(resource, deadline);
    return name.ok() ? *name : std::string();
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
