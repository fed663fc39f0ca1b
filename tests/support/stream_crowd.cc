#include "tests/support/stream_crowd.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace ngoaivu::testing {

namespace nv1 = ::ngoaivu::notifications::v1;

namespace {
// The tag of a call's start, which needs no step of its own.
char kStarted;
}  // namespace

// One stream's steps, driven by the crowd's completion queue: headers,
// then messages until the end, then its status.
class StreamCrowd::Call {
 public:
  explicit Call(StreamCrowd* crowd) : crowd_(crowd) {}
  virtual ~Call() = default;

  void Proceed(bool ok) {
    switch (step_) {
      case Step::kHeaders:
        if (ok) {
          ++crowd_->opened_;
          step_ = Step::kReading;
          Read();
          return;
        }
        break;
      case Step::kReading:
        if (ok) {
          Deliver();
          Read();
          return;
        }
        break;
      case Step::kEnding: {
        absl::MutexLock lock(&crowd_->mutex_);
        crowd_->endings_.push_back(status_.error_code());
        ++crowd_->ended_;
        return;
      }
    }
    step_ = Step::kEnding;
    Finish();
  }

  grpc::ClientContext context;

 protected:
  enum class Step { kHeaders, kReading, kEnding };
  virtual void Read() = 0;
  virtual void Deliver() = 0;
  virtual void Finish() = 0;

  StreamCrowd* crowd_;
  Step step_ = Step::kHeaders;
  grpc::Status status_;
};

class StreamCrowd::WatchCall final : public StreamCrowd::Call {
 public:
  WatchCall(StreamCrowd* crowd, grpc::Channel* channel,
            const std::string& token, const std::string& agency)
      : Call(crowd) {
    context.AddMetadata("authorization", "Bearer " + token);
    nv1::WatchNotificationsRequest r;
    r.set_parent(agency);
    reader_ = nv1::NotificationsService::NewStub(
                  std::shared_ptr<grpc::Channel>(channel, [](auto*) {}))
                  ->PrepareAsyncWatchNotifications(&context, r, &crowd->queue_);
    reader_->StartCall(&kStarted);
    reader_->ReadInitialMetadata(this);
  }

 private:
  void Read() override { reader_->Read(&response_, this); }
  void Deliver() override {
    ++crowd_->arrivals_;
    if (crowd_->on_arrival_) {
      crowd_->on_arrival_(true, response_.notification().source_event());
    }
  }
  void Finish() override { reader_->Finish(&status_, this); }

  std::unique_ptr<grpc::ClientAsyncReader<nv1::WatchNotificationsResponse>>
      reader_;
  nv1::WatchNotificationsResponse response_;
};

class StreamCrowd::EventsCall final : public StreamCrowd::Call {
 public:
  EventsCall(StreamCrowd* crowd, grpc::Channel* channel,
             const std::string& token)
      : Call(crowd) {
    context.AddMetadata("authorization", "Bearer " + token);
    reader_ = nv1::EventService::NewStub(
                  std::shared_ptr<grpc::Channel>(channel, [](auto*) {}))
                  ->PrepareAsyncStreamEvents(&context, {}, &crowd->queue_);
    reader_->StartCall(&kStarted);
    reader_->ReadInitialMetadata(this);
  }

 private:
  void Read() override { reader_->Read(&response_, this); }
  void Deliver() override {
    if (response_.heartbeat()) return;
    ++crowd_->arrivals_;
    if (crowd_->on_arrival_) crowd_->on_arrival_(false, response_.event().id());
  }
  void Finish() override { reader_->Finish(&status_, this); }

  std::unique_ptr<grpc::ClientAsyncReader<nv1::StreamEventsResponse>> reader_;
  nv1::StreamEventsResponse response_;
};

StreamCrowd::StreamCrowd(const std::string& address, int connections,
                         OnArrival on_arrival)
    : on_arrival_(std::move(on_arrival)) {
  for (int i = 0; i < std::max(1, connections); ++i) {
    grpc::ChannelArguments args;
    // A distinct argument gives each channel its own connection.
    args.SetInt("ngoaivu.crowd_connection", i);
    channels_.push_back(grpc::CreateCustomChannel(
        address, grpc::InsecureChannelCredentials(), args));
  }
  poller_ = std::thread([this] { Poll(); });
}

StreamCrowd::~StreamCrowd() {
  CancelAll();
  queue_.Shutdown();
  poller_.join();
}

grpc::Channel* StreamCrowd::NextChannel() {
  grpc::Channel* channel = channels_[next_channel_].get();
  next_channel_ = (next_channel_ + 1) % channels_.size();
  return channel;
}

void StreamCrowd::OpenWatch(const std::string& token,
                            const std::string& agency) {
  ++started_;
  calls_.push_back(
      std::make_unique<WatchCall>(this, NextChannel(), token, agency));
}

void StreamCrowd::OpenEvents(const std::string& token) {
  ++started_;
  calls_.push_back(std::make_unique<EventsCall>(this, NextChannel(), token));
}

void StreamCrowd::Poll() {
  void* tag = nullptr;
  bool ok = false;
  while (queue_.Next(&tag, &ok)) {
    if (tag != &kStarted) static_cast<Call*>(tag)->Proceed(ok);
  }
}

bool StreamCrowd::WaitOpen(absl::Time deadline) {
  while (opened_.load() + ended_.load() < started_.load()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return ended_.load() == 0;
}

bool StreamCrowd::WaitEnded(absl::Time deadline) {
  while (ended_.load() < started_.load()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

void StreamCrowd::CancelAll() {
  for (auto& call : calls_) call->context.TryCancel();
  WaitEnded(absl::Now() + absl::Seconds(30));
}

int StreamCrowd::EndedWith(grpc::StatusCode code) const {
  absl::MutexLock lock(&mutex_);
  return static_cast<int>(std::count(endings_.begin(), endings_.end(), code));
}

namespace {

int64_t StatusField(int pid, const std::string& field) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) != 0) continue;
    std::istringstream in(line.substr(field.size() + 1));
    int64_t value = -1;
    in >> value;
    return value;
  }
  return -1;
}

}  // namespace

int ThreadsOf(int pid) { return static_cast<int>(StatusField(pid, "Threads")); }
int64_t ResidentKibOf(int pid) { return StatusField(pid, "VmRSS"); }

}  // namespace ngoaivu::testing
