// The W3C trace the current thread works in: set while a call's handler
// runs (Serve) and while a consumer applies an event, read by outgoing calls
// (OutgoingCall), so a call to the registry made deep inside a use case
// carries the trace of the call or event that caused it, without every
// interface in between passing it along.
#ifndef NGOAIVU_COMMON_TRACE_CONTEXT_H_
#define NGOAIVU_COMMON_TRACE_CONTEXT_H_

#include <string>

namespace ngoaivu {

// The current thread's traceparent ("" outside any call or event).
const std::string& CurrentTraceparent();

// Makes `traceparent` current until the end of the scope (then the one
// before it again).
class ScopedTrace {
 public:
  explicit ScopedTrace(std::string traceparent);
  ~ScopedTrace();
  ScopedTrace(const ScopedTrace&) = delete;
  ScopedTrace& operator=(const ScopedTrace&) = delete;

 private:
  std::string previous_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_TRACE_CONTEXT_H_
