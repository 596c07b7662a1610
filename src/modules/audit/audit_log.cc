#include "modules/audit/audit_log.h"

#include "core/crypto.h"
#include "core/time.h"

namespace asta::audit {
namespace {

constexpr char kGenesisHash[] = "0000000000000000000000000000000000000000000000000000000000000000";

// Length-prefixed fields, so that no choice of field contents can make two different
// entries serialise alike.
void AddField(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

std::string JsonText(const Json& j) { return j.is_null() ? std::string() : j.dump(); }

Json ParseStored(const std::optional<std::string>& text) {
  if (!text || text->empty()) return nullptr;
  return Json::parse(*text, nullptr, /*allow_exceptions=*/false);
}

Entry FromRow(const store::Row& r) {
  Entry e;
  e.seq = r.Int(0);
  e.at = r.Text(1);
  e.actor_user_id = r.OptInt(2);
  e.actor = r.Text(3);
  e.action = r.Text(4);
  e.entity_type = r.Text(5);
  e.entity_id = r.Text(6);
  e.before = ParseStored(r.OptText(7));
  e.after = ParseStored(r.OptText(8));
  e.prev_hash = r.Text(9);
  e.hash = r.Text(10);
  return e;
}

constexpr char kSelectColumns[] =
    "SELECT seq, at, actor_user_id, actor, action, entity_type, entity_id, before_json, "
    "after_json, prev_hash, hash FROM audit_log ";

}  // namespace

Json Entry::ToJson() const {
  Json j;
  j["seq"] = seq;
  j["at"] = at;
  j["actor"] = actor;
  j["actor_user_id"] = actor_user_id ? Json(*actor_user_id) : Json(nullptr);
  j["action"] = action;
  j["entity_type"] = entity_type;
  j["entity_id"] = entity_id;
  j["before"] = before;
  j["after"] = after;
  j["prev_hash"] = prev_hash;
  j["hash"] = hash;
  return j;
}

Json VerifyReport::ToJson() const {
  Json j;
  j["ok"] = ok;
  j["entries"] = entries;
  j["first_broken_seq"] = first_broken_seq ? Json(*first_broken_seq) : Json(nullptr);
  j["message"] = message;
  return j;
}

std::string ComputeHash(const Entry& e) {
  std::string text;
  AddField(text, e.prev_hash);
  AddField(text, std::to_string(e.seq));
  AddField(text, e.at);
  AddField(text, e.actor_user_id ? std::to_string(*e.actor_user_id) : std::string("-"));
  AddField(text, e.actor);
  AddField(text, e.action);
  AddField(text, e.entity_type);
  AddField(text, e.entity_id);
  AddField(text, JsonText(e.before));
  AddField(text, JsonText(e.after));
  return Sha256Hex(text);
}

Status Append(store::Connection& conn, const Actor& actor, const std::string& action,
              const std::string& entity_type, const std::string& entity_id, const Json& before,
              const Json& after) {
  // Taking the head row's lock first serialises appenders; the new seq follows it.
  ASTA_ASSIGN_OR_RETURN(auto changed,
                        conn.Execute("UPDATE audit_head SET seq = seq + 1 WHERE id = 1"));
  if (changed != 1) return Internal("audit_head row is missing; the audit log is damaged");
  ASTA_ASSIGN_OR_RETURN(auto head, conn.Query("SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (head.empty()) return Internal("audit_head row is missing; the audit log is damaged");
  Entry e;
  e.seq = head.rows[0].Int(0);
  e.prev_hash = head.rows[0].Text(1);
  e.at = NowIso8601();
  e.actor_user_id = actor.user_id;
  e.actor = actor.name;
  e.action = action;
  e.entity_type = entity_type;
  e.entity_id = entity_id;
  e.before = before;
  e.after = after;
  e.hash = ComputeHash(e);
  store::Value actor_id = actor.user_id ? store::Value(*actor.user_id) : store::Value();
  store::Value before_text = before.is_null() ? store::Value() : store::Value(before.dump());
  store::Value after_text = after.is_null() ? store::Value() : store::Value(after.dump());
  ASTA_RETURN_IF_ERROR(conn.Execute(
      "INSERT INTO audit_log (seq, at, actor_user_id, actor, action, entity_type, entity_id, "
      "before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.seq, e.at, actor_id, e.actor, e.action, e.entity_type, e.entity_id, before_text,
       after_text, e.prev_hash, e.hash}));
  ASTA_RETURN_IF_ERROR(conn.Execute("UPDATE audit_head SET hash = ? WHERE id = 1", {e.hash}));
  return Ok();
}

Result<std::vector<Entry>> List(store::Database& db, const ListFilter& filter) {
  std::string sql = kSelectColumns;
  std::vector<store::Value> params;
  std::string where;
  auto add = [&](const std::string& clause, store::Value v) {
    where += where.empty() ? "WHERE " : " AND ";
    where += clause;
    params.push_back(std::move(v));
  };
  if (filter.before_seq) add("seq < ?", *filter.before_seq);
  if (!filter.entity_type.empty()) add("entity_type = ?", filter.entity_type);
  if (!filter.entity_id.empty()) add("entity_id = ?", filter.entity_id);
  sql += where + " ORDER BY seq DESC LIMIT ?";
  params.push_back(static_cast<std::int64_t>(filter.limit + 1));
  ASTA_ASSIGN_OR_RETURN(auto lease, db.Acquire());
  ASTA_ASSIGN_OR_RETURN(auto rows, lease->Query(sql, params));
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(FromRow(r));
  return out;
}

Result<VerifyReport> Verify(store::Database& db) {
  VerifyReport report;
  ASTA_ASSIGN_OR_RETURN(auto lease, db.Acquire());
  std::string prev_hash = kGenesisHash;
  std::int64_t expected_seq = 1;
  auto broken = [&](std::int64_t seq, std::string why) {
    report.ok = false;
    report.first_broken_seq = seq;
    report.message = "audit chain broken at entry " + std::to_string(seq) + ": " + why;
    return report;
  };
  constexpr std::int64_t kBatch = 2000;
  for (;;) {
    ASTA_ASSIGN_OR_RETURN(
        auto rows, lease->Query(std::string(kSelectColumns) + "WHERE seq >= ? ORDER BY seq LIMIT ?",
                                {expected_seq, kBatch}));
    for (const auto& r : rows.rows) {
      Entry e = FromRow(r);
      if (e.seq != expected_seq) {
        return broken(expected_seq,
                      "entry is missing (next present entry is " + std::to_string(e.seq) + ")");
      }
      if (e.prev_hash != prev_hash) {
        return broken(e.seq, "its link to the previous entry does not match");
      }
      if (ComputeHash(e) != e.hash) {
        return broken(e.seq, "its contents were changed after it was written");
      }
      prev_hash = e.hash;
      ++expected_seq;
      ++report.entries;
    }
    if (rows.size() < static_cast<size_t>(kBatch)) break;
  }
  ASTA_ASSIGN_OR_RETURN(auto head, lease->Query("SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (head.empty()) return broken(expected_seq, "the head record is missing");
  std::int64_t head_seq = head.rows[0].Int(0);
  if (head_seq != report.entries) {
    return broken(report.entries + 1, "the log ends at entry " + std::to_string(report.entries) +
                                          " but " + std::to_string(head_seq) +
                                          " entries were written; the newest were deleted");
  }
  if (head.rows[0].Text(1) != prev_hash) {
    return broken(report.entries, "the newest entry does not match the recorded head");
  }
  report.message = "audit chain intact: " + std::to_string(report.entries) + " entries verified";
  return report;
}

}  // namespace asta::audit
