#include "services/gateway/http_server.h"

#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics.h"
#include "services/gateway/transcoder.h"
#include "services/gateway/worker_pool.h"

namespace ngoaivu::gateway {
namespace {

HttpRequest FromHttplib(const httplib::Request& r) {
  HttpRequest request;
  request.method = r.method;
  request.path = r.path;
  // The query alone: httplib also puts a form-encoded body in `params`,
  // and a body here is JSON whatever its Content-Type says.
  const size_t question = r.target.find('?');
  if (question != std::string::npos) {
    httplib::Params query;
    httplib::detail::parse_query_text(r.target.substr(question + 1), query);
    for (const auto& [key, value] : query)
      request.query.emplace_back(key, value);
  }
  for (const auto& [key, value] : r.headers) {
    request.headers[absl::AsciiStrToLower(key)] = value;
  }
  request.body = r.body;
  return request;
}

// Each call by RPC and HTTP status, and its time: what an operator
// watches (the services count the same calls again on their side).
void RecordCall(const HttpAnswer& answer, absl::Duration took) {
  static auto& calls = CounterFamily(
      "ngoaivu_gateway_requests_total",
      "HTTP requests the gateway answered, by RPC (none: no route) and "
      "HTTP status");
  static auto& seconds = HistogramFamily(
      "ngoaivu_gateway_request_seconds",
      "From a request read to its answer (a stream: to its first byte), "
      "by RPC");
  const std::string rpc = answer.rpc.empty() ? "none" : answer.rpc;
  CounterOf(calls, {{"rpc", rpc}, {"code", absl::StrCat(answer.status)}})
      .Increment();
  HistogramOf(seconds, {{"rpc", rpc}}).Observe(Seconds(took));
}

prometheus::Gauge& OpenStreamsGauge() {
  static auto& family =
      GaugeFamily("ngoaivu_gateway_open_streams",
                  "Server-Sent Event streams open through the gateway");
  return GaugeOf(family, {});
}

}  // namespace

// The gateway's routes on `server`: its own health and document, and
// every other path to the gateway.
bool AddHttpRoutes(const GatewaySettings& flags, const Gateway& gateway,
                   std::string* openapi, httplib::Server* server) {
  server->new_task_queue = [&flags] {
    return new WorkerPool(static_cast<size_t>(flags.threads),
                          static_cast<size_t>(flags.max_threads),
                          absl::Seconds(30),
                          absl::Seconds(flags.shutdown_grace_seconds));
  };
  server->set_payload_max_length(flags.max_body_bytes);
  // Without it a small answer waits for the client's delayed ACK (Nagle):
  // 40 ms a call on a kept-alive connection.
  server->set_tcp_nodelay(true);
  // httplib closes a connection after 5 calls by default: a new handshake,
  // and a new worker, every fifth call. A proxy in front (ingress-nginx
  // keeps upstream connections 60 s) reuses them for as long as it likes;
  // closing after a longer idle time than its own avoids racing its reuse.
  server->set_keep_alive_max_count(100000);
  server->set_keep_alive_timeout(65);
  server->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"SERVING\"}", "application/json");
  });
  if (!flags.openapi_file.empty()) {
    std::ifstream in(flags.openapi_file);
    if (!in) {
      std::cerr << "cannot read --openapi-file " << flags.openapi_file << "\n";
      return false;
    }
    openapi->assign(std::istreambuf_iterator<char>(in),
                    std::istreambuf_iterator<char>());
  }
  server->Get("/openapi.json", [openapi](const httplib::Request&,
                                         httplib::Response& res) {
    if (openapi->empty()) {
      res.status = 404;
      res.set_content(ErrorJson(5, "started without --openapi-file"),
                      "application/json");
      return;
    }
    res.set_content(*openapi, "application/json");
  });
  const auto handle = [&gateway](const httplib::Request& req,
                                 httplib::Response& res) {
    const absl::Time started = absl::Now();
    HttpAnswer answer = gateway.Handle(FromHttplib(req));
    RecordCall(answer, absl::Now() - started);
    res.status = answer.status;
    if (answer.stream == nullptr) {
      res.set_content(answer.body, "application/json");
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream",
        [&gateway, stream = answer.stream](size_t, httplib::DataSink& sink) {
          OpenStreamsGauge().Increment();
          gateway.RunStream(*stream, [&sink](const std::string& text) {
            return sink.is_writable() && sink.write(text.data(), text.size());
          });
          OpenStreamsGauge().Decrement();
          sink.done();
          return true;
        });
  };
  server->Get(".*", handle);
  server->Post(".*", handle);
  server->Patch(".*", handle);
  server->Put(".*", handle);
  server->Delete(".*", handle);
  server->set_error_handler(
      [](const httplib::Request&, httplib::Response& res) {
        if (res.status == 413) {
          res.set_content(ErrorJson(8 /* RESOURCE_EXHAUSTED */,
                                    "the body is larger than --max-body-bytes"),
                          "application/json");
        }
      });

  return true;
}

sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

bool ServeUntilSignalled(const GatewaySettings& settings,
                         const Gateway& gateway, httplib::Server* server) {
  const size_t colon = settings.listen.rfind(':');
  const std::string host = settings.listen.substr(0, colon);
  const int port = std::atoi(settings.listen.c_str() + colon + 1);
  if (!server->bind_to_port(host, port)) {
    std::cerr << "cannot listen on " << settings.listen << "\n";
    return false;
  }
  // SIGTERM and SIGINT stop accepting and let calls in progress finish;
  // streams, which never finish, are ended.
  const sigset_t signals = BlockStopSignals();
  std::thread stopper([server, &gateway, signals] {
    int received = 0;
    sigwait(&signals, &received);
    gateway.CancelStreams();
    server->stop();
  });
  stopper.detach();
  LogInfo("serving",
          {{"listen", settings.listen},
           {"routes", absl::StrCat(gateway.routes().routes().size())}});
  server->listen_after_bind();
  LogInfo("stopped");
  return true;
}

}  // namespace ngoaivu::gateway
