// Who is told of an event, read from its payload alone (no set-up needed):
// an obligation's agency (and DOFA for what it must judge or chase), a
// delegation's sending or host agency, DOFA and the approvers when a
// decision awaits them, an agreement's proposing agency and the agencies
// asked for their opinion, registry changes to the administrators. The
// rules are a table in code (routing.cc), one row per event type; a type
// without a row is reported as unrouted, for the caller to count and log.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_ROUTING_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_ROUTING_H_

#include <optional>
#include <string>
#include <vector>

#include "ngoaivu/events/v1/event.pb.h"
#include "ngoaivu/notifications/v1/resources.pb.h"

namespace ngoaivu::notifications {

using Severity = v1::Notification::Severity;

// The agencies whose inboxes stand for a role.
struct RoutingSettings {
  std::string coordinator = "agencies/SNGV";     // DOFA
  std::string approvers = "agencies/UBND";       // the UBND's leadership
  std::string administrators = "agencies/UBND";  // who keeps the registry
  // Escalation, DOFA's urging (đôn đốc) done by the service: an obligation
  // late by this many days is CRITICAL for its agency and for DOFA (before:
  // WARNING and INFO); 0: never.
  int critical_after_days = 8;
  // Late by this many days, its agency's head is asked, once, to explain
  // the delay; 0: never.
  int explanation_after_days = 30;
};

// The type of the notification asking an agency to explain a delay.
inline constexpr char kExplanationRequested[] =
    "ngoaivu.notifications.v1.explanation.requested";

// The obligation whose agency `event` (an overdue reminder) should ask to
// explain its delay, or "" when it is not late enough.
std::string ExplanationDue(const events::v1::Event& event,
                           const RoutingSettings& settings);

struct Recipient {
  std::string agency;  // `agencies/{CODE}`: its inbox
  Severity severity = v1::Notification::INFO;

  bool operator==(const Recipient& o) const {
    return agency == o.agency && severity == o.severity;
  }
};

// The recipients of `event`, one per agency (the highest severity kept);
// empty when its rule tells no one. Nothing when no rule knows its type.
std::optional<std::vector<Recipient>> RecipientsOf(
    const events::v1::Event& event, const RoutingSettings& settings);

// The event types the table knows, for tests and documentation.
std::vector<std::string> RoutedTypes();

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_ROUTING_H_
