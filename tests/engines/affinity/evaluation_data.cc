// The evaluation sets and the loss of evaluation.h. Set A is generated from the
// vocabulary below (written for this test: nine fields of three subtopics, three fields
// in Japanese and English); set B is read from the EU call topics. Both are
// deterministic (a fixed-seed generator, sorted inputs).
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "evaluation.h"

namespace asta::affinity::eval {
namespace {

double PairLossSum(const std::vector<std::pair<int, double>>& rated, double* total) {
  double wrong = 0;
  for (std::size_t i = 0; i < rated.size(); ++i) {
    for (std::size_t j = i + 1; j < rated.size(); ++j) {
      const auto& [ri, si] = rated[i];
      const auto& [rj, sj] = rated[j];
      if (ri == rj) continue;
      const double w = std::abs(ri - rj);
      *total += w;
      if (si == sj) {
        wrong += w / 2;
      } else if ((ri > rj) != (si > sj)) {
        wrong += w;
      }
    }
  }
  return wrong;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(Below(static_cast<int>(v.size())))];
  }

 private:
  std::uint64_t state_;
};

// A term in English and, for the bilingual fields, Japanese.
struct Term {
  std::string en, ja;
};
struct Subtopic {
  std::vector<Term> terms;
};
struct Field {
  std::string name;
  bool bilingual = false;
  std::vector<Term> terms;
  std::vector<Subtopic> subtopics;
};

std::vector<Term> En(std::initializer_list<const char*> words) {
  std::vector<Term> out;
  for (const char* w : words) out.push_back({w, ""});
  return out;
}
std::vector<Term> Bi(std::initializer_list<std::pair<const char*, const char*>> pairs) {
  std::vector<Term> out;
  for (const auto& [ja, en] : pairs) out.push_back({en, ja});
  return out;
}

