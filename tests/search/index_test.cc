// The index as a store of documents: facets and filters, pagination, writes (upsert,
// remove, clear, commit), persistence across reopen, metadata, concurrency and bad input.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
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

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "search-test-XXXXXX").string();
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

const char* const kCountries[] = {"JP", "TH", "VN", "ID", "IN"};
const char* const kThemes[] = {"green", "life", "ict", "disaster"};

// 100 researchers; every one works on hydrogen, so one query matches them all.
// person:i has country kCountries[i % 5], theme kThemes[i % 4] and, when i % 3 == 0, also
// "basic" (multi-valued), career stage "early" for i < 40 else "senior".
std::vector<Document> Researchers() {
  std::vector<Document> docs;
  for (int i = 0; i < 100; ++i) {
    Document d = Person("person:" + std::to_string(i), {"Researcher " + std::to_string(i)},
                        {"Hydrogen storage and fuel cells, study " + std::to_string(i)});
    d.facets["country"] = {kCountries[i % 5]};
    d.facets["theme"] = {kThemes[i % 4]};
    if (i % 3 == 0) d.facets["theme"].push_back("basic");
    d.facets["career_stage"] = {i < 40 ? "early" : "senior"};
    docs.push_back(std::move(d));
  }
  for (int i = 0; i < 10; ++i) {
    Document d = Org("organization:" + std::to_string(i),
                     {"Hydrogen Institute " + std::to_string(i)}, {"Hydrogen research centre"});
    d.facets["country"] = {kCountries[i % 5]};
    d.facets["org_type"] = {i < 5 ? "university" : "company"};
    docs.push_back(std::move(d));
  }
  return docs;
}

class FacetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = NewIndex().release();
    AddAll(*index_, Researchers());
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
  }
  static Index* index_;
};
Index* FacetsTest::index_ = nullptr;

std::map<std::string, std::size_t> AsMap(const std::vector<FacetValue>& values) {
  std::map<std::string, std::size_t> out;
  for (const FacetValue& v : values) out[v.value] = v.count;
  return out;
}

TEST_F(FacetsTest, CountsCoverEveryMatchNotJustThePage) {
  Query q;
  q.text = "hydrogen";
  q.type = DocType::kPerson;
  q.facets = {"country", "theme", "career_stage", "absent_facet"};
  q.limit = 5;
  const Results r = Find(*index_, q);
  EXPECT_EQ(r.hits.size(), 5u);
  EXPECT_EQ(r.total, 100u);
  EXPECT_EQ(AsMap(r.facet_counts.at("country")),
            (std::map<std::string, std::size_t>{
                {"JP", 20}, {"TH", 20}, {"VN", 20}, {"ID", 20}, {"IN", 20}}));
  // Multi-valued: 34 of the 100 also have "basic".
  EXPECT_EQ(AsMap(r.facet_counts.at("theme")),
            (std::map<std::string, std::size_t>{
                {"green", 25}, {"life", 25}, {"ict", 25}, {"disaster", 25}, {"basic", 34}}));
  // By count descending, then value.
  const std::vector<FacetValue>& stages = r.facet_counts.at("career_stage");
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[0].value, "senior");
  EXPECT_EQ(stages[0].count, 60u);
  EXPECT_EQ(stages[1].value, "early");
  const std::vector<FacetValue>& themes = r.facet_counts.at("theme");
  EXPECT_EQ(themes[0].value, "basic");
  EXPECT_EQ(themes[1].value, "disaster");  // ties by value
  EXPECT_TRUE(r.facet_counts.at("absent_facet").empty());
  EXPECT_EQ(r.facet_counts.size(), 4u);
}

