// Serves the built web UI (a single-page application) from a directory. A request path
// maps to a file under the root; paths with a ".." segment, a backslash or a NUL are
// refused, and a file whose real location (after symlinks) is outside the root is not
// served. A path without a file extension that names no file gets index.html, so client
// routes such as /audit load the application. Files under /assets/ carry content hashes
// in their names and are cached for a year; everything else, index.html included, must
// be revalidated. Thread-safe; each call reads the file from disk.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace asta::http {

struct StaticFile {
  std::string content;
  std::string content_type;
  std::string cache_control;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  // The file for `path` (URL-decoded, without query). InvalidArgument naming "path" for
  // a refused path; NotFound when there is no such file and no fallback applies.
  Result<StaticFile> Get(std::string_view path) const;

  // The Content-Type for a file name, by extension; application/octet-stream if unknown.
  static std::string_view ContentTypeFor(std::string_view file_name);

 private:
  Result<StaticFile> Read(const std::string& relative, std::string_view url_path) const;

  std::string root_;  // canonical, without a trailing slash
};

}  // namespace asta::http
