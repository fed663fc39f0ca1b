#include "tests/bench/event_latency.h"

#include <sys/resource.h>

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/write_plan.h"
#include "ngoaivu/tasks/v1/tasks_events.pb.h"

namespace ngoaivu::bench {

void Arrivals::Stamp(const std::string& id) {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mutex_);
  at_.emplace(id, now);
}

std::map<std::string, absl::Time> Arrivals::Take() {
  absl::MutexLock lock(&mutex_);
  return std::move(at_);
}

double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void ReadRaw(const RedisPool::Options& options, const std::string& stream,
             const std::atomic<bool>& stop, Arrivals* arrivals) {
  RedisPool::Options own = options;
  own.size = 1;
  own.command_timeout = absl::Seconds(5);
  RedisPool redis(own);
  std::string last = "$";
  while (!stop.load()) {
    auto reply = redis.Command(
        {"XREAD", "COUNT", "1000", "BLOCK", "500", "STREAMS", stream, last});
    if (!reply.ok()) continue;
    const redisReply* r = reply->get();
    if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) continue;
    const redisReply* entries = r->element[0]->element[1];
    for (size_t i = 0; i < entries->elements; ++i) {
      arrivals->Stamp(
          std::string(StreamEntryField(entries->element[i]->element[1], "id")));
      last = std::string(ReplyString(entries->element[i]->element[0]));
    }
  }
}

std::map<std::string, absl::Time> PublishAtRate(
    RedisFunctions& functions, const std::string& stream, int rate,
    double seconds,
    const std::function<events::v1::Event(int64_t)>& make_event) {
  std::map<std::string, absl::Time> committed;
  const absl::Time start = absl::Now();
  const int64_t total = static_cast<int64_t>(rate * seconds);
  for (int64_t i = 0; i < total; ++i) {
    absl::SleepFor(start + absl::Seconds(i / static_cast<double>(rate)) -
                   absl::Now());
    const events::v1::Event e = make_event(i);
    WritePlan plan;
    plan.AppendEvent(stream, 1000000, e);
    const absl::Time t0 = absl::Now();
    if (plan.Commit(functions, t0 + absl::Seconds(5)).ok()) {
      committed.emplace(e.id(), t0);
    }
  }
  return committed;
}

LatencyPercentiles MeasureLatency(
    const std::map<std::string, absl::Time>& committed,
    const std::map<std::string, absl::Time>& arrived) {
  std::vector<double> ms;
  for (const auto& [id, t0] : committed) {
    auto at = arrived.find(id);
    if (at != arrived.end())
      ms.push_back(absl::ToDoubleMilliseconds(at->second - t0));
  }
  return PercentilesOf(std::move(ms));
}

LatencyPercentiles PercentilesOf(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  LatencyPercentiles p;
  p.seen = ms.size();
  if (!ms.empty()) {
    p.p50_ms = ms[ms.size() / 2];
    p.p99_ms = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  }
  return p;
}

events::v1::Event ObligationOpened(int64_t n, const std::string& agency) {
  tasks::v1::ObligationChanged c;
  c.mutable_obligation()->set_name(
      absl::StrCat("programmes/bench/duties/d/obligations/", n));
  c.mutable_obligation()->set_agency(agency);
  events::v1::Event e;
  e.set_id(absl::StrCat("bench-", n));
  e.set_source("//ngoaivu/tasks");
  e.set_type("ngoaivu.tasks.v1.obligation.opened");
  e.set_subject(c.obligation().name());
  *e.mutable_time() = ToTimestamp(absl::Now());
  e.mutable_data()->PackFrom(c);
  return e;
}

}  // namespace ngoaivu::bench