TEST_F(FacetsTest, FiltersAreOrWithinAFacetAndAndAcrossFacets) {
  Query q;
  q.text = "hydrogen";
  q.filters["country"] = {"JP", "TH"};
  q.limit = 200;
  q.facets = {"country"};
  Results r = Find(*index_, q);
  // 40 people and 4 organisations in JP or TH.
  EXPECT_EQ(r.total, 44u);
  EXPECT_EQ(r.hits.size(), 44u);
  EXPECT_EQ(AsMap(r.facet_counts.at("country")),
            (std::map<std::string, std::size_t>{{"JP", 22}, {"TH", 22}}));

  q.filters["theme"] = {"basic"};
  r = Find(*index_, q);
  std::set<std::string> expected;
  for (int i = 0; i < 100; ++i) {
    if (i % 3 == 0 && (i % 5 == 0 || i % 5 == 1)) expected.insert("person:" + std::to_string(i));
  }
  const std::vector<std::string> ids = Ids(r);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected);
  EXPECT_EQ(r.total, expected.size());

  // A value nobody has: nothing. An empty value list: no constraint.
  q.filters["theme"] = {"nonexistent"};
  EXPECT_EQ(Find(*index_, q).total, 0u);
  q.filters["theme"] = {};
  EXPECT_EQ(Find(*index_, q).total, 44u);
}

TEST_F(FacetsTest, TypeFilterKeepsOneKindOfDocument) {
  Query q;
  q.text = "hydrogen";
  q.limit = 200;
  q.type = DocType::kOrganization;
  Results r = Find(*index_, q);
  EXPECT_EQ(r.total, 10u);
  for (const Hit& h : r.hits) EXPECT_EQ(h.type, DocType::kOrganization) << h.id;
  q.type = DocType::kPerson;
  r = Find(*index_, q);
  EXPECT_EQ(r.total, 100u);
  for (const Hit& h : r.hits) EXPECT_EQ(h.type, DocType::kPerson) << h.id;
  q.type.reset();
  EXPECT_EQ(Find(*index_, q).total, 110u);
}

TEST_F(FacetsTest, BrowsingByFiltersWithoutText) {
  Query q;
  q.filters["org_type"] = {"company"};
  q.facets = {"country"};
  const Results r = Find(*index_, q);
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"organization:5", "organization:6", "organization:7",
                                              "organization:8", "organization:9"}));
  for (const Hit& h : r.hits) EXPECT_EQ(h.score, 0.0);
  EXPECT_EQ(r.facet_counts.at("country").size(), 5u);
}

TEST_F(FacetsTest, EmptyQueryWithoutFiltersListsEveryDocumentById) {
  Query q;
  q.limit = 200;
  const Results r = Find(*index_, q);
  EXPECT_EQ(r.total, 110u);
  EXPECT_EQ(r.hits.size(), 110u);
  EXPECT_TRUE(r.next_cursor.empty());
  std::vector<std::string> ids = Ids(r);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(index_->size(), 110u);
  q.text = "   ";
  EXPECT_EQ(Find(*index_, q).total, 110u);
}

// Pages of `limit` hits, following cursors until there are none.
std::vector<std::string> AllPages(const Index& index, Query q, std::size_t* pages) {
  std::vector<std::string> ids;
  *pages = 0;
  while (true) {
    const Results r = Find(index, q);
    ++*pages;
    for (const Hit& h : r.hits) ids.push_back(h.id);
    if (r.next_cursor.empty() || *pages > 100) break;
    q.cursor = r.next_cursor;
  }
  return ids;
}

TEST_F(FacetsTest, PagesHaveNoDuplicatesNoGapsAndAreStable) {
  for (const char* text : {"hydrogen", "", "researcher 7"}) {
    Query q;
    q.text = text;
    q.limit = 200;
    const std::vector<std::string> all = Ids(Find(*index_, q));
    ASSERT_FALSE(all.empty()) << text;
    q.limit = 7;
    std::size_t pages = 0;
    const std::vector<std::string> paged = AllPages(*index_, q, &pages);
    EXPECT_EQ(paged, all) << text;  // same order: no gap, no duplicate
    EXPECT_EQ(pages, (all.size() + 6) / 7) << text;
    std::size_t pages_again = 0;
    EXPECT_EQ(AllPages(*index_, q, &pages_again), paged) << text;  // stable
  }
}

