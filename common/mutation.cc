#include "common/mutation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/ids.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace ngoaivu {

RequestRecord RequestRecords::For(
    absl::string_view method, absl::string_view request_id,
    const google::protobuf::Message& request) const {
  // Deterministic serialization: equal requests give equal bytes.
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  // The request_id is part of the bytes; it is also part of the key, so the
  // fingerprint only tells apart different requests under the same id.
  RequestRecord record;
  record.key = absl::StrCat(key_prefix_, method, ":", request_id);
  record.fingerprint = Sha256Hex(bytes);
  record.ttl = ttl_;
  return record;
}

void AddMutation(const Mutation& mutation, absl::string_view stream,
                 int64_t max_length, absl::string_view history_prefix,
                 WritePlan* plan) {
  // Work the service does on its own (the scheduler) has no request to
  // answer again.
  if (!mutation.request.key.empty()) {
    plan->RememberResponse(mutation.request, mutation.response);
  }
  for (const events::v1::Event& event : mutation.events) {
    plan->AppendEvent(stream, max_length, event,
                      absl::StrCat(history_prefix, event.subject()));
  }
}

absl::StatusOr<std::optional<std::string>> FindPriorResponse(
    RedisPool& redis, const RequestRecord& record, absl::Time deadline) {
  auto reply = redis.Command({"HMGET", record.key, "fp", "response"}, deadline);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (IsError(r)) return absl::InternalError(std::string(ReplyString(r)));
  if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
      r->element[0]->type != REDIS_REPLY_STRING) {
    return std::optional<std::string>();
  }
  if (ReplyString(r->element[0]) != record.fingerprint) {
    return InvalidArgument("request_id",
                           "already used for a different request");
  }
  return std::optional<std::string>(std::string(ReplyString(r->element[1])));
}

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
  event.mutable_data()->PackFrom(payload);
  return event;
}

}  // namespace ngoaivu
