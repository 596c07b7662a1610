// Stored fields, the facet slot and the cursor. Lengths are LEB128 varints; the cursor is
// base64url so that it travels in a URL unchanged.
#include "engines/search/codec.h"

#include <algorithm>
#include <set>

namespace asta::search::internal {
namespace {

constexpr char kStoredVersion = '\x01';

void PutVarint(std::uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

void PutString(std::string_view s, std::string& out) {
  PutVarint(s.size(), out);
  out.append(s);
}

bool GetString(std::string_view& in, std::string& s) {
  std::uint64_t n = 0;
  if (!GetVarint(in, n) || n > in.size()) return false;
  s.assign(in.substr(0, n));
  in.remove_prefix(n);
  return true;
}

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    acc = (acc << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kBase64Alphabet[(acc >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kBase64Alphabet[(acc << (6 - bits)) & 0x3f]);
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    const std::size_t v = kBase64Alphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // Leftover bits must be the zero padding EncodeCursor wrote.
  if (bits >= 6 || (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

// FNV-1a, 64 bits: stable across builds and platforms, unlike std::hash.
struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void Add(std::string_view s) {
    for (const char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ull;
    }
  }
  void AddField(std::string_view s) {
    std::string len;
    PutVarint(s.size(), len);
    Add(len);
    Add(s);
  }
};

}  // namespace

std::string EncodeStored(const StoredFields& fields) {
  std::string out;
  out.push_back(kStoredVersion);
  out.push_back(fields.type == DocType::kOrganization ? 'o' : 'p');
  PutString(fields.id, out);
  PutString(fields.display_name, out);
  PutString(fields.ror, out);
  return out;
}

std::optional<StoredFields> DecodeStored(std::string_view bytes) {
  if (bytes.size() < 2 || bytes[0] != kStoredVersion) return std::nullopt;
  StoredFields f;
  if (bytes[1] == 'o') {
    f.type = DocType::kOrganization;
  } else if (bytes[1] != 'p') {
    return std::nullopt;
  }
  bytes.remove_prefix(2);
  if (!GetString(bytes, f.id) || !GetString(bytes, f.display_name) || !GetString(bytes, f.ror) ||
      !bytes.empty()) {
    return std::nullopt;
  }
  return f;
}

std::string EncodeFacets(const std::map<std::string, std::vector<std::string>>& facets) {
  std::string out;
  for (const auto& [name, values] : facets) {
    const std::set<std::string_view> unique(values.begin(), values.end());
    for (const std::string_view value : unique) {
      out.append(name);
      out.push_back(kFacetNameEnd);
      out.append(value);
      out.push_back(kFacetEntryEnd);
    }
  }
  return out;
}

std::string EncodeCursor(const Cursor& cursor) {
  std::string raw = "c1";
  PutVarint(cursor.offset, raw);
  for (int i = 0; i < 8; ++i) raw.push_back(static_cast<char>(cursor.fingerprint >> (8 * i)));
  return Base64UrlEncode(raw);
}

std::optional<Cursor> DecodeCursor(std::string_view text) {
  if (text.size() > 64) return std::nullopt;
  const std::optional<std::string> raw = Base64UrlDecode(text);
  if (!raw || raw->size() < 3 || raw->compare(0, 2, "c1") != 0) return std::nullopt;
  std::string_view in(*raw);
  in.remove_prefix(2);
  Cursor c;
  if (!GetVarint(in, c.offset) || in.size() != 8) return std::nullopt;
  for (int i = 0; i < 8; ++i) {
    c.fingerprint |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  }
  return c;
}

std::uint64_t QueryFingerprint(const Query& q) {
  Fnv f;
  f.AddField(q.text);
  f.AddField(q.type ? DocTypeName(*q.type) : std::string_view("any"));
  for (const auto& [name, values] : q.filters) {
    if (values.empty()) continue;  // ignored by Search, so not part of the query
    f.AddField(name);
    const std::set<std::string_view> unique(values.begin(), values.end());
    for (const std::string_view v : unique) f.AddField(v);
    f.AddField("\n");
  }
  return f.h;
}

}  // namespace asta::search::internal
