#include "modules/app.h"

#include "modules/audit/audit_routes.h"
#include "modules/programmes/programmes_routes.h"
#include "store/migrate.h"

namespace asta {

Result<std::unique_ptr<App>> App::Open(const Config& config) {
  auto app = std::unique_ptr<App>(new App());
  store::OpenOptions options;
  options.pool_size = config.db_pool;
  ASTA_ASSIGN_OR_RETURN(app->db_, store::Database::Open(config.db, options));
  ASTA_RETURN_IF_ERROR(store::Migrate(*app->db_));
  app->accounts_ = std::make_unique<accounts::AccountsService>(*app->db_, config);
  app->compliance_ = std::make_unique<compliance::ComplianceService>(*app->db_);
  std::filesystem::path index_dir = config.search_index;
  if (index_dir.empty() && config.db.rfind("sqlite:", 0) == 0 && config.db != "sqlite::memory:") {
    index_dir = std::filesystem::path(config.db.substr(7)).parent_path() / "search-index";
  }
  app->network_ = std::make_unique<network::NetworkService>(*app->db_, index_dir);
  ASTA_RETURN_IF_ERROR(app->network_->EnsureEmailIndex());
  app->exchange_ = std::make_unique<network::ExchangeService>(*app->db_);
  app->programmes_ = std::make_unique<programmes::ProgrammesService>(*app->db_, *app->compliance_);
  app->review_ = std::make_unique<review::ReviewService>(*app->db_, *app->accounts_, *app->network_,
                                                         *app->programmes_);
  // Submitted proposals' teams reach the screening queue through the worker.
  programmes::ProgrammesService* programmes = app->programmes_.get();
  app->compliance_->AddSubjectSource(
      [programmes](bool all) { return programmes->NotePendingSubjects(all); });
  return app;
}

std::vector<api::RouteSpec> App::Routes() {
  std::vector<api::RouteSpec> routes = accounts::AccountsRoutes(*accounts_);
  for (auto& r : audit::AuditRoutes(*db_)) routes.push_back(std::move(r));
  for (auto& r : compliance::ComplianceRoutes(*compliance_)) routes.push_back(std::move(r));
  for (auto& r : network::NetworkRoutes(*network_)) routes.push_back(std::move(r));
  for (auto& r : network::ExchangeRoutes(*network_, *exchange_)) routes.push_back(std::move(r));
  for (auto& r : programmes::ProgrammesRoutes(*programmes_)) routes.push_back(std::move(r));
  for (auto& r : review::ReviewRoutes(*review_, *programmes_)) routes.push_back(std::move(r));
  // Reviewers read a proposal only while assigned to it and not conflicted.
  review::AddReviewerProposalAccess(routes, *review_, *programmes_);
  // A write may have queued people or organisations for screening (NoteSubject, in any
  // module). Once its transaction has committed, those subjects are screened before the
  // response goes out, so the caller sees the outcome; the worker wakes for the rest.
  compliance::ComplianceService* service = compliance_.get();
  for (auto& r : routes) {
    if (r.method == api::Method::kGet) continue;
    r.handler = [inner = std::move(r.handler), service](const api::ApiRequest& req) {
      (void)compliance::TakeNotedSubjects();
      Result<api::ApiResponse> response = inner(req);
      std::vector<std::int64_t> noted = compliance::TakeNotedSubjects();
      if (!noted.empty()) {
        // A failed screening leaves the subjects queued for the worker; the request's
        // own change has committed and stands.
        (void)service->ProcessSubjects(noted);
        service->Wake();
      }
      return response;
    };
  }
  return routes;
}

void App::StartBackgroundWork() {
  compliance_->StartWorker();
  network_->StartFollower();
}

Status App::ProcessScreeningQueue() {
  return compliance_->ProcessAll().map([](int) {});
}

Status App::HealthCheck() {
  ASTA_ASSIGN_OR_RETURN(auto lease, db_->Acquire());
  ASTA_RETURN_IF_ERROR(lease->Query("SELECT 1"));
  return Ok();
}

}  // namespace asta
