// The call topics of the EU Funding & Tenders Portal as published in JSON lines (one
// topic an object: topicId, title, programme, callIdentifier, deadline, deadlineModel,
// budgetMin, budgetMax, expectedGrants, ...), read into asta's terms so that they can be
// held as calls: `asta import eu-calls` (issue 5) stores them. Pure parsing; thread-safe.
//
// The portal gives a deadline as a date; its calls close at 17:00 Brussels time, so that
// is the instant taken (stated with each call). The topics' own "stage" field says
// "two-stage" for every topic of the shared file; the number of stages is read from
// "deadlineModel" instead ("two-stage" -> 2, anything else -> 1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace asta::programmes {

inline constexpr char kEuDeadlineZone[] = "Europe/Brussels";
inline constexpr char kEuDeadlineTime[] = "17:00:00";

struct EuTopic {
  std::string topic_id;  // "HORIZON-CL5-2027-D3-01-05"
  std::string title;
  std::string programme;  // "Horizon Europe"
  std::string call_identifier;
  std::string call_title;
  std::string action_type;     // "RIA", "IA", "CSA", ...
  std::string deadline_date;   // "YYYY-MM-DD" as published
  std::int64_t closes = 0;     // the deadline's instant (17:00 Brussels), Unix seconds
  std::string deadline_model;  // "single-stage", "two-stage", "multiple cut-off" or ""
  int stages = 1;
  std::string status;  // "open", "forthcoming", "closed"
  // Per grant, in EUR, and the number of grants expected; absent for 163 of the 629
  // topics of the shared file (not published).
  std::optional<std::int64_t> budget_min, budget_max, expected_grants;
  std::string keywords;
  std::string url;
};

// Every topic of a JSON-lines text (gzip-compressed or not). The whole file or nothing:
// InvalidArgument naming the line ("line 12: deadline: ...") for a line that is not a
// JSON object, a missing or empty topicId or title, a topicId seen before, a deadline
// that is not a date, or budgets that are negative or whose minimum exceeds the maximum.
Result<std::vector<EuTopic>> ParseEuCallTopics(std::string_view bytes);

}  // namespace asta::programmes