TEST_F(FacetsTest, HitsWithEqualScoresKeepTheIndexOrderAndBrowsingIsById) {
  // Every researcher's text has the same words, so "fuel cells" scores them alike; equal
  // scores keep the order the documents entered the index (person:0, person:1, ...).
  Query q;
  q.text = "fuel cells";
  q.limit = 200;
  const Results r = Find(*index_, q);
  ASSERT_EQ(r.hits.size(), 100u);
  const auto number = [](const std::string& id) { return std::stoi(id.substr(id.find(':') + 1)); };
  std::size_t ties = 0;
  for (std::size_t i = 1; i < r.hits.size(); ++i) {
    if (r.hits[i - 1].score == r.hits[i].score) {
      EXPECT_LT(number(r.hits[i - 1].id), number(r.hits[i].id));
      ++ties;
    } else {
      EXPECT_GT(r.hits[i - 1].score, r.hits[i].score);
    }
  }
  EXPECT_GT(ties, 50u);
  // Browsing (no text): every score is 0, and the order is by id (string order).
  q.text = "";
  const Results all = Find(*index_, q);
  ASSERT_GT(all.hits.size(), 100u);
  for (std::size_t i = 1; i < all.hits.size(); ++i) {
    EXPECT_LT(all.hits[i - 1].id, all.hits[i].id);
  }
}

TEST_F(FacetsTest, BadInputIsRejectedNamingTheField) {
  const auto field_of = [&](const Query& q) {
    const Result<Results> r = index_->Search(q);
    EXPECT_FALSE(r.has_value());
    if (r) return std::string("(no error)");
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().ToString();
    return r.error().field;
  };
  Query q;
  q.text = "hydrogen";
  q.limit = 0;
  EXPECT_EQ(field_of(q), "limit");
  q.limit = 201;
  EXPECT_EQ(field_of(q), "limit");
  q.limit = 200;
  EXPECT_TRUE(index_->Search(q).has_value());

  q.limit = 5;
  for (const char* cursor : {"not a cursor!", "AAAA", "Zm9v", "\xff\xfe"}) {
    q.cursor = cursor;
    EXPECT_EQ(field_of(q), "cursor") << cursor;
  }
  // A cursor from another query.
  Query other;
  other.text = "fuel";
  other.limit = 5;
  const Results first = Find(*index_, other);
  ASSERT_FALSE(first.next_cursor.empty());
  q.cursor = first.next_cursor;
  EXPECT_EQ(field_of(q), "cursor");
  q.cursor.clear();

  q.text = "hydrogen AND";
  EXPECT_EQ(field_of(q), "text");
  q.text = std::string(kMaxQueryTextBytes + 1, 'a');
  EXPECT_EQ(field_of(q), "text");
  q.text = "hydrogen";

  q.filters["Country!"] = {"JP"};
  EXPECT_EQ(field_of(q), "filters");
  q.filters.clear();
  q.filters["country"] = {"J\nP"};
  EXPECT_EQ(field_of(q), "filters");
  q.filters.clear();
  q.facets = {"bad facet"};
  EXPECT_EQ(field_of(q), "facets");
}

TEST(DocumentsTest, BadDocumentsAreRejectedNamingTheField) {
  Document d = Person("", {"A"});
  Result<PreparedDocument> p = Index::Prepare(d);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "id");
  d.id = std::string(kMaxIdBytes + 1, 'x');
  EXPECT_EQ(Index::Prepare(d).error().field, "id");
  d.id = "person:1";
  d.facets["Country"] = {"JP"};
  EXPECT_EQ(Index::Prepare(d).error().field, "facets");
  d.facets.clear();
  d.facets["country"] = {""};
  EXPECT_EQ(Index::Prepare(d).error().field, "facets");
  d.facets["country"] = {std::string(kMaxFacetBytes, 'x')};
  EXPECT_EQ(Index::Prepare(d).error().field, "facets");
  d.facets["country"] = {"JP"};
  ASSERT_TRUE(Index::Prepare(d).has_value());
  EXPECT_EQ(Index::Prepare(d)->id(), "person:1");

  auto index = NewIndex();
  EXPECT_EQ(index->Remove("").error().field, "id");
  EXPECT_EQ(index->Upsert(PreparedDocument()).error().code, ErrorCode::kInvalidArgument);
}

