#include "http/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/crypto.h"
#include "core/text.h"
#include "core/time.h"
#include "http/errors.h"
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/router.h"
#include "http/static_files.h"

#ifndef ASTA_VERSION
#define ASTA_VERSION "0.0.0"
#endif

namespace asta::http {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kJsonType = "application/json; charset=utf-8";
constexpr std::string_view kHealthPattern = "/healthz";
constexpr std::string_view kMetricsPattern = "/metrics";
constexpr std::string_view kOpenApiPattern = "/api/v1/openapi.json";

// What the access log and the metrics need to know about the request a worker thread is
// serving. httplib runs the pre-routing handler, the route handler and the logger of one
// request on the same thread, one request at a time, so a thread-local carries it.
struct RequestContext {
  bool active = false;
  SteadyClock::time_point start;
  size_t route_index = 0;
  std::int64_t user_id = 0;
};
thread_local RequestContext tls_context;

std::optional<api::Method> ParseMethod(const std::string& method) {
  if (method == "GET" || method == "HEAD") return api::Method::kGet;
  if (method == "POST") return api::Method::kPost;
  if (method == "PUT") return api::Method::kPut;
  if (method == "PATCH") return api::Method::kPatch;
  if (method == "DELETE") return api::Method::kDelete;
  return std::nullopt;
}

bool IsUnsafe(api::Method method) { return method != api::Method::kGet; }

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

bool IsApiPath(std::string_view path) { return path == "/api" || StartsWith(path, "/api/"); }

// The value of cookie `name` in the Cookie header, or "".
std::string CookieValue(const httplib::Request& req, std::string_view name) {
  std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t semicolon = rest.find(';');
    std::string_view pair = Trim(rest.substr(0, semicolon));
    size_t equals = pair.find('=');
    if (equals != std::string_view::npos && Trim(pair.substr(0, equals)) == name) {
      return std::string(Trim(pair.substr(equals + 1)));
    }
    if (semicolon == std::string_view::npos) break;
    rest.remove_prefix(semicolon + 1);
  }
  return {};
}

// True when the If-None-Match header lists `etag` (weak comparison, as RFC 9110 asks
// for this header) or is "*".
bool IfNoneMatch(const httplib::Request& req, const std::string& etag) {
  if (!req.has_header("If-None-Match")) return false;
  std::string header = req.get_header_value("If-None-Match");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view tag = Trim(rest.substr(0, comma));
    if (StartsWith(tag, "W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

std::string DumpJson(const Json& json) {
  // Replacing invalid UTF-8 instead of throwing keeps a bad string in some record from
  // turning a response into a 500.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Operational log lines are JSON objects on stderr, like the access log, so that one
// collector parses both: {"ts","level","msg"}. The message is JSON-escaped here.
void InstallJsonLogger() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto logger =
        std::make_shared<spdlog::logger>("asta", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    logger->set_pattern("{\"ts\":\"%Y-%m-%dT%H:%M:%S.%eZ\",\"level\":\"%l\",\"msg\":%v}",
                        spdlog::pattern_time_type::utc);
    spdlog::set_default_logger(logger);
  });
}

template <class... Args>
void LogJson(spdlog::level::level_enum level, fmt::format_string<Args...> format, Args&&... args) {
  std::string message = fmt::format(format, std::forward<Args>(args)...);
  spdlog::log(level, "{}", DumpJson(Json(message)));
}

void WriteJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(DumpJson(body), std::string(kJsonType));
}

// Writes `error` as JSON with its mapped status, or with `transport_status` for the few
// statuses that only the transport produces (404 for an unknown path, 405, 413, 415).
void WriteError(httplib::Response& res, const Error& error, int transport_status = 0) {
  int status = transport_status != 0 ? transport_status : HttpStatusFor(error.code);
  if (status == 401) res.set_header("WWW-Authenticate", "Bearer");
  WriteJson(res, status, ErrorBody(error));
}

std::string AllowHeader(const std::vector<api::Method>& methods) {
  std::string allow;
  for (api::Method method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += api::MethodName(method);
    if (method == api::Method::kGet) allow += ", HEAD";
  }
  return allow;
}

}  // namespace

