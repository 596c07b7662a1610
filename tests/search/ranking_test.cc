// What search finds and in which order: names in Japanese, English and other scripts,
// abbreviations and typos among many similar universities; Japanese and English free
// text; names ranked above documents that only mention them.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
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

std::vector<std::string> Sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Japanese universities named in Japanese and English, many of them sharing words with
// Tohoku University, and people whose biographies mention them.
std::vector<Document> Universities() {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"東北大学", "Tohoku University"},
      {"東京大学", "The University of Tokyo"},
      {"東北学院大学", "Tohoku Gakuin University"},
      {"東北工業大学", "Tohoku Institute of Technology"},
      {"東北医科薬科大学", "Tohoku Medical and Pharmaceutical University"},
      {"東北福祉大学", "Tohoku Fukushi University"},
      {"東北芸術工科大学", "Tohoku University of Art and Design"},
      {"東北文化学園大学", "Tohoku Bunka Gakuen University"},
      {"京都大学", "Kyoto University"},
      {"大阪大学", "Osaka University"},
      {"名古屋大学", "Nagoya University"},
      {"九州大学", "Kyushu University"},
      {"北海道大学", "Hokkaido University"},
      {"東京工業大学", "Tokyo Institute of Technology"},
      {"東京医科歯科大学", "Tokyo Medical and Dental University"},
      {"東京理科大学", "Tokyo University of Science"},
      {"東京外国語大学", "Tokyo University of Foreign Studies"},
      {"東京農工大学", "Tokyo University of Agriculture and Technology"},
      {"一橋大学", "Hitotsubashi University"},
      {"筑波大学", "University of Tsukuba"},
      {"千葉大学", "Chiba University"},
      {"神戸大学", "Kobe University"},
      {"広島大学", "Hiroshima University"},
      {"岡山大学", "Okayama University"},
      {"金沢大学", "Kanazawa University"},
      {"新潟大学", "Niigata University"},
      {"熊本大学", "Kumamoto University"},
      {"長崎大学", "Nagasaki University"},
      {"慶應義塾大学", "Keio University"},
      {"早稲田大学", "Waseda University"},
      {"京都工芸繊維大学", "Kyoto Institute of Technology"},
      {"京都産業大学", "Kyoto Sangyo University"},
      {"名古屋工業大学", "Nagoya Institute of Technology"},
      {"九州工業大学", "Kyushu Institute of Technology"},
      {"宮城教育大学", "Miyagi University of Education"},
      {"宮城大学", "Miyagi University"},
      {"山形大学", "Yamagata University"},
      {"福島大学", "Fukushima University"},
      {"岩手大学", "Iwate University"},
      {"東北電力株式会社", "Tohoku Electric Power Co., Inc."},
  };
  std::vector<Document> docs;
  for (std::size_t i = 0; i < names.size(); ++i) {
    docs.push_back(Org("organization:" + std::to_string(i + 1), {names[i].first, names[i].second},
                       {"A national research university with faculties of science and "
                        "engineering."},
                       {"研究大学。理学部と工学部を置く。"}));
  }
  // People whose texts mention Tohoku University many times, in both languages: they must
  // not outrank the university itself for its own name.
  for (int i = 0; i < 12; ++i) {
    docs.push_back(Person("person:" + std::to_string(100 + i),
                          {"Researcher Number" + std::string(1, static_cast<char>('A' + i))},
                          {"Professor at Tohoku University. Tohoku University alumnus; "
                           "visiting fellow, Tohoku University Graduate School."},
                          {"東北大学大学院教授。東北大学卒業。"}));
  }
  return docs;
}

class UniversitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = NewIndex().release();
    AddAll(*index_, Universities());
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
  }
  static Index* index_;
};
Index* UniversitiesTest::index_ = nullptr;

TEST_F(UniversitiesTest, ThreeWaysOfWritingTohokuUniversityFindItFirst) {
  for (const char* query : {"東北大学", "Tohoku University", "tohoku univ"}) {
    const Results r = Find(*index_, query);
    EXPECT_EQ(First(r), "organization:1") << query << "\n" << Describe(r);
  }
}

