// A search split over two threads (Index::set_parallel_min_docs) answers exactly as on one
// thread: the same hits in the same order with the same scores, the same totals, facet
// counts and pages; and while a writer commits, both halves read one revision. Facet
// counts from match bitmaps (Index::set_facet_bitmaps) are the matcher's.
#include <gtest/gtest.h>

#include <atomic>
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
using testing::Ids;
using testing::NewIndex;
using testing::Org;
using testing::Person;

// Enough documents with the same words that many tie on score, so the order of ties (by
// id) and the merge of the halves are exercised.
std::vector<Document> Crowd(int n, int first = 0) {
  const char* const given[] = {"Kenji", "Hanako", "Rin", "Wei", "Min-jun", "Anan", "Omar"};
  const char* const family[] = {"Sato", "Yamada", "Takeda", "Wang", "Kim", "Suzuki", "Hassan"};
  const char* const kanji[] = {"佐藤", "山田", "武田", "王", "金", "鈴木", "ハッサン"};
  const char* const topics[] = {"hydrogen storage", "earthquake engineering", "fuel cells",
                                "hydrogen fuel cells and storage", "seismology"};
  const char* const topics_ja[] = {"水素エネルギー", "地震工学", "燃料電池"};
  const char* const countries[] = {"JP", "TH", "VN", "EG", "GB"};
  const char* const stages[] = {"student", "early", "senior"};
  std::vector<Document> docs;
  for (int k = first; k < first + n; ++k) {
    const std::size_t i = static_cast<std::size_t>(k);
    Document d;
    if (i % 9 == 0) {
      d = Org("organization:" + std::to_string(i),
              {std::string(family[i % 7]) + " Institute of Technology"}, {topics[i % 5]});
    } else {
      d = Person("person:" + std::to_string(i),
                 {std::string(given[i % 7]) + " " + family[(i / 7) % 7],
                  std::string(kanji[(i / 7) % 7]) + "太郎"},
                 {topics[i % 5], i % 4 ? "" : "and more hydrogen"}, {topics_ja[i % 3]});
    }
    d.facets["country"] = {countries[i % 5]};
    d.facets["career_stage"] = {stages[i % 3]};
    d.facets["theme"] = {i % 2 ? "green" : "disaster"};
    docs.push_back(std::move(d));
  }
  return docs;
}

std::map<std::string, std::map<std::string, std::size_t>> AllCounts(const Results& r) {
  std::map<std::string, std::map<std::string, std::size_t>> out;
  for (const auto& [facet, values] : r.facet_counts) {
    auto& m = out[facet];
    for (const FacetValue& v : values) m[v.value] = v.count;
  }
  return out;
}

void ExpectSame(const Results& one, const Results& two, const std::string& what) {
  EXPECT_EQ(Ids(two), Ids(one)) << what << "\none thread:\n"
                                << Describe(one) << "two threads:\n"
                                << Describe(two);
  ASSERT_EQ(two.hits.size(), one.hits.size()) << what;
  for (std::size_t i = 0; i < one.hits.size(); ++i) {
    EXPECT_EQ(two.hits[i].score, one.hits[i].score) << what << " hit " << i;
    EXPECT_EQ(two.hits[i].display_name, one.hits[i].display_name) << what << " hit " << i;
  }
  EXPECT_EQ(two.total, one.total) << what;
  EXPECT_EQ(AllCounts(two), AllCounts(one)) << what;
  // Facet values in the same order too (count descending, then value).
  for (const auto& [facet, values] : one.facet_counts) {
    const auto it = two.facet_counts.find(facet);
    ASSERT_NE(it, two.facet_counts.end()) << what << " " << facet;
    ASSERT_EQ(it->second.size(), values.size()) << what << " " << facet;
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(it->second[i].value, values[i].value) << what << " " << facet << " " << i;
    }
  }
  EXPECT_EQ(two.next_cursor.empty(), one.next_cursor.empty()) << what;
}

std::vector<Query> Queries() {
  std::vector<Query> out;
  for (const char* text : {"hydrogen", "hydrogen storage", "fuel cells", "seismology", "Kenji Sato",
                           "Rin Takeda", "Rin Tkaeda", "Sato Institute", "水素", "地震工学",
                           "佐藤太郎", "Wang", "no such words at all", ""}) {
    for (const std::size_t limit : {1, 7, 50}) {
      Query q;
      q.text = text;
      q.limit = limit;
      out.push_back(q);
      q.facets = {"country", "theme", "career_stage"};
      out.push_back(q);
      q.filters["country"] = {"JP", "EG"};
      out.push_back(q);
      q.type = DocType::kPerson;
      q.filters["career_stage"] = {"senior"};
      out.push_back(q);
    }
  }
  return out;
}

TEST(ParallelSearchTest, TwoThreadsAnswerExactlyAsOne) {
  auto index = NewIndex();
  AddAll(*index, Crowd(1500));
  for (const Query& q : Queries()) {
    index->set_parallel_min_docs(0);
    const Results one = Find(*index, q);
    index->set_parallel_min_docs(1);
    const Results two = Find(*index, q);
    ExpectSame(one, two,
               "'" + q.text + "' limit " + std::to_string(q.limit) + " facets " +
                   std::to_string(q.facets.size()) + " filters " +
                   std::to_string(q.filters.size()));
  }
  // A broad query matches many: the comparison above is not between empty answers.
  index->set_parallel_min_docs(1);
  EXPECT_GT(Find(*index, "hydrogen").total, 500u);
}

