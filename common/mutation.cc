#include "common/mutation.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/ids.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace ngoaivu {

RequestRecord RecordOfRequest(absl::string_view method,
                              absl::string_view request_id,
                              const google::protobuf::Message& request,
                              absl::Duration ttl) {
  // Deterministic serialization: equal requests give equal bytes.
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  // The request_id is part of the bytes; it is also part of the id, so the
  // fingerprint only tells apart different requests under the same id.
  RequestRecord record;
  record.id = absl::StrCat(method, ":", request_id);
  record.fingerprint = Sha256Hex(bytes);
  record.ttl = ttl;
  return record;
}

EventFactory::EventFactory(absl::string_view service)
    : source_(absl::StrCat("//ngoaivu/", service)),
      type_prefix_(absl::StrCat("ngoaivu.", service, ".v1.")) {}

events::v1::Event EventFactory::Make(absl::string_view verb,
                                     absl::string_view subject,
                                     const google::protobuf::Message& payload,
                                     const CallContext& call,
                                     absl::string_view request_id,
                                     absl::Time now) const {
  events::v1::Event event;
  event.set_id(NewUuid());
  event.set_source(source_);
  event.set_type(absl::StrCat(type_prefix_, verb));
  event.set_subject(std::string(subject));
  *event.mutable_time() = ToTimestamp(now);
  *event.mutable_actor() = call.actor;
  event.set_traceparent(call.traceparent.empty() ? NewTraceparent()
                                                 : call.traceparent);
  event.set_request_id(std::string(request_id));
  event.set_backfill(call.backfill);
  event.mutable_data()->PackFrom(payload);
  return event;
}

void MutationScope::Emit(absl::string_view verb, absl::string_view subject,
                         const google::protobuf::Message& payload) {
  emitted_.push_back(
      events_->Make(verb, subject, payload, *call_, request_id_, now_));
}

Mutation MutationScope::Build(const google::protobuf::Message& response) const {
  Mutation m;
  m.request = request_;
  m.response = response.SerializeAsString();
  m.events = emitted_;
  m.deadline = call_->deadline;
  return m;
}

MutationRunner::MutationRunner(absl::string_view service, RequestLog* log,
                               const Clock* clock, absl::Duration request_ttl)
    : log_(log), clock_(clock), request_ttl_(request_ttl), events_(service) {}

}  // namespace ngoaivu
