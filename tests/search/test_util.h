// Helpers shared by the search tests: building documents and reading results tersely.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engines/search/search.h"

namespace asta::search::testing {

inline Document Org(std::string id, std::vector<std::string> names,
                    std::vector<std::string> text_en = {}, std::vector<std::string> text_ja = {}) {
  Document d;
  d.id = std::move(id);
  d.type = DocType::kOrganization;
  d.display_name = names.empty() ? d.id : names.front();
  d.names = std::move(names);
  d.text_en = std::move(text_en);
  d.text_ja = std::move(text_ja);
  return d;
}

inline Document Person(std::string id, std::vector<std::string> names,
                       std::vector<std::string> text_en = {},
                       std::vector<std::string> text_ja = {}) {
  Document d = Org(std::move(id), std::move(names), std::move(text_en), std::move(text_ja));
  d.type = DocType::kPerson;
  return d;
}

inline std::unique_ptr<Index> NewIndex() {
  auto index = Index::InMemory();
  EXPECT_TRUE(index.has_value()) << index.error().ToString();
  return std::move(*index);
}

inline void AddAll(Index& index, const std::vector<Document>& docs) {
  for (const Document& d : docs) {
    const Status s = index.Upsert(d);
    ASSERT_TRUE(s.has_value()) << d.id << ": " << s.error().ToString();
  }
  const Status s = index.Commit();
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
}

inline Results Find(const Index& index, const Query& q) {
  Result<Results> r = index.Search(q);
  EXPECT_TRUE(r.has_value()) << q.text << ": " << r.error().ToString();
  return r ? std::move(*r) : Results{};
}

inline Results Find(const Index& index, const std::string& text, std::size_t limit = 20) {
  Query q;
  q.text = text;
  q.limit = limit;
  return Find(index, q);
}

inline std::vector<std::string> Ids(const Results& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

inline std::string First(const Results& r) { return r.hits.empty() ? "" : r.hits.front().id; }

// Ids and scores of the hits, for failure messages.
inline std::string Describe(const Results& r) {
  std::string out;
  for (const Hit& h : r.hits) {
    out += h.id + " (" + h.display_name + ") " + std::to_string(h.score) + "\n";
  }
  return out;
}

}  // namespace asta::search::testing
