// The assembled application: the database, every module's service, and the full route
// table the HTTP server and the OpenAPI document are built from. Used by `asta serve`
// and by the integration tests, so that both see exactly the same routes.
#pragma once

#include <memory>
#include <vector>

#include "core/config.h"
#include "modules/accounts/accounts.h"
#include "modules/api/api.h"
#include "modules/compliance/compliance.h"
#include "modules/network/exchange.h"
#include "modules/network/network.h"
#include "modules/programmes/programmes.h"
#include "modules/review/review.h"
#include "store/database.h"

namespace asta {

class App {
 public:
  // Opens the database named in `config.db` and applies pending migrations.
  static Result<std::unique_ptr<App>> Open(const Config& config);

  store::Database& db() { return *db_; }
  accounts::AccountsService& accounts() { return *accounts_; }
  compliance::ComplianceService& compliance() { return *compliance_; }
  network::NetworkService& network() { return *network_; }
  network::ExchangeService& exchange() { return *exchange_; }
  programmes::ProgrammesService& programmes() { return *programmes_; }
  review::ReviewService& review() { return *review_; }
  // Every module route. The HTTP layer adds its own (health, metrics, OpenAPI).
  std::vector<api::RouteSpec> Routes();
  // Ok when the database answers.
  Status HealthCheck();
  // Starts the screening worker and the search index's change-log follower (`asta
  // serve`); they stop when the App is destroyed.
  void StartBackgroundWork();
  // Screens what is queued, synchronously (commands that change people, demo data).
  Status ProcessScreeningQueue();

 private:
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  // Declared after db_ so that it (and its worker thread) goes first.
  std::unique_ptr<compliance::ComplianceService> compliance_;
  std::unique_ptr<network::NetworkService> network_;
  std::unique_ptr<network::ExchangeService> exchange_;
  std::unique_ptr<programmes::ProgrammesService> programmes_;
  std::unique_ptr<review::ReviewService> review_;
};

}  // namespace asta
