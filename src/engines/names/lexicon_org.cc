// The curated lexicons: organisation terms in Han, kana, Hangul, Cyrillic and Arabic
// script with their English concept; the English (and a few other Latin-script) forms of
// those concepts; legal forms; honorifics and particles. All tables are built once, on
// first use, and are read-only afterwards.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "engines/names/analyzer_internal.h"

namespace asta::names::internal {

namespace {

constexpr std::string_view kCjkTable =
#include "engines/names/lexicon_terms.inc"
    ;

struct CjkLexicon {
  std::unordered_map<std::u32string, LexiconEntry> entries;
  std::size_t max_length = 0;
};

const CjkLexicon& Cjk() {
  static const CjkLexicon* lexicon = [] {
    auto* lex = new CjkLexicon();
    std::size_t pos = 0;
    while (pos < kCjkTable.size()) {
      std::size_t end = kCjkTable.find('\n', pos);
      if (end == std::string_view::npos) end = kCjkTable.size();
      const std::string_view line = kCjkTable.substr(pos, end - pos);
      pos = end + 1;
      const std::size_t bar1 = line.find('|');
      const std::size_t bar2 = line.rfind('|');
      if (bar1 == std::string_view::npos || bar2 == bar1) continue;
      LexiconEntry entry;
      entry.english = std::string(line.substr(bar1 + 1, bar2 - bar1 - 1));
      const char role = bar2 + 1 < line.size() ? line[bar2 + 1] : 'o';
      entry.role = role == 'p'   ? TokenRole::kName
                   : role == 'l' ? TokenRole::kLegalForm
                                 : TokenRole::kOrgTerm;
      std::u32string term = DecodeUtf8(line.substr(0, bar1));
      lex->max_length = std::max(lex->max_length, term.size());
      lex->entries.emplace(std::move(term), std::move(entry));
    }
    return lex;
  }();
  return *lexicon;
}

struct WordTerm {
  const char* stem;
  const char* english;
};

// Cyrillic stems (matched as prefixes of a case-folded word, so that inflected forms meet
// them) and Arabic/Persian words (matched whole, after the article ال is taken off).
constexpr WordTerm kCyrillicStems[] = {
    {"университет", "university"},
    {"институт", "institute"},
    {"академи", "academy"},
    {"наук", "science"},
    {"научн", "research"},
    {"исследовательск", "research"},
    {"исследован", "research"},
    {"центр", "center"},
    {"завод", "factory"},
    {"министерств", "ministry"},
    {"государствен", "state"},
    {"национальн", "national"},
    {"федеральн", "federal"},
    {"технологи", "technology"},
    {"техническ", "technology"},
    {"инженерн", "engineering"},
    {"ядерн", "nuclear"},
    {"атомн", "nuclear"},
    {"энерг", "energy"},
    {"авиацион", "aeronautics"},
    {"космическ", "space"},
    {"ракетн", "rocket"},
    {"банк", "bank"},
    {"корпорац", "corporation"},
    {"концерн", "group"},
    {"групп", "group"},
    {"предприяти", "enterprise"},
    {"объединени", "association"},
    {"медицинск", "medical"},
    {"больниц", "hospital"},
    {"физик", "physics"},
    {"хими", "chemistry"},
    {"электрон", "electronics"},
    {"промышлен", "industry"},
    {"лаборатори", "laboratory"},
    {"компани", "co"},
    {"московск", "moscow"},
    {"москв", "moscow"},
    {"российск", "russia"},
    {"росси", "russia"},
    {"петербургск", "petersburg"},
    {"сибирск", "siberia"},
};

bool IsPlaceGloss(std::string_view english) {
  return english == "moscow" || english == "russia" || english == "petersburg" ||
         english == "siberia";
}

constexpr WordTerm kArabicWords[] = {
    {"جامعة", "university"},
    {"جامعه", "university"},
    {"معهد", "institute"},
    {"مركز", "center"},
    {"مؤسسة", "foundation"},
    {"وزارة", "ministry"},
    {"بنك", "bank"},
    {"مصرف", "bank"},
    {"مجموعة", "group"},
    {"هيئة", "authority"},
    {"منظمة", "organization"},
    {"جمعية", "association"},
    {"مستشفى", "hospital"},
    {"أكاديمية", "academy"},
    {"اكاديمية", "academy"},
    {"كلية", "college"},
    {"بحوث", "research"},
    {"البحوث", "research"},
    {"علوم", "science"},
    {"تكنولوجيا", "technology"},
    {"صناعات", "industry"},
    {"صناعة", "industry"},
    {"وطنية", "national"},
    {"وطني", "national"},
    {"دولية", "international"},
    {"تجارة", "trading"},
    {"شركة", "co"},
    {"دانشگاه", "university"},
    {"پژوهشگاه", "institute"},
    {"پژوهشکده", "institute"},
    {"موسسه", "institute"},
    {"مؤسسه", "institute"},
    {"سازمان", "organization"},
    {"شرکت", "co"},
    {"صنایع", "industry"},
    {"مرکز", "center"},
    {"وزارت", "ministry"},
    {"بانک", "bank"},
    {"گروه", "group"},
    {"هسته", "nuclear"},
    {"هسته‌ای", "nuclear"},
    {"انرژی", "energy"},
    {"اتمی", "nuclear"},
    {"فناوری", "technology"},
    {"تحقیقات", "research"},
    {"صنعتی", "industry"},
    {"ملی", "national"},
    {"دفاع", "defense"},
    {"دفاعی", "defense"},
    {"هوایی", "aeronautics"},
    {"فضایی", "space"},
};

struct WordLexicon {
  std::vector<std::pair<std::u32string, LexiconEntry>> cyrillic;
  std::unordered_map<std::u32string, LexiconEntry> arabic;
};

const WordLexicon& Words() {
  static const WordLexicon* lexicon = [] {
    auto* lex = new WordLexicon();
    auto entry_of = [](const char* english) {
      LexiconEntry entry;
      entry.english = english;
      entry.role = std::string_view(english) == "co" ? TokenRole::kLegalForm
                   : IsPlaceGloss(english)           ? TokenRole::kName
                                                     : TokenRole::kOrgTerm;
      return entry;
    };
    for (const WordTerm& w : kCyrillicStems) {
      lex->cyrillic.emplace_back(DecodeUtf8(w.stem), entry_of(w.english));
    }
    // Longest stem first, so that "исследовательск" wins over a shorter prefix.
    std::sort(lex->cyrillic.begin(), lex->cyrillic.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const WordTerm& w : kArabicWords) {
      lex->arabic.emplace(DecodeUtf8(w.stem), entry_of(w.english));
    }
    return lex;
  }();
  return *lexicon;
}

// English forms of the organisation concepts, and the same words in a few other Latin-
// script languages that the lists and ROR use.
const std::unordered_map<std::string_view, std::string_view>& EnglishConcepts() {
  static const auto* table = new std::unordered_map<std::string_view, std::string_view>{
      {"university", "university"},
      {"universities", "university"},
      {"univ", "university"},
      {"universidad", "university"},
      {"universidade", "university"},
      {"universite", "university"},
      {"universitat", "university"},
      {"universita", "university"},
      {"universiteit", "university"},
      {"uniwersytet", "university"},
      {"univerzita", "university"},
      {"universitet", "university"},
      {"daigaku", "university"},
      {"daxue", "university"},
      {"daehakgyo", "university"},
      {"institute", "institute"},
      {"institutes", "institute"},
      {"inst", "institute"},
      {"institut", "institute"},
      {"instituto", "institute"},
      {"istituto", "institute"},
      {"kenkyusho", "institute"},
      {"yanjiusuo", "institute"},
      {"academy", "academy"},
      {"academia", "academy"},
      {"academie", "academy"},
      {"akademie", "academy"},
      {"akademiya", "academy"},
      {"academies", "academy"},
      {"center", "center"},
      {"centre", "center"},
      {"centers", "center"},
      {"centres", "center"},
      {"centro", "center"},
      {"zentrum", "center"},
      {"centrum", "center"},
      {"laboratory", "laboratory"},
      {"laboratories", "laboratory"},
      {"lab", "laboratory"},
      {"labs", "laboratory"},
      {"laboratoire", "laboratory"},
      {"laboratorio", "laboratory"},
      {"hospital", "hospital"},
      {"hospitals", "hospital"},
      {"hopital", "hospital"},
      {"ospedale", "hospital"},
      {"krankenhaus", "hospital"},
      {"clinic", "clinic"},
      {"college", "college"},
      {"school", "school"},
      {"schools", "school"},
      {"graduate", "graduate"},
      {"faculty", "faculty"},
      {"department", "department"},
      {"dept", "department"},
      {"society", "society"},
      {"association", "association"},
      {"federation", "federation"},
      {"foundation", "foundation"},
      {"fund", "fund"},
      {"organization", "organization"},
      {"organisation", "organization"},
      {"committee", "committee"},
      {"commission", "committee"},
      {"council", "council"},
      {"ministry", "ministry"},
      {"ministerio", "ministry"},
      {"ministere", "ministry"},
      {"ministerium", "ministry"},
      {"agency", "agency"},
      {"bureau", "bureau"},
      {"administration", "administration"},
      {"authority", "authority"},
      {"office", "office"},
      {"headquarters", "headquarters"},
      {"branch", "branch"},
      {"research", "research"},
      {"recherche", "research"},
      {"investigacion", "research"},
      {"forschung", "research"},
      {"ricerca", "research"},
      {"development", "development"},
      {"science", "science"},
      {"sciences", "science"},
      {"scientific", "science"},
      {"ciencias", "science"},
      {"ciencia", "science"},
      {"scienze", "science"},
      {"wissenschaften", "science"},
      {"technology", "technology"},
      {"technologies", "technology"},
      {"technological", "technology"},
      {"technical", "technology"},
      {"tech", "technology"},
      {"tecnologia", "technology"},
      {"technologie", "technology"},
      {"polytechnic", "technology"},
      {"polytechnical", "technology"},
      {"engineering", "engineering"},
      {"industry", "industry"},
      {"industries", "industry"},
      {"industrial", "industry"},
      {"industria", "industry"},
      {"industrie", "industry"},
      {"electronics", "electronics"},
      {"electronic", "electronics"},
      {"electric", "electric"},
      {"electrical", "electric"},
      {"machinery", "machinery"},
      {"heavy", "heavy"},
      {"aeronautics", "aeronautics"},
      {"aeronautical", "aeronautics"},
      {"aviation", "aeronautics"},
      {"aerospace", "aerospace"},
      {"astronautics", "aerospace"},
      {"space", "space"},
      {"nuclear", "nuclear"},
      {"atomic", "nuclear"},
      {"medical", "medical"},
      {"medicine", "medical"},
      {"medicina", "medical"},
      {"medizin", "medical"},
      {"health", "health"},
      {"pharmaceutical", "pharmaceutical"},
      {"pharmaceuticals", "pharmaceutical"},
      {"pharmacy", "pharmacy"},
      {"dental", "dental"},
      {"nursing", "nursing"},
      {"chemistry", "chemistry"},
      {"chemical", "chemistry"},
      {"chemicals", "chemistry"},
      {"physics", "physics"},
      {"mathematics", "mathematics"},
      {"biology", "biology"},
      {"biological", "biology"},
      {"agriculture", "agriculture"},
      {"agricultural", "agriculture"},
      {"forestry", "forestry"},
      {"fisheries", "fisheries"},
      {"veterinary", "veterinary"},
      {"ocean", "ocean"},
      {"oceanography", "ocean"},
      {"marine", "ocean"},
      {"environment", "environment"},
      {"environmental", "environment"},
      {"energy", "energy"},
      {"power", "power"},
      {"petroleum", "petroleum"},
      {"mining", "mining"},
      {"steel", "steel"},
      {"metal", "metal"},
      {"metals", "metal"},
      {"materials", "materials"},
      {"material", "materials"},
      {"information", "information"},
      {"communication", "communication"},
      {"communications", "communication"},
      {"telecommunications", "telecommunications"},
      {"telecommunication", "telecommunications"},
      {"computer", "computer"},
      {"computing", "computer"},
      {"software", "software"},
      {"network", "network"},
      {"semiconductor", "semiconductor"},
      {"optics", "optics"},
      {"optical", "optics"},
      {"precision", "precision"},
      {"instrument", "instrument"},
      {"instruments", "instrument"},
      {"equipment", "equipment"},
      {"construction", "construction"},
      {"architecture", "architecture"},
      {"transportation", "transportation"},
      {"transport", "transport"},
      {"railway", "railway"},
      {"railways", "railway"},
      {"shipbuilding", "shipbuilding"},
      {"automobile", "automobile"},
      {"automotive", "automobile"},
      {"motor", "motor"},
      {"motors", "motor"},
      {"rocket", "rocket"},
      {"missile", "missile"},
      {"ordnance", "ordnance"},
      {"defense", "defense"},
      {"defence", "defense"},
      {"military", "military"},
      {"army", "army"},
      {"navy", "navy"},
      {"applied", "applied"},
      {"advanced", "advanced"},
      {"national", "national"},
      {"nacional", "national"},
      {"nationale", "national"},
      {"nazionale", "national"},
      {"state", "state"},
      {"international", "international"},
      {"central", "central"},
      {"public", "public"},
      {"private", "private"},
      {"prefectural", "prefectural"},
      {"prefecture", "prefectural"},
      {"business", "business"},
      {"junior", "junior"},
      {"political", "politics"},
      {"politics", "politics"},
      {"finances", "finance"},
      {"accounting", "accounting"},
      {"tanki", "junior"},
      {"kenkyujo", "institute"},
      {"kenkyusho", "institute"},
      {"kenkyusyo", "institute"},
      {"kenkyu", "research"},
      {"senta", "center"},
      {"sentaa", "center"},
      {"gijutsu", "technology"},
      {"kogyo", "industry"},
      {"sangyo", "industry"},
      {"kyokai", "association"},
      {"gakkai", "society"},
      {"byoin", "hospital"},
      {"zaidan", "foundation"},
      {"xueyuan", "college"},
      {"yanjiuyuan", "academy"},
      {"yiyuan", "hospital"},
      {"jituan", "group"},
      {"keji", "technology"},
      {"gongye", "industry"},
      {"zhongxin", "center"},
      {"daehakgyo", "university"},
      {"daehak", "university"},
      {"yeonguso", "institute"},
      {"yeonguwon", "institute"},
      {"byeongwon", "hospital"},
      {"city", "city"},
      {"province", "provincial"},
      {"district", "district"},
      {"town", "town"},
      {"village", "village"},
      {"key", "key"},
      {"vocational", "vocational"},
      {"promotion", "promotion"},
      {"support", "support"},
      {"protection", "protection"},
      {"safety", "safety"},
      {"informatics", "informatics"},
      {"statistics", "statistics"},
      {"welfare", "welfare"},
      {"studies", "studies"},
      {"peoples", "peoples"},
      {"affiliated", "affiliated"},
      {"general", "general"},
      {"comprehensive", "comprehensive"},
      {"test", "test"},
      {"testing", "testing"},
      {"observatory", "observatory"},
      {"geology", "geology"},
      {"geological", "geology"},
      {"meteorology", "meteorology"},
      {"meteorological", "meteorology"},
      {"astronomy", "astronomy"},
      {"astronomical", "astronomy"},
      {"normal", "normal"},
      {"mathematical", "mathematics"},
      {"physical", "physics"},
      {"biotechnology", "biotechnology"},
      {"genetics", "genetics"},
      {"food", "food"},
      {"culture", "culture"},
      {"cultural", "culture"},
      {"music", "music"},
      {"sport", "sport"},
      {"sports", "sport"},
      {"nonferrous", "nonferrous"},
      {"metallurgy", "metallurgy"},
      {"metallurgical", "metallurgy"},
      {"civil", "civil"},
      {"municipal", "municipal"},
      {"provincial", "provincial"},
      {"federal", "federal"},
      {"normal", "normal"},
      {"economics", "economics"},
      {"economic", "economics"},
      {"finance", "finance"},
      {"financial", "finance"},
      {"commerce", "commerce"},
      {"law", "law"},
      {"management", "management"},
      {"education", "education"},
      {"educational", "education"},
      {"art", "art"},
      {"arts", "art"},
      {"museum", "museum"},
      {"library", "library"},
      {"trading", "trading"},
      {"trade", "trading"},
      {"bank", "bank"},
      {"banco", "bank"},
      {"banque", "bank"},
      {"insurance", "insurance"},
      {"securities", "securities"},
      {"investment", "investment"},
      {"holdings", "holdings"},
      {"holding", "holdings"},
      {"group", "group"},
      {"gruppe", "group"},
      {"groupe", "group"},
      {"grupo", "group"},
      {"enterprise", "enterprise"},
      {"enterprises", "enterprise"},
      {"factory", "factory"},
      {"plant", "factory"},
      {"works", "works"},
      {"manufacturing", "manufacturing"},
      {"design", "design"},
      {"consulting", "consulting"},
      {"services", "services"},
      {"service", "services"},
      {"systems", "systems"},
      {"system", "systems"},
  };
  return *table;
}

const std::unordered_map<std::string_view, std::string_view>& LatinPlaces() {
  static const auto* table = new std::unordered_map<std::string_view, std::string_view>{
      {"chinese", "china"},          {"japanese", "japan"},
      {"nippon", "japan"},           {"nihon", "japan"},
      {"korean", "korea"},           {"russian", "russia"},
      {"iranian", "iran"},           {"syrian", "syria"},
      {"pakistani", "pakistan"},     {"indian", "india"},
      {"american", "america"},       {"german", "germany"},
      {"french", "france"},          {"british", "britain"},
      {"israeli", "israel"},         {"peking", "beijing"},
      {"northeastern", "northeast"}, {"northwestern", "northwest"},
      {"southwestern", "southwest"}, {"southeastern", "southeast"},
      {"zhongguo", "china"},         {"hanguk", "korea"},
      {"hankuk", "korea"},           {"chosun", "korea"},
      {"choson", "korea"},           {"joseon", "korea"},
  };
  return *table;
}

struct LegalForm {
  const char* words;  // space-separated keys
  const char* canonical;
};

constexpr LegalForm kLatinLegalForms[] = {
    {"ltd", "ltd"},
    {"limited", "ltd"},
    {"co ltd", "ltd"},
    {"co limited", "ltd"},
    {"company limited", "ltd"},
    {"corp ltd", "ltd"},
    {"corporation limited", "ltd"},
    {"pte ltd", "ltd"},
    {"pvt ltd", "ltd"},
    {"private limited", "ltd"},
    {"pty ltd", "ltd"},
    {"youxian gongsi", "ltd"},
    {"co", "co"},
    {"company", "co"},
    {"gongsi", "co"},
    {"corp", "co"},
    {"corporation", "co"},
    {"inc", "inc"},
    {"incorporated", "inc"},
    {"llc", "llc"},
    {"limited liability company", "llc"},
    {"ooo", "llc"},
    {"tov", "llc"},
    {"gk", "llc"},
    {"godo kaisha", "llc"},
    {"godo gaisha", "llc"},
    {"jsc", "jsc"},
    {"ojsc", "jsc"},
    {"cjsc", "jsc"},
    {"pjsc", "jsc"},
    {"zao", "jsc"},
    {"oao", "jsc"},
    {"pao", "jsc"},
    {"ao", "jsc"},
    {"joint stock company", "jsc"},
    {"open joint stock company", "jsc"},
    {"closed joint stock company", "jsc"},
    {"public joint stock company", "jsc"},
    {"jointstock company", "jsc"},
    {"kk", "kk"},
    {"kabushiki kaisha", "kk"},
    {"kabushiki gaisha", "kk"},
    {"kabushikigaisha", "kk"},
    {"kabushikikaisha", "kk"},
    {"jusikhoesa", "kk"},
    {"yk", "yk"},
    {"yugen kaisha", "yk"},
    {"yugen gaisha", "yk"},
    {"gmbh", "gmbh"},
    {"mbh", "gmbh"},
    {"gesellschaft mit beschrankter haftung", "gmbh"},
    {"ag", "ag"},
    {"aktiengesellschaft", "ag"},
    {"sa", "sa"},
    {"sociedad anonima", "sa"},
    {"societe anonyme", "sa"},
    {"sarl", "sarl"},
    {"sas", "sas"},
    {"plc", "plc"},
    {"public limited company", "plc"},
    {"llp", "llp"},
    {"lp", "lp"},
    {"pte", "pte"},
    {"sdn bhd", "sdnbhd"},
    {"sendirian berhad", "sdnbhd"},
    {"bhd", "bhd"},
    {"berhad", "bhd"},
    {"bv", "bv"},
    {"nv", "nv"},
    {"spa", "spa"},
    {"srl", "srl"},
    {"sro", "sro"},
    {"ab", "ab"},
    {"as", "as"},
    {"oy", "oy"},
    {"oyj", "oy"},
    {"kft", "kft"},
    {"sp z oo", "spzoo"},
    {"spzoo", "spzoo"},
    {"lda", "lda"},
    {"ltda", "lda"},
    {"se", "se"},
    {"tbk", "tbk"},
    {"pt", "pt"},
    {"fze", "fze"},
    {"fzco", "fze"},
    {"fzc", "fze"},
    {"fzllc", "fze"},
};

struct LegalFormTable {
  // First key -> the forms starting with it, longest first.
  std::unordered_map<std::string, std::vector<std::pair<std::vector<std::string>, std::string>>>
      by_first;
};

const LegalFormTable& LegalForms() {
  static const LegalFormTable* table = [] {
    auto* t = new LegalFormTable();
    for (const LegalForm& form : kLatinLegalForms) {
      std::vector<std::string> words;
      std::string cur;
      for (const char* p = form.words;; ++p) {
        if (*p == ' ' || *p == '\0') {
          if (!cur.empty()) words.push_back(cur);
          cur.clear();
          if (*p == '\0') break;
        } else {
          cur.push_back(*p);
        }
      }
      t->by_first[words[0]].emplace_back(words, form.canonical);
    }
    for (auto& [first, forms] : t->by_first) {
      std::stable_sort(forms.begin(), forms.end(), [](const auto& a, const auto& b) {
        return a.first.size() > b.first.size();
      });
    }
    return t;
  }();
  return *table;
}

}  // namespace

const LexiconEntry* LookupCjkTerm(std::u32string_view text) {
  const auto& entries = Cjk().entries;
  const auto it = entries.find(std::u32string(text));
  return it == entries.end() ? nullptr : &it->second;
}

std::size_t MaxCjkTermLength() { return Cjk().max_length; }

const LexiconEntry* LookupPlaceSuffix(char32_t suffix) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<char32_t, LexiconEntry>();
    for (const auto& [cp, english] : {std::pair<char32_t, const char*>{U'県', "prefectural"},
                                      {U'府', "prefectural"},
                                      {U'市', "municipal;city"},
                                      {U'省', "provincial"},
                                      {U'区', "district"},
                                      {U'區', "district"},
                                      {U'町', "town"},
                                      {U'村', "village"}}) {
      LexiconEntry e;
      e.english = english;
      e.role = TokenRole::kOrgTerm;
      t->emplace(cp, std::move(e));
    }
    return t;
  }();
  const auto it = table->find(suffix);
  return it == table->end() ? nullptr : &it->second;
}