TEST_F(UniversitiesTest, OtherUniversitiesByTheirNamesInEitherLanguage) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"東京大学", "organization:2"},
      {"University of Tokyo", "organization:2"},
      {"Tohoku Gakuin University", "organization:3"},
      {"東北学院大学", "organization:3"},
      {"東北工業大学", "organization:4"},
      {"Tohoku Institute of Technology", "organization:4"},
      {"京都大学", "organization:9"},
      {"Kyoto University", "organization:9"},
      {"Kyoto Institute of Technology", "organization:31"},
      {"Tokyo Institute of Technology", "organization:14"},
  };
  for (const auto& [query, id] : cases) {
    const Results r = Find(*index_, query);
    EXPECT_EQ(First(r), id) << query << "\n" << Describe(r);
  }
}

TEST_F(UniversitiesTest, MisspeltNamesStillFindTheirUniversityFirst) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Tohku University", "organization:1"},        {"Tohoku Univeristy", "organization:1"},
      {"Tohoku Gakin University", "organization:3"}, {"Kyoto Universty", "organization:9"},
      {"Hokaido University", "organization:13"},
  };
  for (const auto& [query, id] : cases) {
    const Results r = Find(*index_, query);
    EXPECT_EQ(First(r), id) << query << "\n" << Describe(r);
  }
}

TEST_F(UniversitiesTest, ANameMatchOutranksDocumentsThatOnlyMentionTheName) {
  for (const char* query : {"Tohoku University", "東北大学"}) {
    const Results r = Find(*index_, query, 50);
    ASSERT_FALSE(r.hits.empty());
    EXPECT_EQ(First(r), "organization:1") << Describe(r);
    // The people who mention it are found, below every organisation named Tohoku.
    std::size_t last_named = 0, first_mention = r.hits.size();
    for (std::size_t i = 0; i < r.hits.size(); ++i) {
      if (r.hits[i].type == DocType::kPerson) {
        first_mention = std::min(first_mention, i);
      } else if (r.hits[i].display_name.find("Tohoku") != std::string::npos ||
                 r.hits[i].display_name.find("東北") != std::string::npos) {
        last_named = i;
      }
    }
    EXPECT_LT(first_mention, r.hits.size()) << query << ": mentions not found\n" << Describe(r);
    EXPECT_LT(last_named, first_mention) << query << "\n" << Describe(r);
  }
}

TEST_F(UniversitiesTest, ShortNameFindsEveryUniversityThatCarriesIt) {
  Query q;
  q.text = "Tohoku";
  q.type = DocType::kOrganization;
  const Results r = Find(*index_, q);
  const std::vector<std::string> ids = Ids(r);
  for (const char* id : {"organization:1", "organization:3", "organization:4", "organization:5",
                         "organization:6", "organization:7", "organization:8", "organization:40"}) {
    EXPECT_TRUE(Contains(ids, id)) << id << "\n" << Describe(r);
  }
  EXPECT_FALSE(Contains(ids, "organization:2")) << Describe(r);  // Tokyo is not Tohoku
}

TEST(CjkTextTest, AJapaneseWordFindsTextThatContainsIt) {
  auto index = NewIndex();
  AddAll(*index, {Person("person:1", {"Hanako Yamada"}, {}, {"東京大学大学院工学系研究科 教授"}),
                  Person("person:2", {"Taro Suzuki"}, {}, {"京都大学大学院理学研究科 准教授"}),
                  Person("person:3", {"Jiro Tanaka"}, {"Professor, Graduate School, Tokyo"}, {})});
  const Results r = Find(*index, "東京大学");
  EXPECT_EQ(Ids(r), std::vector<std::string>{"person:1"}) << Describe(r);
  // Substrings of words and of names too.
  EXPECT_EQ(Ids(Find(*index, "工学系")), std::vector<std::string>{"person:1"});
  EXPECT_EQ(Sorted(Ids(Find(*index, "大学院"))),
            (std::vector<std::string>{"person:1", "person:2"}));
}