std::vector<Field> Fields() {
  return {
      {"machine learning",
       false,
       En({"deep learning", "training data", "generalization", "benchmarks", "neural architectures",
           "stochastic optimization"}),
       {{En({"graph neural networks", "message passing", "node classification",
             "graph convolutions", "link prediction", "graph embeddings", "molecular graphs",
             "heterophilous graphs"})},
        {En({"policy gradients", "reward shaping", "exploration bonuses",
             "offline reinforcement learning", "value functions", "Markov decision processes",
             "actor critic methods", "sample efficiency"})},
        {En({"language models", "machine translation", "named entity recognition",
             "subword tokenization", "question answering", "pretrained transformers",
             "text summarization", "dependency parsing"})}}},
      {"earth science",
       false,
       En({"remote sensing", "field observations", "numerical simulations", "geophysical data",
           "spatial resolution", "long-term records"}),
       {{En({"earthquake ruptures", "seismic waves", "fault slip", "ground motions",
             "subduction zones", "aftershock sequences", "seismic hazards", "focal mechanisms"})},
        {En({"climate models", "precipitation extremes", "sea surface temperatures",
             "aerosol forcing", "monsoon variability", "radiative forcing",
             "statistical downscaling", "heat waves"})},
        {En({"groundwater recharge", "river discharge", "flood forecasting", "catchment hydrology",
             "soil moisture", "snowmelt runoff", "aquifer storage", "evapotranspiration"})}}},
      {"biomedicine",
       false,
       En({"mouse models", "clinical samples", "molecular mechanisms", "cell biology",
           "disease progression", "in vivo experiments"}),
       {{En({"T cells", "cytokine signaling", "antigen presentation", "immune checkpoints",
             "regulatory T cells", "antibody responses", "innate immunity",
             "chronic inflammation"})},
        {En({"CRISPR screens", "gene expression", "single-cell sequencing",
             "chromatin accessibility", "genome-wide associations", "transcription factors",
             "epigenetic regulation", "RNA splicing"})},
        {En({"synaptic plasticity", "cortical circuits", "neural activity", "hippocampal memory",
             "dopamine signaling", "calcium imaging", "motor cortex", "sensory processing"})}}},
      {"materials",
       false,
       En({"density functional theory", "materials synthesis", "structural characterization",
           "nanostructures", "long-term stability", "X-ray diffraction"}),
       {{En({"lithium-ion batteries", "solid electrolytes", "cathode materials", "dendrite growth",
             "capacity fading", "sodium-ion batteries", "electrode interfaces",
             "ionic conductivity"})},
        {En({"perovskite solar cells", "power conversion efficiency", "charge carriers",
             "thin films", "tandem cells", "defect passivation", "band gaps", "light absorption"})},
        {En({"electrocatalysts", "hydrogen evolution", "oxygen reduction", "single-atom catalysts",
             "CO2 reduction", "active sites", "catalytic activity", "water splitting"})}}},
      {"robotics",
       false,
       En({"real robots", "simulation environments", "real-time performance", "system dynamics",
           "onboard sensors", "safety constraints"}),
       {{En({"robotic grasping", "dexterous manipulation", "tactile sensing",
             "object pose estimation", "motion planning", "grasp planning", "contact-rich tasks",
             "end effectors"})},
        {En({"autonomous vehicles", "trajectory prediction", "lidar point clouds", "sensor fusion",
             "pedestrian detection", "lane keeping", "traffic scenes", "vehicle localization"})},
        {En({"model predictive control", "robust control", "Lyapunov stability",
             "nonlinear systems", "state estimation", "optimal control", "feedback controllers",
             "system identification"})}}},
      {"economics",
       false,
       En({"panel data", "causal effects", "policy evaluation", "econometric models", "survey data",
           "natural experiments"}),
       {{En({"minimum wages", "labor markets", "unemployment insurance", "wage inequality",
             "job search", "worker mobility", "human capital", "employment effects"})},
        {En({"microfinance", "poverty reduction", "cash transfers", "agricultural productivity",
             "randomized trials", "household consumption", "rural credit", "development aid"})},
        {En({"asset pricing", "stock returns", "monetary policy", "interest rates", "bank lending",
             "financial crises", "risk premia", "market volatility"})}}},
      {"disaster prevention",
       true,
       Bi({{"防災", "disaster risk reduction"},
           {"被害推定", "damage estimation"},
           {"数値解析", "numerical analysis"},
           {"ハザードマップ", "hazard maps"}}),
       {{Bi({{"津波浸水", "tsunami inundation"},
             {"沿岸防災", "coastal protection"},
             {"避難行動", "evacuation behavior"},
             {"津波警報", "tsunami warnings"},
             {"浸水想定", "inundation mapping"},
             {"防潮堤", "seawalls"}})},
        {Bi({{"土砂災害", "landslide disasters"},
             {"斜面崩壊", "slope failures"},
             {"降雨強度", "rainfall intensity"},
             {"土石流", "debris flows"},
             {"地盤変動", "ground deformation"},
             {"崩壊予測", "failure prediction"}})},
        {Bi({{"耐震設計", "seismic design"},
             {"免震構造", "base isolation"},
             {"鉄筋コンクリート", "reinforced concrete"},
             {"構造応答", "structural response"},
             {"振動台実験", "shaking table tests"},
             {"耐震補強", "seismic retrofitting"}})}}},
      {"medicine",
       true,
       Bi({{"臨床研究", "clinical research"},
           {"患者データ", "patient data"},
           {"医療機器", "medical devices"},
           {"健康寿命", "healthy life expectancy"}}),
       {{Bi({{"医用画像", "medical images"},
             {"病変検出", "lesion detection"},
             {"深層学習", "deep learning"},
             {"画像診断", "image diagnosis"},
             {"CT画像", "CT scans"},
             {"画像分類", "image classification"}})},
        {Bi({{"高齢者介護", "elderly care"},
             {"認知症", "dementia"},
             {"介護ロボット", "care robots"},
             {"見守りシステム", "monitoring systems"},
             {"歩行支援", "gait assistance"},
             {"転倒予防", "fall prevention"}})},
        {Bi({{"感染症", "infectious diseases"},
             {"ワクチン開発", "vaccine development"},
             {"ウイルス変異", "viral mutations"},
             {"抗体価", "antibody titers"},
             {"感染拡大", "epidemic spread"},
             {"数理モデル", "mathematical models"}})}}},
      {"energy and environment",
       true,
       Bi({{"脱炭素", "decarbonization"},
           {"環境影響", "environmental impact"},
           {"長期観測", "long-term monitoring"},
           {"気候変動", "climate change"}}),
       {{Bi({{"水素製造", "hydrogen production"},
             {"燃料電池", "fuel cells"},
             {"水電解", "water electrolysis"},
             {"水素貯蔵", "hydrogen storage"},
             {"触媒開発", "catalyst development"},
             {"アンモニア合成", "ammonia synthesis"}})},
        {Bi({{"森林生態系", "forest ecosystems"},
             {"炭素吸収", "carbon sequestration"},
             {"生物多様性", "biodiversity"},
             {"樹木成長", "tree growth"},
             {"土壌炭素", "soil carbon"},
             {"植生変化", "vegetation change"}})},
        {Bi({{"海洋観測", "ocean observations"},
             {"海水温", "sea temperature"},
             {"海洋酸性化", "ocean acidification"},
             {"漁業資源", "fishery resources"},
             {"プランクトン", "plankton"},
             {"沿岸生態系", "coastal ecosystems"}})}}},
  };
}