TEST(DocumentsTest, VeryLongNamesAndValuesAreIndexed) {
  auto index = NewIndex();
  std::string long_name;
  for (int i = 0; i < 60; ++i)
    long_name += "Word" + std::string(1, static_cast<char>('a' + i % 26)) + " ";
  Document d = Org("organization:1", {long_name + "Foundation"});
  d.facets["theme"] = {std::string(150, 't')};
  AddAll(*index, {d});
  EXPECT_EQ(First(Find(*index, long_name + "Foundation")), "organization:1");
  Query q;
  q.filters["theme"] = {std::string(150, 't')};
  EXPECT_EQ(Find(*index, q).total, 1u);
}

TEST(WritesTest, UpsertReplacesTheDocumentWithTheSameId) {
  auto index = NewIndex();
  AddAll(*index, {Person("person:1", {"Hanako Yamada"}, {"seismology"})});
  EXPECT_EQ(First(Find(*index, "Hanako Yamada")), "person:1");
  Document renamed = Person("person:1", {"Hanako Suzuki"}, {"volcanology"});
  renamed.display_name = "Dr Hanako Suzuki";
  AddAll(*index, {renamed});
  EXPECT_EQ(index->size(), 1u);
  EXPECT_TRUE(Find(*index, "Yamada").hits.empty());
  EXPECT_TRUE(Find(*index, "seismology").hits.empty());
  const Results r = Find(*index, "Hanako Suzuki");
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].display_name, "Dr Hanako Suzuki");
  EXPECT_EQ(Find(*index, "volcanology").total, 1u);
}

TEST(WritesTest, WritesAreVisibleAfterCommit) {
  auto index = NewIndex();
  ASSERT_TRUE(index->Upsert(Person("person:1", {"Hanako Yamada"})).has_value());
  EXPECT_TRUE(Find(*index, "Yamada").hits.empty());
  EXPECT_EQ(index->size(), 0u);
  ASSERT_TRUE(index->Commit().has_value());
  EXPECT_EQ(First(Find(*index, "Yamada")), "person:1");
  EXPECT_EQ(index->size(), 1u);
}

TEST(WritesTest, RemoveDeletesAndAbsentIdsAreNotAnError) {
  auto index = NewIndex();
  AddAll(*index, {Person("person:1", {"Hanako Yamada"}), Person("person:2", {"Taro Yamada"})});
  ASSERT_TRUE(index->Remove("person:1").has_value());
  ASSERT_TRUE(index->Remove("person:404").has_value());
  ASSERT_TRUE(index->Commit().has_value());
  EXPECT_EQ(Ids(Find(*index, "Yamada")), std::vector<std::string>{"person:2"});
  EXPECT_EQ(index->size(), 1u);
}

TEST(WritesTest, ClearDropsDocumentsAndMetadata) {
  auto index = NewIndex();
  AddAll(*index, Researchers());
  ASSERT_TRUE(index->SetMetadata("changelog", "42").has_value());
  ASSERT_TRUE(index->Commit().has_value());
  ASSERT_TRUE(index->Clear().has_value());
  ASSERT_TRUE(index->Commit().has_value());
  EXPECT_EQ(index->size(), 0u);
  EXPECT_EQ(Find(*index, Query{}).total, 0u);
  EXPECT_EQ(*index->GetMetadata("changelog"), "");
  // Usable again after a clear.
  AddAll(*index, {Person("person:1", {"Hanako Yamada"})});
  EXPECT_EQ(First(Find(*index, "Yamada")), "person:1");
}

