// The gateway on cpp-httplib (Debian's): its own /healthz and
// /openapi.json, every other path to Gateway::Handle, streams as
// Server-Sent Events, and a stop on SIGTERM that ends open streams.
#ifndef NGOAIVU_SERVICES_GATEWAY_HTTP_SERVER_H_
#define NGOAIVU_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <httplib.h>
#include <signal.h>

#include <string>

#include "services/gateway/gateway.h"
#include "services/gateway/gateway_settings.h"

namespace ngoaivu::gateway {

// Routes, limits and workers on `server`; false (said on stderr) when the
// OpenAPI file cannot be read. `openapi` keeps the document.
bool AddHttpRoutes(const GatewaySettings& flags, const Gateway& gateway,
                   std::string* openapi, httplib::Server* server);

// Blocks SIGTERM and SIGINT in the calling thread and every thread it
// starts afterwards, so that ServeUntilSignalled()'s thread receives them:
// called first in main(), before gRPC, the metrics server or the log
// writer start threads of their own (a thread that does not block them
// would take the signal and end the process on the spot).
sigset_t BlockStopSignals();

// Listens on settings.listen until SIGTERM or SIGINT; false (said on
// stderr) when it cannot bind.
bool ServeUntilSignalled(const GatewaySettings& settings,
                         const Gateway& gateway, httplib::Server* server);

}  // namespace ngoaivu::gateway

#endif  // NGOAIVU_SERVICES_GATEWAY_HTTP_SERVER_H_