const LexiconEntry* LookupWordTerm(std::u32string_view word) {
  if (word.empty()) return nullptr;
  const WordLexicon& lex = Words();
  if (ScriptOf(word[0]) == Script::kCyrillic) {
    for (const auto& [stem, entry] : lex.cyrillic) {
      if (word.size() >= stem.size() && word.substr(0, stem.size()) == stem) return &entry;
    }
    return nullptr;
  }
  auto it = lex.arabic.find(std::u32string(word));
  if (it != lex.arabic.end()) return &it->second;
  // The article (ال) and the preposition with the article (لل) are written joined.
  for (std::u32string_view prefix : {std::u32string_view(U"ال"), std::u32string_view(U"لل")}) {
    if (word.size() > prefix.size() + 1 && word.substr(0, prefix.size()) == prefix) {
      it = lex.arabic.find(std::u32string(word.substr(prefix.size())));
      if (it != lex.arabic.end()) return &it->second;
    }
  }
  return nullptr;
}

std::string_view EnglishOrgConcept(std::string_view key) {
  const auto& table = EnglishConcepts();
  const auto it = table.find(key);
  return it == table.end() ? std::string_view() : it->second;
}

std::string_view LatinPlaceKey(std::string_view key) {
  const auto& table = LatinPlaces();
  const auto it = table.find(key);
  return it == table.end() ? std::string_view() : it->second;
}

