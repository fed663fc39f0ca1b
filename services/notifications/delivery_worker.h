// Sends what is due to webhooks and mailboxes: each pass claims the
// deliveries whose next attempt has come (a daily digest's all at once) (the
// schedule lives in Redis, so a restart loses no retry and replicas share the
// work), sends each on its channel, and records the outcome: delivered, due
// again after a backoff, or dead after the last attempt. One subscription has
// at most one send in flight per process, so a slow or dead endpoint holds one
// sender, never the others' deliveries.
#ifndef NGOAIVU_SERVICES_NOTIFICATIONS_DELIVERY_WORKER_H_
#define NGOAIVU_SERVICES_NOTIFICATIONS_DELIVERY_WORKER_H_

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "services/notifications/delivery_policy.h"
#include "services/notifications/notifications_store.h"

namespace ngoaivu::notifications {

// One delivery as a transport sends it.
struct Outgoing {
  const v1::Delivery* delivery;
  const events::v1::Event* event;
};

// One channel's way out (webhook, e-mail): one delivery, or a daily
// digest's several at once. OK means accepted.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual absl::Status Send(const v1::Subscription& subscription,
                            const std::vector<Outgoing>& deliveries,
                            absl::Time deadline) = 0;
};

struct DeliveryWorkerOptions {
  DeliveryPolicy policy;
  // Attempts in flight in this process, in all.
  int senders = 16;
  // Attempts in flight to one subscription: as fast as its receiver
  // answers, but one slow receiver never takes every sender.
  int in_flight_per_subscription = 4;
  // How often what fell due is looked for while nothing else wakes the
  // worker (an attempt ending wakes it at once).
  absl::Duration poll = absl::Milliseconds(250);
  int batch = 64;
};

class DeliveryWorker {
 public:
  using Transports = std::map<v1::Subscription::Channel, Transport*>;

  DeliveryWorker(NotificationsStore* store, const Clock* clock,
                 Transports transports, DeliveryWorkerOptions options,
                 std::function<double()> random = nullptr);
  ~DeliveryWorker();

  void Start();
  void Stop();
  // New deliveries were just committed: look for what is due at once
  // rather than at the next poll.
  void Wake();
  // One pass in the calling thread, every attempt made before it returns:
  // how many attempts were made.
  absl::StatusOr<int> RunOnce();

 private:
  using Batch = std::vector<DeliveryWork>;
  // Claims what is due and hands each subscription's claims to `send`.
  absl::StatusOr<int> Pass(const std::function<void(Batch)>& send);
  // Claims what is due of one subscription, up to `room` batches: each
  // delivery alone, or a digest's every due one together.
  absl::StatusOr<std::vector<Batch>> Claim(
      const std::vector<std::string>& names, absl::Time now, int room);
  void Attempt(Batch batch);
  absl::Status SendOnChannel(const Batch& batch);
  void Record(const DeliveryWork& work, const absl::Status& sent);
  void SenderLoop();

  NotificationsStore* store_;
  const Clock* clock_;
  Transports transports_;
  DeliveryWorkerOptions options_;
  std::function<double()> random_;
  std::atomic<bool> running_{false};
  std::thread poller_;
  std::vector<std::thread> senders_;
  absl::Mutex mutex_;
  std::deque<Batch> queue_ ABSL_GUARDED_BY(mutex_);
  // Attempts in flight in this process, per subscription.
  std::map<std::string, int> in_flight_ ABSL_GUARDED_BY(mutex_);
  // An attempt ended: look for more at once.
  bool wake_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace ngoaivu::notifications

#endif  // NGOAIVU_SERVICES_NOTIFICATIONS_DELIVERY_WORKER_H_
