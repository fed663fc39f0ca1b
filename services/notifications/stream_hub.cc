#include "services/notifications/stream_hub.h"

#include <utility>

#include "absl/time/clock.h"
#include "common/metrics.h"

namespace ngoaivu::notifications {
namespace {

constexpr int kCatchUpBatch = 256;
constexpr absl::Duration kRedisCall = absl::Seconds(5);

prometheus::Gauge& OpenGauge(const std::string& method) {
  static auto& family =
      GaugeFamily("ngoaivu_open_streams", "Server streams open now, by method");
  return GaugeOf(family, {{"method", method}});
}

int64_t NowNanos() { return absl::ToUnixNanos(absl::Now()); }

}  // namespace

StreamHub::StreamHub(int workers, absl::Duration tick) : tick_(tick) {
  for (int i = 0; i < std::max(1, workers); ++i) {
    workers_.emplace_back([this] { WorkLoop(); });
  }
  ticker_ = std::thread([this] { TickLoop(); });
}

StreamHub::~StreamHub() { Shutdown(); }

absl::StatusOr<std::shared_ptr<OpenStream>> StreamHub::Open(
    FollowSpec spec, StreamOutput* output) {
  auto stream = std::make_shared<OpenStream>(this, std::move(spec), output);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      return absl::UnavailableError(
          "the server is stopping; open the stream again, on another "
          "replica");
    }
    open_[stream.get()] = stream;
  }
  OpenGauge(stream->spec_.method).Increment();
  return stream;
}

void StreamHub::Forget(const OpenStream* stream) {
  OpenGauge(stream->spec_.method).Decrement();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    open_.erase(stream);
  }
  changed_.notify_all();
}

size_t StreamHub::open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_.size();
}

bool StreamHub::StopAll(absl::Duration wait) {
  const absl::Time deadline = absl::Now() + wait;
  std::vector<std::shared_ptr<OpenStream>> streams;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (auto& [key, weak] : open_) {
      if (auto s = weak.lock()) streams.push_back(std::move(s));
    }
  }
  for (auto& s : streams) s->Stop();
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_until(lock, absl::ToChronoTime(deadline),
                             [this] { return open_.empty(); });
}

void StreamHub::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shut_down_) return;
    shut_down_ = true;
    stopping_ = true;
  }
  work_.notify_all();
  changed_.notify_all();
  for (auto& w : workers_) w.join();
  ticker_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  tasks_.clear();
}

void StreamHub::Post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shut_down_) return;
    tasks_.push_back(std::move(task));
  }
  work_.notify_one();
}

void StreamHub::WorkLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_.wait(lock, [this] { return !tasks_.empty() || shut_down_; });
      if (shut_down_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void StreamHub::TickLoop() {
  for (;;) {
    std::vector<std::shared_ptr<OpenStream>> due;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (changed_.wait_for(lock, absl::ToChronoMilliseconds(tick_),
                            [this] { return shut_down_; })) {
        return;
      }
      const absl::Time now = absl::Now();
      for (auto& [key, weak] : open_) {
        auto s = weak.lock();
        if (s && s->HeartbeatDue(now)) due.push_back(std::move(s));
      }
    }
    for (auto& s : due) s->Schedule();
  }
}

OpenStream::OpenStream(StreamHub* hub, FollowSpec spec, StreamOutput* output)
    : hub_(hub), spec_(std::move(spec)), output_(output) {
  cursor_ = spec_.cursor;
  last_sent_ns_ = NowNanos();
}

void OpenStream::Schedule() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
    if (scheduled_) return;
    scheduled_ = true;
  }
  hub_->Post([self = shared_from_this()] { self->Run(); });
}

void OpenStream::OnSent(bool ok) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sending_ = false;
    if (!ok) caller_gone_ = true;
  }
  Schedule();
}

void OpenStream::CallerGone() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    caller_gone_ = true;
  }
  Schedule();
}

void OpenStream::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  Schedule();
}

bool OpenStream::HeartbeatDue(absl::Time now) const {
  return spec_.heartbeat && live_.load() &&
         now - absl::FromUnixNanos(last_sent_ns_.load()) >=
             spec_.heartbeat_period;
}

