// Makes every event payload type resolvable by name in the generated
// descriptor pool, so that an event's `Any` payload prints as JSON: a
// static library links a .pb.cc only when something refers to it.
#ifndef NGOAIVU_COMMON_EVENT_PAYLOADS_H_
#define NGOAIVU_COMMON_EVENT_PAYLOADS_H_

namespace ngoaivu {

// Cheap after the first call.
void LinkEventPayloads();

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_EVENT_PAYLOADS_H_
