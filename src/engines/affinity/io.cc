// Reading submissions.json and the profiles directory, writing scores.csv (io.h).
#include "engines/affinity/io.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engines/affinity/parallel.h"

namespace asta::affinity {
namespace {

namespace fs = std::filesystem;
using JsonValue = nlohmann::json;

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return NotFound("cannot read " + path);
  return std::move(buffer).str();
}

std::size_t LineOf(std::string_view text, std::size_t byte) {
  byte = std::min(byte, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + byte, '\n'));
}

// Parses JSON; the error names `where`, the line and the byte offset of the fault.
Result<JsonValue> Parse(std::string_view text, const std::string& where, std::size_t line_base,
                        std::string_view whole) {
  try {
    return JsonValue::parse(text);
  } catch (const JsonValue::parse_error& e) {
    std::string message = e.what();
    // nlohmann's message after its "[json.exception.parse_error.101] " prefix.
    if (auto pos = message.find("] "); pos != std::string::npos) message = message.substr(pos + 2);
    const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    const std::size_t line = line_base > 0 ? line_base : LineOf(whole.empty() ? text : whole, byte);
    return InvalidArgument(where + " line " + std::to_string(line) + " (byte " +
                               std::to_string(byte) + "): malformed JSON: " + message,
                           where);
  }
}

// A content field given bare or as {"value": …}.
const JsonValue* Field(const JsonValue& content, const char* name) {
  auto it = content.find(name);
  if (it == content.end() || it->is_null()) return nullptr;
  if (it->is_object()) {
    auto v = it->find("value");
    if (v == it->end() || v->is_null()) return nullptr;
    return &*v;
  }
  return &*it;
}

Result<std::string> TextField(const JsonValue& content, const char* name,
                              const std::string& where) {
  const JsonValue* v = Field(content, name);
  if (v == nullptr) return std::string();
  if (!v->is_string()) return InvalidArgument(where + ": content." + name + " must be text", name);
  return v->get<std::string>();
}

Result<std::vector<std::string>> Keywords(const JsonValue& content, const std::string& where) {
  std::vector<std::string> out;
  const JsonValue* v = Field(content, "keywords");
  if (v == nullptr) return out;
  if (v->is_string()) {
    std::string all = v->get<std::string>();
    std::size_t start = 0;
    while (start <= all.size()) {
      std::size_t end = all.find_first_of(",;", start);
      if (end == std::string::npos) end = all.size();
      std::string k = all.substr(start, end - start);
      if (k.find_first_not_of(" \t") != std::string::npos) out.push_back(k);
      start = end + 1;
    }
    return out;
  }
  if (!v->is_array()) {
    return InvalidArgument(where + ": content.keywords must be a list or text", "keywords");
  }
  for (const auto& k : *v) {
    if (!k.is_string()) {
      return InvalidArgument(where + ": content.keywords must hold text", "keywords");
    }
    out.push_back(k.get<std::string>());
  }
  return out;
}

Result<std::optional<int>> Year(const JsonValue& paper, const JsonValue& content,
                                const std::string& where) {
  const JsonValue* v = Field(content, "year");
  if (v == nullptr) {
    auto it = paper.find("year");
    if (it != paper.end() && !it->is_null()) v = &*it;
  }
  if (v == nullptr) return std::optional<int>();
  if (v->is_number_integer()) return std::optional<int>(v->get<int>());
  if (v->is_string()) {
    const std::string s = v->get<std::string>();
    int year = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), year);
    if (ec == std::errc() && end == s.data() + s.size()) return std::optional<int>(year);
    if (s.empty()) return std::optional<int>();
  }
  return InvalidArgument(where + ": year must be a number such as 2021", "year");
}

Status CheckId(const std::string& id, const std::string& where) {
  if (id.empty()) return InvalidArgument(where + ": the id is empty", "id");
  if (id.find_first_of(",\"\r\n") != std::string::npos) {
    return InvalidArgument(where + ": the id '" + id + "' contains a comma, quote or line break",
                           "id");
  }
  return Ok();
}

// One document from {"id", "content": {...}}; `where` names the file and line.
Result<Document> ReadDocument(const JsonValue& j, const std::string& where, bool paper) {
  if (!j.is_object()) return InvalidArgument(where + ": expected an object", "content");
  auto content_it = j.find("content");
  if (content_it == j.end() || !content_it->is_object()) {
    return InvalidArgument(where + ": \"content\" (an object with title and abstract) is missing",
                           "content");
  }
  const JsonValue& content = *content_it;
  Document d;
  if (auto id = j.find("id"); id != j.end() && id->is_string()) d.id = id->get<std::string>();
  ASTA_ASSIGN_OR_RETURN(d.title, TextField(content, "title", where));
  ASTA_ASSIGN_OR_RETURN(d.abstract, TextField(content, "abstract", where));
  ASTA_ASSIGN_OR_RETURN(d.keywords, Keywords(content, where));
  if (paper) {
    ASTA_ASSIGN_OR_RETURN(d.year, Year(j, content, where));
  }
  if (d.title.find_first_not_of(" \t\r\n") == std::string::npos &&
      d.abstract.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument(where + ": neither content.title nor content.abstract is given",
                           "title");
  }
  return d;
}

}  // namespace