void OpenStream::Run() {
  for (;;) {
    std::optional<absl::Status> end;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      woken_ = false;
      if (phase_ == Phase::kDone || sending_) {
        scheduled_ = false;
        return;
      }
      if (caller_gone_) {
        end = absl::CancelledError("the caller went away");
      } else if (stopping_) {
        end = absl::UnavailableError(
            "the server is stopping; resume from the last cursor, on another "
            "replica");
      }
    }
    Step step = end ? Step{{}, end} : Next();
    if (step.end) {
      Finish(*step.end);
      std::lock_guard<std::mutex> lock(mutex_);
      scheduled_ = false;
      return;
    }
    if (!step.messages.empty()) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        sending_ = true;
      }
      last_sent_ns_ = NowNanos();
      output_->Send(std::move(step.messages));
      continue;  // stops above unless it was written already
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!woken_) {
      scheduled_ = false;
      return;
    }
  }
}

OpenStream::Step OpenStream::Next() {
  for (;;) {
    switch (phase_) {
      case Phase::kCheck:
        if (spec_.check) {
          if (absl::Status s = spec_.check(); !s.ok()) return {{}, s};
        }
        phase_ = Phase::kSubscribe;
        break;
      case Phase::kSubscribe:
        return Subscribe();
      case Phase::kCatchUp:
        return CatchUp();
      case Phase::kLive:
        return Live();
      case Phase::kDone:
        return {};
    }
  }
}

OpenStream::Step OpenStream::Subscribe() {
  // From here on every new entry reaches the queue; what lies between the
  // cursor and here is read from Redis first.
  std::weak_ptr<OpenStream> weak = weak_from_this();
  queue_ = std::make_shared<TailQueue>(
      spec_.buffer,
      [weak] {
        if (auto self = weak.lock()) self->Schedule();
      },
      spec_.wanted);
  until_.clear();
  for (StreamTail* t : spec_.tails) {
    auto now = t->Subscribe(queue_);
    if (!now) {
      Unsubscribe();
      return {{},
              absl::UnavailableError("the event streams are not reachable")};
    }
    until_[t->source()] = *now;
    if (!cursor_.count(t->source())) cursor_[t->source()] = *now;
  }
  catching_up_ = 0;
  phase_ = Phase::kCatchUp;
  return CatchUp();
}

OpenStream::Step OpenStream::CatchUp() {
  Step step;
  while (catching_up_ < spec_.tails.size()) {
    StreamTail* t = spec_.tails[catching_up_];
    StreamId& at = cursor_[t->source()];
    const StreamId end = until_.at(t->source());
    if (!(at < end)) {
      ++catching_up_;
      continue;
    }
    auto batch = ReadStreamRange(*spec_.reads, t->source(), t->stream(), at,
                                 end, kCatchUpBatch, absl::Now() + kRedisCall);
    if (!batch.ok()) {
      Unsubscribe();
      return {{}, batch.status()};
    }
    // Trimmed away: nothing left to read up to where the tail stands.
    if (batch->empty()) at = end;
    for (const SharedEntry& e : *batch) {
      at = e->id;
      if (auto m = spec_.render(*e, cursor_)) {
        step.messages.push_back(std::move(*m));
      }
    }
    // One batch at a time: the next is read once these are written.
    if (!step.messages.empty()) return step;
  }
  phase_ = Phase::kLive;
  live_ = true;
  // Everything committed before the call is sent: say so at once, so a
  // reader that wants only the backlog need not wait for a heartbeat.
  if (!said_caught_up_) {
    said_caught_up_ = true;
    if (spec_.heartbeat) step.messages.push_back(spec_.heartbeat(cursor_));
  }
  return step;
}

OpenStream::Step OpenStream::Live() {
  Step step;
  if (queue_->overflowed()) {
    // Fell behind: read the rest from Redis, then follow again.
    ++hub_->catch_ups_;
    live_ = false;
    Unsubscribe();
    phase_ = Phase::kSubscribe;
    return Subscribe();
  }
  for (const SharedEntry& e : queue_->TakeAll()) {
    StreamId& at = cursor_[e->source];
    if (e->id <= at) continue;  // already read while catching up
    at = e->id;
    if (auto m = spec_.render(*e, cursor_))
      step.messages.push_back(std::move(*m));
  }
  if (step.messages.empty() && HeartbeatDue(absl::Now())) {
    step.messages.push_back(spec_.heartbeat(cursor_));
  }
  return step;
}

void OpenStream::Unsubscribe() {
  if (queue_ == nullptr) return;
  for (StreamTail* t : spec_.tails) t->Unsubscribe(queue_.get());
  queue_.reset();
}

void OpenStream::Finish(const absl::Status& status) {
  phase_ = Phase::kDone;
  live_ = false;
  Unsubscribe();
  hub_->Forget(this);
  output_->Finish(status);
}

}  // namespace ngoaivu::notifications
