// Configuration of an asta process. Values come, in increasing precedence, from
// built-in defaults, an INI file (`asta.ini`, sections optional, `key = value`, `#` or
// `;` comments), environment variables (ASTA_<KEY> upper-cased, e.g. ASTA_DB), and
// command-line flags applied by the caller. Loading validates every key; an unknown
// key or a bad value is an InvalidArgument naming the file, line and key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/result.h"

namespace asta {

struct Config {
  std::string db = "sqlite:asta-data/asta.db";  // sqlite:PATH or postgresql://…
  std::string listen = "127.0.0.1:8080";        // HOST:PORT
  std::string web_root = "web/dist";            // built UI; empty disables it
  // This process's search index (derived state, rebuilt from the database when absent);
  // "" puts it beside a SQLite database file, and in memory otherwise. Processes sharing
  // a PostgreSQL database each need their own.
  std::string search_index;
  int threads = 128;                       // HTTP worker threads
  int db_pool = 16;                        // database connections per process
  std::int64_t max_body_bytes = 16 << 20;  // request bodies above are refused (attachments)
  int session_hours = 12;                  // idle lifetime of a browser session
  bool cookie_secure = false;              // set Secure on cookies (behind TLS)
  bool access_log = true;                  // JSON access log lines on stderr
  int login_max_failures = 5;              // per e-mail within login_window_minutes
  int login_window_minutes = 15;
};

// Applies `key`/`value` to `config`; `where` prefixes messages ("asta.ini:3").
Status ApplyConfigValue(Config& config, const std::string& key, const std::string& value,
                        const std::string& where);
// Reads an INI file into `config`.
Status LoadConfigFile(Config& config, const std::string& path);
// Applies ASTA_* environment variables that name known keys.
Status LoadConfigEnvironment(Config& config);
// All keys and current values, for `asta config check`. Secrets in the database URL
// (a password) are masked.
std::map<std::string, std::string> DescribeConfig(const Config& config);
// Masks the password in a database URL ("postgresql://u:***@h/db").
std::string RedactUrl(const std::string& url);
// Splits "HOST:PORT"; InvalidArgument naming "listen" on bad input.
Result<std::pair<std::string, int>> ParseListen(const std::string& listen);

}  // namespace asta
