// RedisNotificationsStore: subscriptions, their deliveries and the retry
// schedule (keys in redis_notifications_store.h).
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/dates.h"
#include "common/ids.h"
#include "services/notifications/redis_notifications_store.h"

namespace ngoaivu::notifications {
namespace {

using v1::Delivery;
using v1::Subscription;

constexpr char kSubscriptionPrefix[] = "{notifications}:subscription:";
constexpr char kSubscriptions[] = "{notifications}:subscriptions";
constexpr char kSubscriberPrefix[] = "{notifications}:subscriber:";
constexpr char kSubscriptionsMeta[] = "{notifications}:subscriptions-meta";
constexpr char kDeliveryPrefix[] = "{notifications}:delivery:";
constexpr char kDeliveriesPrefix[] = "{notifications}:deliveries:";
constexpr char kDue[] = "{notifications}:due";

std::string IdOf(absl::string_view name) {
  absl::ConsumePrefix(&name, "subscriptions/");
  return std::string(name.substr(0, name.find('/')));
}

// "subscriptions/s/deliveries/d" <-> "s/d", the schedule's member.
std::string MemberOf(absl::string_view delivery) {
  return absl::StrCat(IdOf(delivery), "/",
                      delivery.substr(delivery.rfind('/') + 1));
}
std::string DeliveryNameOf(absl::string_view member) {
  const size_t slash = member.find('/');
  return absl::StrCat("subscriptions/", member.substr(0, slash), "/deliveries/",
                      member.substr(slash + 1));
}

std::string DeliveryKey(absl::string_view delivery) {
  return absl::StrCat(kDeliveryPrefix, MemberOf(delivery));
}

RecordFields DeliveryFields(const Delivery& d) {
  return {{"state", absl::StrCat(d.state())}, {"claim", ""}};
}

}  // namespace

void RedisNotificationsStore::PlanNewDelivery(WritePlan& plan,
                                              const NewDelivery& delivery) {
  const Delivery& d = delivery.delivery;
  RecordFields fields = DeliveryFields(d);
  fields.push_back({"event", delivery.event});
  RedisStoreKit::PutRecord(plan, DeliveryKey(d.name()), d, "1", fields);
  plan.IndexAdd(absl::StrCat(kDeliveriesPrefix, IdOf(d.name())),
                d.name().substr(d.name().rfind('/') + 1));
  plan.ScoredAdd(kDue, MemberOf(d.name()),
                 absl::ToUnixMillis(FromTimestamp(d.next_attempt_time())));
}

absl::StatusOr<WriteOutcome> RedisNotificationsStore::SaveSubscription(
    const Subscription& next, const std::string* previous_etag,
    const Mutation& mutation) {
  const std::string id = IdOf(next.name());
  const std::string key = absl::StrCat(kSubscriptionPrefix, id);
  WritePlan plan = kit_.Plan(mutation);
  RedisStoreKit::GuardEtagOrAbsent(plan, key, next.name(), previous_etag);
  RedisStoreKit::PutRecord(plan, key, next, next.etag(),
                           {{"state", absl::StrCat(next.state())},
                            {"subscriber", next.subscriber()}});
  const std::string by_subscriber =
      absl::StrCat(kSubscriberPrefix, next.subscriber());
  if (next.state() == Subscription::DELETED) {
    plan.IndexRemove(kSubscriptions, id);
    plan.IndexRemove(by_subscriber, id);
  } else if (previous_etag == nullptr) {
    plan.IndexAdd(kSubscriptions, id);
    plan.IndexAdd(by_subscriber, id);
  }
  plan.Increment(kSubscriptionsMeta, {{"version", 1}});
  return kit_.Commit(plan, mutation);
}

absl::StatusOr<std::optional<Subscription>>
RedisNotificationsStore::FindSubscription(const std::string& name,
                                          absl::Time deadline) {
  return kit_.Load<Subscription>(absl::StrCat(kSubscriptionPrefix, IdOf(name)),
                                 deadline);
}

absl::StatusOr<RecordPage<Subscription>>
RedisNotificationsStore::ListSubscriptions(const std::string& subscriber,
                                           absl::string_view cursor, int limit,
                                           absl::Time deadline) {
  PageQuery query{subscriber.empty()
                      ? std::string(kSubscriptions)
                      : absl::StrCat(kSubscriberPrefix, subscriber),
                  kSubscriptionPrefix,
                  std::string(cursor),
                  limit,
                  {}};
  return kit_.Page<Subscription>(query, deadline);
}

absl::StatusOr<std::shared_ptr<const std::vector<Subscription>>>
RedisNotificationsStore::ActiveSubscriptions(absl::Time deadline) {
  auto reply =
      kit_.redis().Command({"HGET", kSubscriptionsMeta, "version"}, deadline);
  if (!reply.ok()) return reply.status();
  const std::string version(
      (*reply)->type == REDIS_REPLY_STRING ? ReplyString(reply->get()) : "0");
  {
    absl::MutexLock lock(&subscriptions_mutex_);
    if (subscriptions_ && subscriptions_version_ == version) {
      return subscriptions_;
    }
  }
  auto active = std::make_shared<std::vector<Subscription>>();
  std::string cursor;
  do {
    PageQuery query{kSubscriptions,
                    kSubscriptionPrefix,
                    cursor,
                    500,
                    {{"state", absl::StrCat(Subscription::ACTIVE)}}};
    auto page = kit_.Page<Subscription>(query, deadline);
    if (!page.ok()) return page.status();
    for (Subscription& s : page->records) active->push_back(std::move(s));
    cursor = page->next_cursor;
  } while (!cursor.empty());
  absl::MutexLock lock(&subscriptions_mutex_);
  subscriptions_version_ = version;
  subscriptions_ = std::move(active);
  return subscriptions_;
}

absl::StatusOr<RecordPage<Delivery>> RedisNotificationsStore::ListDeliveries(
    const std::string& subscription, Delivery::State state,
    absl::string_view cursor, int limit, absl::Time deadline) {
  const std::string id = IdOf(subscription);
  PageQuery query{absl::StrCat(kDeliveriesPrefix, id),
                  absl::StrCat(kDeliveryPrefix, id, "/"),
                  std::string(cursor),
                  limit,
                  {}};
  if (state != Delivery::STATE_UNSPECIFIED) {
    query.filters.push_back({"state", absl::StrCat(state)});
  }
  return kit_.Page<Delivery>(query, deadline);
}

absl::StatusOr<std::optional<Delivery>> RedisNotificationsStore::FindDelivery(
    const std::string& name, absl::Time deadline) {
  return kit_.Load<Delivery>(DeliveryKey(name), deadline);
}

absl::StatusOr<std::vector<std::string>> RedisNotificationsStore::DueDeliveries(
    absl::Time now, int limit, absl::Time deadline) {
  auto reply = kit_.redis().Command(
      {"ZRANGEBYSCORE", kDue, "-inf", absl::StrCat(absl::ToUnixMillis(now)),
       "LIMIT", "0", absl::StrCat(limit)},
      deadline);
  if (!reply.ok()) return reply.status();
  std::vector<std::string> names;
  const redisReply* r = reply->get();
  if (r->type != REDIS_REPLY_ARRAY) return names;
  for (size_t i = 0; i < r->elements; ++i) {
    names.push_back(DeliveryNameOf(ReplyString(r->element[i])));
  }
  return names;
}

absl::StatusOr<std::optional<DeliveryWork>>
RedisNotificationsStore::ClaimDelivery(const std::string& name, absl::Time now,
                                       absl::Time lease_until,
                                       absl::Time deadline) {
  const std::string key = DeliveryKey(name);
  auto replies = kit_.redis().Pipeline({{"HMGET", key, "pb", "claim", "event"},
                                        {"ZSCORE", kDue, MemberOf(name)}},
                                       deadline);
  if (!replies.ok()) return replies.status();
  const redisReply* fields = (*replies)[0].get();
  const redisReply* score = (*replies)[1].get();
  double due_ms = 0;
  if (fields->type != REDIS_REPLY_ARRAY || fields->elements != 3 ||
      fields->element[0]->type != REDIS_REPLY_STRING ||
      score->type != REDIS_REPLY_STRING ||
      !absl::SimpleAtod(ReplyString(score), &due_ms) ||
      due_ms > absl::ToUnixMillis(now)) {
    return std::optional<DeliveryWork>();
  }
  DeliveryWork work;
  if (!work.delivery.ParseFromString(
          std::string(ReplyString(fields->element[0]))) ||
      !work.event.ParseFromString(
          std::string(ReplyString(fields->element[2])))) {
    return absl::InternalError(absl::StrCat(name, ": record does not parse"));
  }
  const std::string previous_claim(ReplyString(fields->element[1]));
  work.claim = NewUuid();
  WritePlan plan;
  plan.RequireField(key, "claim", previous_claim, "ABORTED",
                    absl::StrCat(name, " was claimed by another sender"));
  plan.HashSet(key, {{"claim", work.claim}});
  plan.ScoredAdd(kDue, MemberOf(name), absl::ToUnixMillis(lease_until));
  auto claimed = plan.Commit(kit_.functions(), deadline);
  if (absl::IsAborted(claimed.status())) return std::optional<DeliveryWork>();
  if (!claimed.ok()) return claimed.status();
  auto subscription =
      FindSubscription(absl::StrCat("subscriptions/", IdOf(name)), deadline);
  if (!subscription.ok()) return subscription.status();
  work.subscription = *std::move(subscription);
  return std::optional<DeliveryWork>(std::move(work));
}

absl::StatusOr<WriteOutcome> RedisNotificationsStore::FinishAttempt(
    const DeliveryWork& work, const Delivery& next,
    std::optional<absl::Time> next_attempt, absl::Time deadline) {
  const std::string key = DeliveryKey(next.name());
  WritePlan plan;
  plan.RequireField(key, "claim", work.claim, "ABORTED",
                    absl::StrCat(next.name(), ": the claim ran out"));
  RedisStoreKit::PutRecord(plan, key, next, "1", DeliveryFields(next));
  if (next_attempt) {
    plan.ScoredAdd(kDue, MemberOf(next.name()),
                   absl::ToUnixMillis(*next_attempt));
  } else {
    plan.IndexRemove(kDue, MemberOf(next.name()));
  }
  return plan.Commit(kit_.functions(), deadline);
}

absl::StatusOr<WriteOutcome> RedisNotificationsStore::Redeliver(
    const Delivery& next, const Delivery& previous, const Mutation& mutation) {
  const std::string key = DeliveryKey(next.name());
  WritePlan plan = kit_.Plan(mutation);
  plan.RequireField(key, "state", absl::StrCat(previous.state()), "ABORTED",
                    absl::StrCat(next.name(), " was changed concurrently"));
  RedisStoreKit::PutRecord(plan, key, next, "1", DeliveryFields(next));
  plan.ScoredAdd(kDue, MemberOf(next.name()),
                 absl::ToUnixMillis(FromTimestamp(next.next_attempt_time())));
  return kit_.Commit(plan, mutation);
}

}  // namespace ngoaivu::notifications
