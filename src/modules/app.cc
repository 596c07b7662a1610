#include "modules/app.h"

#include "modules/audit/audit_routes.h"
#include "store/migrate.h"

namespace asta {

Result<std::unique_ptr<App>> App::Open(const Config& config) {
  auto app = std::unique_ptr<App>(new App());
  store::OpenOptions options;
  options.pool_size = config.db_pool;
  ASTA_ASSIGN_OR_RETURN(app->db_, store::Database::Open(config.db, options));
  ASTA_RETURN_IF_ERROR(store::Migrate(*app->db_));
  app->accounts_ = std::make_unique<accounts::AccountsService>(*app->db_, config);
  return app;
}

std::vector<api::RouteSpec> App::Routes() {
  std::vector<api::RouteSpec> routes = accounts::AccountsRoutes(*accounts_);
  for (auto& r : audit::AuditRoutes(*db_)) routes.push_back(std::move(r));
  return routes;
}

Status App::HealthCheck() {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_->Acquire());
  ASTA_RETURN_IF_ERROR(lease->Query("SELECT 1"));
  return Ok();
}

}  // namespace asta