struct Server::Impl {
  enum class Builtin { kNone, kMetrics };

  ServerOptions options;
  std::vector<api::RouteSpec> routes;
  std::vector<Builtin> builtins;
  api::Authenticator* authenticator;
  std::function<Status()> health_check;

  Result<RouteTable> table = InvalidArgument("not built");
  Json openapi;
  std::unique_ptr<Metrics> metrics;
  size_t unmatched_label = 0;
  size_t static_label = 0;
  std::optional<StaticFiles> static_files;
  std::shared_ptr<spdlog::logger> access_logger;

  httplib::Server server;
  int listen_fd = -1;  // the listening socket, seen through the socket-options hook
  bool bound = false;
  int port = 0;

  std::mutex run_mutex;
  bool stop_requested = false;
  bool run_entered = false;
  std::atomic<bool> run_done{false};

  Impl(ServerOptions opts, std::vector<api::RouteSpec> module_routes, api::Authenticator* auth,
       std::function<Status()> health)
      : options(std::move(opts)),
        routes(std::move(module_routes)),
        authenticator(auth),
        health_check(std::move(health)) {
    builtins.assign(routes.size(), Builtin::kNone);
    AddBuiltinRoutes();

    std::vector<const api::RouteSpec*> specs;
    std::vector<std::string> labels;
    for (const api::RouteSpec& route : routes) {
      specs.push_back(&route);
      labels.push_back(route.pattern);
    }
    table = RouteTable::Build(specs);
    openapi = BuildOpenApiDocument(specs, ASTA_VERSION);
    unmatched_label = labels.size();
    labels.emplace_back("(unmatched)");
    static_label = labels.size();
    labels.emplace_back("(static)");
    metrics = std::make_unique<Metrics>(std::move(labels), ASTA_VERSION);
    if (!options.web_root.empty()) static_files.emplace(options.web_root);

    access_logger = std::make_shared<spdlog::logger>(
        "asta.access", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    access_logger->set_pattern("%v");
    InstallJsonLogger();
    ConfigureHttplib();
  }

  void AddBuiltinRoutes() {
    api::RouteSpec health;
    health.method = api::Method::kGet;
    health.pattern = kHealthPattern;
    health.permission = api::Permission::kPublic;
    health.summary = "Liveness and readiness: 200 when the server can serve, else 503";
    health.tag = "operations";
    health.response_schema = api::SchemaObject({{"status", api::SchemaString()}}, {"status"});
    health.handler = [this](const api::ApiRequest&) -> Result<api::ApiResponse> {
      if (health_check) {
        Status status = health_check();
        if (!status) {
          LogJson(spdlog::level::warn, "health check failed: {}", status.error().ToString());
          return Unavailable("a dependency of the server is unavailable");
        }
      }
      return api::ApiResponse::Ok(Json{{"status", "ok"}}, false);
    };
    routes.push_back(std::move(health));
    builtins.push_back(Builtin::kNone);

    api::RouteSpec metrics_route;
    metrics_route.method = api::Method::kGet;
    metrics_route.pattern = kMetricsPattern;
    metrics_route.permission = api::Permission::kPublic;
    metrics_route.summary = "Prometheus metrics in the text exposition format";
    metrics_route.tag = "operations";
    metrics_route.response_schema = api::SchemaString();
    // Served as text/plain by the server; the handler is what a direct caller gets.
    metrics_route.handler = [this](const api::ApiRequest&) -> Result<api::ApiResponse> {
      return api::ApiResponse::Ok(Json(metrics->Render()), false);
    };
    routes.push_back(std::move(metrics_route));
    builtins.push_back(Builtin::kMetrics);

    api::RouteSpec openapi_route;
    openapi_route.method = api::Method::kGet;
    openapi_route.pattern = kOpenApiPattern;
    openapi_route.permission = api::Permission::kPublic;
    openapi_route.summary = "This OpenAPI 3 document";
    openapi_route.tag = "meta";
    openapi_route.response_schema = Json{{"type", "object"}};
    openapi_route.handler = [this](const api::ApiRequest&) -> Result<api::ApiResponse> {
      return api::ApiResponse::Ok(openapi, true);
    };
    routes.push_back(std::move(openapi_route));
    builtins.push_back(Builtin::kNone);
  }

  void ConfigureHttplib() {
    // DESIGN.md, "Measured on this kind of machine": without these three, keep-alive
    // clients stall on Nagle's algorithm and on the 5-request connection cap.
    server.set_tcp_nodelay(true);
    server.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listen_fd = sock;
    });
    server.set_keep_alive_max_count(1'000'000);
    server.set_keep_alive_timeout(5);
    const size_t threads = static_cast<size_t>(std::max(options.threads, 1));
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(
        static_cast<size_t>(std::max<std::int64_t>(0, options.max_body_bytes)));
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);
    server.set_default_headers({
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Content-Security-Policy",
         "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    });

    server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      tls_context = RequestContext{true, SteadyClock::now(), 0, 0};
      tls_context.route_index = static_cast<size_t>(-1);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      HandleGuarded(req, res);
    };
    server.Get(".*", handler);
    server.Post(".*", handler);
    server.Put(".*", handler);
    server.Patch(".*", handler);
    server.Delete(".*", handler);
    // Statuses httplib produces itself (unknown path for its own methods, oversized body,
    // malformed request) get the same JSON error shape; bodies we wrote stay.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          WriteTransportError(req, res);
          return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
          LogException(req, error);
          res.headers.erase("Content-Type");
          WriteError(res, Error{ErrorCode::kInternal, "internal error", ""});
        });
    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      LogRequest(req, res);
    });
  }

  static void LogException(const httplib::Request& req, std::exception_ptr error) {
    std::string what = "unknown exception";
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    LogJson(spdlog::level::err, "uncaught exception serving {} {}: {}", req.method, req.path, what);
  }

  void WriteTransportError(const httplib::Request& req, httplib::Response& res) {
    if (IsApiPath(req.path)) res.set_header("Cache-Control", "no-store");
    switch (res.status) {
      case 404:
        WriteError(res, Error{ErrorCode::kNotFound, "no such resource", ""}, 404);
        return;
      case 413:
        WriteError(res,
                   Error{ErrorCode::kResourceExhausted,
                         "the request body is larger than " +
                             std::to_string(options.max_body_bytes) + " bytes",
                         "body"},
                   413);
        return;
      case 414:
        WriteError(res, Error{ErrorCode::kInvalidArgument, "the URI is too long", "path"}, 414);
        return;
      default:
        break;
    }
    if (res.status >= 500) {
      WriteError(res, Error{ErrorCode::kInternal, "internal error", ""}, res.status);
    } else {
      WriteError(res, Error{ErrorCode::kInvalidArgument, "malformed HTTP request", ""}, res.status);
    }
  }

  void LogRequest(const httplib::Request& req, const httplib::Response& res) {
    RequestContext context = tls_context;
    tls_context.active = false;
    double seconds = 0;
    size_t route = unmatched_label;
    if (context.active) {
      seconds = std::chrono::duration<double>(SteadyClock::now() - context.start).count();
      if (context.route_index != static_cast<size_t>(-1)) route = context.route_index;
    }
    metrics->Record(route, req.method, res.status, seconds);
    if (!options.access_log) return;
    // Only what an operator needs: never cookies, Authorization, CSRF tokens or bodies.
    Json line = Json::object();
    line["ts"] = NowIso8601();
    line["method"] = req.method;
    line["route"] = route == unmatched_label ? "(unmatched)"
                    : route == static_label  ? "(static)"
                                             : routes[route].pattern;
    line["path"] = req.path;
    line["status"] = res.status;
    line["duration_ms"] = static_cast<double>(static_cast<std::int64_t>(seconds * 1e6)) / 1e3;
    line["bytes"] = res.body.size();
    line["remote"] = req.remote_addr;
    if (context.active && context.user_id != 0) {
      line["user_id"] = context.user_id;
    } else {
      line["user_id"] = nullptr;
    }
    access_logger->info(DumpJson(line));
  }

  void HandleGuarded(const httplib::Request& req, httplib::Response& res) {
    try {
      Handle(req, res);
    } catch (...) {
      LogException(req, std::current_exception());
      res.headers.erase("Content-Type");
      res.headers.erase("Set-Cookie");
      res.headers.erase("ETag");
      WriteError(res, Error{ErrorCode::kInternal, "internal error", ""});
    }
  }

  void Handle(const httplib::Request& req, httplib::Response& res) {
    const bool api_path = IsApiPath(req.path);
    const std::optional<api::Method> method = ParseMethod(req.method);
    if (!method) {
      // httplib only calls us for the methods ParseMethod knows.
      WriteError(res, Error{ErrorCode::kInvalidArgument, "unsupported method", ""}, 405);
      return;
    }
    if (!table) {
      WriteError(res, Error{ErrorCode::kInternal, "internal error", ""});
      return;
    }
    RouteMatch match = table->Match(*method, req.path);
    if (match.kind == RouteMatch::Kind::kNoPath) {
      if (!api_path && static_files && *method == api::Method::kGet) {
        ServeStatic(req, res);
        return;
      }
      if (api_path) res.set_header("Cache-Control", "no-store");
      WriteError(res, Error{ErrorCode::kNotFound, "no such resource", "path"}, 404);
      return;
    }
    res.set_header("Cache-Control", "no-store");
    if (match.kind == RouteMatch::Kind::kWrongMethod) {
      std::string allow = AllowHeader(match.allowed);
      res.set_header("Allow", allow);
      WriteError(res,
                 Error{ErrorCode::kInvalidArgument,
                       "method " + req.method + " is not allowed here; allowed: " + allow, ""},
                 405);
      return;
    }
    tls_context.route_index = match.route_index;
    const api::RouteSpec& route = routes[match.route_index];

    auto authenticated = Authenticate(req, route, *method);
    if (!authenticated) {
      WriteError(res, authenticated.error());
      return;
    }
    const std::optional<api::Principal>& principal = *authenticated;
    if (principal) tls_context.user_id = principal->user_id;
    const api::Principal* principal_ptr = principal ? &*principal : nullptr;
    if (auto allowed = api::Authorize(principal_ptr, route.permission); !allowed) {
      WriteError(res, allowed.error());
      return;
    }

    api::ApiRequest request;
    request.method = *method;
    request.path = req.path;
    request.path_params = std::move(match.params);
    for (const auto& [key, value] : req.params) request.query.emplace(key, value);
    request.principal = principal_ptr;
    request.remote_addr = req.remote_addr;
    request.user_agent = req.get_header_value("User-Agent");
    if (*method != api::Method::kGet && !req.body.empty()) {
      std::string type = AsciiLower(req.get_header_value("Content-Type"));
      std::string_view media = Trim(std::string_view(type).substr(0, type.find(';')));
      if (media != "application/json") {
        WriteError(res,
                   Error{ErrorCode::kInvalidArgument,
                         "the request body must be sent as Content-Type: application/json",
                         "Content-Type"},
                   415);
        return;
      }
      try {
        request.body = Json::parse(req.body);
      } catch (const Json::parse_error& e) {
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 5: …" keeps
        // the position and reason; the library prefix means nothing to a caller.
        if (size_t close = what.find("] "); close != std::string::npos) {
          what = what.substr(close + 2);
        }
        WriteError(res, Error{ErrorCode::kInvalidArgument, "malformed JSON: " + what, "body"});
        return;
      }
    }

    if (!route.handler) {
      WriteError(res, Error{ErrorCode::kInternal, "internal error", ""});
      return;
    }
    Result<api::ApiResponse> response = route.handler(request);
    if (!response) {
      Error error = response.error();
      if (error.code == ErrorCode::kInternal) {
        // Internal messages describe our bug or a library failure, not the request.
        LogJson(spdlog::level::err, "{} {} failed: {}", req.method, route.pattern, error.message);
        error = Error{ErrorCode::kInternal, "internal error", ""};
      }
      WriteError(res, error);
      return;
    }
    if (builtins[match.route_index] == Builtin::kMetrics) {
      res.status = 200;
      res.set_content(metrics->Render(), "text/plain; version=0.0.4; charset=utf-8");
      return;
    }
    WriteResponse(req, res, *response);
  }

  // Resolves the credential of a request. nullopt: anonymous. On a public route a bad
  // credential is ignored (the caller may be signing in again); elsewhere it is the error.
  Result<std::optional<api::Principal>> Authenticate(const httplib::Request& req,
                                                     const api::RouteSpec& route,
                                                     api::Method method) {
    using Found = std::optional<api::Principal>;
    if (authenticator == nullptr) return Found();
    const bool is_public = route.permission == api::Permission::kPublic;
    Result<api::Principal> principal = Unauthenticated("no credential");
    if (req.has_header("Authorization")) {
      std::string header = req.get_header_value("Authorization");
      if (header.size() > 7 && AsciiLower(header.substr(0, 7)) == "bearer ") {
        principal = authenticator->AuthenticateToken(Trim(std::string_view(header).substr(7)));
        if (principal) principal->method = api::AuthMethod::kToken;
      } else {
        principal = Unauthenticated("the Authorization header must be 'Bearer <token>'");
      }
    } else if (std::string session = CookieValue(req, api::kSessionCookie); !session.empty()) {
      principal = authenticator->AuthenticateSession(session);
      if (principal) principal->method = api::AuthMethod::kSession;
    } else {
      return Found();
    }
    if (!principal) {
      if (is_public) return Found();
      return tl::unexpected(principal.error());
    }
    // Browsers send the cookie on cross-site requests too; the CSRF token, readable only
    // by our own pages, proves the request came from them. Tokens are not sent
    // automatically, so bearer requests need no such proof.
    if (principal->method == api::AuthMethod::kSession && IsUnsafe(method)) {
      std::string sent = req.get_header_value(std::string(api::kCsrfHeader).c_str());
      const std::string& expected = principal->csrf_token;
      bool ok =
          !expected.empty() && sent.size() == expected.size() && ConstantTimeEquals(sent, expected);
      if (!ok) {
        if (is_public) return Found();
        return PermissionDenied("missing or wrong CSRF token: send the session's token in the " +
                                std::string(api::kCsrfHeader) + " header");
      }
    }
    return Found(std::move(*principal));
  }

  std::string RenderCookie(const api::Cookie& cookie) const {
    std::string text = cookie.name + "=" + cookie.value + "; Path=/";
    int max_age = cookie.max_age_seconds;
    if (max_age < 0 && cookie.name == api::kSessionCookie && !cookie.value.empty()) {
      max_age = options.session_max_age_seconds;
    }
    if (max_age >= 0) text += "; Max-Age=" + std::to_string(max_age);
    if (cookie.http_only) text += "; HttpOnly";
    text += "; SameSite=Strict";
    if (options.cookie_secure) text += "; Secure";
    return text;
  }

  void WriteResponse(const httplib::Request& req, httplib::Response& res,
                     const api::ApiResponse& response) {
    res.status = response.status;
    for (const api::Cookie& cookie : response.cookies) {
      res.set_header("Set-Cookie", RenderCookie(cookie));
    }
    // A route's header replaces the server's default of the same name (Cache-Control).
    for (const auto& [name, value] : response.headers) {
      res.headers.erase(name);
      res.set_header(name, value);
    }
    if (response.status == 204 || response.status == 304) return;
    std::string body = response.json_text.empty() ? DumpJson(response.body) : response.json_text;
    if (response.etag && response.status == 200 && (req.method == "GET" || req.method == "HEAD")) {
      std::string etag = "\"" + Sha256Hex(body) + "\"";
      res.set_header("ETag", etag);
      if (IfNoneMatch(req, etag)) {
        res.status = 304;
        return;
      }
    }
    res.set_content(std::move(body),
                    response.content_type.empty() ? std::string(kJsonType) : response.content_type);
  }

  void ServeStatic(const httplib::Request& req, httplib::Response& res) {
    tls_context.route_index = static_label;
    auto file = static_files->Get(req.path);
    if (!file) {
      int status = file.error().code == ErrorCode::kNotFound ? 404 : 0;
      WriteError(res, file.error(), status);
      return;
    }
    res.status = 200;
    res.set_header("Cache-Control", file->cache_control);
    res.set_content(std::move(file->content), file->content_type);
  }
};

