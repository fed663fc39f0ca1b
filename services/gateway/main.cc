// gateway-server: REST/JSON in front of the four gRPC services. Wiring
// only; gateway.h has the rules.
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/outgoing_call.h"
#include "services/gateway/gateway.h"
#include "services/gateway/transcoder.h"

namespace {

struct Flags {
  std::string listen = "0.0.0.0:8080";
  std::string registry = "127.0.0.1:50051";
  std::string tasks = "127.0.0.1:50052";
  std::string delegations = "127.0.0.1:50053";
  std::string notifications = "127.0.0.1:50054";
  ngoaivu::ClientTlsFiles tls;
  std::string openapi_file;
  size_t max_body_bytes = 1 << 20;
  int threads = 16;
};

void AddFlags(CLI::App& app, Flags* f) {
  app.add_option("--listen", f->listen, "HTTP address HOST:PORT")
      ->envname("NGOAIVU_LISTEN")
      ->capture_default_str();
  app.add_option("--registry-address", f->registry, "registry HOST:PORT")
      ->envname("NGOAIVU_REGISTRY_ADDRESS")
      ->capture_default_str();
  app.add_option("--tasks-address", f->tasks, "tasks HOST:PORT")
      ->envname("NGOAIVU_TASKS_ADDRESS")
      ->capture_default_str();
  app.add_option("--delegations-address", f->delegations,
                 "delegations HOST:PORT")
      ->envname("NGOAIVU_DELEGATIONS_ADDRESS")
      ->capture_default_str();
  app.add_option("--notifications-address", f->notifications,
                 "notifications HOST:PORT")
      ->envname("NGOAIVU_NOTIFICATIONS_ADDRESS")
      ->capture_default_str();
  app.add_option("--backend-tls-ca-file", f->tls.ca_file,
                 "CA of the services' certificates; TLS when set")
      ->envname("NGOAIVU_BACKEND_TLS_CA_FILE");
  app.add_option("--backend-tls-cert-file", f->tls.cert_file,
                 "the gateway's client certificate (mutual TLS)")
      ->envname("NGOAIVU_BACKEND_TLS_CERT_FILE");
  app.add_option("--backend-tls-key-file", f->tls.key_file, "its private key")
      ->envname("NGOAIVU_BACKEND_TLS_KEY_FILE");
  app.add_option("--openapi-file", f->openapi_file,
                 "the OpenAPI document served at /openapi.json (the build "
                 "writes build/openapi.json)")
      ->envname("NGOAIVU_OPENAPI_FILE");
  app.add_option("--max-body-bytes", f->max_body_bytes,
                 "larger request bodies are refused with 413")
      ->envname("NGOAIVU_MAX_BODY_BYTES")
      ->capture_default_str();
  app.add_option("--threads", f->threads, "HTTP worker threads")
      ->envname("NGOAIVU_GATEWAY_THREADS")
      ->capture_default_str();
}

ngoaivu::gateway::HttpRequest FromHttplib(const httplib::Request& r) {
  ngoaivu::gateway::HttpRequest request;
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

// The gateway's routes on `server`: its own health and document, and
// every other path to the gateway.
bool ServeRoutes(const Flags& flags, const ngoaivu::gateway::Gateway& gateway,
                 std::string* openapi, httplib::Server* server) {
  server->new_task_queue = [&flags] {
    return new httplib::ThreadPool(static_cast<size_t>(flags.threads));
  };
  server->set_payload_max_length(flags.max_body_bytes);
  // Without it a small answer waits for the client's delayed ACK (Nagle):
  // 40 ms a call on a kept-alive connection.
  server->set_tcp_nodelay(true);
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
  server->Get("/openapi.json",
              [openapi](const httplib::Request&, httplib::Response& res) {
                if (openapi->empty()) {
                  res.status = 404;
                  res.set_content(ngoaivu::gateway::ErrorJson(
                                      5, "started without --openapi-file"),
                                  "application/json");
                  return;
                }
                res.set_content(*openapi, "application/json");
              });
  const auto handle = [&gateway](const httplib::Request& req,
                                 httplib::Response& res) {
    ngoaivu::gateway::HttpAnswer answer = gateway.Handle(FromHttplib(req));
    res.status = answer.status;
    if (answer.stream == nullptr) {
      res.set_content(answer.body, "application/json");
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream",
        [&gateway, stream = answer.stream](size_t, httplib::DataSink& sink) {
          gateway.RunStream(*stream, [&sink](const std::string& text) {
            return sink.is_writable() && sink.write(text.data(), text.size());
          });
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
          res.set_content(ngoaivu::gateway::ErrorJson(
                              8 /* RESOURCE_EXHAUSTED */,
                              "the body is larger than --max-body-bytes"),
                          "application/json");
        }
      });

  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  CLI::App app{"gateway-server: REST/JSON for the suite's gRPC services"};
  AddFlags(app, &flags);
  CLI11_PARSE(app, argc, argv);
  ngoaivu::InitLogging("gateway", ngoaivu::LogLevel::kInfo);

  auto routes = ngoaivu::gateway::RouteTable::FromServices(
      ngoaivu::gateway::Gateway::ServedServices());
  if (!routes.ok()) {
    std::cerr << routes.status() << "\n";
    return 1;
  }
  auto credentials = ngoaivu::ClientCredentials(flags.tls, "--backend-tls");
  if (!credentials.ok()) {
    std::cerr << credentials.status().message() << "\n";
    return 2;
  }
  const auto services = ngoaivu::gateway::Gateway::ServedServices();
  const std::string addresses[] = {flags.registry, flags.tasks,
                                   flags.delegations, flags.notifications};
  std::map<std::string, std::shared_ptr<grpc::Channel>> backends;
  for (size_t i = 0; i < services.size(); ++i) {
    // The event stream is the notifications service's.
    backends[services[i]] =
        grpc::CreateChannel(addresses[std::min<size_t>(i, 3)], *credentials);
  }
  const ngoaivu::gateway::Gateway gateway(*std::move(routes),
                                          std::move(backends));

  httplib::Server server;
  std::string openapi;
  if (!ServeRoutes(flags, gateway, &openapi, &server)) return 2;

  const size_t colon = flags.listen.rfind(':');
  const std::string host = flags.listen.substr(0, colon);
  const int port = std::atoi(flags.listen.c_str() + colon + 1);
  if (!server.bind_to_port(host, port)) {
    std::cerr << "cannot listen on " << flags.listen << "\n";
    return 1;
  }
  // SIGTERM and SIGINT stop accepting and let calls in progress finish.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread stopper([&server, &gateway, signals] {
    int received = 0;
    sigwait(&signals, &received);
    gateway.CancelStreams();
    server.stop();
  });
  stopper.detach();
  ngoaivu::LogInfo(
      "serving", {{"listen", flags.listen},
                  {"routes", absl::StrCat(gateway.routes().routes().size())}});
  server.listen_after_bind();
  ngoaivu::LogInfo("stopped");
  return 0;
}
