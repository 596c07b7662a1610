// Hand-written romanisers for the scripts where ICU's general transliterators do not give
// what name matching needs: kana (foreign-name combinations such as ヴィ, ティ, ファ and
// passport-style long vowels), Hangul (syllable by syllable, with the usual spellings of
// surnames), Han read as Korean, and the abjads (Arabic, Persian, Hebrew), whose vowel
// letters are ambiguous. Tables are static and read-only, so everything here is
// thread-safe.
#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "engines/names/analyzer_internal.h"

namespace asta::names::internal {

// ---------------------------------------------------------------------------------------
// UTF-8 and scripts.

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    char32_t cp = 0xFFFD;
    std::size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 0x6) {
      len = 2;
    } else if ((c >> 4) == 0xE) {
      len = 3;
    } else if ((c >> 3) == 0x1E) {
      len = 4;
    }
    if (len > 1) {
      if (i + len > text.size()) {
        len = 1;
      } else {
        cp = c & (0xFF >> (len + 1));
        bool ok = true;
        for (std::size_t k = 1; k < len; ++k) {
          const auto cc = static_cast<unsigned char>(text[i + k]);
          if ((cc >> 6) != 0x2) {
            ok = false;
            break;
          }
          cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
          cp = 0xFFFD;
          len = 1;
        }
      }
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t cp : text) AppendUtf8(cp, out);
  return out;
}

bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) || cp == 0x3005 ||
         cp == 0x3006;
}

bool IsKana(char32_t cp) {
  return (cp >= 0x3041 && cp <= 0x309F) || (cp >= 0x30A0 && cp <= 0x30FF && cp != 0x30FB) ||
         (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F);
}

bool IsHangul(char32_t cp) {
  return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
         (cp >= 0x3130 && cp <= 0x318F);
}

Script ScriptOf(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return Script::kLatin;
  if (cp < 0x80) return Script::kOther;
  if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
      (cp >= 0x250 && cp <= 0x2AF)) {
    return Script::kLatin;
  }
  if (IsHan(cp)) return Script::kHan;
  if (IsKana(cp)) return Script::kKana;
  if (IsHangul(cp)) return Script::kHangul;
  if (cp >= 0x400 && cp <= 0x52F) return Script::kCyrillic;
  if ((cp >= 0x620 && cp <= 0x64A) || (cp >= 0x66E && cp <= 0x6D3) || cp == 0x6D5 ||
      (cp >= 0x6FA && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) ||
      (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF)) {
    return Script::kArabic;
  }
  if ((cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) ||
      (cp >= 0x1F00 && cp <= 0x1FFF)) {
    return Script::kGreek;
  }
  if (cp >= 0x5D0 && cp <= 0x5F2) return Script::kHebrew;
  if (cp >= 0xE01 && cp <= 0xE4E) return Script::kThai;
  return Script::kOther;
}

std::string KeyOf(std::string_view latin) {
  std::string key;
  key.reserve(latin.size());
  for (char c : latin) {
    if (c >= 'A' && c <= 'Z') {
      key.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      key.push_back(c);
    }
  }
  return key;
}

// ---------------------------------------------------------------------------------------
// Kana.

namespace {

// Katakana U+30A1..U+30F6 in order; small kana are marked by a leading '_'.
constexpr std::array<const char*, 86> kKatakana = {
    "_a", "a",   "_i", "i",   "_u", "u",   "_e",  "e",  "_o",   "o",   "ka", "ga", "ki",
    "gi", "ku",  "gu", "ke",  "ge", "ko",  "go",  "sa", "za",   "shi", "ji", "su", "zu",
    "se", "ze",  "so", "zo",  "ta", "da",  "chi", "ji", "_tsu", "tsu", "zu", "te", "de",
    "to", "do",  "na", "ni",  "nu", "ne",  "no",  "ha", "ba",   "pa",  "hi", "bi", "pi",
    "fu", "bu",  "pu", "he",  "be", "pe",  "ho",  "bo", "po",   "ma",  "mi", "mu", "me",
    "mo", "_ya", "ya", "_yu", "yu", "_yo", "yo",  "ra", "ri",   "ru",  "re", "ro", "_wa",
    "wa", "i",   "e",  "o",   "n",  "vu",  "_ka", "_ke"};

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The consonant part of a romanised mora, used when a small kana follows it.
std::string ConsonantOf(const std::string& mora) {
  if (mora == "u") return "w";
  if (mora == "i") return "y";
  if (mora == "ku" || mora == "gu") return mora.substr(0, 1) + "w";
  if (mora == "te" || mora == "to") return "t";
  if (mora == "de" || mora == "do") return "d";
  std::string c = mora;
  while (!c.empty() && IsVowel(c.back())) c.pop_back();
  return c;
}

}  // namespace