const std::vector<std::string> kGenericEn = {"a unified framework",
                                             "large-scale datasets",
                                             "overall performance",
                                             "careful analysis",
                                             "systematic evaluation",
                                             "robustness",
                                             "computational efficiency",
                                             "prediction accuracy",
                                             "scalability",
                                             "interpretability",
                                             "uncertainty quantification",
                                             "open-source software",
                                             "prior work",
                                             "theoretical guarantees",
                                             "practical applications",
                                             "case studies"};
const std::vector<std::string> kGenericJa = {"枠組み",   "大規模データ", "性能評価", "精度向上",
                                             "頑健性",   "計算効率",     "不確実性", "実用化",
                                             "事例研究", "解析手法"};

// Plural or singular, as writers vary them ("graph embeddings" / "graph embedding").
std::string Inflect(const std::string& t, Rng& rng) {
  if (rng.Unit() < 0.35 && t.size() > 3 && t.back() == 's' && t[t.size() - 2] != 's') {
    return t.substr(0, t.size() - 1);
  }
  if (rng.Unit() < 0.15 && t.back() != 's') return t + "s";
  return t;
}

struct Spot {
  int field, subtopic;
};

class Writer {
 public:
  Writer(const std::vector<Field>& fields, Rng& rng) : fields_(fields), rng_(rng) {}

  // A term for a text about `s`: mostly the subtopic's, then the field's, a sibling
  // subtopic's, or generic research vocabulary.
  std::string TermFor(Spot s, bool ja) {
    const Field& f = fields_[static_cast<std::size_t>(s.field)];
    const double u = rng_.Unit();
    const Term* t = nullptr;
    if (u < 0.55) {
      t = &rng_.Pick(f.subtopics[static_cast<std::size_t>(s.subtopic)].terms);
    } else if (u < 0.75) {
      t = &rng_.Pick(f.terms);
    } else if (u < 0.85) {
      const int sib = (s.subtopic + 1 + rng_.Below(2)) % 3;
      t = &rng_.Pick(f.subtopics[static_cast<std::size_t>(sib)].terms);
    }
    if (t == nullptr) return ja ? rng_.Pick(kGenericJa) : rng_.Pick(kGenericEn);
    if (ja) return t->ja;
    return Inflect(t->en, rng_);
  }

  Document Write(Spot s, bool ja, int sentences) {
    Document d;
    auto a = [&] { return TermFor(s, ja); };
    // Titles lean on the subtopic.
    auto topical = [&] {
      const Field& f = fields_[static_cast<std::size_t>(s.field)];
      const Term& t = rng_.Pick(f.subtopics[static_cast<std::size_t>(s.subtopic)].terms);
      return ja ? t.ja : Inflect(t.en, rng_);
    };
    if (ja) {
      static const char* kTitles[] = {"%1を用いた%2の解析", "%1と%2に関する検討",
                                      "%1における%2の評価", "%1による%2の高度化"};
      d.title = kTitles[rng_.Below(4)];
      static const char* kSentences[] = {"本研究では%1について検討した。",
                                         "%1と%2の関係を明らかにした。",
                                         "%1を用いて%2を解析した。",
                                         "%2の観点から%1を評価した。",
                                         "その結果、%1が%2に影響することが分かった。",
                                         "%1の課題として%2が挙げられる。"};
      for (int i = 0; i < sentences; ++i) d.abstract += kSentences[rng_.Below(6)];
    } else {
      static const char* kTitles[] = {"%1 for %2", "Towards %1 in %2", "%1: %2 revisited",
                                      "Improving %1 through %2", "On %1 and %2"};
      d.title = kTitles[rng_.Below(5)];
      static const char* kSentences[] = {
          "We investigate %1 and its role in %2. ",
          "Our method combines %1 with %2 to address open problems. ",
          "Experiments on %1 demonstrate clear gains over existing methods for %2. ",
          "This builds on earlier studies of %1. ",
          "We report %1 under realistic %2 conditions. ",
          "The results suggest that %1 improves %2 substantially. ",
          "A key challenge is %1 when %2 is limited. "};
      for (int i = 0; i < sentences; ++i) d.abstract += kSentences[rng_.Below(7)];
    }
    Fill(d.title, topical, topical);
    Fill(d.abstract, a, a);
    return d;
  }

