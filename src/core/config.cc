#include "core/config.h"

#include <cstdlib>
#include <fstream>
#include <functional>

#include "core/text.h"

namespace asta {
namespace {

Result<std::int64_t> ParseInt(const std::string& value, std::int64_t lo, std::int64_t hi,
                              const std::string& key, const std::string& where) {
  try {
    size_t used = 0;
    long long v = std::stoll(value, &used);
    if (used != value.size() || v < lo || v > hi) throw std::out_of_range("range");
    return v;
  } catch (const std::exception&) {
    return InvalidArgument(where + ": " + key + " must be a whole number from " +
                               std::to_string(lo) + " to " + std::to_string(hi),
                           key);
  }
}

Result<bool> ParseBool(const std::string& value, const std::string& key, const std::string& where) {
  std::string v = AsciiLower(value);
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  return InvalidArgument(where + ": " + key + " must be true or false", key);
}

}  // namespace

Result<std::pair<std::string, int>> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgument("listen must be HOST:PORT, e.g. 127.0.0.1:8080", "listen");
  }
  auto port = ParseInt(listen.substr(colon + 1), 0, 65535, "listen", "listen");
  if (!port) return tl::unexpected(port.error());
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::make_pair(host, static_cast<int>(*port));
}

Status ApplyConfigValue(Config& c, const std::string& key, const std::string& value,
                        const std::string& where) {
  auto set_int = [&](auto& field, std::int64_t lo, std::int64_t hi) -> Status {
    ASTA_ASSIGN_OR_RETURN(auto v, ParseInt(value, lo, hi, key, where));
    field = static_cast<std::remove_reference_t<decltype(field)>>(v);
    return Ok();
  };
  auto set_bool = [&](bool& field) -> Status {
    ASTA_ASSIGN_OR_RETURN(field, ParseBool(value, key, where));
    return Ok();
  };
  if (key == "db") {
    if (value.rfind("sqlite:", 0) != 0 && value.rfind("postgresql://", 0) != 0 &&
        value.rfind("postgres://", 0) != 0) {
      return InvalidArgument(where + ": db must start with sqlite: or postgresql://", key);
    }
    c.db = value;
    return Ok();
  }
  if (key == "listen") {
    ASTA_RETURN_IF_ERROR(ParseListen(value));
    c.listen = value;
    return Ok();
  }
  if (key == "web_root") {
    c.web_root = value;
    return Ok();
  }
  if (key == "search_index") {
    c.search_index = value;
    return Ok();
  }
  if (key == "threads") return set_int(c.threads, 2, 4096);
  if (key == "db_pool") return set_int(c.db_pool, 1, 1024);
  if (key == "max_body_bytes") return set_int(c.max_body_bytes, 1024, 1LL << 32);
  if (key == "session_hours") return set_int(c.session_hours, 1, 24 * 30);
  if (key == "cookie_secure") return set_bool(c.cookie_secure);
  if (key == "access_log") return set_bool(c.access_log);
  if (key == "login_max_failures") return set_int(c.login_max_failures, 1, 1000);
  if (key == "login_window_minutes") return set_int(c.login_window_minutes, 1, 24 * 60);
  return InvalidArgument(where + ": unknown setting '" + key + "'", key);
}

Status LoadConfigFile(Config& c, const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot read configuration file " + path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string where = path + ":" + std::to_string(number);
    std::string_view s = Trim(line);
    if (s.empty() || s.front() == '#' || s.front() == ';') continue;
    if (s.front() == '[') {
      if (s.back() != ']') return InvalidArgument(where + ": unclosed section header", "");
      continue;  // Sections only group keys for readers; names are global.
    }
    size_t eq = s.find('=');
    if (eq == std::string_view::npos) {
      return InvalidArgument(where + ": expected key = value", "");
    }
    std::string key(Trim(s.substr(0, eq)));
    std::string value(Trim(s.substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    ASTA_RETURN_IF_ERROR(ApplyConfigValue(c, key, value, where));
  }
  return Ok();
}

Status LoadConfigEnvironment(Config& c) {
  for (const char* key : {"db", "listen", "web_root", "search_index", "threads", "db_pool",
                          "max_body_bytes", "session_hours", "cookie_secure", "access_log",
                          "login_max_failures", "login_window_minutes"}) {
    std::string name = "ASTA_";
    for (const char* p = key; *p; ++p) name += static_cast<char>(std::toupper(*p));
    if (const char* v = std::getenv(name.c_str())) {
      ASTA_RETURN_IF_ERROR(ApplyConfigValue(c, key, v, "environment " + name));
    }
  }
  return Ok();
}

std::string RedactUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::map<std::string, std::string> DescribeConfig(const Config& c) {
  auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  return {{"db", RedactUrl(c.db)},
          {"listen", c.listen},
          {"web_root", c.web_root},
          {"search_index", c.search_index},
          {"threads", std::to_string(c.threads)},
          {"db_pool", std::to_string(c.db_pool)},
          {"max_body_bytes", std::to_string(c.max_body_bytes)},
          {"session_hours", std::to_string(c.session_hours)},
          {"cookie_secure", b(c.cookie_secure)},
          {"access_log", b(c.access_log)},
          {"login_max_failures", std::to_string(c.login_max_failures)},
          {"login_window_minutes", std::to_string(c.login_window_minutes)}};
}

}  // namespace asta