std::string RomanizeKana(std::u32string_view kana) {
  std::vector<std::string> morae;
  bool geminate = false;
  for (std::size_t i = 0; i < kana.size(); ++i) {
    char32_t cp = kana[i];
    if (cp >= 0x3041 && cp <= 0x3096) cp += 0x60;  // hiragana to katakana
    if (cp == 0x30FC || cp == 0xFF70) continue;    // ー: long vowels are not written
    if (cp == 0x30C3) {                            // ッ doubles the next consonant
      geminate = true;
      continue;
    }
    if (cp == 0x30F7) cp = 0x30F4;  // ヷ..ヺ are rare spellings with ヴ
    if (cp < 0x30A1 || cp > 0x30F6) continue;
    std::string r = kKatakana[cp - 0x30A1];
    const bool small = r[0] == '_';
    if (small) r = r.substr(1);
    if (small && !morae.empty() && r != "tsu") {
      std::string& prev = morae.back();
      const char v = r.back();
      if (r.size() == 2 && r[0] == 'y') {
        // Yōon: キャ kya, シャ sha, チャ cha, ジャ ja, フュ fyu, テュ tyu.
        if (prev.size() >= 2 && prev.back() == 'i') {
          prev.pop_back();
          auto ends_with = [&prev](std::string_view s) {
            return prev.size() >= s.size() &&
                   prev.compare(prev.size() - s.size(), s.size(), s) == 0;
          };
          // ッシャ is ssha, not sshya: the stem may carry the doubled consonant.
          if (!ends_with("sh") && !ends_with("ch") && !ends_with("j")) prev.push_back('y');
          prev.push_back(v);
        } else {
          std::string c = ConsonantOf(prev);
          c.push_back('y');
          c.push_back(v);
          prev.swap(c);
        }
      } else if (r.size() == 1) {
        // Foreign-sound combinations: ティ ti, ファ fa, ヴィ vi, ウィ wi, シェ she, イェ ye.
        std::string c = ConsonantOf(prev);
        if (prev == "i" && v == 'e') c.assign(1, 'y');
        if (c == "ts" || c == "sh" || c == "ch" || c == "j" || c == "f" || c == "v" || c == "w" ||
            c == "t" || c == "d" || c == "y" || c == "kw" || c == "gw") {
          c.push_back(v);
          prev.swap(c);
        } else if (!prev.empty() && prev.back() == v) {
          // A small vowel after the same vowel only lengthens it.
        } else {
          prev += v;
        }
      } else {
        prev += r;
      }
      continue;
    }
    if (geminate && !r.empty() && !IsVowel(r[0]) && r[0] != 'n') {
      r = (r.rfind("ch", 0) == 0 ? std::string("t") : r.substr(0, 1)) + r;
    }
    geminate = false;
    morae.push_back(r);
  }
  std::string out;
  for (const std::string& m : morae) out += m;
  // Passport-style long vowels: おう/おお -> o, うう -> u.
  std::string shortened;
  shortened.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i + 1 < out.size() && out[i] == 'o' && (out[i + 1] == 'u' || out[i + 1] == 'o')) {
      shortened.push_back('o');
      ++i;
    } else if (i + 1 < out.size() && out[i] == 'u' && out[i + 1] == 'u') {
      shortened.push_back('u');
      ++i;
    } else {
      shortened.push_back(out[i]);
    }
  }
  return shortened;
}

