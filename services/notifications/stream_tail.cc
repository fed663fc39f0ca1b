#include "services/notifications/stream_tail.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/stored_events.h"

namespace ngoaivu::notifications {
namespace {

// [[id, [field, value, ...]], ...] -> entries.
std::vector<SharedEntry> EntriesOf(const std::string& source,
                                   const redisReply* list) {
  std::vector<SharedEntry> entries;
  if (list == nullptr || list->type != REDIS_REPLY_ARRAY) return entries;
  for (size_t i = 0; i < list->elements; ++i) {
    const redisReply* e = list->element[i];
    if (e->type != REDIS_REPLY_ARRAY || e->elements < 2) continue;
    auto id = StreamId::Parse(ReplyString(e->element[0]));
    if (!id) continue;
    auto entry = std::make_shared<TailEntry>();
    entry->source = source;
    entry->id = *id;
    entry->type = std::string(StreamEntryField(e->element[1], "type"));
    entry->subject = std::string(StreamEntryField(e->element[1], "subject"));
    entry->event = EventBytesOfStreamEntry(e->element[1]);
    entries.push_back(std::move(entry));
  }
  return entries;
}

RedisPool::Options TailOptions(RedisPool::Options options,
                               absl::Duration block) {
  options.size = 1;
  options.command_timeout = block + absl::Seconds(2);
  return options;
}

}  // namespace

void TailQueue::Push(const std::vector<SharedEntry>& entries) {
  size_t wanted = entries.size();
  if (wanted_) {
    wanted =
        std::count_if(entries.begin(), entries.end(),
                      [this](const SharedEntry& e) { return wanted_(*e); });
    // Nothing for this reader: it is not woken at all.
    if (wanted == 0) return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (overflowed_) return;
    if (entries_.size() + wanted > capacity_) {
      overflowed_ = true;
      entries_.clear();
    } else {
      for (const SharedEntry& e : entries) {
        if (!wanted_ || wanted_(*e)) entries_.push_back(e);
      }
    }
  }
  if (on_ready_) on_ready_();
}

std::vector<SharedEntry> TailQueue::TakeAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<SharedEntry> taken(entries_.begin(), entries_.end());
  entries_.clear();
  return taken;
}

bool TailQueue::overflowed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return overflowed_;
}

StreamTail::StreamTail(const RedisPool::Options& redis, std::string source,
                       std::string stream, absl::Duration block)
    : redis_(std::make_unique<RedisPool>(TailOptions(redis, block))),
      source_(std::move(source)),
      stream_(std::move(stream)),
      block_(block) {}

StreamTail::~StreamTail() { Stop(); }

void StreamTail::Start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { Run(); });
}

void StreamTail::Stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

std::optional<StreamId> StreamTail::Subscribe(
    std::shared_ptr<TailQueue> queue) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!last_) return std::nullopt;
  readers_.push_back(std::move(queue));
  return last_;
}

void StreamTail::Unsubscribe(const TailQueue* queue) {
  std::lock_guard<std::mutex> lock(mutex_);
  readers_.erase(std::remove_if(readers_.begin(), readers_.end(),
                                [&](const std::shared_ptr<TailQueue>& q) {
                                  return q.get() == queue;
                                }),
                 readers_.end());
}

void StreamTail::Run() {
  absl::Status last_error;
  while (running_.load()) {
    bool started;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      started = last_.has_value();
    }
    absl::Status s = started ? ReadMore() : FindStart();
    if (!s.ok()) {
      if (s.ToString() != last_error.ToString()) {
        LogWarning("event stream tail failed",
                   {{"stream", stream_}, {"error", s.ToString()}});
      }
      last_error = s;
      absl::SleepFor(absl::Milliseconds(200));
    } else {
      last_error = absl::OkStatus();
    }
  }
}

absl::Status StreamTail::FindStart() {
  // The newest entry; a stream that does not exist yet starts at 0-0.
  auto reply = redis_->Command({"XREVRANGE", stream_, "+", "-", "COUNT", "1"},
                               absl::Now() + absl::Seconds(2));
  if (!reply.ok()) return reply.status();
  if (IsError(reply->get())) {
    return absl::InternalError(std::string(ReplyString(reply->get())));
  }
  std::vector<SharedEntry> newest = EntriesOf(source_, reply->get());
  std::lock_guard<std::mutex> lock(mutex_);
  last_ = newest.empty() ? StreamId{} : newest.front()->id;
  return absl::OkStatus();
}

absl::Status StreamTail::ReadMore() {
  std::string after;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    after = last_->ToString();
  }
  auto reply = redis_->Command({"XREAD", "COUNT", "512", "BLOCK",
                                absl::StrCat(absl::ToInt64Milliseconds(block_)),
                                "STREAMS", stream_, after},
                               absl::Now() + block_ + absl::Seconds(2));
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (IsError(r)) return absl::InternalError(std::string(ReplyString(r)));
  // [[stream, [entry...]]], or nil when the block ran out.
  if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) return absl::OkStatus();
  const redisReply* stream = r->element[0];
  if (stream->type != REDIS_REPLY_ARRAY || stream->elements < 2) {
    return absl::OkStatus();
  }
  std::vector<SharedEntry> entries = EntriesOf(source_, stream->element[1]);
  if (entries.empty()) return absl::OkStatus();
  std::lock_guard<std::mutex> lock(mutex_);
  last_ = entries.back()->id;
  for (const auto& reader : readers_) reader->Push(entries);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SharedEntry>> ReadStreamRange(
    RedisPool& redis, const std::string& source, const std::string& stream,
    StreamId after, StreamId until, int count, absl::Time deadline) {
  auto reply = redis.Command({"XRANGE", stream, "(" + after.ToString(),
                              until.ToString(), "COUNT", absl::StrCat(count)},
                             deadline);
  if (!reply.ok()) return reply.status();
  if (IsError(reply->get())) {
    return absl::InternalError(std::string(ReplyString(reply->get())));
  }
  return EntriesOf(source, reply->get());
}

}  // namespace ngoaivu::notifications
