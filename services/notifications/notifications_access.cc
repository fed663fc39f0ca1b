#include "services/notifications/notifications_access.h"

namespace ngoaivu::notifications {
namespace {

constexpr Scope kAny = Scope::kAnyAgency;
constexpr Scope kOwn = Scope::kOwnAgency;
constexpr Scope kPart = Scope::kParticipant;

// An inbox is its agency's: its officers and leaders read and mark it; the
// administrators and DOFA, who answer for the programme, may look into any;
// a system reads any (an agency's document system mirroring it).
Grants InboxKeepers() {
  return {{Role::kAdmin, kAny},
          {Role::kCoordinator, kAny},
          {Role::kApprover, kOwn},
          {Role::kOfficer, kOwn},
          {Role::kSystem, kAny}};
}

// Anyone may subscribe to what he may read (the service narrows the
// filter); a subscription is its subscriber's, and the administrators' and
// DOFA's to look after.
Grants Subscribers() {
  return {{Role::kAdmin, kAny},     {Role::kCoordinator, kAny},
          {Role::kApprover, kPart}, {Role::kOfficer, kPart},
          {Role::kViewer, kPart},   {Role::kSystem, kPart}};
}

}  // namespace

AccessPolicy NotificationsAccessPolicy() {
  std::vector<MethodAccess> table = {
      {"ListNotifications", "parent", InboxKeepers()},
      {"GetUnreadCount", "parent", InboxKeepers()},
      {"GetNotification", "name", InboxKeepers()},
      {"MarkRead", "name", InboxKeepers()},
      {"MarkAllRead", "parent", InboxKeepers()},
      {"ArchiveNotification", "name", InboxKeepers()},
      {"WatchNotifications", "parent", InboxKeepers()},
      // Every event the caller may read at its source: an officer what
      // concerns his own agency (the service filters).
      {"StreamEvents", "", With(EveryRole(), Role::kOfficer, kPart)},
      {"CreateSubscription", "", Subscribers()},
      {"GetSubscription", "", Subscribers()},
      {"ListSubscriptions", "", Subscribers()},
      {"PauseSubscription", "", Subscribers()},
      {"ResumeSubscription", "", Subscribers()},
      {"DeleteSubscription", "", Subscribers()},
      {"ListDeliveries", "", Subscribers()},
      {"RedeliverDelivery", "", Subscribers()},
      {"ListHistory", "", Subscribers()},
  };
  return AccessPolicy("notifications", std::move(table));
}

}  // namespace ngoaivu::notifications
