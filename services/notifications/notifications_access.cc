#include "services/notifications/notifications_access.h"

namespace ngoaivu::notifications {
namespace {

constexpr Scope kAny = Scope::kAnyAgency;
constexpr Scope kOwn = Scope::kOwnAgency;

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

}  // namespace

AccessPolicy NotificationsAccessPolicy() {
  std::vector<MethodAccess> table = {
      {"ListNotifications", "parent", InboxKeepers()},
      {"GetUnreadCount", "parent", InboxKeepers()},
      {"MarkRead", "name", InboxKeepers()},
      {"MarkAllRead", "parent", InboxKeepers()},
      {"ArchiveNotification", "name", InboxKeepers()},
      {"WatchNotifications", "parent", InboxKeepers()},
      // Every event the caller may read at its source: an officer what
      // concerns his own agency (the service filters).
      {"StreamEvents", "", With(EveryRole(), Role::kOfficer, Scope::kParticipant)},
  };
  return AccessPolicy("notifications", std::move(table));
}

}  // namespace ngoaivu::notifications
