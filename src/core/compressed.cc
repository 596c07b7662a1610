// Reading files and gzip data for importers (see compressed.h).
#include "core/compressed.h"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

namespace asta {

Result<std::string> ReadFileBytes(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound("no such file: " + path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Unavailable("cannot read " + path.string());
  return std::move(buffer).str();
}

bool IsGzip(std::string_view bytes) { return bytes.substr(0, 2) == "\x1f\x8b"; }

namespace {

struct InflateEnder {
  void operator()(z_stream* stream) const { inflateEnd(stream); }
};

}  // namespace

Result<std::string> Gunzip(std::string_view bytes, std::string_view field, size_t max_bytes) {
  z_stream stream{};
  // 16 + MAX_WBITS: a gzip wrapper, not raw deflate or zlib.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return Internal("cannot start zlib");
  std::unique_ptr<z_stream, InflateEnder> ender(&stream);
  const auto* base = reinterpret_cast<const Bytef*>(bytes.data());
  const auto consumed = [&] { return static_cast<size_t>(stream.next_in - base); };
  stream.next_in = const_cast<Bytef*>(base);
  stream.avail_in = 0;
  // The gzip trailer holds the size (mod 2^32) of the last member: reserve that, but
  // never more than deflate's largest ratio (about 1:1032) allows.
  size_t guess = size_t{1} << 16;
  if (bytes.size() >= 18) {
    const auto b = [&](size_t k) { return static_cast<size_t>(base[bytes.size() - 4 + k]); };
    const size_t isize = b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;
    guess = std::max(guess, std::min({isize, max_bytes, bytes.size() * 1032}));
  }
  std::string out(std::min(guess, max_bytes), '\0');
  size_t produced = 0;
  while (true) {
    if (stream.avail_in == 0) {
      // avail_in is 32-bit: feed large inputs in pieces.
      stream.avail_in = static_cast<uInt>(std::min(bytes.size() - consumed(), size_t{1} << 30));
    }
    if (produced == out.size()) {
      if (out.size() >= max_bytes) {
        return InvalidArgument(
            "decompressed data is larger than " + std::to_string(max_bytes) + " bytes",
            std::string(field));
      }
      out.resize(std::min(out.size() * 2, max_bytes));
    }
    auto* next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.next_out = next_out;
    stream.avail_out = static_cast<uInt>(std::min(out.size() - produced, size_t{1} << 30));
    const int ret = inflate(&stream, Z_NO_FLUSH);
    produced += static_cast<size_t>(stream.next_out - next_out);
    if (ret == Z_STREAM_END) {
      const std::string_view rest = bytes.substr(consumed());
      if (rest.empty()) break;
      // Concatenated members are one file (cat a.gz b.gz > c.gz).
      if (!IsGzip(rest)) {
        return InvalidArgument("unexpected bytes after the end of the gzip data",
                               std::string(field));
      }
      if (inflateReset(&stream) != Z_OK) return Internal("cannot restart zlib");
      continue;
    }
    if (ret == Z_OK) continue;
    if (ret == Z_BUF_ERROR && stream.avail_out == 0) continue;  // the output grows above
    if (ret == Z_BUF_ERROR && consumed() == bytes.size()) {
      return InvalidArgument("the gzip data is truncated", std::string(field));
    }
    const std::string detail = stream.msg != nullptr ? std::string(": ") + stream.msg : "";
    return InvalidArgument("the gzip data is corrupt" + detail, std::string(field));
  }
  out.resize(produced);
  return out;
}

}  // namespace asta
