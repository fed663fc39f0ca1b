// The process's Prometheus /metrics (every family of common/metrics.h) on
// its own plaintext port, for the services' bootstrap and the gateway.
#ifndef NGOAIVU_COMMON_METRICS_SERVER_H_
#define NGOAIVU_COMMON_METRICS_SERVER_H_

#include <prometheus/exposer.h>

#include <memory>
#include <string>

#include "absl/status/status.h"

namespace ngoaivu {

class MetricsServer {
 public:
  MetricsServer() = default;
  ~MetricsServer() { Stop(); }
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Serves on `listen` (HOST:PORT; nothing when empty); UNAVAILABLE naming
  // the address when it cannot bind.
  absl::Status Start(const std::string& listen);
  // The port bound (0 when not serving): useful with HOST:0.
  int port() const { return port_; }
  // Stops at once, without waiting out the server's accept poll.
  void Stop();

 private:
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_METRICS_SERVER_H_
