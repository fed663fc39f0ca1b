#include "services/notifications/delivery_worker.h"

#include <algorithm>
#include <random>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/log.h"
#include "common/metrics.h"

namespace ngoaivu::notifications {
namespace {

using v1::Delivery;
using v1::Subscription;

constexpr absl::Duration kRedisCall = absl::Seconds(5);

std::string SubscriptionOf(const std::string& delivery) {
  return delivery.substr(0, delivery.find("/deliveries/"));
}

double UniformRandom() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(generator);
}

}  // namespace

DeliveryWorker::DeliveryWorker(NotificationsStore* store, const Clock* clock,
                               Transports transports,
                               DeliveryWorkerOptions options,
                               std::function<double()> random)
    : store_(store),
      clock_(clock),
      transports_(std::move(transports)),
      options_(options),
      random_(random ? std::move(random) : UniformRandom) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start() {
  if (running_.exchange(true)) return;
  for (int i = 0; i < options_.senders; ++i) {
    senders_.emplace_back([this] { SenderLoop(); });
  }
  poller_ = std::thread([this] {
    while (running_.load()) {
      auto claimed = Pass([this](Batch batch) {
        absl::MutexLock lock(&mutex_);
        queue_.push_back(std::move(batch));
      });
      if (!claimed.ok()) {
        LogWarning("delivery pass failed",
                   {{"error", claimed.status().ToString()}});
      }
      absl::MutexLock lock(&mutex_);
      mutex_.AwaitWithTimeout(absl::Condition(&wake_), options_.poll);
      wake_ = false;
    }
  });
}

void DeliveryWorker::Wake() {
  absl::MutexLock lock(&mutex_);
  wake_ = true;
}

void DeliveryWorker::Stop() {
  if (!running_.exchange(false)) return;
  if (poller_.joinable()) poller_.join();
  for (std::thread& t : senders_) t.join();
  senders_.clear();
}

void DeliveryWorker::SenderLoop() {
  while (running_.load()) {
    std::optional<Batch> batch;
    {
      absl::MutexLock lock(&mutex_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
        return !queue_.empty();
      };
      mutex_.AwaitWithTimeout(absl::Condition(&ready), absl::Milliseconds(200));
      if (queue_.empty()) continue;
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    Attempt(*std::move(batch));
  }
}

absl::StatusOr<int> DeliveryWorker::RunOnce() {
  return Pass([this](Batch batch) { Attempt(std::move(batch)); });
}

absl::StatusOr<int> DeliveryWorker::Pass(
    const std::function<void(Batch)>& send) {
  const absl::Time now = clock_->Now();
  auto due =
      store_->DueDeliveries(now, options_.batch, absl::Now() + kRedisCall);
  if (!due.ok()) return due.status();
  // Each subscription's due deliveries, soonest first.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (const std::string& name : *due) {
    const std::string subscription = SubscriptionOf(name);
    auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
      return g.first == subscription;
    });
    if (group == groups.end()) {
      groups.push_back({subscription, {}});
      group = groups.end() - 1;
    }
    group->second.push_back(name);
  }
  int claimed = 0;
  for (const auto& [subscription, names] : groups) {
    int room = 0;
    {
      absl::MutexLock lock(&mutex_);
      int& in_flight = in_flight_[subscription];
      room = std::min<int>(options_.in_flight_per_subscription - in_flight,
                           static_cast<int>(names.size()));
      if (room <= 0) continue;
      in_flight += room;  // reserved until claimed or given back
    }
    auto batches = Claim(names, now, room);
    const int used = batches.ok() ? static_cast<int>(batches->size()) : 0;
    if (used < room) {
      absl::MutexLock lock(&mutex_);
      if ((in_flight_[subscription] -= room - used) == 0) {
        in_flight_.erase(subscription);
      }
    }
    if (!batches.ok()) return batches.status();
    for (Batch& batch : *batches) {
      claimed += static_cast<int>(batch.size());
      send(std::move(batch));
    }
  }
  return claimed;
}