TEST(CjkTextTest, JapaneseQueriesFindJapaneseText) {
  auto index = NewIndex();
  AddAll(*index,
         {Person("person:1", {"A"}, {"Disaster prevention and earthquake engineering."},
                 {"防災工学と地震工学の研究。津波の早期警戒システム。"}),
          Person("person:2", {"B"}, {"Regenerative medicine."}, {"再生医療と感染症の研究。"}),
          Person("person:3", {"C"}, {"Renewable energy and hydrogen."},
                 {"再生可能エネルギーと水素の研究。"})});
  EXPECT_EQ(Ids(Find(*index, "防災")), std::vector<std::string>{"person:1"});
  EXPECT_EQ(Ids(Find(*index, "津波")), std::vector<std::string>{"person:1"});
  EXPECT_EQ(Ids(Find(*index, "感染症")), std::vector<std::string>{"person:2"});
  EXPECT_EQ(Ids(Find(*index, "再生可能エネルギー")), std::vector<std::string>{"person:3"});
  // 再生 is in two texts; both are found.
  EXPECT_EQ(Sorted(Ids(Find(*index, "再生"))), (std::vector<std::string>{"person:2", "person:3"}));
  // Japanese and English words in one query: both required.
  EXPECT_EQ(Ids(Find(*index, "水素 hydrogen")), std::vector<std::string>{"person:3"});
  EXPECT_TRUE(Find(*index, "水素 earthquake").hits.empty());
}

TEST(EnglishTextTest, WordsMeetTheirStems) {
  auto index = NewIndex();
  AddAll(*index, {Person("person:1", {"A"}, {"She leads research on university partnerships."}),
                  Person("person:2", {"B"}, {"Researching universities and their funding."}),
                  Person("person:3", {"C"}, {"Marine biology field work."})});
  for (const char* query :
       {"universities", "university", "Universities", "researching", "research", "Researches"}) {
    EXPECT_EQ(Sorted(Ids(Find(*index, query))), (std::vector<std::string>{"person:1", "person:2"}))
        << query;
  }
  EXPECT_EQ(Ids(Find(*index, "biologies")), std::vector<std::string>{"person:3"});
  // Words are combined with AND. The index keeps no positions, so a quoted phrase needs
  // its words in any order.
  EXPECT_EQ(Ids(Find(*index, "universities funding")), std::vector<std::string>{"person:2"});
  EXPECT_EQ(Sorted(Ids(Find(*index, "\"university research\""))),
            (std::vector<std::string>{"person:1", "person:2"}));
  EXPECT_TRUE(Find(*index, "\"marine research\"").hits.empty());
}

class PeopleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = NewIndex().release();
    AddAll(*index_, {
                        Person("person:1", {"佐藤健二"}),
                        Person("person:2", {"佐藤健一"}),
                        Person("person:3", {"加藤健二"}),
                        Person("person:4", {"斎藤健二"}),
                        Person("person:5", {"Muhammad Ali"}),
                        Person("person:6", {"Mohamed Salah"}),
                        Person("person:7", {"Vladimir Putin"}),
                        Person("person:8", {"Vladimir Nabokov"}),
                        Person("person:9", {"محمد عبد الله"}),
                        Person("person:10", {"Алексей Смирнов"}),
                        Person("person:11", {"Alexei Navalny"}),
                        Person("person:12", {"Nguyễn Văn An"}),
                        Person("person:13", {"Nguyen Thi Binh"}),
                        Person("person:14", {"김민준"}),
                        Person("person:15", {"François Müller"}),
                        Person("person:16", {"Kenji Satō", "佐藤 賢治"}),
                        Person("person:17", {"Somchai Jaidee", "สมชาย ใจดี"}),
                        // Mentions a name in its text only.
                        Person("person:18", {"Hiroshi Abe"},
                               {"Co-author with Kenji Sato and Muhammad Ali."}),
                    });
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
  }
  static Index* index_;
};
Index* PeopleTest::index_ = nullptr;

