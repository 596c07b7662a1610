// The PostgreSQL backend of store::Database (libpqxx 6.4). Internal to asta_store;
// callers use Database::Open("postgresql://…").
//
// Statements run as unnamed parameterised statements (PQexecParams), so values are sent
// separately from the SQL text, as text, and PostgreSQL infers their types from context.
// Transactions are driven with explicit BEGIN/COMMIT on a pooled connection. BeginWrite
// also takes a database-wide advisory lock so that, as on SQLite, write transactions run
// one at a time and a read-modify-write never loses an update; Begin starts a REPEATABLE
// READ transaction, a consistent snapshot. Serialisation failures and deadlocks are
// kUnavailable (retrying helps). A connection that reports a lost link is discarded.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "core/result.h"
#include "store/database.h"

namespace asta::store::internal {

// Unavailable when the server cannot be reached or refuses the login.
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const OpenOptions& options);

// Splits the password out of a postgresql:// URL, percent-decoded, so that it can travel
// to a child process in PGPASSWORD instead of on its command line. Returns the URL
// without the password and the password (empty when there is none).
std::pair<std::string, std::string> SplitPassword(const std::string& url);

}  // namespace asta::store::internal
