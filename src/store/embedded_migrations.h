// The raw migration files compiled into the binary by embed_migrations.cmake. Internal to
// asta_store: callers use BuiltinMigrations() from migrate.h, which parses and orders
// these.
#pragma once

#include <cstddef>

namespace asta::store::internal {

struct EmbeddedMigration {
  const char* file_name;  // "0001_init.sql"
  const char* sql;        // the file's bytes, placeholders not yet rendered
};

// Sorted by file name; kEmbeddedMigrationCount entries are valid.
extern const EmbeddedMigration kEmbeddedMigrations[];
extern const std::size_t kEmbeddedMigrationCount;

}  // namespace asta::store::internal