Server::Server(ServerOptions options, std::vector<api::RouteSpec> routes,
               api::Authenticator* authenticator, std::function<Status()> health_check)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(routes), authenticator,
                                   std::move(health_check))) {}

Server::~Server() { Stop(); }

Result<int> Server::Bind() {
  if (!impl_->table) return tl::unexpected(impl_->table.error());
  if (impl_->bound) return impl_->port;
  const ServerOptions& options = impl_->options;
  int port = options.port;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(options.host);
    if (port < 0) port = 0;
  } else if (!impl_->server.bind_to_port(options.host, port)) {
    port = 0;
  }
  if (port == 0) {
    return Unavailable("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                       " (address in use or not available)");
  }
  // Debian's compiled cpp-httplib listens with a backlog of 5: when 64 clients connect
  // at once the kernel drops handshakes and their first requests wait for a SYN-ACK
  // retransmission (1 s, then 3 s). listen() again on the bound socket raises it.
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  impl_->bound = true;
  impl_->port = port;
  return port;
}

Status Server::Run() {
  {
    std::lock_guard<std::mutex> lock(impl_->run_mutex);
    if (impl_->stop_requested) return Ok();
  }
  if (!impl_->bound) {
    auto bound = Bind();
    if (!bound) return tl::unexpected(bound.error());
  }
  {
    std::lock_guard<std::mutex> lock(impl_->run_mutex);
    if (impl_->stop_requested) return Ok();
    impl_->run_entered = true;
  }
  // Returns after stop(): the accept loop ends, then the worker pool finishes every
  // request it holds before its threads are joined.
  bool served = impl_->server.listen_after_bind();
  bool stopped;
  {
    std::lock_guard<std::mutex> lock(impl_->run_mutex);
    stopped = impl_->stop_requested;
  }
  impl_->run_done = true;
  if (!served && !stopped) return Unavailable("the HTTP server stopped unexpectedly");
  return Ok();
}

void Server::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->run_mutex);
    impl_->stop_requested = true;
    if (!impl_->run_entered) return;
  }
  // httplib ignores stop() until its accept loop runs; Run() may be just before it.
  while (!impl_->server.is_running() && !impl_->run_done) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->server.stop();
}

Json Server::OpenApiDocument() const { return impl_->openapi; }

const std::vector<api::RouteSpec>& Server::routes() const { return impl_->routes; }

void BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

Status RunUntilSignal(Server& server) {
  BlockShutdownSignals();
  std::atomic<bool> finished{false};
  std::thread waiter([&server, &finished] {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    if (finished) return;  // woken by RunUntilSignal itself after Run() returned
    LogJson(spdlog::level::info, "received signal {}, stopping after requests in progress",
            signal_number);
    server.Stop();
  });
  Status status = server.Run();
  finished = true;
  // Wakes the waiter if Run() ended without a signal; a real signal already ended it.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return status;
}

}  // namespace asta::http
