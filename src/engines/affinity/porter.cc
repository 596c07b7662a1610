// The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3),
// 1980), written from the published description: five steps of suffix rules, each
// guarded by the "measure" m of the stem (the number of vowel-consonant sequences).
#include <string>
#include <string_view>

#include "engines/affinity/analyzer.h"

namespace asta::affinity {
namespace {

class Stemmer {
 public:
  explicit Stemmer(std::string_view word) : b_(word), k_(static_cast<int>(word.size()) - 1) {}

  std::string Run() {
    if (k_ <= 1) return b_;
    Step1ab();
    if (k_ > 0) {
      Step1c();
      Step2();
      Step3();
      Step4();
      Step5();
    }
    return b_.substr(0, static_cast<std::size_t>(k_ + 1));
  }

 private:
  bool Cons(int i) const {
    switch (b_[static_cast<std::size_t>(i)]) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        return false;
      case 'y':
        return i == 0 ? true : !Cons(i - 1);
      default:
        return true;
    }
  }

  // The number of consonant sequences between 0 and j_ (the measure m).
  int M() const {
    int n = 0;
    int i = 0;
    while (true) {
      if (i > j_) return n;
      if (!Cons(i)) break;
      ++i;
    }
    ++i;
    while (true) {
      while (true) {
        if (i > j_) return n;
        if (Cons(i)) break;
        ++i;
      }
      ++i;
      ++n;
      while (true) {
        if (i > j_) return n;
        if (!Cons(i)) break;
        ++i;
      }
      ++i;
    }
  }

  bool VowelInStem() const {
    for (int i = 0; i <= j_; ++i) {
      if (!Cons(i)) return true;
    }
    return false;
  }

  bool DoubleC(int j) const {
    if (j < 1) return false;
    if (b_[static_cast<std::size_t>(j)] != b_[static_cast<std::size_t>(j - 1)]) return false;
    return Cons(j);
  }

  // consonant-vowel-consonant ending at i, the last not w, x or y.
  bool Cvc(int i) const {
    if (i < 2 || !Cons(i) || Cons(i - 1) || !Cons(i - 2)) return false;
    const char ch = b_[static_cast<std::size_t>(i)];
    return ch != 'w' && ch != 'x' && ch != 'y';
  }

  bool Ends(std::string_view s) {
    const int len = static_cast<int>(s.size());
    if (len > k_ + 1) return false;
    if (std::string_view(b_).substr(static_cast<std::size_t>(k_ - len + 1),
                                    static_cast<std::size_t>(len)) != s) {
      return false;
    }
    j_ = k_ - len;
    return true;
  }

  void SetTo(std::string_view s) {
    b_.resize(static_cast<std::size_t>(j_ + 1));
    b_.append(s.data(), s.size());
    k_ = j_ + static_cast<int>(s.size());
  }

  void R(std::string_view s) {
    if (M() > 0) SetTo(s);
  }

  void Step1ab() {
    if (b_[static_cast<std::size_t>(k_)] == 's') {
      if (Ends("sses")) {
        k_ -= 2;
      } else if (Ends("ies")) {
        SetTo("i");
      } else if (b_[static_cast<std::size_t>(k_ - 1)] != 's') {
        --k_;
      }
    }
    if (Ends("eed")) {
      if (M() > 0) --k_;
    } else if ((Ends("ed") || Ends("ing")) && VowelInStem()) {
      k_ = j_;
      b_.resize(static_cast<std::size_t>(k_ + 1));
      if (Ends("at")) {
        SetTo("ate");
      } else if (Ends("bl")) {
        SetTo("ble");
      } else if (Ends("iz")) {
        SetTo("ize");
      } else if (DoubleC(k_)) {
        --k_;
        const char ch = b_[static_cast<std::size_t>(k_)];
        if (ch == 'l' || ch == 's' || ch == 'z') ++k_;
      } else {
        j_ = k_;
        if (M() == 1 && Cvc(k_)) SetTo("e");
      }
    }
    b_.resize(static_cast<std::size_t>(k_ + 1));
  }