TEST_F(PeopleTest, NamesInOtherScriptsMeetTheirLatinForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"محمد علي", "person:5"},                // Arabic → Latin
      {"Мухаммад Али", "person:5"},            // Cyrillic → Latin
      {"ムハンマド・アリ", "person:5"},        // katakana → Latin
      {"Владимир Путин", "person:7"},          // Cyrillic → Latin
      {"ウラジーミル・プーチン", "person:7"},  // katakana → Latin
      {"Mohammed Abdullah", "person:9"},       // Latin → Arabic
      {"Aleksey Smirnov", "person:10"},        // Latin → Cyrillic
      {"Alexei Smirnov", "person:10"},
      {"Nguyen Van An", "person:12"},  // diacritics
      {"Francois Muller", "person:15"},
      {"Kim Min-jun", "person:14"},  // Latin → Hangul
      {"Somchai Jaidee", "person:17"},
      {"สมชาย ใจดี", "person:17"},
  };
  for (const auto& [query, id] : cases) {
    const Results r = Find(*index_, query);
    EXPECT_EQ(First(r), id) << query << "\n" << Describe(r);
  }
}

TEST_F(PeopleTest, TyposAndSpellingVariantsFindTheRightPerson) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Sato Kenji", "person:1"},   // Latin → kanji (MeCab reading)
      {"Satou Kenji", "person:1"},  // long vowel spelt out
      {"Satoh Kenji", "person:1"},     {"Kenji Sato", "person:1"},  // given name first
      {"Kenij Sato", "person:1"},                                   // swapped letters
      {"Sato Kenjii", "person:1"},                                  // an extra letter
      {"Vladimir Puttin", "person:7"}, {"Vladimr Putin", "person:7"},
      {"Muhamad Ali", "person:5"},     {"Mohamed Salh", "person:6"},
  };
  for (const auto& [query, id] : cases) {
    const Results r = Find(*index_, query);
    ASSERT_FALSE(r.hits.empty()) << query;
    // 佐藤健二 and Kenji Satō (佐藤 賢治) read alike: either may come first for a
    // reading of "Sato Kenji", but both must come before other people.
    if (id == "person:1") {
      ASSERT_GE(r.hits.size(), 2u) << query << "\n" << Describe(r);
      const std::vector<std::string> top2 = {r.hits[0].id, r.hits[1].id};
      EXPECT_TRUE(Contains(top2, "person:1") && Contains(top2, "person:16")) << query << "\n"
                                                                             << Describe(r);
    } else {
      EXPECT_EQ(First(r), id) << query << "\n" << Describe(r);
    }
  }
}

TEST_F(PeopleTest, SimilarNamesAreNotConfused) {
  // 佐藤健一 (Sato Kenichi), 加藤健二 (Kato Kenji), 斎藤健二 (Saito Kenji) each first for
  // their own name.
  EXPECT_EQ(First(Find(*index_, "佐藤健一")), "person:2");
  EXPECT_EQ(First(Find(*index_, "加藤健二")), "person:3");
  EXPECT_EQ(First(Find(*index_, "Saito Kenji")), "person:4");
  EXPECT_EQ(First(Find(*index_, "Vladimir Nabokov")), "person:8");
  // A name nobody has finds nobody by its parts alone.
  EXPECT_TRUE(Find(*index_, "Zbigniew Brzezinski").hits.empty());
}

TEST_F(PeopleTest, ThePersonOutranksATextThatMentionsTheName) {
  const Results r = Find(*index_, "Muhammad Ali");
  ASSERT_GE(r.hits.size(), 2u) << Describe(r);
  EXPECT_EQ(r.hits[0].id, "person:5") << Describe(r);
  const std::vector<std::string> ids = Ids(r);
  const auto mention = std::find(ids.begin(), ids.end(), "person:18");
  ASSERT_NE(mention, ids.end()) << Describe(r);
  EXPECT_GT(r.hits[0].score, r.hits[mention - ids.begin()].score);
}

TEST_F(PeopleTest, RankingIsDeterministic) {
  const Results a = Find(*index_, "Kenji");
  const Results b = Find(*index_, "Kenji");
  ASSERT_FALSE(a.hits.empty());
  ASSERT_EQ(a.hits.size(), b.hits.size());
  for (std::size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].id, b.hits[i].id);
    EXPECT_EQ(a.hits[i].score, b.hits[i].score);
    if (i > 0) {
      EXPECT_GE(a.hits[i - 1].score, a.hits[i].score);
    }
  }
}

}  // namespace
}  // namespace asta::search
