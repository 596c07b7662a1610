// The assembled application: the database, every module's service, and the full route
// table the HTTP server and the OpenAPI document are built from. Used by `asta serve`
// and by the integration tests, so that both see exactly the same routes.
#pragma once

#include <memory>
#include <vector>

#include "core/config.h"
#include "modules/accounts/accounts.h"
#include "modules/api/api.h"
#include "store/database.h"

namespace asta {

class App {
 public:
  // Opens the database named in `config.db` and applies pending migrations.
  static Result<std::unique_ptr<App>> Open(const Config& config);

  store::Database& db() { return *db_; }
  accounts::AccountsService& accounts() { return *accounts_; }
  // Every module route. The HTTP layer adds its own (health, metrics, OpenAPI).
  std::vector<api::RouteSpec> Routes();
  // Ok when the database answers.
  Status HealthCheck();

 private:
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
};

}  // namespace asta
