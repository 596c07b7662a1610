// The name analyzer on its own: keys, roles, reading labels and the phonetic folding.
// The golden pairs (golden_test.cc) check the same rules end to end through the scorer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "engines/names/names.h"

namespace asta::names {
namespace {

const Analyzer& A() { return Analyzer::Default(); }

std::vector<std::string> Keys(const Reading& r) {
  std::vector<std::string> out;
  for (const Token& t : r.tokens) out.push_back(t.key);
  return out;
}

// The first reading with the label (or a label starting with it); null when none.
const Reading* Find(const AnalyzedName& name, std::string_view label) {
  for (const Reading& r : name.readings) {
    if (r.label.rfind(label, 0) == 0) return &r;
  }
  return nullptr;
}

bool HasReadingWithKeys(const AnalyzedName& name, const std::vector<std::string>& keys) {
  for (const Reading& r : name.readings) {
    if (Keys(r) == keys) return true;
  }
  return false;
}

const Token& Only(const AnalyzedName& name) {
  EXPECT_FALSE(name.readings.empty());
  EXPECT_EQ(name.readings[0].tokens.size(), 1u) << name.written;
  return name.readings[0].tokens.at(0);
}

std::string PhoneticOf(std::string_view name) { return Only(A().Analyze(name)).phonetic; }
std::string SkeletonOf(std::string_view name) { return Only(A().Analyze(name)).skeleton; }

TEST(AnalyzerTest, KeysAreLowercaseAsciiLettersAndDigits) {
  for (const char* name :
       {"Ｊｏｈｎ Ｓｍｉｔｈ", "Satō Kenji", "O'Brien", "Nguyễn Văn An", "Владимир Путин",
        "محمد علي", "משה", "Νικόλαος", "สมชาย", "김정은", "金正恩", "山田太郎",
        "ウラジーミル・プーチン", "中国航天科技集团有限公司", "Samsung Electronics Co., Ltd.",
        "株式会社東芝", "Straße 7", "\xff\xfe broken utf-8"}) {
    const AnalyzedName n = A().Analyze(name);
    ASSERT_FALSE(n.readings.empty()) << name;
    EXPECT_LE(n.readings.size(), 8u) << name;
    for (const Reading& r : n.readings) {
      EXPECT_FALSE(r.label.empty()) << name;
      for (const Token& t : r.tokens) {
        EXPECT_FALSE(t.key.empty()) << name;
        for (char c : t.key + t.phonetic + t.skeleton) {
          EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
              << name << " reading " << r.label << " token " << t.key << "/" << t.phonetic;
        }
      }
    }
  }
}

TEST(AnalyzerTest, NormalisesWithNfkcCaseFoldingAndPunctuation) {
  const AnalyzedName n = A().Analyze("ＪＯＨＮ　Ｓｍｉｔｈ,  Jr.");
  EXPECT_EQ(n.normalized, "john smith jr");
  EXPECT_EQ(n.script, Script::kLatin);
  EXPECT_EQ(Keys(n.readings[0]), (std::vector<std::string>{"john", "smith", "jr"}));
  EXPECT_EQ(A().Analyze("ﾄﾖﾀ").readings[0].tokens.at(0).key, "toyota");
  EXPECT_EQ(A().Analyze("O'Brien").readings[0].tokens.at(0).key, "obrien");
  EXPECT_EQ(Keys(A().Analyze("Jean-Pierre").readings[0]),
            (std::vector<std::string>{"jean", "pierre"}));
  EXPECT_EQ(A().Analyze("STRAßE").readings[0].tokens.at(0).key, "strasse");
}

TEST(AnalyzerTest, DropsLatinDiacritics) {
  EXPECT_EQ(Only(A().Analyze("Satō")).key, "sato");
  EXPECT_EQ(Only(A().Analyze("Łukasz")).key, "lukasz");
  EXPECT_EQ(Only(A().Analyze("Đặng")).key, "dang");
  EXPECT_EQ(Only(A().Analyze("Søren")).key, "soren");
  EXPECT_EQ(Only(A().Analyze("Satō")).written, "Satō");
}

TEST(AnalyzerTest, DetectsTheDominantScript) {
  EXPECT_EQ(A().Analyze("Vladimir").script, Script::kLatin);
  EXPECT_EQ(A().Analyze("東京大学").script, Script::kHan);
  EXPECT_EQ(A().Analyze("トヨタ自動車").script, Script::kKana);
  EXPECT_EQ(A().Analyze("김정은").script, Script::kHangul);
  EXPECT_EQ(A().Analyze("Путин").script, Script::kCyrillic);
  EXPECT_EQ(A().Analyze("محمد").script, Script::kArabic);
  EXPECT_EQ(A().Analyze("Νικόλαος").script, Script::kGreek);
  EXPECT_EQ(A().Analyze("משה").script, Script::kHebrew);
  EXPECT_EQ(A().Analyze("สมชาย").script, Script::kThai);
}

TEST(AnalyzerTest, JapaneseRomanisationVariantsShareOnePhoneticKey) {
  // Hepburn, Kunrei and passport spellings.
  EXPECT_EQ(PhoneticOf("Satoh"), PhoneticOf("Sato"));
  EXPECT_EQ(PhoneticOf("Satou"), PhoneticOf("Sato"));
  EXPECT_EQ(PhoneticOf("Satō"), PhoneticOf("Sato"));
  EXPECT_EQ(PhoneticOf("Shimizu"), PhoneticOf("Simizu"));
  EXPECT_EQ(PhoneticOf("Tsuchiya"), PhoneticOf("Tutiya"));
  EXPECT_EQ(PhoneticOf("Fujita"), PhoneticOf("Huzita"));
  EXPECT_EQ(PhoneticOf("Chiba"), PhoneticOf("Tiba"));
  EXPECT_EQ(PhoneticOf("Shinji"), PhoneticOf("Sinzi"));
  EXPECT_EQ(PhoneticOf("Shunsuke"), PhoneticOf("Syunsuke"));
  EXPECT_EQ(PhoneticOf("Ohno"), PhoneticOf("Ono"));
  EXPECT_EQ(PhoneticOf("Namba"), PhoneticOf("Nanba"));
  EXPECT_EQ(PhoneticOf("Honma"), PhoneticOf("Homma"));
  // And the folding is not everything-equal.
  EXPECT_NE(PhoneticOf("Sato"), PhoneticOf("Saito"));
  EXPECT_NE(PhoneticOf("Shimizu"), PhoneticOf("Shimada"));
}

TEST(AnalyzerTest, LatinSpellingVariantsShareOnePhoneticKey) {
  EXPECT_EQ(PhoneticOf("Mohammed"), PhoneticOf("Mohamed"));
  EXPECT_EQ(PhoneticOf("Philipp"), PhoneticOf("Filip"));
  EXPECT_EQ(PhoneticOf("Dmitriy"), PhoneticOf("Dmitry"));
  EXPECT_EQ(PhoneticOf("Tzipi"), PhoneticOf("Tsipi"));
  EXPECT_EQ(PhoneticOf("Jeong"), PhoneticOf("Jong"));  // Korean eo
  EXPECT_EQ(SkeletonOf("Muhammad"), SkeletonOf("Mohammed"));
  EXPECT_NE(PhoneticOf("Peter"), PhoneticOf("Petra"));
}

TEST(AnalyzerTest, KanaIsReadInHepburnWithForeignSoundCombinations) {
  const AnalyzedName n = A().Analyze("ウラジーミル・プーチン");
  EXPECT_EQ(n.script, Script::kKana);
  const Reading* kana = Find(n, "ja-kana");
  ASSERT_NE(kana, nullptr);
  EXPECT_EQ(Keys(*kana), (std::vector<std::string>{"urajimiru", "puchin"}));
  EXPECT_EQ(kana->tokens[1].phonetic, PhoneticOf("Putin"));
  // A reading without the vowels katakana adds after consonants.
  const Reading* foreign = Find(n, "ja-foreign");
  ASSERT_NE(foreign, nullptr);
  EXPECT_EQ(foreign->tokens[0].key, "vrajimir");  // ウ before r renders v
  EXPECT_EQ(foreign->tokens[0].phonetic, PhoneticOf("Vladimir"));
  const AnalyzedName trump = A().Analyze("トランプ");
  ASSERT_NE(Find(trump, "ja-foreign"), nullptr);
  EXPECT_EQ(Find(trump, "ja-foreign")->tokens.at(0).key, "tranp");  // トラ is tr

  EXPECT_EQ(Only(A().Analyze("さとう")).key, "sato");
  EXPECT_EQ(Only(A().Analyze("ホッカイドウ")).key, "hokkaido");
  EXPECT_EQ(Only(A().Analyze("キョウト")).key, "kyoto");
  EXPECT_EQ(Only(A().Analyze("ツチヤ")).key, "tsuchiya");
  EXPECT_EQ(Only(A().Analyze("ヴィクトル")).key, "vikutoru");
  EXPECT_EQ(Only(A().Analyze("ファティマ")).key, "fatima");
  EXPECT_EQ(Only(A().Analyze("ウォルフ")).key, "worufu");
  EXPECT_EQ(Only(A().Analyze("マッチ")).key, "matchi");
  EXPECT_EQ(Keys(A().Analyze("マイケル＝ジャクソン").readings[0]),
            (std::vector<std::string>{"maikeru", "jakuson"}));
}

TEST(AnalyzerTest, KanjiAreReadThroughMecab) {
  if (!std::filesystem::exists("/var/lib/mecab/dic/ipadic-utf8/sys.dic") &&
      !A().HasJapaneseReadings()) {
    GTEST_SKIP() << "no MeCab dictionary (mecab-ipadic-utf8) on this machine";
  }
  ASSERT_TRUE(A().HasJapaneseReadings());
  const AnalyzedName n = A().Analyze("山田太郎", Kind::kPerson);
  const Reading* ja = Find(n, "ja-mecab");
  ASSERT_NE(ja, nullptr);
  EXPECT_EQ(Keys(*ja), (std::vector<std::string>{"yamada", "taro"}));
  const AnalyzedName sato_name = A().Analyze("佐藤", Kind::kPerson);
  const Reading* sato = Find(sato_name, "ja-mecab");
  ASSERT_NE(sato, nullptr);
  EXPECT_EQ(Keys(*sato), (std::vector<std::string>{"sato"}));
}

TEST(AnalyzerTest, HanIsReadAsPinyinAndKoreanSurnamesAsKorean) {
  const AnalyzedName xi = A().Analyze("习近平", Kind::kPerson);
  const Reading* zh = Find(xi, "zh-pinyin");
  ASSERT_NE(zh, nullptr);
  EXPECT_EQ(Keys(*zh), (std::vector<std::string>{"xi", "jinping"}));
  EXPECT_EQ(xi.readings[0].label, "zh-pinyin");

  const AnalyzedName shan = A().Analyze("单田芳", Kind::kPerson);
  ASSERT_NE(Find(shan, "zh-pinyin"), nullptr);
  EXPECT_EQ(Find(shan, "zh-pinyin")->tokens.at(0).key, "shan");  // surname reading

  const AnalyzedName kim = A().Analyze("金正恩", Kind::kPerson);
  const Reading* ko = Find(kim, "ko-han");
  ASSERT_NE(ko, nullptr);
  EXPECT_EQ(Keys(*ko), (std::vector<std::string>{"kim", "jeong", "eun"}));
  EXPECT_EQ(ko->tokens[0].written, "金");
  EXPECT_TRUE(HasReadingWithKeys(kim, {"kim", "jung", "un"}));
  EXPECT_TRUE(HasReadingWithKeys(kim, {"jin", "zhengen"}));
  // No Korean reading for a name without a Korean surname.
  EXPECT_EQ(Find(xi, "ko-han"), nullptr);
}

TEST(AnalyzerTest, HangulGivesSurnameVariantsAsAlternatives) {
  const AnalyzedName kim = A().Analyze("김정은");
  EXPECT_EQ(kim.readings[0].label, "ko-hangul");
  EXPECT_EQ(Keys(kim.readings[0]), (std::vector<std::string>{"kim", "jeong", "eun"}));
  EXPECT_TRUE(HasReadingWithKeys(kim, {"gim", "jeong", "eun"}));
  const AnalyzedName lee = A().Analyze("이민호");
  EXPECT_TRUE(HasReadingWithKeys(lee, {"lee", "min", "ho"}));
  EXPECT_TRUE(HasReadingWithKeys(lee, {"yi", "min", "ho"}));
  const AnalyzedName park = A().Analyze("박지성");
  EXPECT_TRUE(HasReadingWithKeys(park, {"park", "ji", "seong"}));
  EXPECT_TRUE(HasReadingWithKeys(park, {"park", "ji", "sung"}));
  EXPECT_TRUE(HasReadingWithKeys(A().Analyze("최지우"), {"choi", "ji", "woo"}));
  EXPECT_LE(park.readings.size(), 8u);
}

TEST(AnalyzerTest, CyrillicGreekThaiGoThroughIcu) {
  const AnalyzedName putin = A().Analyze("Владимир Путин");
  EXPECT_EQ(putin.readings[0].label, "ru-latin");
  EXPECT_EQ(Keys(putin.readings[0]), (std::vector<std::string>{"vladimir", "putin"}));
  EXPECT_EQ(Only(A().Analyze("Фёдор")).key, "fyodor");
  EXPECT_EQ(Only(A().Analyze("Νικόλαος")).key, "nikolaos");
  EXPECT_EQ(A().Analyze("Νικόλαος").readings[0].label, "el-latin");
  EXPECT_EQ(Only(A().Analyze("สมชาย")).key, "somchay");
  EXPECT_EQ(Only(A().Analyze("สมศักดิ์")).key, "somsak");  // silent letters dropped
  EXPECT_EQ(A().Analyze("สมชาย").readings[0].label, "th-latin");
}

TEST(AnalyzerTest, AbjadsMeetVocalisedSpellingsThroughSkeletons) {
  const AnalyzedName m = A().Analyze("محمد");
  // A common name first with its usual vowels, then the letters as written.
  EXPECT_EQ(m.readings[0].label, "ar-names");
  EXPECT_EQ(m.readings[0].tokens.at(0).key, "mohammed");
  const Reading* letters = Find(m, "ar-latin");
  ASSERT_NE(letters, nullptr);
  EXPECT_EQ(letters->tokens.at(0).key, "mhmd");
  EXPECT_EQ(letters->tokens.at(0).skeleton, SkeletonOf("Muhammad"));
  EXPECT_EQ(letters->tokens.at(0).skeleton, SkeletonOf("Mohammed"));
  const AnalyzedName hasan = A().Analyze("حسن");
  EXPECT_EQ(Find(hasan, "ar-latin")->tokens.at(0).skeleton, SkeletonOf("Hassan"));
  // An unknown name has no vowelled reading.
  const AnalyzedName unknown = A().Analyze("طرابلسي");
  EXPECT_EQ(Find(unknown, "ar-names"), nullptr);
  EXPECT_TRUE(HasReadingWithKeys(A().Analyze("عبد الله"), {"abdullah"}));
  const AnalyzedName rahman = A().Analyze("عبد الرحمن");
  EXPECT_TRUE(HasReadingWithKeys(rahman, {"abdulrhmn"}));
  EXPECT_TRUE(HasReadingWithKeys(rahman, {"abdul", "rhmn"}));
  // Hebrew: a vowel reading and a consonant reading of vav.
  EXPECT_EQ(A().Analyze("משה").readings[0].tokens.at(0).skeleton, SkeletonOf("Moshe"));
  const AnalyzedName david = A().Analyze("דוד");
  EXPECT_TRUE(std::any_of(david.readings.begin(), david.readings.end(), [](const Reading& r) {
    return r.tokens.size() == 1 && r.tokens[0].skeleton == SkeletonOf("David");
  }));
}

TEST(AnalyzerTest, LegalFormsAreTokensWithCanonicalKeys) {
  const AnalyzedName samsung = A().Analyze("Samsung Electronics Co., Ltd.", Kind::kOrganization);
  const Reading& r = samsung.readings[0];
  ASSERT_EQ(r.tokens.size(), 3u);
  EXPECT_EQ(r.tokens[2].role, TokenRole::kLegalForm);
  EXPECT_EQ(r.tokens[2].key, "ltd");
  EXPECT_EQ(r.tokens[1].role, TokenRole::kOrgTerm);
  EXPECT_EQ(r.tokens[1].key, "electronics");

  auto last = [](std::string_view name) {
    const AnalyzedName n = A().Analyze(name, Kind::kOrganization);
    return n.readings[0].tokens.back();
  };
  auto first = [](std::string_view name) {
    const AnalyzedName n = A().Analyze(name, Kind::kOrganization);
    return n.readings[0].tokens.front();
  };
  EXPECT_EQ(last("Foo Company Limited").key, "ltd");
  EXPECT_EQ(last("Foo Co Limited").key, "ltd");
  EXPECT_EQ(last("Foo Incorporated").key, "inc");
  EXPECT_EQ(last("Foo Corporation").key, "co");
  EXPECT_EQ(last("Foo L.L.C.").key, "llc");
  EXPECT_EQ(last("Foo GmbH").key, "gmbh");
  EXPECT_EQ(last("Foo Sdn. Bhd.").key, "sdnbhd");
  EXPECT_EQ(first("OOO Romashka").key, "llc");
  EXPECT_EQ(first("ООО Ромашка").key, "llc");
  EXPECT_EQ(first("ОАО Газпром").key, "jsc");
  EXPECT_EQ(first("OOO Romashka").role, TokenRole::kLegalForm);

  const AnalyzedName kk_name = A().Analyze("株式会社東芝", Kind::kOrganization);
  const Reading* kk = Find(kk_name, "org-lexicon");
  ASSERT_NE(kk, nullptr);
  EXPECT_EQ(kk->tokens.at(0).key, "kk");
  EXPECT_EQ(kk->tokens.at(0).role, TokenRole::kLegalForm);
  const AnalyzedName kk2_name = A().Analyze("(株)東芝", Kind::kOrganization);
  const Reading* kk2 = Find(kk2_name, "org-lexicon");
  ASSERT_NE(kk2, nullptr);
  EXPECT_EQ(kk2->tokens.at(0).key, "kk");
  const AnalyzedName ltd_name = A().Analyze("华为技术有限公司", Kind::kOrganization);
  const Reading* ltd = Find(ltd_name, "org-lexicon");
  ASSERT_NE(ltd, nullptr);
  EXPECT_EQ(ltd->tokens.back().key, "ltd");

  // Ambiguous short forms only at the edge of a name, and never in a person's name.
  EXPECT_EQ(A().Analyze("Sa Ra Trading", Kind::kOrganization).readings[0].tokens[1].role,
            TokenRole::kName);
  EXPECT_EQ(A().Analyze("Acme Ltd", Kind::kPerson).readings[0].tokens[1].role, TokenRole::kName);
  // A legal form alone is a name.
  EXPECT_EQ(Only(A().Analyze("Limited", Kind::kOrganization)).role, TokenRole::kName);
}

TEST(AnalyzerTest, HonorificsAreStopTokens) {
  const AnalyzedName mr = A().Analyze("Mr. John Smith", Kind::kPerson);
  EXPECT_EQ(mr.readings[0].tokens.at(0).role, TokenRole::kStop);
  EXPECT_EQ(mr.readings[0].tokens.at(1).role, TokenRole::kName);
  EXPECT_EQ(A().Analyze("Sheikh Ahmed", Kind::kPerson).readings[0].tokens.at(0).role,
            TokenRole::kStop);
  for (const char* name : {"山田太郎様", "山田太郎さん", "田中一郎氏"}) {
    const AnalyzedName n = A().Analyze(name, Kind::kPerson);
    for (const Reading& r : n.readings) {
      ASSERT_FALSE(r.tokens.empty());
      EXPECT_EQ(r.tokens.back().role, TokenRole::kStop) << name << " " << r.label;
    }
  }
  const AnalyzedName ko = A().Analyze("김정은 님");
  EXPECT_EQ(ko.readings[0].tokens.back().role, TokenRole::kStop);
  EXPECT_EQ(A().Analyze("الشيخ محمد").readings[0].tokens.at(0).role, TokenRole::kStop);
  // A lone title is the name.
  EXPECT_EQ(Only(A().Analyze("Doctor")).role, TokenRole::kName);
}

TEST(AnalyzerTest, OrganisationTermsComeFromTheBilingualLexicon) {
  const AnalyzedName ja = A().Analyze("東京大学", Kind::kOrganization);
  EXPECT_EQ(ja.readings[0].label, "org-lexicon");
  ASSERT_EQ(ja.readings[0].tokens.size(), 2u);
  EXPECT_EQ(ja.readings[0].tokens[1].key, "university");
  EXPECT_EQ(ja.readings[0].tokens[1].role, TokenRole::kOrgTerm);
  EXPECT_EQ(ja.readings[0].tokens[1].written, "大学");
  if (A().HasJapaneseReadings()) {
    EXPECT_EQ(ja.readings[0].tokens[0].key, "tokyo");
  }

  const AnalyzedName en = A().Analyze("University of Tokyo", Kind::kOrganization);
  ASSERT_EQ(en.readings[0].tokens.size(), 3u);
  EXPECT_EQ(en.readings[0].tokens[0].role, TokenRole::kOrgTerm);
  EXPECT_EQ(en.readings[0].tokens[1].role, TokenRole::kStop);
  EXPECT_EQ(en.readings[0].tokens[2].key, "tokyo");

  const AnalyzedName cas_name = A().Analyze("中国科学院", Kind::kOrganization);
  const Reading* cas = Find(cas_name, "org-lexicon");
  ASSERT_NE(cas, nullptr);
  EXPECT_EQ(Keys(*cas), (std::vector<std::string>{"china", "academy", "of", "science"}));
  EXPECT_EQ(Keys(A().Analyze("Chinese Academy of Sciences", Kind::kOrganization).readings[0]),
            Keys(*cas));
  const AnalyzedName zh_name = A().Analyze("哈尔滨工业大学", Kind::kOrganization);
  const Reading* zh = Find(zh_name, "org-lexicon");
  ASSERT_NE(zh, nullptr);
  EXPECT_EQ(zh->tokens.at(0).key, "harbin");
  // Alternative glosses give a second organisation reading.
  EXPECT_TRUE(HasReadingWithKeys(A().Analyze("哈尔滨工业大学", Kind::kOrganization),
                                 {"harbin", "institute", "of", "technology"}));

  const AnalyzedName ko_name = A().Analyze("서울대학교", Kind::kOrganization);
  const Reading* ko = Find(ko_name, "org-lexicon");
  ASSERT_NE(ko, nullptr);
  EXPECT_EQ(Keys(*ko), (std::vector<std::string>{"seoul", "university"}));
  const AnalyzedName ru = A().Analyze("Московский государственный университет");
  EXPECT_EQ(Keys(ru.readings[0]), (std::vector<std::string>{"moscow", "state", "university"}));
  const AnalyzedName ar = A().Analyze("جامعة طهران");
  EXPECT_EQ(ar.readings[0].tokens.at(0).key, "university");
  EXPECT_EQ(ar.readings[0].tokens.at(0).role, TokenRole::kOrgTerm);

  // In a person's name the same words are name parts.
  EXPECT_EQ(A().Analyze("Bank Smith", Kind::kPerson).readings[0].tokens[0].role, TokenRole::kName);
}

TEST(AnalyzerTest, IsDeterministicAndThreadSafe) {
  const std::vector<std::string> names = {"山田太郎",
                                          "金正恩",
                                          "김정은",
                                          "Владимир Путин",
                                          "محمد علي",
                                          "ウラジーミル・プーチン",
                                          "中国航天科技集团有限公司",
                                          "Samsung Electronics Co., Ltd.",
                                          "Satō",
                                          "Νικόλαος",
                                          "สมชาย",
                                          "משה"};
  auto signature = [](const AnalyzedName& n) {
    std::string s = n.normalized + "|";
    for (const Reading& r : n.readings) {
      s += r.label + ":";
      for (const Token& t : r.tokens) {
        s += t.key + "/" + t.phonetic + "/" + t.skeleton + "/" + t.written + "/" +
             std::to_string(static_cast<int>(t.role)) + " ";
      }
    }
    return s;
  };
  std::vector<std::string> expected;
  for (const std::string& n : names) expected.push_back(signature(A().Analyze(n)));
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(signature(A().Analyze(names[i])), expected[i]);
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < names.size(); ++i) {
          const std::size_t k = (i + static_cast<std::size_t>(t)) % names.size();
          if (signature(A().Analyze(names[k])) != expected[k]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace asta::names