std::size_t MatchLatinLegalForm(const std::vector<std::string>& keys, std::size_t start,
                                std::string& canonical) {
  const auto& by_first = LegalForms().by_first;
  const auto it = by_first.find(keys[start]);
  if (it == by_first.end()) return 0;
  for (const auto& [words, canon] : it->second) {
    if (start + words.size() > keys.size()) continue;
    bool all = true;
    for (std::size_t i = 1; i < words.size(); ++i) {
      if (keys[start + i] != words[i]) {
        all = false;
        break;
      }
    }
    if (all) {
      canonical = canon;
      return words.size();
    }
  }
  return 0;
}

bool IsAmbiguousLegalForm(std::string_view key) {
  static const auto* ambiguous = new std::unordered_set<std::string_view>{
      "sa",  "ag",  "ab",  "as",  "ao",      "oy",   "pt",          "co",
      "nv",  "bv",  "se",  "lp",  "kk",      "yk",   "gk",          "lda",
      "sas", "spa", "pte", "tov", "company", "corp", "corporation", "gongsi"};
  return ambiguous->count(key) > 0;
}

bool IsLatinStopWord(std::string_view key, Kind kind) {
  static const auto* honorifics = new std::unordered_set<std::string_view>{
      "mr",        "mrs",    "ms",      "miss",    "mx",      "dr",     "prof",
      "professor", "sir",    "dame",    "lord",    "sheikh",  "shaikh", "shaykh",
      "sheik",     "haji",   "hajji",   "hadji",   "alhaj",   "alhajj", "mullah",
      "maulana",   "maulvi", "mawlawi", "herr",    "frau",    "mme",    "mlle",
      "sama",      "sensei", "dono",    "gen",     "general", "col",    "colonel",
      "maj",       "major",  "capt",    "captain", "lt",      "madam",  "madame",
      "monsieur",  "senor",  "senora",  "doctor",  "jr",      "snr",    "jnr"};
  static const auto* particles = new std::unordered_set<std::string_view>{
      "of",  "the",   "and", "for", "in",  "at",  "on",  "de", "du", "des", "la", "le", "les",
      "del", "della", "der", "die", "das", "und", "fur", "et", "y",  "da",  "do", "dos"};
  // Particles of personal names (bin, al, van, de) stay name parts: they are written
  // joined as often as apart (Binladen, Vanderberg), and the scorer weighs common parts
  // low anyway.
  if (honorifics->count(key)) return true;
  if (kind == Kind::kPerson) return false;
  return particles->count(key) > 0;
}

const std::vector<std::u32string>& CjkHonorifics() {
  static const auto* list = new std::vector<std::u32string>{
      U"先生様", U"様", U"さま", U"さん", U"殿",     U"先生", U"女史", U"くん",
      U"ちゃん", U"氏", U"女士", U"小姐", U"선생님", U"님",   U"씨"};
  return *list;
}

bool IsArabicTitle(std::u32string_view word) {
  static const auto* titles = new std::unordered_set<std::u32string>{
      U"الشيخ", U"شيخ",    U"الحاج",   U"حاج",   U"الملا", U"ملا",
      U"مولوي", U"مولانا", U"الدكتور", U"دكتور", U"السيد"};
  return titles->count(std::u32string(word)) > 0;
}

}  // namespace asta::names::internal
