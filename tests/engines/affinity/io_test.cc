// The files of asta affinity: OpenReview shapes, errors naming file and line, atomic
// writes.
#include "engines/affinity/io.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace asta::affinity {
namespace {

namespace fs = std::filesystem;

class AffinityIo : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("asta-affinity-io-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "profiles");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const fs::path& p, const std::string& text) {
    std::ofstream(dir_ / p, std::ios::binary) << text;
  }
  std::string Path(const fs::path& p) const { return (dir_ / p).string(); }
  fs::path dir_;
};

TEST_F(AffinityIo, ReadsBareAndValueWrappedContent) {
  Write("subs.json", R"({
    "b2": {"id": "b2", "content": {"title": {"value": "Wrapped title"},
           "abstract": {"value": "Wrapped abstract"}, "keywords": {"value": ["x", "y"]}}},
    "a1": {"id": "a1", "content": {"title": "Bare", "abstract": "Text", "keywords": "p, q; r"}}
  })");
  auto subs = ReadSubmissions(Path("subs.json"));
  ASSERT_TRUE(subs) << subs.error().ToString();
  ASSERT_EQ(subs->size(), 2u);
  EXPECT_EQ((*subs)[0].id, "a1");  // by id
  EXPECT_EQ((*subs)[0].keywords, (std::vector<std::string>{"p", " q", " r"}));
  EXPECT_EQ((*subs)[1].title, "Wrapped title");
  EXPECT_EQ((*subs)[1].keywords, (std::vector<std::string>{"x", "y"}));

  Write("profiles/zed.jsonl",
        "{\"id\": \"p1\", \"content\": {\"title\": \"T\", \"abstract\": \"A\", \"year\": 2020}}\n"
        "\n"
        "{\"id\": \"p2\", \"content\": {\"title\": {\"value\": \"U\"}}, \"year\": \"2018\"}\n");
  Write("profiles/amy.jsonl", "");
  Write("profiles/notes.txt", "ignored");
  auto reviewers = ReadProfiles(Path("profiles"));
  ASSERT_TRUE(reviewers) << reviewers.error().ToString();
  ASSERT_EQ(reviewers->size(), 2u);
  EXPECT_EQ((*reviewers)[0].id, "amy");
  EXPECT_TRUE((*reviewers)[0].papers.empty());
  ASSERT_EQ((*reviewers)[1].papers.size(), 2u);
  EXPECT_EQ((*reviewers)[1].papers[0].year, 2020);
  EXPECT_EQ((*reviewers)[1].papers[1].year, 2018);
}

TEST_F(AffinityIo, MalformedJsonNamesFileAndLine) {
  Write("subs.json", "{\n  \"a\": {\"content\": {\"title\": \"x\"}},\n  \"b\": {oops}\n}");
  auto subs = ReadSubmissions(Path("subs.json"));
  ASSERT_FALSE(subs);
  EXPECT_NE(subs.error().message.find("subs.json line 3"), std::string::npos)
      << subs.error().message;
  Write("profiles/r.jsonl", "{\"id\":\"p\",\"content\":{\"title\":\"ok\"}}\n{\"id\": \n");
  auto reviewers = ReadProfiles(Path("profiles"));
  ASSERT_FALSE(reviewers);
  EXPECT_NE(reviewers.error().message.find("r.jsonl line 2"), std::string::npos)
      << reviewers.error().message;
}

TEST_F(AffinityIo, MissingTitleAndAbstractIsNamed) {
  Write("subs.json", R"({"s9": {"id": "s9", "content": {"keywords": ["k"]}}})");
  auto subs = ReadSubmissions(Path("subs.json"));
  ASSERT_FALSE(subs);
  EXPECT_NE(subs.error().message.find("'s9'"), std::string::npos) << subs.error().message;
  EXPECT_NE(subs.error().message.find("title"), std::string::npos);
  Write("subs.json", R"({"s1": {"id": "s1"}})");
  EXPECT_FALSE(ReadSubmissions(Path("subs.json")));
  Write("subs.json", R"(["not", "an", "object"])");
  EXPECT_FALSE(ReadSubmissions(Path("subs.json")));
  Write("subs.json", R"({"a,b": {"content": {"title": "x"}}})");
  auto comma = ReadSubmissions(Path("subs.json"));
  ASSERT_FALSE(comma);
  EXPECT_NE(comma.error().message.find("comma"), std::string::npos);
  Write("profiles/r.jsonl", "{\"id\":\"p\",\"content\":{\"abstract\":\"\"}}\n");
  auto reviewers = ReadProfiles(Path("profiles"));
  ASSERT_FALSE(reviewers);
  EXPECT_NE(reviewers.error().message.find("r.jsonl line 1"), std::string::npos);
  Write("profiles/r.jsonl", "{\"id\":\"p\",\"content\":{\"title\":\"t\", \"year\": \"soon\"}}\n");
  EXPECT_FALSE(ReadProfiles(Path("profiles")));
}

TEST_F(AffinityIo, EmptyOrMissingProfileDirectory) {
  auto empty = ReadProfiles(Path("profiles"));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kFailedPrecondition);
  auto missing = ReadProfiles(Path("nowhere"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ReadSubmissions(Path("nowhere.json")).error().code, ErrorCode::kNotFound);
}

TEST_F(AffinityIo, WritesAtomically) {
  std::vector<Document> subs(1);
  subs[0].id = "s";
  std::vector<Reviewer> reviewers(2);
  reviewers[0].id = "r0";
  reviewers[1].id = "r1";
  ASSERT_TRUE(WriteScores(Path("out.csv"), subs, reviewers, {{0, 1, 0.25}, {0, 0, 0.0}}));
  std::ifstream in(Path("out.csv"));
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all, "submission_id,reviewer_id,score\ns,r1,0.250000\ns,r0,0.000000\n");
  EXPECT_FALSE(fs::exists(Path("out.csv.tmp")));
  EXPECT_FALSE(WriteScores(Path("no/such/dir/out.csv"), subs, reviewers, {}));
}

}  // namespace
}  // namespace asta::affinity