  void Step1c() {
    if (Ends("y") && VowelInStem()) b_[static_cast<std::size_t>(k_)] = 'i';
  }

  void Step2() {
    switch (b_[static_cast<std::size_t>(k_ - 1)]) {
      case 'a':
        if (Ends("ational")) return R("ate");
        if (Ends("tional")) return R("tion");
        break;
      case 'c':
        if (Ends("enci")) return R("ence");
        if (Ends("anci")) return R("ance");
        break;
      case 'e':
        if (Ends("izer")) return R("ize");
        break;
      case 'l':
        if (Ends("bli")) return R("ble");
        if (Ends("alli")) return R("al");
        if (Ends("entli")) return R("ent");
        if (Ends("eli")) return R("e");
        if (Ends("ousli")) return R("ous");
        break;
      case 'o':
        if (Ends("ization")) return R("ize");
        if (Ends("ation")) return R("ate");
        if (Ends("ator")) return R("ate");
        break;
      case 's':
        if (Ends("alism")) return R("al");
        if (Ends("iveness")) return R("ive");
        if (Ends("fulness")) return R("ful");
        if (Ends("ousness")) return R("ous");
        break;
      case 't':
        if (Ends("aliti")) return R("al");
        if (Ends("iviti")) return R("ive");
        if (Ends("biliti")) return R("ble");
        break;
      case 'g':
        if (Ends("logi")) return R("log");
        break;
      default:
        break;
    }
  }

  void Step3() {
    switch (b_[static_cast<std::size_t>(k_)]) {
      case 'e':
        if (Ends("icate")) return R("ic");
        if (Ends("ative")) return R("");
        if (Ends("alize")) return R("al");
        break;
      case 'i':
        if (Ends("iciti")) return R("ic");
        break;
      case 'l':
        if (Ends("ical")) return R("ic");
        if (Ends("ful")) return R("");
        break;
      case 's':
        if (Ends("ness")) return R("");
        break;
      default:
        break;
    }
  }

  void Step4() {
    bool found = false;
    switch (b_[static_cast<std::size_t>(k_ - 1)]) {
      case 'a':
        found = Ends("al");
        break;
      case 'c':
        found = Ends("ance") || Ends("ence");
        break;
      case 'e':
        found = Ends("er");
        break;
      case 'i':
        found = Ends("ic");
        break;
      case 'l':
        found = Ends("able") || Ends("ible");
        break;
      case 'n':
        found = Ends("ant") || Ends("ement") || Ends("ment") || Ends("ent");
        break;
      case 'o':
        if (Ends("ion") && j_ >= 0) {
          const char ch = b_[static_cast<std::size_t>(j_)];
          found = ch == 's' || ch == 't';
        }
        if (!found) found = Ends("ou");
        break;
      case 's':
        found = Ends("ism");
        break;
      case 't':
        found = Ends("ate") || Ends("iti");
        break;
      case 'u':
        found = Ends("ous");
        break;
      case 'v':
        found = Ends("ive");
        break;
      case 'z':
        found = Ends("ize");
        break;
      default:
        break;
    }
    if (found && M() > 1) {
      k_ = j_;
      b_.resize(static_cast<std::size_t>(k_ + 1));
    }
  }

  void Step5() {
    j_ = k_;
    if (b_[static_cast<std::size_t>(k_)] == 'e') {
      const int a = M();
      if (a > 1 || (a == 1 && !Cvc(k_ - 1))) --k_;
    }
    // m is measured on the word as it was at the start of the step (j_), as in Porter's
    // reference implementation.
    if (b_[static_cast<std::size_t>(k_)] == 'l' && DoubleC(k_) && M() > 1) --k_;
    b_.resize(static_cast<std::size_t>(k_ + 1));
  }

  std::string b_;
  int k_ = 0;  // the end of the word being stemmed
  int j_ = 0;  // the end of the stem when a suffix matched
};

}  // namespace

std::string PorterStem(std::string_view word) {
  for (char c : word) {
    if (c < 'a' || c > 'z') return std::string(word);
  }
  if (word.size() <= 2) return std::string(word);
  return Stemmer(word).Run();
}

}  // namespace asta::affinity
