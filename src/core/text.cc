#include "core/text.h"

#include <cctype>

namespace asta {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n;
    unsigned int cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<size_t>(n) >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Result<std::string> NormalizeEmail(std::string_view text, std::string_view field) {
  std::string_view s = Trim(text);
  auto bad = [&](std::string why) {
    return InvalidArgument("not a valid e-mail address: " + why, std::string(field));
  };
  if (s.empty()) return bad("it is empty");
  if (s.size() > 254) return bad("it is longer than 254 characters");
  if (!IsValidUtf8(s)) return bad("it is not UTF-8");
  size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) {
    return bad("expected name@domain");
  }
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  if (local.size() > 64) return bad("the part before @ is longer than 64 characters");
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
        c == ';' || c == '\\' || c == '"' || c == '[' || c == ']') {
      return bad("it contains a space or a character not allowed in addresses");
    }
  }
  if (local.find('@') != std::string_view::npos) return bad("it contains more than one @");
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos || domain.front() == '-') {
    return bad("the domain must look like example.org");
  }
  return std::string(local) + "@" + AsciiLower(domain);
}

Result<std::string> NormalizeOrcid(std::string_view text, std::string_view field) {
  std::string_view s = Trim(text);
  for (std::string_view prefix : {"https://orcid.org/", "http://orcid.org/", "orcid.org/"}) {
    if (s.substr(0, prefix.size()) == prefix) {
      s.remove_prefix(prefix.size());
      break;
    }
  }
  auto bad = [&](std::string why) {
    return InvalidArgument("not a valid ORCID iD: " + why, std::string(field));
  };
  if (s.size() != 19 || s[4] != '-' || s[9] != '-' || s[14] != '-') {
    return bad("expected the form 0000-0002-1825-0097");
  }
  int total = 0;
  int digits_seen = 0;
  char check = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 4 || i == 9 || i == 14) continue;
    char c = s[i];
    if (digits_seen == 15) {
      check = c;
      break;
    }
    if (c < '0' || c > '9') return bad("only digits are allowed before the check character");
    total = (total + (c - '0')) * 2;
    ++digits_seen;
  }
  // ISO 7064 MOD 11-2.
  int result = (12 - total % 11) % 11;
  char expected = result == 10 ? 'X' : static_cast<char>('0' + result);
  if (check == 'x') check = 'X';
  if (check != expected) return bad("the check digit does not match");
  std::string out(s);
  out[18] = check;
  return out;
}

Result<std::string> ValidateText(std::string_view text, std::string_view field,
                                 size_t max_code_points) {
  if (!IsValidUtf8(text)) return InvalidArgument("must be UTF-8 text", std::string(field));
  std::string_view s = Trim(text);
  if (s.empty()) return InvalidArgument("must not be empty", std::string(field));
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) {
      return InvalidArgument("must not contain control characters", std::string(field));
    }
  }
  if (CodePointCount(s) > max_code_points) {
    return InvalidArgument("must be at most " + std::to_string(max_code_points) + " characters",
                           std::string(field));
  }
  return std::string(s);
}

}  // namespace asta
