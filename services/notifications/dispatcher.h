// What the notifications service does with each event of every stream: the
// inbox notifications its routing rule names (one per agency, worded by
// the templates) and a delivery for each subscription it matches, written
// in one atomic step once per event, however often it is delivered. Plain
// C++ over the store interface.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_DISPATCHER_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_DISPATCHER_H_

#include "absl/status/status.h"
#include "services/notifications/inbox.h"

namespace ngoaivu::notifications {

// Templates that name duties by the titles the store kept.
TemplateContext StoredTemplates(NotificationsStore* store, absl::Time deadline);
// An event's words with those templates (what an e-mail says).
std::function<Rendered(const events::v1::Event&)> StoredWords(
    NotificationsStore* store);

class Dispatcher {
 public:
  explicit Dispatcher(const NotificationsDependencies& deps);

  // An event no routing rule knows is counted and logged, never dropped
  // silently (it may still match subscriptions).
  absl::Status Dispatch(const events::v1::Event& event, absl::Time deadline);

 private:
  NotificationsStore* store_;
  RoutingSettings routing_;
  TemplateContext templates_;
  MutationRunner runner_;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_DISPATCHER_H_