Result<std::vector<Document>> ReadSubmissions(const std::string& path) {
  ASTA_ASSIGN_OR_RETURN(std::string text, ReadWhole(path));
  ASTA_ASSIGN_OR_RETURN(JsonValue j, Parse(text, path, 0, text));
  if (!j.is_object()) {
    return InvalidArgument(path + ": expected an object keyed by submission id", "submissions");
  }
  std::vector<Document> out;
  out.reserve(j.size());
  for (auto it = j.begin(); it != j.end(); ++it) {  // nlohmann::json keeps keys sorted
    const std::string where = path + " submission '" + it.key() + "'";
    ASTA_RETURN_IF_ERROR(CheckId(it.key(), where));
    ASTA_ASSIGN_OR_RETURN(Document d, ReadDocument(it.value(), where, false));
    d.id = it.key();
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<Reviewer>> ReadProfiles(const std::string& dir, int threads) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("profiles directory " + dir + " does not exist");
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".jsonl" && it->is_regular_file()) files.push_back(it->path());
  }
  if (ec) return NotFound("cannot list " + dir + ": " + ec.message());
  if (files.empty()) {
    return FailedPrecondition(
        "profiles directory " + dir + " holds no <reviewer_id>.jsonl file: no reviewers to score",
        "profiles");
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  });
  std::vector<Reviewer> reviewers(files.size());
  std::vector<Status> status(files.size());
  internal::ParallelFor(files.size(), threads, [&](std::size_t i) {
    status[i] = [&]() -> Status {
      const std::string path = files[i].string();
      Reviewer& r = reviewers[i];
      r.id = files[i].stem().string();
      ASTA_RETURN_IF_ERROR(CheckId(r.id, path));
      ASTA_ASSIGN_OR_RETURN(std::string text, ReadWhole(path));
      std::size_t line_no = 0;
      std::size_t start = 0;
      while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view line(text.data() + start, end - start);
        ++line_no;
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
          const std::string where = path + " line " + std::to_string(line_no);
          try {
            const JsonValue j = JsonValue::parse(line);
            ASTA_ASSIGN_OR_RETURN(Document d, ReadDocument(j, where, true));
            r.papers.push_back(std::move(d));
          } catch (const JsonValue::parse_error& e) {
            std::string message = e.what();
            if (auto pos = message.find("] "); pos != std::string::npos) {
              message = message.substr(pos + 2);
            }
            return InvalidArgument(where + " (byte " + std::to_string(e.byte > 0 ? e.byte - 1 : 0) +
                                       " of the line): malformed JSON: " + message,
                                   "profiles");
          }
        }
        start = end + 1;
      }
      return Ok();
    }();
  });
  for (const Status& s : status) {
    if (!s) return tl::unexpected(s.error());
  }
  return reviewers;
}

Status WriteScores(const std::string& path, const std::vector<Document>& submissions,
                   const std::vector<Reviewer>& reviewers, const std::vector<Score>& scores) {
  const std::string temp = path + ".tmp";
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (f == nullptr) return InvalidArgument("cannot write " + temp, "out");
  std::string buffer = "submission_id,reviewer_id,score\n";
  char number[32];
  bool ok = true;
  for (const Score& s : scores) {
    buffer += submissions[static_cast<std::size_t>(s.submission)].id;
    buffer += ',';
    buffer += reviewers[static_cast<std::size_t>(s.reviewer)].id;
    buffer += ',';
    const int len = std::snprintf(number, sizeof number, "%.6f\n", s.score);
    buffer.append(number, static_cast<std::size_t>(len));
    if (buffer.size() > (1u << 20)) {
      ok = ok && std::fwrite(buffer.data(), 1, buffer.size(), f) == buffer.size();
      buffer.clear();
    }
  }
  ok = ok && std::fwrite(buffer.data(), 1, buffer.size(), f) == buffer.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(temp.c_str());
    return InvalidArgument("cannot write " + temp + " (disk full?)", "out");
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    std::remove(temp.c_str());
    return InvalidArgument("cannot write " + path + ": " + ec.message(), "out");
  }
  return Ok();
}

}  // namespace asta::affinity
