#include "modules/programmes/eu_calls.h"

#include <cstdio>
#include <set>

#include "core/compressed.h"
#include "core/json.h"
#include "core/zones.h"

namespace asta::programmes {
namespace {

// Largest decompressed topic file accepted: the shared one is 6 MB.
constexpr std::size_t kMaxBytes = std::size_t{512} << 20;

Result<std::string> Text(const Json& j, const char* key, const std::string& line, bool required) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return InvalidArgument(line + ": " + key + ": required", key);
    return std::string();
  }
  if (!it->is_string()) return InvalidArgument(line + ": " + key + ": must be a string", key);
  std::string s = it->get<std::string>();
  if (required && s.empty()) return InvalidArgument(line + ": " + key + ": empty", key);
  return s;
}

Result<std::optional<std::int64_t>> Count(const Json& j, const char* key, const std::string& line) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::int64_t>();
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
    return InvalidArgument(line + ": " + key + ": must be a whole number, 0 or more", key);
  }
  return std::optional<std::int64_t>(it->get<std::int64_t>());
}

}  // namespace

Result<std::vector<EuTopic>> ParseEuCallTopics(std::string_view bytes) {
  std::string inflated;
  if (IsGzip(bytes)) {
    ASTA_ASSIGN_OR_RETURN(inflated, Gunzip(bytes, "file", kMaxBytes));
    bytes = inflated;
  }
  std::vector<EuTopic> out;
  std::set<std::string> seen;
  std::size_t number = 0, start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    const std::string_view text = bytes.substr(start, end - start);
    start = end + 1;
    ++number;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string line = "line " + std::to_string(number);
    const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return InvalidArgument(line + ": not a JSON object", line);
    }
    EuTopic t;
    ASTA_ASSIGN_OR_RETURN(t.topic_id, Text(j, "topicId", line, true));
    if (!seen.insert(t.topic_id).second) {
      return InvalidArgument(line + ": topicId: " + t.topic_id + " appears twice", "topicId");
    }
    ASTA_ASSIGN_OR_RETURN(t.title, Text(j, "title", line, true));
    ASTA_ASSIGN_OR_RETURN(t.programme, Text(j, "programme", line, false));
    ASTA_ASSIGN_OR_RETURN(t.call_identifier, Text(j, "callIdentifier", line, false));
    ASTA_ASSIGN_OR_RETURN(t.call_title, Text(j, "callTitle", line, false));
    ASTA_ASSIGN_OR_RETURN(t.action_type, Text(j, "actionType", line, false));
    ASTA_ASSIGN_OR_RETURN(t.deadline_date, Text(j, "deadline", line, true));
    auto closes = LocalToUnix(t.deadline_date + "T" + kEuDeadlineTime, kEuDeadlineZone, "deadline");
    if (t.deadline_date.size() != 10 || !closes) {
      return InvalidArgument(line + ": deadline: \"" + t.deadline_date + "\" is not a date",
                             "deadline");
    }
    t.closes = *closes;
    ASTA_ASSIGN_OR_RETURN(t.deadline_model, Text(j, "deadlineModel", line, false));
    t.stages = t.deadline_model == "two-stage" ? 2 : 1;
    ASTA_ASSIGN_OR_RETURN(t.status, Text(j, "callStatus", line, false));
    ASTA_ASSIGN_OR_RETURN(t.budget_min, Count(j, "budgetMin", line));
    ASTA_ASSIGN_OR_RETURN(t.budget_max, Count(j, "budgetMax", line));
    ASTA_ASSIGN_OR_RETURN(t.expected_grants, Count(j, "expectedGrants", line));
    if (t.budget_min && t.budget_max && *t.budget_min > *t.budget_max) {
      return InvalidArgument(line + ": budgetMin: " + std::to_string(*t.budget_min) +
                                 " is above budgetMax " + std::to_string(*t.budget_max),
                             "budgetMin");
    }
    ASTA_ASSIGN_OR_RETURN(t.keywords, Text(j, "keywords", line, false));
    ASTA_ASSIGN_OR_RETURN(t.url, Text(j, "portalUrl", line, false));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace asta::programmes