 private:
  template <typename F1, typename F2>
  void Fill(std::string& text, F1 first, F2 second) {
    for (std::size_t pos; (pos = text.find("%1")) != std::string::npos;) {
      text.replace(pos, 2, first());
    }
    for (std::size_t pos; (pos = text.find("%2")) != std::string::npos;) {
      text.replace(pos, 2, second());
    }
  }
  const std::vector<Field>& fields_;
  Rng& rng_;
};

// Reads a gzip file whole; empty when it cannot be read.
std::string ReadGzip(const std::string& path) {
  std::string out;
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(f, buffer, sizeof buffer)) > 0)
    out.append(buffer, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

}  // namespace

double Loss(const GoldSet& set, const std::vector<Score>& scores) {
  const std::size_t n_rev = set.reviewers.size();
  std::map<int, std::vector<std::pair<int, double>>> by_reviewer;
  for (const Rating& r : set.ratings) {
    const Score& s = scores[static_cast<std::size_t>(r.submission) * n_rev +
                            static_cast<std::size_t>(r.reviewer)];
    by_reviewer[r.reviewer].emplace_back(r.value, s.score);
  }
  double wrong = 0, total = 0;
  for (const auto& [reviewer, rated] : by_reviewer) wrong += PairLossSum(rated, &total);
  return total > 0 ? wrong / total : 0.0;
}

GoldSet ConstructedSet() {
  GoldSet set;
  set.name = "constructed (EN/JA)";
  const std::vector<Field> fields = Fields();
  Rng rng(20240611);
  Writer writer(fields, rng);
  const int n_fields = static_cast<int>(fields.size());

  // Submissions: four per subtopic; in the bilingual fields half of them in Japanese.
  std::vector<Spot> sub_spot;
  std::vector<bool> sub_ja;
  for (int f = 0; f < n_fields; ++f) {
    for (int t = 0; t < 3; ++t) {
      for (int i = 0; i < 4; ++i) {
        const bool ja = fields[static_cast<std::size_t>(f)].bilingual && i % 2 == 1;
        Document d = writer.Write({f, t}, ja, 4 + rng.Below(4));
        d.id = "sub-" + std::to_string(set.submissions.size());
        set.submissions.push_back(std::move(d));
        sub_spot.push_back({f, t});
        sub_ja.push_back(ja);
      }
    }
  }

  // Reviewers: two per subtopic. Main subtopic (recent papers), a secondary subtopic of
  // the same field, and older papers in another field.
  for (int f = 0; f < n_fields; ++f) {
    for (int t = 0; t < 3; ++t) {
      for (int copy = 0; copy < 2; ++copy) {
        Reviewer r;
        r.id = "rev-" + std::to_string(set.reviewers.size());
        const Spot main{f, t};
        const Spot second{f, (t + 1 + rng.Below(2)) % 3};
        const Spot old{(f + 1 + rng.Below(n_fields - 1)) % n_fields, rng.Below(3)};
        const bool reads_ja = fields[static_cast<std::size_t>(f)].bilingual && copy == 0;
        const int n = 6 + rng.Below(9);
        for (int i = 0; i < n; ++i) {
          const double u = rng.Unit();
          Spot s = main;
          int year = 2016 + rng.Below(9);
          if (u > 0.85) {
            s = old;
            year = 2003 + rng.Below(9);
          } else if (u > 0.6) {
            s = second;
            year = 2012 + rng.Below(13);
          }
          const bool ja =
              reads_ja && fields[static_cast<std::size_t>(s.field)].bilingual && rng.Unit() < 0.7;
          Document d = writer.Write(s, ja, 3 + rng.Below(5));
          d.id = r.id + "-p" + std::to_string(i);
          d.year = year;
          r.papers.push_back(std::move(d));
        }
        const int ri = static_cast<int>(set.reviewers.size());
        set.reviewers.push_back(std::move(r));
        // Ratings: what the reviewer would say of submissions they can read.
        std::map<int, std::vector<int>> pool;  // rating -> submissions
        for (std::size_t s = 0; s < set.submissions.size(); ++s) {
          if (sub_ja[s] && !reads_ja) continue;
          const Spot sp = sub_spot[s];
          int value = 0;
          if (sp.field == main.field && sp.subtopic == main.subtopic) {
            value = 5;
          } else if (sp.field == second.field && sp.subtopic == second.subtopic) {
            value = 4;
          } else if (sp.field == main.field) {
            value = 2;
          } else if (sp.field == old.field && sp.subtopic == old.subtopic) {
            value = 1;
          }
          pool[value].push_back(static_cast<int>(s));
        }
        const std::map<int, int> want = {{5, 2}, {4, 2}, {2, 2}, {1, 1}, {0, 3}};
        for (const auto& [value, count] : want) {
          std::vector<int>& candidates = pool[value];
          for (int k = 0; k < count && !candidates.empty(); ++k) {
            const int at = rng.Below(static_cast<int>(candidates.size()));
            set.ratings.push_back({ri, candidates[static_cast<std::size_t>(at)], value});
            candidates.erase(candidates.begin() + at);
          }
        }
      }
    }
  }
  return set;
}

