// The HTTP server of asta. It serves the API described by the modules' RouteSpecs under
// /api/v1, the built-in operational routes (/healthz, /metrics, /api/v1/openapi.json) and,
// when configured, the web UI. For each API request it: matches the route (404/405 as
// JSON), authenticates (session cookie or bearer token), checks the CSRF token of
// cookie-authenticated unsafe requests, authorises with route.permission, parses the JSON
// body, calls the handler, and renders the result or the error (http/errors.h) with
// security headers, ETags, metrics and one JSON access-log line. Bad input never yields
// a 500; an exception escaping a handler becomes a logged 500 without details.
//
// The HTTP library is an implementation detail: no type of it appears here.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "modules/api/api.h"

namespace asta::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                          // 0: an ephemeral port, reported by Bind()
  int threads = 128;                        // workers; keep above the expected open connections
  std::int64_t max_body_bytes = 1 << 20;    // larger request bodies get 413
  std::string web_root;                     // built UI directory; empty: no UI
  bool access_log = true;                   // one JSON line per request on stderr
  bool cookie_secure = false;               // add Secure to cookies (when behind TLS)
  int session_max_age_seconds = 12 * 3600;  // Max-Age of session cookies that lack one
};

class Server {
 public:
  // `routes` are the API routes of all modules; the built-in routes are added to them.
  // `authenticator` may be null (every request is then anonymous) and must outlive the
  // server; it is called concurrently from worker threads. `health_check` (may be
  // empty) is called by GET /healthz, which answers 503 when it fails.
  Server(ServerOptions options, std::vector<api::RouteSpec> routes,
         api::Authenticator* authenticator, std::function<Status()> health_check);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Checks the route table and binds the listening socket; returns the bound port (the
  // ephemeral one when options.port is 0). InvalidArgument for a bad route table,
  // Unavailable when the address cannot be bound. Call once, before Run().
  Result<int> Bind();
  // Serves until Stop(); binds first if Bind() was not called. Returns Ok after a Stop(),
  // also when Stop() came before Run(); Unavailable when serving failed.
  Status Run();
  // Stops accepting connections; requests in progress complete, then Run() returns.
  // Idle keep-alive connections are closed within their 5 s idle timeout, so Run() may
  // take that long to return while browsers are connected. Does not block; thread-safe;
  // may be called more than once and from any thread.
  void Stop();

  // The OpenAPI 3.0.3 document of every route, built-ins included.
  Json OpenApiDocument() const;
  // Every route served, built-ins included, in table order.
  const std::vector<api::RouteSpec>& routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Blocks SIGTERM and SIGINT in the calling thread and in every thread it creates
// afterwards. Call at the start of main(), before any thread exists, so that only
// RunUntilSignal's waiter receives them.
void BlockShutdownSignals();

// Runs `server` until SIGTERM or SIGINT arrives, then stops it gracefully and returns
// what Run() returned. Blocks the signals itself too, but threads created before that
// keep them unblocked, hence BlockShutdownSignals().
Status RunUntilSignal(Server& server);

}  // namespace asta::http