absl::StatusOr<std::vector<DeliveryWorker::Batch>> DeliveryWorker::Claim(
    const std::vector<std::string>& names, absl::Time now, int room) {
  // Held until the attempt ends; a sender that dies with it lets another
  // replica take it over then.
  const absl::Time lease_until =
      now + options_.policy.attempt_timeout + absl::Seconds(5);
  std::vector<Batch> batches;
  bool digest = false;
  for (const std::string& name : names) {
    if (!digest && static_cast<int>(batches.size()) == room) break;
    auto work =
        store_->ClaimDelivery(name, now, lease_until, absl::Now() + kRedisCall);
    if (!work.ok()) return work.status();
    if (!work->has_value()) continue;
    const auto& subscription = (*work)->subscription;
    digest = subscription && !subscription->daily_digest_at().empty();
    if (digest && !batches.empty()) {
      batches.front().push_back(**std::move(work));
    } else {
      batches.push_back({**std::move(work)});
    }
  }
  return batches;
}

absl::Status DeliveryWorker::SendOnChannel(const Batch& batch) {
  const DeliveryWork& first = batch.front();
  if (!first.subscription ||
      first.subscription->state() == Subscription::DELETED) {
    return absl::NotFoundError("the subscription was deleted");
  }
  auto transport = transports_.find(first.subscription->channel());
  if (transport == transports_.end() || transport->second == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no ", Subscription::Channel_Name(first.subscription->channel()),
        " transport is configured"));
  }
  std::vector<Outgoing> outgoing;
  for (const DeliveryWork& work : batch) {
    outgoing.push_back({&work.delivery, &work.event});
  }
  return transport->second->Send(*first.subscription, outgoing,
                                 absl::Now() + options_.policy.attempt_timeout);
}

void DeliveryWorker::Attempt(Batch batch) {
  const absl::Status sent = SendOnChannel(batch);
  for (const DeliveryWork& work : batch) Record(work, sent);
  absl::MutexLock lock(&mutex_);
  const std::string subscription =
      SubscriptionOf(batch.front().delivery.name());
  if (--in_flight_[subscription] <= 0) in_flight_.erase(subscription);
  wake_ = true;
}

void DeliveryWorker::Record(const DeliveryWork& work,
                            const absl::Status& sent) {
  const absl::Time now = clock_->Now();
  Delivery next = work.delivery;
  next.set_attempts(next.attempts() + 1);
  *next.mutable_update_time() = ToTimestamp(now);
  std::optional<absl::Time> again;
  if (sent.ok()) {
    next.set_state(Delivery::DELIVERED);
    next.clear_last_error();
    next.clear_next_attempt_time();
  } else {
    next.set_last_error(std::string(sent.message()));
    // A deleted subscription is not tried again, nor a receiver the webhook
    // policy refuses (nothing was sent to it).
    if (!absl::IsNotFound(sent) && !absl::IsPermissionDenied(sent)) {
      again = NextAttempt(options_.policy, next.attempts(), now, random_());
    }
    if (again) {
      next.set_state(Delivery::PENDING);
      *next.mutable_next_attempt_time() = ToTimestamp(*again);
    } else {
      next.set_state(Delivery::DEAD);
      next.clear_next_attempt_time();
      LogWarning("delivery dead-lettered",
                 {{"delivery", next.name()},
                  {"attempts", absl::StrCat(next.attempts())},
                  {"error", next.last_error()}});
    }
  }
  static auto& outcomes = CounterFamily(
      "ngoaivu_deliveries_total",
      "Webhook and e-mail delivery attempts, by channel and outcome: "
      "delivered, retry (scheduled again), dead, refused (by the webhook "
      "policy, not sent)");
  const char* outcome = sent.ok()                        ? "delivered"
                        : again                          ? "retry"
                        : absl::IsPermissionDenied(sent) ? "refused"
                                                         : "dead";
  const std::string channel =
      work.subscription ? absl::AsciiStrToLower(v1::Subscription::Channel_Name(
                              work.subscription->channel()))
                        : "gone";
  CounterOf(outcomes, {{"channel", channel}, {"outcome", outcome}}).Increment();
  auto finished =
      store_->FinishAttempt(work, next, again, absl::Now() + kRedisCall);
  if (!finished.ok()) {
    LogWarning(
        "delivery outcome not recorded",
        {{"delivery", next.name()}, {"error", finished.status().ToString()}});
  }
}

}  // namespace ngoaivu::notifications