std::string ForeignKanaKey(std::string_view key) {
  auto consonant = [](char c) { return c >= 'a' && c <= 'z' && !IsVowel(c) && c != 'y'; };
  // Onsets of two consonants that katakana splits with a vowel (sm, kr, pl, tr…).
  auto cluster = [](char first, char second) {
    return std::string_view("rlmnw").find(second) != std::string_view::npos ||
           (first == 's' && std::string_view("ptk").find(second) != std::string_view::npos);
  };
  std::string out;
  out.reserve(key.size());
  for (std::size_t k = 0; k < key.size(); ++k) {
    const char c = key[k];
    const char prev = out.empty() ? '\0' : out.back();
    const bool at_end = k + 1 == key.size();
    const char next = at_end ? '\0' : key[k + 1];
    const bool prev_initial = out.size() == 1;
    const bool prev_after_vowel = out.size() >= 2 && IsVowel(out[out.size() - 2]);
    if (c == 'u' && prev != '\0' &&
        std::string_view("kszpbmfgr").find(prev) != std::string_view::npos) {
      if (at_end && out.size() >= 3) continue;
      if (!at_end && consonant(next) &&
          ((prev_initial && key.size() >= 5 && cluster(prev, next)) ||
           (!prev_initial && prev_after_vowel))) {
        continue;
      }
    }
    if (c == 'o' && (prev == 't' || prev == 'd')) {
      if (at_end && out.size() >= 3) continue;  // ド, ト after a final consonant
      // トラ, ドラ, ストロ: tr, dr at the start or after another consonant, when a real
      // vowel follows the r (トル is tor: Viktor).
      const char after_r = k + 2 < key.size() ? key[k + 2] : '\0';
      if (next == 'r' && after_r != 'u' && after_r != '\0' &&
          (prev_initial || (out.size() >= 2 && consonant(out[out.size() - 2])))) {
        continue;
      }
    }
    if (c == 'i' && at_end && out.size() >= 4 && out.compare(out.size() - 2, 2, "ch") == 0) {
      continue;
    }
    // ウラジ…: an initial u before r renders v (Vladimir).
    if (c == 'u' && k == 0 && key.size() > 3 && next == 'r') {
      out.push_back('v');
      continue;
    }
    out.push_back(c);
  }
  if (out.size() >= 4 &&
      (out.compare(out.size() - 2, 2, "of") == 0 || out.compare(out.size() - 2, 2, "ef") == 0)) {
    out.back() = 'v';
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Hangul.

namespace {
constexpr std::array<const char*, 19> kInitials = {"g",  "kk", "n", "d",  "tt", "r", "m",
                                                   "b",  "pp", "s", "ss", "",   "j", "jj",
                                                   "ch", "k",  "t", "p",  "h"};
constexpr std::array<const char*, 21> kMedials = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo",
                                                  "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                                  "wo", "we", "wi", "yu",  "eu", "ui", "i"};
constexpr std::array<const char*, 28> kFinals = {"",  "k",  "k", "k", "n", "n", "n", "t", "l", "k",
                                                 "m", "l",  "l", "l", "p", "l", "m", "p", "p", "t",
                                                 "t", "ng", "t", "t", "k", "t", "p", "t"};

struct SurnameRow {
  const char* hangul;
  const char* variants;  // comma-separated, most usual first
};

// The usual spellings of Korean surnames (South Korean passports, North Korean and older
// McCune-Reischauer forms), most usual first.
constexpr SurnameRow kSurnames[] = {
    {"김", "kim,gim"},
    {"이", "lee,yi,rhee,ri,i"},
    {"리", "ri,lee"},
    {"박", "park,pak,bak"},
    {"최", "choi,choe"},
    {"정", "jung,jeong,chung,jong"},
    {"강", "kang,gang"},
    {"조", "cho,jo"},
    {"윤", "yoon,yun"},
    {"장", "jang,chang"},
    {"임", "lim,im,rim"},
    {"림", "rim,lim"},
    {"한", "han"},
    {"오", "oh,o"},
    {"서", "seo,suh"},
    {"신", "shin,sin"},
    {"권", "kwon,gwon"},
    {"황", "hwang"},
    {"안", "ahn,an"},
    {"송", "song"},
    {"류", "ryu,yoo,yu"},
    {"유", "yoo,yu,ryu"},
    {"전", "jeon,jun,chun"},
    {"홍", "hong"},
    {"고", "ko,go"},
    {"문", "moon,mun"},
    {"양", "yang"},
    {"손", "son,sohn"},
    {"배", "bae"},
    {"백", "baek,paek"},
    {"허", "heo,hur"},
    {"노", "noh,roh,no"},
    {"로", "ro,roh"},
    {"남", "nam"},
    {"심", "shim,sim"},
    {"하", "ha"},
    {"곽", "kwak,gwak"},
    {"성", "sung,seong"},
    {"차", "cha"},
    {"주", "joo,ju,chu"},
    {"우", "woo,u"},
    {"구", "koo,gu,ku"},
    {"민", "min"},
    {"나", "na,ra"},
    {"라", "ra,na"},
    {"진", "jin,chin"},
    {"지", "ji,chi"},
    {"엄", "eom,um"},
    {"채", "chae"},
    {"원", "won"},
    {"천", "cheon,chun"},
    {"방", "bang"},
    {"공", "kong,gong"},
    {"현", "hyun,hyeon"},
    {"함", "ham"},
    {"변", "byun,byeon"},
    {"염", "yeom,yum"},
    {"여", "yeo,yuh"},
    {"추", "choo,chu"},
    {"도", "do,doh"},
    {"소", "so"},
    {"석", "seok,suk"},
    {"선", "sun,seon"},
    {"설", "seol,sul"},
    {"마", "ma"},
    {"길", "gil,kil"},
    {"연", "yeon,yun"},
    {"위", "wi,wee"},
    {"표", "pyo"},
    {"명", "myung,myeong"},
    {"기", "ki,gi"},
    {"반", "ban"},
    {"왕", "wang"},
    {"금", "keum,geum"},
    {"옥", "ok"},
    {"육", "yuk"},
    {"인", "in"},
    {"맹", "maeng"},
    {"제", "je"},
    {"모", "mo"},
    {"탁", "tak"},
    {"국", "kook,guk"},
    {"은", "eun"},
    {"용", "yong"},
    {"경", "kyung,gyeong"},
    {"봉", "bong"},
    {"부", "boo,bu"},
    {"황보", "hwangbo"},
    {"남궁", "namgung"},
    {"제갈", "jegal"},
    {"선우", "sunwoo,seonu"},
    {"독고", "dokgo"},
    {"사공", "sagong"},
    {"서문", "seomun"},
};

std::vector<std::string> SplitComma(const char* s) {
  std::vector<std::string> out;
  std::string cur;
  for (const char* p = s; *p; ++p) {
    if (*p == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(*p);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Hanja read as Korean: pairs of (hanja, hangul) code points, simplified forms beside
// traditional ones where Chinese sources write them so.
constexpr char32_t kKoreanSurnameHanja[] =
    U"金김李이朴박崔최鄭정郑정姜강趙조赵조尹윤張장张장林임韓한韩한吳오吴오徐서申신權권权권黃황黄황"
    U"安안宋송柳류洪홍全전高고文문孫손孙손梁양裵배裴배白백許허许허劉유刘유南남沈심盧노卢노河하丁정"
    U"成성車차车차具구郭곽禹우朱주任임羅나罗나辛신閔민闵민兪유池지陳진陈진嚴엄严엄元원蔡채千천方방"
    U"孔공玄현康강咸함卞변楊양杨양廉염邊변边변呂여吕여秋추魯노鲁노都도蘇소苏소石석宣선薛설馬마马마"
    U"吉길周주延연房방魏위表표明명奇기潘반王왕琴금玉옥陸육陆육印인孟맹諸제卓탁秦진龍용龙용慶경";
constexpr char32_t kKoreanGivenHanja[] =
    U"正정恩은日일哲철浩호民민英영秀수賢현贤현俊준泰태永영光광東동东동相상在재允윤善선炳병基기國국"
    U"国국鎬호勇용洙수錫석锡석根근植식敏민惠혜美미淑숙姬희姫희子자順순顺순貞정贞정珍진眞진真진志지"
    U"智지宇우仁인一일男남煥환焕환範범范범昌창奎규弘홍容용鎭진镇진雄웅學학学학熙희憲헌宪헌漢한汉한"
    U"燮섭承승炫현鉉현铉현勳훈勋훈載재载재鍾종钟종鐘종種종种종萬만万만哲철喆철奉봉錦금锦금海해"
    U"花화華화华화蓮연莲연玉옥珠주雪설秋추夏하春춘冬동道도德덕德덕斗두斗두洙수虎호豪호龍용龙용"
    U"彦언元원源원植식碩석硕석基기起기奇기吉길輝휘辉휘昊호孝효宗종植식星성聖성圣성晟성盛성聲성"
    U"槿근惠혜慧혜恵혜載재哲철勝승胜승升승泳영映영榮영荣영潤윤润윤胤윤雲운云운運운运운文문武무茂무"
    U"洛낙樂낙乐낙蘭란兰란";

const std::unordered_map<char32_t, char32_t>& HanjaTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<char32_t, char32_t>();
    for (const char32_t* s : {kKoreanSurnameHanja, kKoreanGivenHanja}) {
      for (std::size_t i = 0; s[i] && s[i + 1]; i += 2) t->emplace(s[i], s[i + 1]);
    }
    return t;
  }();
  return *table;
}

}  // namespace

std::string RomanizeHangulSyllable(char32_t syllable) {
  if (syllable < 0xAC00 || syllable > 0xD7A3) return {};
  const char32_t index = syllable - 0xAC00;
  std::string out = kInitials[index / 588];
  out += kMedials[(index % 588) / 28];
  out += kFinals[index % 28];
  return out;
}

std::string RomanizeHangul(std::u32string_view text) {
  std::string out;
  for (char32_t cp : text) out += RomanizeHangulSyllable(cp);
  return out;
}

std::vector<std::string> KoreanSurnameVariants(std::u32string_view surname) {
  const std::string utf8 = EncodeUtf8(surname);
  for (const SurnameRow& row : kSurnames) {
    if (utf8 == row.hangul) return SplitComma(row.variants);
  }
  return {};
}

bool IsKoreanCompoundSurname(std::u32string_view two_syllables) {
  return two_syllables.size() == 2 && KoreanSurnameVariants(two_syllables).size() > 0;
}

char32_t HanjaToHangul(char32_t han) {
  const auto& table = HanjaTable();
  const auto it = table.find(han);
  return it == table.end() ? 0 : it->second;
}

bool IsKoreanSurnameHanja(char32_t han) {
  for (std::size_t i = 0; kKoreanSurnameHanja[i] && kKoreanSurnameHanja[i + 1]; i += 2) {
    if (kKoreanSurnameHanja[i] == han) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Arabic, Persian and Hebrew.

namespace {

bool IsArabicVowelMark(char32_t cp) { return cp >= 0x64B && cp <= 0x652; }

}  // namespace

std::string RomanizeArabic(std::u32string_view word, bool vowel_letters) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char32_t cp = word[i];
    const bool initial = out.empty();
    const bool last = i + 1 == word.size();
    const char32_t next = last ? 0 : word[i + 1];
    switch (cp) {
      case U'ا':
      case U'أ':
      case U'آ':
      case U'ٱ':
        out += "a";
        break;
      case U'إ':
        out += "i";
        break;
      case U'ب':
        out += "b";
        break;
      case U'ت':
        out += "t";
        break;
      case U'ث':
        out += "th";
        break;
      case U'ج':
        out += "j";
        break;
      case U'ح':
        out += "h";
        break;
      case U'خ':
        out += "kh";
        break;
      case U'د':
        out += "d";
        break;
      case U'ذ':
        out += "dh";
        break;
      case U'ر':
        out += "r";
        break;
      case U'ز':
        out += "z";
        break;
      case U'س':
        out += "s";
        break;
      case U'ش':
        out += "sh";
        break;
      case U'ص':
        out += "s";
        break;
      case U'ض':
        out += "d";
        break;
      case U'ط':
        out += "t";
        break;
      case U'ظ':
        out += "z";
        break;
      case U'ع':
        // Ayn has no Latin letter; word-initially the vowel it carries is usually written.
        if (initial) out += "a";
        break;
      case U'غ':
        out += "gh";
        break;
      case U'ف':
        out += "f";
        break;
      case U'ق':
        out += "q";
        break;
      case U'ك':
      case U'ک':
        out += "k";
        break;
      case U'ل':
        out += "l";
        break;
      case U'م':
        out += "m";
        break;
      case U'ن':
        out += "n";
        break;
      case U'ه':
        // After s, z, k, t, d or g a lone h would read as a digraph (زه is not ژ): it is
        // doubled so that the phonetic folding keeps it.
        if (last) {
          out += "a";
        } else {
          out += (!out.empty() &&
                  std::string_view("szkdtgc").find(out.back()) != std::string_view::npos)
                     ? "hh"
                     : "h";
        }
        break;
      case U'ة':
        out += "a";
        break;
      case U'و':
        if (initial || !vowel_letters || next == U'ا') {
          out += "w";
        } else {
          out += "u";
        }
        break;
      case U'ي':
      case U'ی':
        if (initial || !vowel_letters || next == U'ا') {
          out += "y";
        } else {
          out += "i";
        }
        break;
      case U'ى':
        out += "a";
        break;
      case U'پ':
        out += "p";
        break;
      case U'چ':
        out += "ch";
        break;
      case U'ژ':
        out += "zh";
        break;
      case U'گ':
        out += "g";
        break;
      case 0x64E:  // fatha
        out += "a";
        break;
      case 0x64F:  // damma
        out += "u";
        break;
      case 0x650:  // kasra
        out += "i";
        break;
      case 0x651:  // shadda doubles the previous consonant
        if (!out.empty()) out.push_back(out.back());
        break;
      default:
        if (IsArabicVowelMark(cp)) break;
        break;  // hamza carriers, tatweel and other marks carry no letter
    }
  }
  return out;
}

std::string RomanizeHebrew(std::u32string_view word, bool vowel_letters) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char32_t cp = word[i];
    const bool initial = out.empty();
    const bool last = i + 1 == word.size();
    const char32_t next = last ? 0 : word[i + 1];
    switch (cp) {
      case U'א':
      case U'ע':
        if (initial) out += "a";
        break;
      case U'ב':
        out += initial ? "b" : "v";
        break;
      case U'ג':
        out += "g";
        break;
      case U'ד':
        out += "d";
        break;
      case U'ה':
        out += last ? "e" : "h";
        break;
      case U'ו':
        if (next == U'ו') {
          out += "v";
          ++i;
        } else if (initial || !vowel_letters) {
          out += "v";
        } else {
          out += last ? "u" : "o";
        }
        break;
      case U'ז':
        out += "z";
        break;
      case U'ח':
        out += "kh";
        break;
      case U'ט':
      case U'ת':
        out += "t";
        break;
      case U'י':
        if (next == U'י') {
          out += "y";
          ++i;
        } else {
          out += (initial || !vowel_letters) ? "y" : "i";
        }
        break;
      case U'כ':
        out += initial ? "k" : "kh";
        break;
      case U'ך':
        out += "kh";
        break;
      case U'ל':
        out += "l";
        break;
      case U'מ':
      case U'ם':
        out += "m";
        break;
      case U'נ':
      case U'ן':
        out += "n";
        break;
      case U'ס':
        out += "s";
        break;
      case U'פ':
        out += initial ? "p" : "f";
        break;
      case U'ף':
        out += "f";
        break;
      case U'צ':
      case U'ץ':
        out += "ts";
        break;
      case U'ק':
        out += "k";
        break;
      case U'ר':
        out += "r";
        break;
      case U'ש':
        out += "sh";
        break;
      default:
        break;  // points and marks
    }
  }
  return out;
}

std::string_view CommonAbjadName(std::u32string_view word) {
  static const auto* table =
      new std::unordered_map<std::u32string, std::string_view>{{U"محمد", "mohammed"},
                                                               {U"أحمد", "ahmed"},
                                                               {U"احمد", "ahmed"},
                                                               {U"علي", "ali"},
                                                               {U"حسن", "hassan"},
                                                               {U"حسين", "hussein"},
                                                               {U"محمود", "mahmoud"},
                                                               {U"خالد", "khaled"},
                                                               {U"عمر", "omar"},
                                                               {U"عثمان", "othman"},
                                                               {U"يوسف", "youssef"},
                                                               {U"إبراهيم", "ibrahim"},
                                                               {U"ابراهيم", "ibrahim"},
                                                               {U"مصطفى", "mustafa"},
                                                               {U"سعيد", "saeed"},
                                                               {U"صالح", "saleh"},
                                                               {U"عادل", "adel"},
                                                               {U"طارق", "tariq"},
                                                               {U"ناصر", "nasser"},
                                                               {U"جمال", "jamal"},
                                                               {U"كريم", "karim"},
                                                               {U"رشيد", "rashid"},
                                                               {U"سليمان", "suleiman"},
                                                               {U"زيد", "zaid"},
                                                               {U"حمزة", "hamza"},
                                                               {U"بكر", "bakr"},
                                                               {U"جعفر", "jafar"},
                                                               {U"منصور", "mansour"},
                                                               {U"عيسى", "issa"},
                                                               {U"موسى", "musa"},
                                                               {U"هادي", "hadi"},
                                                               {U"مهدي", "mahdi"},
                                                               {U"أسامة", "usama"},
                                                               {U"اسامة", "usama"},
                                                               {U"أيمن", "ayman"},
                                                               {U"ايمن", "ayman"},
                                                               {U"فاطمة", "fatima"},
                                                               {U"عائشة", "aisha"},
                                                               {U"مريم", "maryam"},
                                                               {U"زينب", "zainab"},
                                                               {U"خديجة", "khadija"},
                                                               {U"عبدالله", "abdullah"},
                                                               {U"عبدالرحمن", "abdulrahman"},
                                                               {U"عبدالعزيز", "abdulaziz"},
                                                               {U"فيصل", "faisal"},
                                                               {U"سلمان", "salman"},
                                                               {U"نايف", "nayef"},
                                                               {U"بندر", "bandar"},
                                                               {U"سعد", "saad"},
                                                               {U"فهد", "fahd"},
                                                               {U"ماجد", "majid"},
                                                               {U"وليد", "walid"},
                                                               {U"ياسر", "yasser"},
                                                               {U"هشام", "hisham"},
                                                               {U"أنور", "anwar"},
                                                               {U"حافظ", "hafez"},
                                                               {U"بشار", "bashar"},
                                                               {U"أسد", "assad"},
                                                               {U"صدام", "saddam"},
                                                               {U"قاسم", "qasem"},
                                                               {U"لادن", "laden"},
                                                               {U"بن", "bin"},
                                                               {U"ابن", "ibn"},
                                                               {U"روحاني", "rouhani"},
                                                               {U"خامنئي", "khamenei"},
                                                               {U"جواد", "javad"},
                                                               {U"رضا", "reza"},
                                                               {U"مرتضى", "morteza"},
                                                               {U"طهران", "tehran"},
                                                               {U"ظواهري", "zawahiri"},
                                                               {U"بغدادي", "baghdadi"},
                                                               {U"نصر", "nasr"},
                                                               {U"משה", "moshe"},
                                                               {U"דוד", "david"},
                                                               {U"יצחק", "yitzhak"},
                                                               {U"אברהם", "avraham"},
                                                               {U"יעקב", "yaakov"},
                                                               {U"שלמה", "shlomo"},
                                                               {U"יוסף", "yosef"},
                                                               {U"שמעון", "shimon"},
                                                               {U"בנימין", "benjamin"},
                                                               {U"אהרון", "aharon"},
                                                               {U"שרה", "sarah"},
                                                               {U"רחל", "rachel"},
                                                               {U"מרים", "miriam"},
                                                               {U"נתניהו", "netanyahu"},
                                                               {U"פרס", "peres"},
                                                               {U"רבין", "rabin"},
                                                               {U"כהן", "cohen"},
                                                               {U"לוי", "levi"},
                                                               {U"אריאל", "ariel"},
                                                               {U"שרון", "sharon"},
                                                               {U"אהוד", "ehud"},
                                                               {U"ברק", "barak"},
                                                               {U"גולדה", "golda"},
                                                               {U"מאיר", "meir"}};
  const auto it = table->find(std::u32string(word));
  return it == table->end() ? std::string_view() : it->second;
}

}  // namespace asta::names::internal
