// Who may do what in the notifications service (docs/api.md, "Access").
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_ACCESS_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_ACCESS_H_

#include "common/access_policy.h"

namespace ngoaivu::notifications {

AccessPolicy NotificationsAccessPolicy();

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_NOTIFICATIONS_ACCESS_H_