TEST(ParallelSearchTest, PagesFollowTheSameOrder) {
  auto index = NewIndex();
  AddAll(*index, Crowd(1200));
  for (const char* text : {"hydrogen", "Sato", ""}) {
    Query q;
    q.text = text;
    q.limit = 37;
    q.facets = {"country"};
    std::vector<std::string> seen[2];
    for (int mode = 0; mode < 2; ++mode) {
      index->set_parallel_min_docs(mode == 0 ? 0 : 1);
      Query page = q;
      for (int n = 0; n < 40; ++n) {
        const Results r = Find(*index, page);
        for (const Hit& h : r.hits) seen[mode].push_back(h.id);
        if (r.next_cursor.empty()) break;
        page.cursor = r.next_cursor;
      }
    }
    EXPECT_EQ(seen[1], seen[0]) << text;
    EXPECT_GT(seen[0].size(), 37u) << text;  // more than one page
  }
}

TEST(ParallelSearchTest, BelowTheThresholdOrDisabledItRunsOnOneThreadAndAgrees) {
  auto index = NewIndex();
  AddAll(*index, Crowd(300));
  EXPECT_EQ(index->parallel_min_docs(), Index::kParallelMinDocs);
  Query q;
  q.text = "hydrogen";
  q.facets = {"theme"};
  const Results by_default = Find(*index, q);  // 300 < kParallelMinDocs: one thread
  index->set_parallel_min_docs(300);
  ExpectSame(by_default, Find(*index, q), "at the threshold");
  index->set_parallel_min_docs(301);
  ExpectSame(by_default, Find(*index, q), "just below it");
}

TEST(FacetBitmapsTest, CountsAreTheMatchersForEveryKindOfQuery) {
  auto index = NewIndex();
  AddAll(*index, Crowd(1500));
  // Also operators the name and text queries do not make themselves.
  std::vector<Query> queries = Queries();
  for (const char* text : {"hydrogen OR seismology", "hydrogen NOT storage", "hydrogen XOR fuel",
                           "hydrogen AND (fuel OR seismology)", "\"fuel cells\"", "Sato OR Yamada",
                           "hydrogen -storage", "+fuel cells"}) {
    Query q;
    q.text = text;
    q.facets = {"country", "theme"};
    queries.push_back(q);
    q.filters["theme"] = {"green"};
    queries.push_back(q);
  }
  std::size_t counted = 0;
  for (const std::size_t split : {std::size_t{0}, std::size_t{1}}) {
    index->set_parallel_min_docs(split);
    for (const std::size_t cache_from : {std::size_t{1}, std::size_t{1'000'000}}) {
      for (const Query& q : queries) {
        if (q.facets.empty()) continue;
        index->set_facet_bitmaps(false);
        const Results matcher = Find(*index, q);
        // Twice: the second time the terms' bitmaps come from the cache.
        index->set_facet_bitmaps(true, cache_from);
        const Results bits = Find(*index, q);
        const Results cached = Find(*index, q);
        const std::string what = "'" + q.text + "' split " + std::to_string(split) +
                                 " cache from " + std::to_string(cache_from);
        ExpectSame(matcher, bits, what);
        ExpectSame(matcher, cached, what + " (cached)");
        counted += matcher.total;
      }
    }
  }
  EXPECT_GT(counted, 10'000u);  // the counts compared are not all zero
}

TEST(FacetBitmapsTest, CachedBitmapsFollowWritesAndRemovals) {
  auto index = NewIndex();
  index->set_facet_bitmaps(true, 1);
  AddAll(*index, Crowd(400));
  Query q;
  q.text = "hydrogen";
  q.facets = {"theme"};
  const std::size_t before = Find(*index, q).total;
  ASSERT_GT(before, 0u);
  AddAll(*index, Crowd(100, 400));
  const std::size_t after_adding = Find(*index, q).total;
  EXPECT_GT(after_adding, before);
  for (int i = 0; i < 400; ++i) {
    ASSERT_TRUE(
        index->Remove((i % 9 == 0 ? "organization:" : "person:") + std::to_string(i)).has_value());
  }
  ASSERT_TRUE(index->Commit().has_value());
  index->set_facet_bitmaps(false);
  const Results matcher = Find(*index, q);
  index->set_facet_bitmaps(true, 1);
  const Results bits = Find(*index, q);
  ExpectSame(matcher, bits, "after removals");
  EXPECT_LT(bits.total, after_adding);
}

// Each document has exactly one theme: the theme counts add up to the total only when
// both halves counted the same revision.
TEST(ParallelSearchTest, BothHalvesReadOneRevisionWhileAWriterCommits) {
  auto index = NewIndex();
  AddAll(*index, Crowd(600));
  index->set_parallel_min_docs(1);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int batch = 0; batch < 30; ++batch) {
      for (const Document& d : Crowd(20, 600 + batch * 20)) {
        ASSERT_TRUE(index->Upsert(d).has_value());
      }
      ASSERT_TRUE(index->Commit().has_value());
    }
    done = true;
  });
  int searches = 0;
  while (!done || searches < 20) {
    Query q;
    q.text = searches % 2 ? "hydrogen" : "";
    q.facets = {"theme"};
    q.limit = 10;
    const Result<Results> r = index->Search(q);
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    std::size_t sum = 0;
    for (const FacetValue& v : r->facet_counts.at("theme")) sum += v.count;
    ASSERT_EQ(sum, r->total) << "search " << searches;
    ++searches;
  }
  writer.join();
  EXPECT_EQ(Find(*index, Query{}).total, 1200u);
}

}  // namespace
}  // namespace asta::search
