#include "services/notifications/notifications_service.h"

#include <deque>
#include <memory>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "common/grpc_translation.h"
#include "common/trace_context.h"

namespace ngoaivu::notifications {
namespace {

// One server stream on the callback API: writes what its OpenStream sends,
// one message at a time, and finishes the call when the stream ends.
class StreamReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
                            public StreamOutput {
 public:
  StreamReactor(const CallGuard* guard, grpc::CallbackServerContext* context,
                const char* method,
                std::unique_ptr<google::protobuf::Message> request)
      : guard_(guard),
        context_(context),
        method_(method),
        request_(std::move(request)),
        start_(absl::Now()) {}

  // Ends the call at once (refused or invalid).
  void Refuse(const absl::Status& status) { Finish(status); }

  // Follows `open(call, output)`: the caller learns at once that the
  // stream is open.
  template <typename Open>
  void Begin(CallContext call, const Open& open) {
    call_ = std::move(call);
    admitted_ = true;
    auto stream = [&] {
      ScopedTrace trace(call_.traceparent);
      return open(call_, static_cast<StreamOutput*>(this));
    }();
    if (!stream.ok()) {
      Finish(stream.status());
      return;
    }
    StartSendInitialMetadata();
    bool cancelled;
    {
      absl::MutexLock lock(&mutex_);
      stream_ = *std::move(stream);
      cancelled = cancelled_;
    }
    stream_->Start();
    if (cancelled) stream_->CallerGone();
  }

  void Send(std::vector<std::string> messages) override {
    absl::MutexLock lock(&mutex_);
    for (std::string& m : messages) {
      grpc::Slice slice(m);
      pending_.emplace_back(&slice, 1);
    }
    WriteFront();
  }

  void Finish(const absl::Status& status) override {
    const grpc::Status finished = ToGrpcStatus(status);
    guard_->Observe(*context_, method_, *request_, admitted_ ? &call_ : nullptr,
                    finished, start_);
    grpc::ServerWriteReactor<grpc::ByteBuffer>::Finish(finished);
  }

  void OnWriteDone(bool ok) override {
    std::shared_ptr<OpenStream> stream;
    {
      absl::MutexLock lock(&mutex_);
      pending_.pop_front();
      if (ok && !pending_.empty()) {
        WriteFront();
        return;
      }
      pending_.clear();
      stream = stream_;
    }
    if (stream) stream->OnSent(ok);
  }

  void OnCancel() override {
    std::shared_ptr<OpenStream> stream;
    {
      absl::MutexLock lock(&mutex_);
      cancelled_ = true;
      stream = stream_;
    }
    if (stream) stream->CallerGone();
  }

  void OnDone() override { delete this; }

 private:
  // All but the last of a batch may wait in gRPC's buffer, so a batch
  // leaves in few frames.
  void WriteFront() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    grpc::WriteOptions options;
    if (pending_.size() > 1) options.set_buffer_hint();
    StartWrite(&pending_.front(), options);
  }

  const CallGuard* guard_;
  grpc::CallbackServerContext* context_;
  const char* method_;
  std::unique_ptr<google::protobuf::Message> request_;
  const absl::Time start_;
  CallContext call_;
  bool admitted_ = false;
  absl::Mutex mutex_;
  std::deque<grpc::ByteBuffer> pending_ ABSL_GUARDED_BY(mutex_);
  std::shared_ptr<OpenStream> stream_;  // set once, before it can write
  bool cancelled_ ABSL_GUARDED_BY(mutex_) = false;
};

// The reactors of the server-streaming `method`: each parses and admits
// its call, then follows `open(call, request, output)`.
template <typename Request, typename Open>
std::function<grpc::ServerWriteReactor<grpc::ByteBuffer>*(
    grpc::CallbackServerContext*, const grpc::ByteBuffer*)>
StreamStarter(const CallGuard* guard, const char* method, Open open) {
  return [guard, method, open](grpc::CallbackServerContext* context,
                               const grpc::ByteBuffer* in) {
    auto request = std::make_unique<Request>();
    const grpc::Status parsed = ParseRequest(*in, request.get());
    const Request& r = *request;
    auto* reactor =
        new StreamReactor(guard, context, method, std::move(request));
    if (!parsed.ok()) {
      reactor->Refuse(
          absl::Status(static_cast<absl::StatusCode>(parsed.error_code()),
                       parsed.error_message()));
      return reactor;
    }
    auto call = guard->Admit(*context, method, r);
    if (!call.ok()) {
      reactor->Refuse(call.status());
      return reactor;
    }
    reactor->Begin(*std::move(call),
                   [&](const CallContext& c, StreamOutput* output) {
                     return open(c, r, output);
                   });
    return reactor;
  };
}

}  // namespace

NotificationsServiceImpl::NotificationsServiceImpl(Inbox* inbox,
                                                   Subscriptions* subscriptions,
                                                   const EventStreams* streams,
                                                   const CallGuard* guard)
    : GuardedService(guard), inbox_(inbox), subscriptions_(subscriptions) {
  NGOAIVU_GUARD(ListNotifications, *inbox_);
  NGOAIVU_GUARD(GetNotification, *inbox_);
  NGOAIVU_GUARD(GetUnreadCount, *inbox_);
  NGOAIVU_GUARD(MarkRead, *inbox_);
  NGOAIVU_GUARD(MarkAllRead, *inbox_);
  NGOAIVU_GUARD(ArchiveNotification, *inbox_);
  NGOAIVU_GUARD(CreateSubscription, *subscriptions_);
  NGOAIVU_GUARD(GetSubscription, *subscriptions_);
  NGOAIVU_GUARD(ListHistory, *subscriptions_);
  NGOAIVU_GUARD(ListSubscriptions, *subscriptions_);
  NGOAIVU_GUARD(PauseSubscription, *subscriptions_);
  NGOAIVU_GUARD(ResumeSubscription, *subscriptions_);
  NGOAIVU_GUARD(DeleteSubscription, *subscriptions_);
  NGOAIVU_GUARD(ListDeliveries, *subscriptions_);
  NGOAIVU_GUARD(RedeliverDelivery, *subscriptions_);
  ServeStream("WatchNotifications",
              StreamStarter<v1::WatchNotificationsRequest>(
                  guard, "WatchNotifications",
                  [streams](const CallContext& call,
                            const v1::WatchNotificationsRequest& r,
                            StreamOutput* output) {
                    return streams->WatchNotifications(call, r, output);
                  }));
}

EventServiceImpl::EventServiceImpl(const EventStreams* streams,
                                   const CallGuard* guard)
    : GuardedService(guard) {
  ServeStream(
      "StreamEvents",
      StreamStarter<v1::StreamEventsRequest>(
          guard, "StreamEvents",
          [streams](const CallContext& call, const v1::StreamEventsRequest& r,
                    StreamOutput* output) {
            return streams->StreamEvents(call, r, output);
          }));
}

}  // namespace ngoaivu::notifications
