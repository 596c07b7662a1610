// EU Funding & Tenders call topics (modules/programmes/eu_calls.h): the shared file's 629
// topics with their budgets, deadlines and stages, and malformed files refused whole with
// the line named.
#include "modules/programmes/eu_calls.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "core/compressed.h"
#include "core/time.h"

namespace asta::programmes {
namespace {

namespace fs = std::filesystem;

TEST(EuCallsRealDataTest, SharedTopicsReadWithBudgetsDeadlinesAndStages) {
  const fs::path file = fs::path(ASTA_SHARED_DATA_DIR) / "eu-calls" / "eu_ft_call_topics.jsonl.gz";
  if (!fs::exists(file)) GTEST_SKIP() << "no " << file << " (../shared/data absent)";
  auto bytes = ReadFileBytes(file);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().ToString();
  auto topics = ParseEuCallTopics(*bytes);
  ASSERT_TRUE(topics.has_value()) << topics.error().ToString();
  ASSERT_EQ(topics->size(), 629u);  // ../shared/data/README.md
  std::size_t with_budget = 0, two_stage = 0, horizon = 0;
  std::map<std::string, std::size_t> status;
  for (const EuTopic& t : *topics) {
    EXPECT_FALSE(t.topic_id.empty());
    EXPECT_FALSE(t.title.empty()) << t.topic_id;
    // Open or forthcoming in 2026-2027: deadlines from 2026 on, as 17:00 in Brussels.
    EXPECT_GE(t.deadline_date, "2026-01-01") << t.topic_id;
    EXPECT_LE(t.deadline_date, "2028-12-31") << t.topic_id;
    const std::string utc = FormatIso8601(t.closes);
    EXPECT_EQ(utc.substr(0, 10), t.deadline_date) << t.topic_id;
    EXPECT_TRUE(utc.substr(11) == "16:00:00Z" || utc.substr(11) == "15:00:00Z") << utc;
    if (t.budget_max) {
      ++with_budget;
      ASSERT_TRUE(t.budget_min.has_value()) << t.topic_id;
      EXPECT_LE(*t.budget_min, *t.budget_max) << t.topic_id;
    }
    two_stage += t.stages == 2;
    horizon += t.programme == "Horizon Europe";
    ++status[t.status];
  }
  EXPECT_EQ(with_budget, 466u);
  EXPECT_EQ(two_stage, 28u);
  EXPECT_EQ(horizon, 460u);
  EXPECT_EQ(status["open"], 363u);
  EXPECT_EQ(status["forthcoming"], 262u);
  // The first topic: ERC Proof of Concept, 150,000 EUR a grant, 400 grants, closing
  // 2026-03-17 17:00 CET.
  const EuTopic& first = topics->front();
  EXPECT_EQ(first.topic_id, "ERC-2026-POC");
  EXPECT_EQ(first.budget_max.value_or(0), 150000);
  EXPECT_EQ(first.expected_grants.value_or(0), 400);
  EXPECT_EQ(FormatIso8601(first.closes), "2026-03-17T16:00:00Z");
}

TEST(EuCallsTest, MalformedFilesAreRefusedNamingTheLine) {
  const std::string good =
      R"({"topicId": "T-1", "title": "One", "deadline": "2027-02-10", "deadlineModel": "two-stage", "budgetMin": 1, "budgetMax": 2, "expectedGrants": 3})";
  auto ok = ParseEuCallTopics(good + "\n\n" +
                              R"({"topicId": "T-2", "title": "Two", "deadline": "2027-07-01"})");
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].stages, 2);
  EXPECT_EQ((*ok)[1].stages, 1);
  EXPECT_FALSE((*ok)[1].budget_max.has_value());
  EXPECT_EQ(FormatIso8601((*ok)[1].closes), "2027-07-01T15:00:00Z");  // CEST
  const std::pair<std::string, std::string> bad[] = {
      {good + "\n{not json", "line 2: not a JSON object"},
      {good + "\n[1, 2]", "line 2: not a JSON object"},
      {good + "\n" + good, "line 2: topicId: T-1 appears twice"},
      {R"({"title": "x", "deadline": "2027-01-01"})", "line 1: topicId: required"},
      {R"({"topicId": "", "title": "x", "deadline": "2027-01-01"})", "line 1: topicId: empty"},
      {R"({"topicId": "A", "deadline": "2027-01-01"})", "line 1: title: required"},
      {R"({"topicId": "A", "title": "x", "deadline": "2027-02-30"})",
       "line 1: deadline: \"2027-02-30\" is not a date"},
      {R"({"topicId": "A", "title": "x", "deadline": "soon"})",
       "line 1: deadline: \"soon\" is not a date"},
      {R"({"topicId": "A", "title": "x", "deadline": "2027-01-01", "budgetMin": 5, "budgetMax": 4})",
       "line 1: budgetMin: 5 is above budgetMax 4"},
      {R"({"topicId": "A", "title": "x", "deadline": "2027-01-01", "budgetMax": -4})",
       "line 1: budgetMax: must be a whole number, 0 or more"},
      {R"({"topicId": 7, "title": "x", "deadline": "2027-01-01"})",
       "line 1: topicId: must be a string"},
  };
  for (const auto& [text, message] : bad) {
    auto r = ParseEuCallTopics(text);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().message, message) << text;
  }
  // A truncated gzip file.
  auto truncated = ParseEuCallTopics(std::string("\x1f\x8b\x08\x00", 4));
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace asta::programmes
