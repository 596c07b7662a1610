// Bulk loads (Index::StartBulkLoad, BulkLoad): an index loaded through shards answers
// exactly as one written by Upsert, writes wait for the load, an abandoned load leaves
// the index empty and writable, and a loaded index persists and takes writes afterwards.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/search/test_util.h"

namespace asta::search {
namespace {

using testing::AddAll;
using testing::Describe;
using testing::Find;
using testing::First;
using testing::Ids;
using testing::NewIndex;
using testing::Org;
using testing::Person;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bulk-test-XXXXXX").string();
    EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// People in several scripts, organisations, text in English and Japanese, facets.
std::vector<Document> Network() {
  const char* const people[][2] = {{"Kenji Sato", "佐藤健二"},
                                   {"Hanako Yamada", "山田花子"},
                                   {"Rin Takeda", "武田凛"},
                                   {"Rin Takada", "高田凛"},
                                   {"Wang Wei", "王伟"},
                                   {"Kim Min-jun", "김민준"},
                                   {"Somchai Wongsawat", "สมชาย วงศ์สวัสดิ์"},
                                   {"Muhammad Hassan", "محمد حسن"},
                                   {"Nguyễn Văn An", "Nguyen Van An"},
                                   {"John Smith", "ジョン・スミス"}};
  const char* const countries[] = {"JP", "CN", "KR", "TH", "EG", "VN", "GB"};
  std::vector<Document> docs;
  for (int i = 0; i < 60; ++i) {
    const auto& p = people[i % 10];
    Document d = Person("person:" + std::to_string(i), {p[1], p[0]},
                        {i % 2 ? "Hydrogen storage and fuel cells" : "Earthquake early warning",
                         "study " + std::to_string(i)},
                        {i % 3 ? "水素エネルギーの研究" : "地震防災の研究"});
    d.facets["country"] = {countries[i % 7]};
    d.facets["theme"] = {i % 2 ? "green" : "disaster"};
    if (i % 5 == 0) d.facets["theme"].push_back("basic");
    docs.push_back(std::move(d));
  }
  const char* const orgs[][2] = {{"Tohoku University", "東北大学"},
                                 {"University of Tokyo", "東京大学"},
                                 {"Toyota Motor Corporation", "トヨタ自動車株式会社"},
                                 {"Cairo General Hospital", "مستشفى القاهرة العام"}};
  for (int i = 0; i < 4; ++i) {
    Document d = Org("organization:" + std::to_string(i), {orgs[i][1], orgs[i][0]},
                     {"Research on hydrogen and disaster prevention"});
    d.facets["country"] = {i == 3 ? "EG" : "JP"};
    docs.push_back(std::move(d));
  }
  return docs;
}

std::vector<PreparedDocument> PrepareAll(const std::vector<Document>& docs) {
  std::vector<PreparedDocument> out;
  for (const Document& d : docs) {
    auto p = Index::Prepare(d);
    EXPECT_TRUE(p.has_value()) << d.id;
    if (p) out.push_back(std::move(*p));
  }
  return out;
}

void BulkLoadAll(Index& index, const std::vector<Document>& docs, std::size_t shards,
                 std::size_t docs_per_part = Index::kBulkDocsPerPart) {
  auto load = index.StartBulkLoad(shards, docs_per_part);
  ASSERT_TRUE(load.has_value()) << load.error().ToString();
  // Small batches, so that each shard gets several and documents of one batch spread.
  for (std::size_t i = 0; i < docs.size(); i += 7) {
    std::vector<Document> part(
        docs.begin() + static_cast<std::ptrdiff_t>(i),
        docs.begin() + static_cast<std::ptrdiff_t>(std::min(i + 7, docs.size())));
    const Status s = (*load)->Add(PrepareAll(part));
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
  }
  const Status s = (*load)->Finish();
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
}

Query Faceted(std::string text) {
  Query q;
  q.text = std::move(text);
  q.facets = {"country", "theme"};
  q.limit = 50;
  return q;
}

std::map<std::string, std::size_t> Counts(const Results& r, const std::string& facet) {
  std::map<std::string, std::size_t> out;
  for (const FacetValue& v : r.facet_counts.at(facet)) out[v.value] = v.count;
  return out;
}

TEST(BulkLoadTest, AnswersExactlyAsAnIndexWrittenByUpsert) {
  const std::vector<Document> docs = Network();
  auto upserted = NewIndex();
  AddAll(*upserted, docs);
  auto loaded = NewIndex();
  BulkLoadAll(*loaded, docs, 3);
  // And one whose shard starts a new part every 5 documents: 13 parts merged.
  auto parted = NewIndex();
  BulkLoadAll(*parted, docs, 1, 5);
  EXPECT_EQ(loaded->size(), docs.size());
  EXPECT_EQ(parted->size(), docs.size());
  // Exact names in several scripts, misspelt names (the edit lexicon of every shard is
  // merged), free text in both languages, browsing.
  for (const char* text :
       {"Kenji Sato", "佐藤健二", "Satou Kenji", "Kenji Satp", "Rin Tkaeda", "Hanako Yamda",
        "Tohku University", "Universty of Tokyo", "Toyota Motor", "Cairo Genral Hospital",
        "hydrogen", "earthquake warning", "水素", "地震防災", "ジョン・スミス", ""}) {
    const Results a = Find(*upserted, Faceted(text));
    const Results b = Find(*loaded, Faceted(text));
    EXPECT_EQ(Ids(b), Ids(a)) << text << "\nupserted:\n"
                              << Describe(a) << "loaded:\n"
                              << Describe(b);
    EXPECT_EQ(b.total, a.total) << text;
    EXPECT_EQ(Counts(b, "country"), Counts(a, "country")) << text;
    EXPECT_EQ(Counts(b, "theme"), Counts(a, "theme")) << text;
    ASSERT_EQ(b.hits.size(), a.hits.size()) << text;
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
      EXPECT_DOUBLE_EQ(b.hits[i].score, a.hits[i].score) << text << " hit " << i;
    }
    const Results c = Find(*parted, Faceted(text));
    EXPECT_EQ(Ids(c), Ids(a)) << text << "\nupserted:\n"
                              << Describe(a) << "in parts:\n"
                              << Describe(c);
    EXPECT_EQ(c.total, a.total) << text;
    EXPECT_EQ(Counts(c, "theme"), Counts(a, "theme")) << text;
  }
  // Namesakes tie, so the name rather than the id: Takeda is closer to the typo than Takada.
  EXPECT_EQ(Find(*loaded, "Rin Tkaeda").hits.at(0).display_name, "武田凛");
  EXPECT_EQ(First(Find(*loaded, "Tohku University")), "organization:0");
}

TEST(BulkLoadTest, ALaterDocumentWithTheSameIdReplacesTheEarlierOne) {
  const std::vector<Document> docs = {Person("person:1", {"Hanako Yamada"}, {"seismology"}),
                                      Person("person:2", {"Taro Suzuki"}),
                                      Person("person:1", {"Hanako Suzuki"}, {"volcanology"})};
  // In the same part, and in a later part than the first one (one document a part).
  for (const std::size_t docs_per_part : {Index::kBulkDocsPerPart, std::size_t{1}}) {
    auto index = NewIndex();
    BulkLoadAll(*index, docs, 2, docs_per_part);
    EXPECT_EQ(index->size(), 2u) << docs_per_part;
    EXPECT_TRUE(Find(*index, "seismology").hits.empty()) << docs_per_part;
    EXPECT_EQ(First(Find(*index, "volcanology")), "person:1") << docs_per_part;
  }
}

TEST(BulkLoadTest, AnIdAddedFromSeveralThreadsStaysOnce) {
  auto index = NewIndex();
  auto load = index->StartBulkLoad(3);
  ASSERT_TRUE(load.has_value()) << load.error().ToString();
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      // Every thread adds person:0..9; person:t0 only this one.
      std::vector<Document> docs;
      for (int i = 0; i < 10; ++i) {
        docs.push_back(Person("person:" + std::to_string(i), {"Hanako Yamada"}, {"seismology"}));
      }
      docs.push_back(Person("person:" + std::to_string(t) + "0", {"Taro Suzuki"}));
      EXPECT_TRUE((*load)->Add(PrepareAll(docs)).has_value());
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE((*load)->Finish().has_value());
  EXPECT_EQ(index->size(), 13u);
  EXPECT_EQ(Find(*index, "seismology", 50).total, 10u);
  EXPECT_EQ(Find(*index, "Taro Suzuki", 50).total, 3u);
  // The copies left behind are gone from the terms too: a replace finds one document.
  AddAll(*index, {Person("person:1", {"Jiro Tanaka"})});
  EXPECT_EQ(Find(*index, "seismology", 50).total, 9u);
  EXPECT_EQ(index->size(), 13u);
}

TEST(BulkLoadTest, WritesFailWhileALoadRunsAndSearchesSeeTheIndexAsItWas) {
  auto index = NewIndex();
  ASSERT_TRUE(index->SetMetadata("changelog", "7").has_value());
  ASSERT_TRUE(index->Commit().has_value());
  auto load = index->StartBulkLoad(2);
  ASSERT_TRUE(load.has_value()) << load.error().ToString();
  ASSERT_TRUE((*load)->Add(PrepareAll({Person("person:1", {"Hanako Yamada"})})).has_value());
  EXPECT_EQ(index->Upsert(Person("person:2", {"Taro Yamada"})).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(index->Remove("person:1").error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(index->Commit().error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(index->Clear().error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(index->SetMetadata("changelog", "8").error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(index->StartBulkLoad(2).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Find(*index, "Yamada").hits.empty());
  EXPECT_EQ(index->size(), 0u);
  ASSERT_TRUE((*load)->Finish().has_value());
  EXPECT_EQ((*load)->Finish().error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ((*load)->Add(PrepareAll({Person("person:3", {"Jiro Yamada"})})).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(First(Find(*index, "Yamada")), "person:1");
  // Metadata set before the load carries over; the index takes writes again.
  EXPECT_EQ(*index->GetMetadata("changelog"), "7");
  AddAll(*index, {Person("person:2", {"Taro Yamada"})});
  EXPECT_EQ(index->size(), 2u);
  EXPECT_EQ(Find(*index, "Yamada").total, 2u);
}

TEST(BulkLoadTest, OnlyAnEmptyIndexIsLoadedAndShardsAreBounded) {
  auto index = NewIndex();
  EXPECT_EQ(index->StartBulkLoad(0).error().field, "shards");
  EXPECT_EQ(index->StartBulkLoad(Index::kMaxBulkShards + 1).error().field, "shards");
  EXPECT_EQ(index->StartBulkLoad(2, 0).error().field, "docs_per_part");
  // Written but not committed counts as holding documents.
  ASSERT_TRUE(index->Upsert(Person("person:1", {"Hanako Yamada"})).has_value());
  EXPECT_EQ(index->StartBulkLoad(2).error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(index->Commit().has_value());
  EXPECT_EQ(index->StartBulkLoad(2).error().code, ErrorCode::kFailedPrecondition);
  // Cleared and committed, it is empty again.
  ASSERT_TRUE(index->Clear().has_value());
  ASSERT_TRUE(index->Commit().has_value());
  BulkLoadAll(*index, {Person("person:2", {"Taro Suzuki"})}, 1);
  EXPECT_EQ(Ids(Find(*index, "Suzuki")), std::vector<std::string>{"person:2"});
  EXPECT_TRUE(Find(*index, "Yamada").hits.empty());
}

TEST(BulkLoadTest, AnAbandonedLoadLeavesTheIndexEmptyAndWritable) {
  TempDir dir;
  auto index = Index::Open(dir.path() / "index");
  ASSERT_TRUE(index.has_value()) << index.error().ToString();
  {
    auto load = (*index)->StartBulkLoad(2);
    ASSERT_TRUE(load.has_value()) << load.error().ToString();
    ASSERT_TRUE((*load)->Add(PrepareAll(Network())).has_value());
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "index" / ".bulk-load"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "index" / ".bulk-load"));
  EXPECT_EQ((*index)->size(), 0u);
  EXPECT_TRUE(Find(**index, "hydrogen").hits.empty());
  AddAll(**index, {Person("person:1", {"Hanako Yamada"})});
  EXPECT_EQ(First(Find(**index, "Yamada")), "person:1");
}

TEST(BulkLoadTest, ALoadedIndexPersistsAndTakesWrites) {
  TempDir dir;
  const std::vector<Document> docs = Network();
  {
    auto index = Index::Open(dir.path() / "index");
    ASSERT_TRUE(index.has_value()) << index.error().ToString();
    BulkLoadAll(**index, docs, 2);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "index" / ".bulk-load"));
    // Still the only writer of its directory.
    auto second = Index::Open(dir.path() / "index");
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().code, ErrorCode::kUnavailable) << second.error().ToString();
  }
  auto index = Index::Open(dir.path() / "index");
  ASSERT_TRUE(index.has_value()) << index.error().ToString();
  EXPECT_EQ((*index)->size(), docs.size());
  EXPECT_EQ(Find(**index, "Kenji Satp").hits.at(0).display_name, "佐藤健二");
  const Results before = Find(**index, Faceted("hydrogen"));
  EXPECT_EQ(Counts(before, "theme").at("green"), 30u);
  // Replacing and removing loaded documents keeps terms and facet counts right.
  Document moved = docs[1];
  moved.facets["theme"] = {"disaster"};
  AddAll(**index, {moved});
  ASSERT_TRUE((*index)->Remove("person:3").has_value());
  ASSERT_TRUE((*index)->Commit().has_value());
  EXPECT_EQ((*index)->size(), docs.size() - 1);
  const Results after = Find(**index, Faceted("hydrogen"));
  EXPECT_EQ(Counts(after, "theme").at("green"), 28u);
  EXPECT_EQ(after.total, before.total - 1);
}

TEST(BulkLoadTest, ThreadsAddAtOnce) {
  std::vector<Document> docs;
  for (int i = 0; i < 400; ++i) {
    docs.push_back(Person("person:" + std::to_string(i), {"Researcher " + std::to_string(i)},
                          {"Hydrogen storage " + std::to_string(i)}));
  }
  auto index = NewIndex();
  auto load = index->StartBulkLoad(2);
  ASSERT_TRUE(load.has_value()) << load.error().ToString();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = static_cast<std::size_t>(t) * 10; i < docs.size(); i += 40) {
        std::vector<Document> part(docs.begin() + static_cast<std::ptrdiff_t>(i),
                                   docs.begin() + static_cast<std::ptrdiff_t>(i + 10));
        EXPECT_TRUE((*load)->Add(PrepareAll(part)).has_value());
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE((*load)->Finish().has_value());
  EXPECT_EQ(index->size(), 400u);
  EXPECT_EQ(Find(*index, "hydrogen", 200).total, 400u);
  EXPECT_EQ(First(Find(*index, "Researcher 123")), "person:123");
}

}  // namespace
}  // namespace asta::search
