// The SQLite backend of store::Database. Internal to asta_store; callers use
// Database::Open("sqlite:PATH" or "sqlite::memory:").
//
// A file database runs in WAL mode with synchronous=FULL, so a committed transaction
// survives the process being killed (and a power cut), and readers never block the
// single writer. Every connection enables foreign keys and waits up to
// OpenOptions::busy_timeout_ms for locks; the writers of one process queue in order for
// their turn before BEGIN IMMEDIATE (SQLite's busy handler, which sleeps and retries,
// only meets writers of other processes). An in-memory database is private to its
// Database object and served by exactly one connection, since SQLite's shared-cache
// in-memory mode reports table-lock errors under concurrency instead of waiting.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/database.h"

namespace asta::store::internal {

// Creates the file's folder if needed. Unavailable when the file cannot be opened.
Result<std::unique_ptr<Database>> OpenSqliteFile(const std::string& path,
                                                 const OpenOptions& options);
Result<std::unique_ptr<Database>> OpenSqliteMemory(const OpenOptions& options);

}  // namespace asta::store::internal