TEST(MetadataTest, SetGetOverwriteAndBadKeys) {
  auto index = NewIndex();
  EXPECT_EQ(*index->GetMetadata("changelog"), "");
  ASSERT_TRUE(index->SetMetadata("changelog", "17").has_value());
  EXPECT_EQ(*index->GetMetadata("changelog"), "17");
  ASSERT_TRUE(index->SetMetadata("changelog", "18").has_value());
  EXPECT_EQ(*index->GetMetadata("changelog"), "18");
  EXPECT_EQ(*index->GetMetadata("other"), "");
  EXPECT_EQ(index->SetMetadata("", "x").error().field, "key");
  EXPECT_EQ(index->GetMetadata(std::string(201, 'k')).error().field, "key");
}

TEST(PersistenceTest, DocumentsAndMetadataSurviveReopen) {
  TempDir dir;
  {
    auto index = Index::Open(dir.path() / "index");
    ASSERT_TRUE(index.has_value()) << index.error().ToString();
    AddAll(**index, Researchers());
    ASSERT_TRUE((*index)->SetMetadata("changelog", "1234").has_value());
    ASSERT_TRUE((*index)->Commit().has_value());
    // A second writer on the same directory is refused while the first is open.
    auto second = Index::Open(dir.path() / "index");
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().code, ErrorCode::kUnavailable) << second.error().ToString();
    // Written but not committed: Xapian commits pending writes when the index is closed.
    ASSERT_TRUE((*index)->Upsert(Person("person:at-close", {"Closing Time"})).has_value());
  }
  auto index = Index::Open(dir.path() / "index");
  ASSERT_TRUE(index.has_value()) << index.error().ToString();
  EXPECT_EQ((*index)->size(), 111u);
  EXPECT_EQ(*(*index)->GetMetadata("changelog"), "1234");
  EXPECT_EQ(Find(**index, "hydrogen", 200).total, 110u);
  EXPECT_EQ(First(Find(**index, "Hydrogen Institute 3")), "organization:3");
  EXPECT_EQ(First(Find(**index, "Closing Time")), "person:at-close");
  // And the reopened index takes writes.
  AddAll(**index, {Person("person:after", {"Hanako Yamada"})});
  EXPECT_EQ(First(Find(**index, "Yamada")), "person:after");
}

TEST(PersistenceTest, APathThatCannotHoldAnIndexIsAnError) {
  TempDir dir;
  const std::filesystem::path file = dir.path() / "a-file";
  std::FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("not an index", f);
  std::fclose(f);
  for (const std::filesystem::path& path : {file, file / "index"}) {
    auto index = Index::Open(path);
    ASSERT_FALSE(index.has_value()) << path;
    EXPECT_EQ(index.error().code, ErrorCode::kInternal) << index.error().ToString();
  }
}

