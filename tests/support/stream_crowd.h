// Many server streams held open at once from one client thread, on gRPC's
// asynchronous client API, as thousands of dashboards and inboxes would hold
// them: the client stays cheap, so what is measured is the server.
#ifndef NGOAIVU_TESTS_SUPPORT_STREAM_CROWD_H_
#define NGOAIVU_TESTS_SUPPORT_STREAM_CROWD_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ngoaivu/notifications/v1/notifications_service.grpc.pb.h"

namespace ngoaivu::testing {

class StreamCrowd {
 public:
  // Called on the client thread for each event a stream receives: whether
  // it is a WatchNotifications stream, and the event's id (for a
  // notification, the id of the event it was made of).
  using OnArrival =
      std::function<void(bool watch, const std::string& event_id)>;

  // Spreads its streams over `connections` HTTP/2 connections to `address`.
  StreamCrowd(const std::string& address, int connections,
              OnArrival on_arrival);
  ~StreamCrowd();

  void OpenWatch(const std::string& token, const std::string& agency);
  void OpenEvents(const std::string& token);

  // Waits until every stream opened so far has its response headers (the
  // server accepted it); false when `deadline` passes first.
  bool WaitOpen(absl::Time deadline);
  // Waits until every stream has ended; false when `deadline` passes first.
  bool WaitEnded(absl::Time deadline);
  // Cancels every stream and waits for them to end.
  void CancelAll();

  int opened() const { return opened_.load(); }
  int ended() const { return ended_.load(); }
  // How many ended with `code`.
  int EndedWith(grpc::StatusCode code) const;
  int64_t arrivals() const { return arrivals_.load(); }

 private:
  class Call;
  class WatchCall;
  class EventsCall;
  void Poll();
  grpc::Channel* NextChannel();

  OnArrival on_arrival_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  size_t next_channel_ = 0;
  grpc::CompletionQueue queue_;
  std::vector<std::unique_ptr<Call>> calls_;
  std::atomic<int> started_{0};
  std::atomic<int> opened_{0};
  std::atomic<int> ended_{0};
  std::atomic<int64_t> arrivals_{0};
  mutable absl::Mutex mutex_;
  std::vector<grpc::StatusCode> endings_ ABSL_GUARDED_BY(mutex_);
  std::thread poller_;
};

// The number of threads of process `pid` and its resident memory in KiB
// (from /proc/<pid>/status); -1 when unreadable.
int ThreadsOf(int pid);
int64_t ResidentKibOf(int pid);

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_STREAM_CROWD_H_
