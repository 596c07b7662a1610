// Reading whole files and gzip data, for the importers of every module (ROR dumps, EU
// call topics, people files). Nothing here throws; the whole file is held in memory, so
// callers bound what they accept.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace asta {

// The file's bytes. NotFound when it is missing or not a regular file, Unavailable when
// reading fails.
Result<std::string> ReadFileBytes(const std::filesystem::path& path);

// True when the bytes start with the gzip magic number.
bool IsGzip(std::string_view bytes);

// Inflates gzip data (all its members). InvalidArgument naming `field` when it is
// truncated, corrupt or larger than `max_bytes` decompressed.
Result<std::string> Gunzip(std::string_view bytes, std::string_view field, size_t max_bytes);

}  // namespace asta