// Facet counts follow every kind of write, and survive a reopen (where they are loaded
// from the index again).
TEST(PersistenceTest, FacetCountsFollowWritesAndReopen) {
  TempDir dir;
  const auto counts = [](const Index& index) {
    Query q;
    q.facets = {"country", "theme"};
    q.limit = 1;
    const Results r = Find(index, q);
    std::map<std::string, std::size_t> out;
    for (const auto& [facet, values] : r.facet_counts) {
      for (const FacetValue& v : values) out[facet + "=" + v.value] = v.count;
    }
    return out;
  };
  {
    auto index = Index::Open(dir.path() / "index");
    ASSERT_TRUE(index.has_value()) << index.error().ToString();
    // More documents than one in-memory chunk (256) and one flush (1,000).
    std::vector<Document> docs;
    for (int i = 0; i < 1500; ++i) {
      Document d = Person("person:" + std::to_string(i), {"P" + std::to_string(i)});
      d.facets["country"] = {i % 2 == 0 ? "JP" : "TH"};
      if (i % 10 == 0) d.facets["theme"] = {"ict", "green"};
      docs.push_back(std::move(d));
    }
    AddAll(**index, docs);
    EXPECT_EQ(
        counts(**index),
        (std::map<std::string, std::size_t>{
            {"country=JP", 750}, {"country=TH", 750}, {"theme=green", 150}, {"theme=ict", 150}}));
    // person:0 moves to VN and loses its themes; person:1 is removed; a new one arrives.
    Document moved = Person("person:0", {"P0"});
    moved.facets["country"] = {"VN"};
    ASSERT_TRUE((*index)->Upsert(moved).has_value());
    ASSERT_TRUE((*index)->Remove("person:1").has_value());
    Document added = Person("person:new", {"New"});
    added.facets["country"] = {"JP"};
    added.facets["theme"] = {"life"};
    ASSERT_TRUE((*index)->Upsert(added).has_value());
    ASSERT_TRUE((*index)->Commit().has_value());
    const std::map<std::string, std::size_t> expected = {{"country=JP", 750}, {"country=TH", 749},
                                                         {"country=VN", 1},   {"theme=green", 149},
                                                         {"theme=ict", 149},  {"theme=life", 1}};
    EXPECT_EQ(counts(**index), expected);
  }
  auto index = Index::Open(dir.path() / "index");
  ASSERT_TRUE(index.has_value()) << index.error().ToString();
  EXPECT_EQ(counts(**index), (std::map<std::string, std::size_t>{{"country=JP", 750},
                                                                 {"country=TH", 749},
                                                                 {"country=VN", 1},
                                                                 {"theme=green", 149},
                                                                 {"theme=ict", 149},
                                                                 {"theme=life", 1}}));
  ASSERT_TRUE((*index)->Clear().has_value());
  ASSERT_TRUE((*index)->Commit().has_value());
  EXPECT_TRUE(counts(**index).empty());
}

TEST(ConcurrencyTest, SearchesRunWhileAnotherThreadWritesAndCommits) {
  auto index = NewIndex();
  AddAll(*index, Researchers());
  constexpr int kWrites = 400;
  constexpr int kReaders = 4;
  std::atomic<bool> done{false};
  std::atomic<int> searches{0}, failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < kReaders; ++t) {
    readers.emplace_back([&, t] {
      std::size_t last_total = 0;
      while (!done.load()) {
        Query q;
        q.text = t % 2 == 0 ? "hydrogen" : "Researcher";
        q.facets = {"country"};
        q.limit = 10;
        const Result<Results> r = index->Search(q);
        if (!r) {
          ADD_FAILURE() << r.error().ToString();
          ++failures;
          return;
        }
        // Documents are only added, so a later search never sees fewer.
        if (r->total < last_total) ++failures;
        last_total = r->total;
        ++searches;
      }
    });
  }
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      Document d = Person("person:new" + std::to_string(i), {"Researcher New " + std::to_string(i)},
                          {"hydrogen electrolysis"});
      d.facets["country"] = {"JP"};
      if (!index->Upsert(d)) ++failures;
      if (i % 25 == 24 && !index->Commit()) ++failures;
    }
    done = true;
  });
  writer.join();
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(searches.load(), 0);
  EXPECT_EQ(index->size(), 110u + kWrites);
  Query q;
  q.text = "hydrogen";
  q.facets = {"country"};
  const Results r = Find(*index, q);
  EXPECT_EQ(r.total, 110u + kWrites);
  std::size_t jp = 0;
  for (const FacetValue& v : r.facet_counts.at("country")) {
    if (v.value == "JP") jp = v.count;
  }
  EXPECT_EQ(jp, 22u + kWrites);
}

TEST(ConcurrencyTest, ConcurrentUpsertsFromSeveralThreads) {
  auto index = NewIndex();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::string n = std::to_string(t * 50 + i);
        if (!index->Upsert(Person("person:" + n, {"Taro Yamada " + n}, {"seismology"}))) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(index->Commit().has_value());
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(index->size(), 200u);
  EXPECT_EQ(Find(*index, "seismology").total, 200u);
}

}  // namespace
}  // namespace asta::search
