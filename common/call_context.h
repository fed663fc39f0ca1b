// What a request carries into domain code besides its message: its
// deadline, the principal acting, and the trace it belongs to. Plain data,
// so domain code and its tests need no gRPC.
#ifndef NGOAIVU_COMMON_CALL_CONTEXT_H_
#define NGOAIVU_COMMON_CALL_CONTEXT_H_

#include <string>

#include "absl/time/time.h"
#include "ngoaivu/events/v1/event.pb.h"

namespace ngoaivu {

struct CallContext {
  absl::Time deadline = absl::InfiniteFuture();
  events::v1::Actor actor;
  std::string traceparent;
  // The caller may see only what its agency takes part in (access scope
  // kParticipant): the use case narrows its answer.
  bool participation_only = false;
  // The change enters a record of the past (an import, a history taken
  // over from paper): its events say so (Event.backfill), and nobody's
  // inbox hears of them. Asked for with the metadata `ngoaivu-backfill:
  // true` (kBackfillHeader).
  bool backfill = false;
};

inline constexpr char kBackfillHeader[] = "ngoaivu-backfill";

// The context of what a service does on its own because of `event` (a
// registry merge, a delegation's return): the service acts as `subject`
// in the `system` role, within `deadline`, in the event's trace.
inline CallContext EffectCall(const std::string& subject,
                              const events::v1::Event& event,
                              absl::Time deadline) {
  CallContext call;
  call.deadline = deadline;
  call.actor.set_subject(subject);
  call.actor.set_role("system");
  call.traceparent = event.traceparent();
  // What follows from a backfill is part of it.
  call.backfill = event.backfill();
  return call;
}

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_CALL_CONTEXT_H_
