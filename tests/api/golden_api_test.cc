// Golden API tests: every tests/golden/api/*.jsonl file is a scenario, one request per
// line, run in order against the assembled application over real HTTP (the demo data
// the API tests share; a scenario creates what it needs and refers to it by the ids it
// saved). A line is
//   {"as": "administrator", "method": "POST", "path": "/api/v1/…", "body": {…},
//    "status": 201, "expect": {…}, "absent": ["emails"], "save": {"tohoku": "id"},
//    "note": "…"}
// "as" is a demo role or "anonymous"; "expect" must be contained in the response body
// (objects by key, recursively; arrays element by element with the same length, unless
// the expected array ends with "…", then as a prefix); "absent" lists top-level keys the
// body must not have; "save" keeps values of the response (a key, or a path "items.0.id")
// as variables that later lines use as ${name} anywhere in the line (a number in place). So a case
// is a line of data and a failure names the file, the line and the difference.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "tests/api/api_fixture.h"

namespace asta::testing {
namespace {

namespace fs = std::filesystem;

std::string Substitute(std::string text, const std::map<std::string, std::string>& vars) {
  for (const auto& [name, value] : vars) {
    const std::string key = "${" + name + "}";
    for (auto at = text.find(key); at != std::string::npos;
         at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

// Why `actual` does not contain `expected`, or "" when it does.
std::string Contains(const Json& expected, const Json& actual, const std::string& path) {
  if (expected.is_object()) {
    if (!actual.is_object()) return path + ": expected an object, got " + actual.dump();
    for (const auto& [k, v] : expected.items()) {
      if (!actual.contains(k)) return path + "." + k + ": missing";
      std::string why = Contains(v, actual[k], path + "." + k);
      if (!why.empty()) return why;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return path + ": expected an array, got " + actual.dump();
    bool prefix = !expected.empty() && expected.back() == "…";
    std::size_t n = prefix ? expected.size() - 1 : expected.size();
    if (prefix ? actual.size() < n : actual.size() != n) {
      return path + ": expected " + std::to_string(n) + (prefix ? "+" : "") + " items, got " +
             std::to_string(actual.size()) + ": " + actual.dump().substr(0, 300);
    }
    for (std::size_t i = 0; i < n; ++i) {
      std::string why = Contains(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
      if (!why.empty()) return why;
    }
    return "";
  }
  if (expected.is_number() && actual.is_number()) {
    return expected.get<double>() == actual.get<double>()
               ? ""
               : path + ": expected " + expected.dump() + ", got " + actual.dump();
  }
  return expected == actual ? ""
                            : path + ": expected " + expected.dump() + ", got " + actual.dump();
}

Json At(const Json& body, const std::string& path) {
  Json cur = body;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    std::string part =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (cur.is_array()) {
      std::size_t i = std::stoul(part);
      if (i >= cur.size()) return Json();
      cur = cur[i];
    } else if (cur.is_object() && cur.contains(part)) {
      cur = cur[part];
    } else {
      return Json();
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return cur;
}

class GoldenApi : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenApi, Scenario) {
  const fs::path file = fs::path(ASTA_GOLDEN_DIR) / "api" / GetParam();
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  auto& env = ApiEnvironment::Get();
  std::map<std::string, std::string> vars;
  std::string line;
  int number = 0;
  int requests = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const std::string where = GetParam() + ":" + std::to_string(number);
    // Variables are replaced in the line's text, so that ${id} may stand for a number.
    Json c = Json::parse(Substitute(line, vars), nullptr, false);
    ASSERT_TRUE(c.is_object()) << where << ": not a JSON object";
    const std::string as = c.value("as", "anonymous");
    const std::string method = c.value("method", "GET");
    const std::string path = c.value("path", "");
    const std::string body = c.contains("body") ? c["body"].dump() : "{}";
    httplib::Client client = env.Client();
    httplib::Headers headers;
    if (as != "anonymous") headers.emplace("Authorization", "Bearer " + env.TokenFor(as));
    auto send = [&]() -> httplib::Result {
      if (method == "GET") return client.Get(path.c_str(), headers);
      if (method == "POST") return client.Post(path.c_str(), headers, body, "application/json");
      if (method == "PUT") return client.Put(path.c_str(), headers, body, "application/json");
      if (method == "PATCH") return client.Patch(path.c_str(), headers, body, "application/json");
      return client.Delete(path.c_str(), headers);
    };
    httplib::Result res = send();
    ASSERT_TRUE(res) << where << ": no response";
    ++requests;
    Json actual = Json::parse(res->body, nullptr, false);
    const std::string note = c.value("note", "");
    EXPECT_EQ(res->status, c.value("status", 200)) << where << " " << method << " " << path << " ("
                                                   << note << "): " << res->body.substr(0, 400);
    if (c.contains("expect")) {
      std::string why = Contains(c["expect"], actual, "body");
      EXPECT_TRUE(why.empty()) << where << " (" << note << "): " << why;
    }
    if (c.contains("absent")) {
      for (const auto& key : c["absent"]) {
        EXPECT_FALSE(actual.is_object() && actual.contains(key.get<std::string>()))
            << where << " (" << note << "): " << key << " must not be in the response";
      }
    }
    if (c.contains("save")) {
      for (const auto& [name, from] : c["save"].items()) {
        Json v = At(actual, from.get<std::string>());
        ASSERT_FALSE(v.is_null()) << where << ": nothing at " << from << " to save as " << name;
        vars[name] = v.is_string() ? v.get<std::string>() : v.dump();
      }
    }
  }
  EXPECT_GT(requests, 0) << file;
}

std::vector<std::string> Scenarios() {
  std::vector<std::string> out;
  const fs::path dir = fs::path(ASTA_GOLDEN_DIR) / "api";
  if (fs::is_directory(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".jsonl") out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenApi, ::testing::ValuesIn(Scenarios()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace asta::testing
