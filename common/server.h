// The bootstrap every service's main() uses: a gRPC server with TLS or
// mutual TLS from settings, health (grpc.health.v1, NOT_SERVING while Redis
// is unreachable; also on a plaintext health-only port for probes that cannot
// speak TLS), reflection, message size and keepalive limits, and a graceful
// stop on SIGTERM/SIGINT.
#ifndef NGOAIVU_COMMON_SERVER_H_
#define NGOAIVU_COMMON_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/metrics_server.h"
#include "common/redis_pool.h"
#include "common/settings.h"

namespace ngoaivu {

// The health service name liveness probes ask: SERVING while the process
// serves at all, whatever Redis does (readiness asks the gRPC service's own
// name, NOT_SERVING while Redis is unreachable). A Redis restart must take
// pods out of the load balancer, not restart them.
inline constexpr char kLivenessHealthName[] = "liveness";

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts
// later; call first thing in main(), then WaitForTerminationSignal().
void BlockTerminationSignals();
// Waits until SIGINT or SIGTERM arrives; returns its name.
std::string WaitForTerminationSignal();

class ServiceHost {
 public:
  // `redis` is probed every health interval (may be null: always SERVING).
  ServiceHost(const ServerSettings& settings, RedisPool* redis);
  ~ServiceHost();

  // Adds a service; `health_name` is its full name, e.g.
  // "ngoaivu.registry.v1.RegistryService".
  void Register(grpc::Service* service, std::string health_name);

  // Binds --listen and starts serving.
  absl::Status Start();
  // The port actually bound (useful with --listen=127.0.0.1:0).
  int port() const { return port_; }
  // The plaintext health-only port (0 without --health-listen).
  int health_port() const { return health_port_; }
  // The Prometheus metrics port (0 without --metrics-listen).
  int metrics_port() const { return metrics_.port(); }
  // Stops accepting calls, lets calls in flight finish within the grace
  // period, then stops the health probe.
  void Shutdown();

  // Called (from the probe thread) whenever Redis becomes reachable or not.
  void OnRedisHealth(std::function<void(bool)> listener) {
    health_listeners_.push_back(std::move(listener));
  }

  std::shared_ptr<grpc::Channel> InProcessChannel();
  grpc::Server* server() { return server_.get(); }

 private:
  // Stops the metrics server without waiting out its accept poll.
  void StopMetrics();
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials() const;
  void ProbeLoop();
  void SetServing(bool serving);

  ServerSettings settings_;
  RedisPool* redis_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::vector<std::function<void(bool)>> health_listeners_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;
  MetricsServer metrics_;
  int port_ = 0;
  int health_port_ = 0;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool serving_known_ = false;
  bool serving_ = false;
  std::thread probe_;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_SERVER_H_
