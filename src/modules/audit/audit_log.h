// The append-only, hash-chained audit trail. Every state change in asta appends one
// entry — who, what, when, the object's state before and after — inside the same
// write transaction as the change, so that an entry exists if and only if the change
// was committed. Each entry's hash covers its fields and the previous entry's hash;
// `audit_head` holds the newest (seq, hash), so editing, deleting or reordering any
// entry, including the last, is detected by Verify().
//
// Thread-safety: stateless functions over a Database/Connection; appenders are
// serialised by the database (the head row is updated first in each transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "store/database.h"

namespace asta::audit {

// Who caused a change: a signed-in user, or a command-line operator/system process.
struct Actor {
  std::optional<std::int64_t> user_id;
  std::string name;  // e-mail of the user, or "cli", "demo", "system"

  static Actor System(std::string name) { return Actor{std::nullopt, std::move(name)}; }
};

struct Entry {
  std::int64_t seq = 0;
  std::string at;
  std::optional<std::int64_t> actor_user_id;
  std::string actor;
  std::string action;       // "user.create", "role.grant", …
  std::string entity_type;  // "user", "agency", …
  std::string entity_id;
  Json before;  // null when the object did not exist
  Json after;   // null when the object was deleted
  std::string prev_hash;
  std::string hash;

  Json ToJson() const;
};

// Appends an entry. Must run inside a write transaction on `conn` (the caller's change
// and its entry commit or roll back together). Cost: two small statements.
Status Append(store::Connection& conn, const Actor& actor, const std::string& action,
              const std::string& entity_type, const std::string& entity_id, const Json& before,
              const Json& after);

// The entry's hash as Verify() recomputes it.
std::string ComputeHash(const Entry& entry);

struct ListFilter {
  std::optional<std::int64_t> before_seq;  // newest first, strictly below this seq
  int limit = 50;
  std::string entity_type;  // empty: all
  std::string entity_id;    // empty: all
};
// Entries newest first; returns up to limit + 1 so callers can tell a next page exists.
Result<std::vector<Entry>> List(store::Database& db, const ListFilter& filter);

struct VerifyReport {
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_broken_seq;
  std::string message;

  Json ToJson() const;
};
// Walks the whole chain in order of seq in batches; O(entries) time, O(batch) memory.
Result<VerifyReport> Verify(store::Database& db);

}  // namespace asta::audit
