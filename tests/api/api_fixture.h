// The whole application — demo data, every module's routes, the real HTTP server on an
// ephemeral loopback port — shared by the tests of one suite, with an API token for the
// named demo account of every role.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "http/server.h"
#include "modules/app.h"
#include "tests/store/test_backends.h"

namespace asta::testing {

class ApiEnvironment {
 public:
  // Creates the app on a SQLite file with demo data and starts the server; aborts the
  // test binary with a message when that fails.
  static ApiEnvironment& Get();
  ~ApiEnvironment();

  int port() const { return port_; }
  httplib::Client Client() const;
  // API token of the demo account with `role` ("administrator", …).
  const std::string& TokenFor(const std::string& role) const { return tokens_.at(role); }
  std::int64_t UserIdFor(const std::string& role) const { return user_ids_.at(role); }
  const std::vector<api::RouteSpec>& routes() const { return server_->routes(); }
  App& app() { return *app_; }

 private:
  ApiEnvironment() = default;

  std::unique_ptr<store::testing::TestDatabase> db_;
  std::unique_ptr<App> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::int64_t> user_ids_;
};

// The body of a JSON error response, or null.
Json ErrorOf(const httplib::Result& result);

}  // namespace asta::testing
