// Who may read an event outside its service: the same rule the source
// service applies to the resource, taken from the event's payload alone.
// Administrators, the coordinator (DOFA), the approvers, monitors and other
// systems read every event (restricted delegations reach the bus already
// stripped of their details); an officer reads what concerns his own
// agency, and the programmes, which are public within the government.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_AUDIENCE_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_AUDIENCE_H_

#include <string>
#include <vector>

#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu::notifications {

struct Audience {
  // Anyone in the government may read it (a programme).
  bool everyone = false;
  // Else: the agencies whose officers may (`agencies/{CODE}`).
  std::vector<std::string> agencies;
};

// The audience of `event`; an unknown payload concerns no agency (only the
// roles that read everything see it).
Audience AudienceOf(const events::v1::Event& event);

// Whether a principal acting as `role` ("officer", ...) of `agency` may
// read `event`.
bool MayRead(const std::string& role, const std::string& agency,
             const events::v1::Event& event);

// Whether a principal reads everything (not only its agency's).
bool ReadsEverything(const std::string& role);

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_EVENT_AUDIENCE_H_
