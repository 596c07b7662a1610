#include "tests/api/api_fixture.h"

#include <cstdlib>
#include <iostream>

#include "modules/demo/demo.h"

namespace asta::testing {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "api test environment: " << what << "\n";
  std::abort();
}

}  // namespace

ApiEnvironment& ApiEnvironment::Get() {
  static ApiEnvironment* env = [] {
    auto* e = new ApiEnvironment();
    std::string error;
    e->db_ = store::testing::TestDatabase::Create(store::testing::Backend::kSqliteFile, &error);
    if (!e->db_) Die(error);
    Config config;
    config.db = e->db_->url();
    auto app = App::Open(config);
    if (!app) Die(app.error().ToString());
    e->app_ = std::move(*app);
    auto report = demo::Generate(*e->app_, demo::DemoOptions{});
    if (!report) Die(report.error().ToString());
    for (const auto& [email, role] : report->logins) {
      auto user = e->app_->accounts().FindUserByEmail(email);
      if (!user) Die(user.error().ToString());
      auto token = e->app_->accounts().CreateToken(audit::Actor::System("test"), user->id,
                                                   "api test", std::nullopt);
      if (!token) Die(token.error().ToString());
      e->tokens_[role] = token->token;
      e->user_ids_[role] = user->id;
    }
    http::ServerOptions options;
    options.port = 0;
    options.threads = 8;
    options.access_log = false;
    options.max_body_bytes = 64 * 1024;
    App* raw = e->app_.get();
    e->server_ = std::make_unique<http::Server>(options, raw->Routes(), &raw->accounts(),
                                                [raw] { return raw->HealthCheck(); });
    auto port = e->server_->Bind();
    if (!port) Die(port.error().ToString());
    e->port_ = *port;
    e->thread_ = std::thread([e] { (void)e->server_->Run(); });
    return e;
  }();
  return *env;
}

ApiEnvironment::~ApiEnvironment() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
}

httplib::Client ApiEnvironment::Client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(30, 0);
  return client;
}

Json ErrorOf(const httplib::Result& result) {
  if (!result) return nullptr;
  Json body = Json::parse(result->body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("error")) return nullptr;
  return body["error"];
}

}  // namespace asta::testing
