#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace asta::http {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kLongCache = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

bool HasDotDotSegment(std::string_view path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

StaticFiles::StaticFiles(std::string root) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::path(root), ec);
  root_ = ec ? root : canonical.string();
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string_view StaticFiles::ContentTypeFor(std::string_view name) {
  struct Entry {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
  };
  for (const Entry& entry : kTypes) {
    if (EndsWith(name, entry.extension)) return entry.type;
  }
  return "application/octet-stream";
}

Result<StaticFile> StaticFiles::Read(const std::string& relative, std::string_view url_path) const {
  std::error_code ec;
  fs::path full = fs::path(root_) / relative;
  fs::path real = fs::weakly_canonical(full, ec);
  if (ec) return NotFound("no such file");
  // A symlink inside the root must not lead outside it.
  const std::string real_text = real.string();
  if (real_text.compare(0, root_.size(), root_) != 0 ||
      (real_text.size() > root_.size() && real_text[root_.size()] != '/')) {
    return NotFound("no such file");
  }
  if (!fs::is_regular_file(real, ec) || ec) return NotFound("no such file");
  std::ifstream in(real, std::ios::binary);
  if (!in) return NotFound("no such file");
  std::ostringstream content;
  content << in.rdbuf();
  StaticFile file;
  file.content = std::move(content).str();
  file.content_type = std::string(ContentTypeFor(relative));
  bool hashed_asset = url_path.rfind("/assets/", 0) == 0;
  file.cache_control = std::string(hashed_asset ? kLongCache : kRevalidate);
  return file;
}

Result<StaticFile> StaticFiles::Get(std::string_view path) const {
  if (path.empty() || path.front() != '/' || HasDotDotSegment(path) ||
      path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return InvalidArgument("the path must not climb out of the web root", "path");
  }
  std::string relative(path.substr(1));
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  auto file = Read(relative, path);
  if (file) return file;
  // Client-side routes have no extension; a missing asset ("x.js") stays a 404 so that a
  // broken build is visible instead of being answered with HTML.
  std::string_view last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos) return file;
  return Read("index.html", "/index.html");
}

}  // namespace asta::http