GoldSet EuCallSet(const std::string& path) {
  GoldSet set;
  set.name = "EU call topics";
  const std::string text = ReadGzip(path);
  if (text.empty()) return set;
  struct Topic {
    std::string id, title, description, call, part;
  };
  std::vector<Topic> topics;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    Topic t;
    t.id = j.value("topicId", "");
    t.title = j.value("title", "");
    t.description = j.value("description", "");
    t.call = j.value("callIdentifier", "");
    // The programme part: HORIZON-CL5, LIFE, EDF, … (the topic id up to its second dash
    // for Horizon Europe, the first otherwise).
    const std::size_t d1 = t.id.find('-');
    const std::size_t d2 = d1 == std::string::npos ? d1 : t.id.find('-', d1 + 1);
    t.part = t.id.rfind("HORIZON-", 0) == 0 ? t.id.substr(0, d2) : t.id.substr(0, d1);
    if (t.id.empty() || t.call.empty() || t.description.size() < 200) continue;
    topics.push_back(std::move(t));
  }
  std::sort(topics.begin(), topics.end(),
            [](const Topic& a, const Topic& b) { return a.id < b.id; });
  std::map<std::string, std::vector<std::size_t>> by_call;
  for (std::size_t i = 0; i < topics.size(); ++i) by_call[topics[i].call].push_back(i);
  // Calls with at least four topics become reviewers: every third topic held out as a
  // submission, the rest their "papers".
  std::vector<std::string> sub_call, sub_part;
  std::vector<std::pair<std::string, std::string>> reviewer_call_part;
  for (const auto& [call, members] : by_call) {
    if (members.size() < 4) continue;
    Reviewer r;
    r.id = call;
    for (std::size_t k = 0; k < members.size(); ++k) {
      const Topic& t = topics[members[k]];
      Document d;
      d.id = t.id;
      d.title = t.title;
      d.abstract = t.description;
      if (k % 3 == 1) {
        set.submissions.push_back(std::move(d));
        sub_call.push_back(t.call);
        sub_part.push_back(t.part);
      } else {
        r.papers.push_back(std::move(d));
      }
    }
    reviewer_call_part.emplace_back(call, topics[members[0]].part);
    set.reviewers.push_back(std::move(r));
  }
  // Each reviewer rates every held-out topic of their call (5), up to four of their
  // programme part (3) and four others (0), picked deterministically.
  Rng rng(629);
  for (std::size_t r = 0; r < set.reviewers.size(); ++r) {
    std::vector<int> same, part, other;
    for (std::size_t s = 0; s < set.submissions.size(); ++s) {
      if (sub_call[s] == reviewer_call_part[r].first) {
        same.push_back(static_cast<int>(s));
      } else if (sub_part[s] == reviewer_call_part[r].second) {
        part.push_back(static_cast<int>(s));
      } else {
        other.push_back(static_cast<int>(s));
      }
    }
    for (int s : same) set.ratings.push_back({static_cast<int>(r), s, 5});
    for (auto [pool, value] : {std::pair<std::vector<int>*, int>{&part, 3}, {&other, 0}}) {
      for (int k = 0; k < 4 && !pool->empty(); ++k) {
        const int at = rng.Below(static_cast<int>(pool->size()));
        set.ratings.push_back({static_cast<int>(r), (*pool)[static_cast<std::size_t>(at)], value});
        pool->erase(pool->begin() + at);
      }
    }
  }
  return set;
}

}  // namespace asta::affinity::eval
