#include "common/redis_store_kit.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace ngoaivu {

RedisStoreKit::RedisStoreKit(RedisPool* redis, RedisFunctions* functions,
                             absl::string_view service,
                             int64_t events_max_length)
    : redis_(redis),
      functions_(functions),
      prefix_(absl::StrCat("{", service, "}:")),
      event_stream_(absl::StrCat(prefix_, "events")),
      events_max_length_(events_max_length) {}

std::string RedisStoreKit::Key(absl::string_view suffix) const {
  return absl::StrCat(prefix_, suffix);
}

std::string RedisStoreKit::RequestKey(const RequestRecord& request) const {
  return absl::StrCat(prefix_, "request:", request.id);
}

WritePlan RedisStoreKit::Plan(const Mutation& mutation) const {
  WritePlan plan;
  // Work the service does on its own has no request to answer again.
  if (!mutation.request.empty()) {
    plan.Replay(RequestKey(mutation.request), mutation.request.fingerprint);
  }
  return plan;
}

void RedisStoreKit::GuardEtagOrAbsent(WritePlan& plan, absl::string_view key,
                                      absl::string_view resource,
                                      const std::string* previous_etag) {
  if (previous_etag == nullptr) {
    plan.RequireAbsent(key, "ALREADY_EXISTS",
                       absl::StrCat(resource, " already exists"));
  } else {
    plan.RequireField(key, "etag", *previous_etag, "ABORTED",
                      absl::StrCat(resource, " was changed concurrently"));
  }
}

void RedisStoreKit::PutRecord(WritePlan& plan, absl::string_view key,
                              const google::protobuf::Message& record,
                              absl::string_view etag, RecordFields fields) {
  fields.insert(fields.begin(), {{"pb", record.SerializeAsString()},
                                 {"etag", std::string(etag)}});
  plan.HashSet(key, fields);
}

absl::StatusOr<WriteOutcome> RedisStoreKit::Commit(
    WritePlan& plan, const Mutation& mutation) const {
  if (!mutation.request.empty()) {
    plan.RememberResponse(RequestKey(mutation.request),
                          mutation.request.fingerprint, mutation.response,
                          mutation.request.ttl);
  }
  for (const events::v1::Event& event : mutation.events) {
    plan.AppendEvent(event_stream_, events_max_length_, event,
                     absl::StrCat(prefix_, "history:", event.subject()));
  }
  return plan.Commit(*functions_, mutation.deadline);
}

absl::StatusOr<std::optional<std::string>> RedisStoreKit::FindResponse(
    const RequestRecord& request, absl::Time deadline) const {
  auto reply = redis_->Command({"HMGET", RequestKey(request), "fp", "response"},
                               deadline);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (IsError(r)) return absl::InternalError(std::string(ReplyString(r)));
  if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
      r->element[0]->type != REDIS_REPLY_STRING) {
    return std::optional<std::string>();
  }
  if (ReplyString(r->element[0]) != request.fingerprint) {
    return InvalidArgument("request_id",
                           "already used for a different request");
  }
  return std::optional<std::string>(std::string(ReplyString(r->element[1])));
}

absl::StatusOr<RecordPage<events::v1::Event>> RedisStoreKit::ListHistory(
    absl::string_view subject, int64_t offset, int limit,
    absl::Time deadline) const {
  return ReadHistory(*redis_, absl::StrCat(prefix_, "history:", subject),
                     subject, offset, limit, deadline);
}

}  // namespace ngoaivu
