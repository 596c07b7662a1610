// Tokenisation and stemming for affinity: English, Japanese (MeCab or bigrams), mixed.
#include "engines/affinity/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace asta::affinity {
namespace {

bool Has(const std::vector<std::string>& terms, const std::string& t) {
  return std::find(terms.begin(), terms.end(), t) != terms.end();
}

TEST(PorterStem, ClassicExamples) {
  // From Porter's paper and the reference vocabulary.
  EXPECT_EQ(PorterStem("caresses"), "caress");
  EXPECT_EQ(PorterStem("ponies"), "poni");
  EXPECT_EQ(PorterStem("ties"), "ti");
  EXPECT_EQ(PorterStem("cats"), "cat");
  EXPECT_EQ(PorterStem("feed"), "feed");
  EXPECT_EQ(PorterStem("agreed"), "agre");
  EXPECT_EQ(PorterStem("plastered"), "plaster");
  EXPECT_EQ(PorterStem("motoring"), "motor");
  EXPECT_EQ(PorterStem("sing"), "sing");
  EXPECT_EQ(PorterStem("conflated"), "conflat");
  EXPECT_EQ(PorterStem("hopping"), "hop");
  EXPECT_EQ(PorterStem("falling"), "fall");
  EXPECT_EQ(PorterStem("filing"), "file");
  EXPECT_EQ(PorterStem("happy"), "happi");
  EXPECT_EQ(PorterStem("relational"), "relat");
  EXPECT_EQ(PorterStem("conditional"), "condit");
  EXPECT_EQ(PorterStem("generalization"), "gener");
  EXPECT_EQ(PorterStem("electrical"), "electr");
  EXPECT_EQ(PorterStem("hopefulness"), "hope");
  EXPECT_EQ(PorterStem("adjustment"), "adjust");
  EXPECT_EQ(PorterStem("controlling"), "control");
  EXPECT_EQ(PorterStem("rolling"), "roll");
  EXPECT_EQ(PorterStem("probate"), "probat");
  EXPECT_EQ(PorterStem("rate"), "rate");
}

TEST(PorterStem, ScientificFamiliesConflate) {
  EXPECT_EQ(PorterStem("networks"), PorterStem("network"));
  EXPECT_EQ(PorterStem("optimization"), PorterStem("optimizing"));
  EXPECT_EQ(PorterStem("learning"), PorterStem("learned"));
  EXPECT_EQ(PorterStem("simulations"), PorterStem("simulation"));
  EXPECT_NE(PorterStem("protein"), PorterStem("proton"));
  // Non-ASCII and short words are left alone.
  EXPECT_EQ(PorterStem("éclair"), "éclair");
  EXPECT_EQ(PorterStem("as"), "as");
}

TEST(Terms, EnglishLowercasesStemsDropsStopWordsAndMarksBreaks) {
  const auto t = Terms("Graph Neural Networks for the Prediction of Protein Folding, in 2021.");
  const std::vector<std::string> expected = {"graph",   "neural", "network", "",
                                             "predict", "",       "protein", "fold"};
  EXPECT_EQ(t, expected);
}

TEST(Terms, FullWidthAndAccentsFold) {
  const auto t = Terms("ＧＰＵ Écoulement");
  EXPECT_TRUE(Has(t, "gpu"));
  EXPECT_TRUE(Has(t, "écoulement"));
}

TEST(Terms, JapaneseContentWords) {
  const auto t = Terms("深層学習を用いたタンパク質構造予測");
  if (HasMecab()) {
    EXPECT_TRUE(Has(t, "深層")) << testing::PrintToString(t);
    EXPECT_TRUE(Has(t, "学習"));
    EXPECT_TRUE(Has(t, "タンパク質") || Has(t, "タンパク"));
    EXPECT_TRUE(Has(t, "予測"));
    EXPECT_FALSE(Has(t, "を"));      // particles are breaks, not terms
    EXPECT_FALSE(Has(t, "用いる"));  // a stop verb
  } else {
    EXPECT_TRUE(Has(t, "深層"));
    EXPECT_TRUE(Has(t, "学習"));
  }
}

TEST(Terms, MixedJapaneseAndEnglish) {
  const auto t = Terms("CNNによる画像認識 (image recognition)");
  EXPECT_TRUE(Has(t, "cnn"));
  EXPECT_TRUE(Has(t, "画像"));
  EXPECT_TRUE(Has(t, "imag"));
  EXPECT_TRUE(Has(t, "recognit"));
}

TEST(Terms, InvalidUtf8IsSkipped) {
  const std::string bad = std::string("quantum \xFF\xFE dots") + std::string("\xE3\x81", 2);
  const auto t = Terms(bad);
  EXPECT_TRUE(Has(t, "quantum"));
  EXPECT_TRUE(Has(t, "dot"));
}

TEST(TermHashes, PhrasesDoNotSpanBreaks) {
  std::vector<std::uint64_t> h;
  TermHashes("neural networks, and protein", h);
  // neural network | protein | (end)
  ASSERT_EQ(h.size(), 5u);
  EXPECT_EQ(h[0], HashTerm("neural"));
  EXPECT_EQ(h[1], HashTerm("network"));
  EXPECT_EQ(h[2], 0u);
  EXPECT_EQ(h[3], HashTerm("protein"));
  EXPECT_EQ(h[4], 0u);
  EXPECT_NE(HashPhrase(h[0], h[1]), HashPhrase(h[1], h[0]));
}

}  // namespace
}  // namespace asta::affinity
