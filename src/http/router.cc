#include "http/router.h"

#include <algorithm>
#include <set>
#include <utility>

namespace asta::http {

namespace {

// Splits "/a/b" into "a", "b". A trailing slash yields an empty last segment, which
// matches nothing: "/api/v1/users/" is not "/api/v1/users".
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path.front() != '/') return parts;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

}  // namespace

std::vector<std::string> RouteTable::ParamNames(std::string_view pattern) {
  std::vector<std::string> names;
  for (std::string_view part : SplitPath(pattern)) {
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      names.emplace_back(part.substr(1, part.size() - 2));
    }
  }
  return names;
}

Result<RouteTable> RouteTable::Build(const std::vector<const api::RouteSpec*>& routes) {
  RouteTable table;
  std::set<std::pair<api::Method, std::string>> seen;
  for (const api::RouteSpec* route : routes) {
    const std::string& pattern = route->pattern;
    if (pattern.empty() || pattern.front() != '/') {
      return InvalidArgument("route pattern must start with '/': " + pattern, "pattern");
    }
    if (!seen.emplace(route->method, pattern).second) {
      return InvalidArgument(
          "route declared twice: " + std::string(api::MethodName(route->method)) + " " + pattern,
          "pattern");
    }
    Entry entry{route->method, {}};
    for (std::string_view part : SplitPath(pattern)) {
      if (part.empty()) {
        return InvalidArgument("route pattern has an empty segment: " + pattern, "pattern");
      }
      Segment segment;
      if (part.front() == '{') {
        if (part.size() < 3 || part.back() != '}') {
          return InvalidArgument("malformed parameter in route pattern: " + pattern, "pattern");
        }
        segment.text = std::string(part.substr(1, part.size() - 2));
        segment.is_param = true;
      } else {
        if (part.find_first_of("{}") != std::string_view::npos) {
          return InvalidArgument("malformed segment in route pattern: " + pattern, "pattern");
        }
        segment.text = std::string(part);
      }
      entry.segments.push_back(std::move(segment));
    }
    table.entries_.push_back(std::move(entry));
  }
  return table;
}

RouteMatch RouteTable::Match(api::Method method, std::string_view path) const {
  RouteMatch result;
  std::vector<std::string_view> parts = SplitPath(path);
  if (parts.empty()) return result;

  // Specificity: literal positions from the left, as a bit string compared as a number.
  // Paths are short, so 64 bits cover every real pattern.
  auto specificity = [](const Entry& entry) {
    std::uint64_t score = 0;
    for (size_t i = 0; i < entry.segments.size() && i < 64; ++i) {
      if (!entry.segments[i].is_param) score |= std::uint64_t{1} << (63 - i);
    }
    return score;
  };
  auto matches = [&](const Entry& entry) {
    if (entry.segments.size() != parts.size()) return false;
    for (size_t i = 0; i < parts.size(); ++i) {
      const Segment& segment = entry.segments[i];
      if (segment.is_param ? parts[i].empty() : segment.text != parts[i]) return false;
    }
    return true;
  };

  std::optional<size_t> best;
  std::uint64_t best_score = 0;
  std::optional<std::uint64_t> best_path_score;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& entry = entries_[i];
    if (!matches(entry)) continue;
    std::uint64_t score = specificity(entry);
    if (!best_path_score || score > *best_path_score) best_path_score = score;
    if (entry.method == method && (!best || score > best_score)) {
      best = i;
      best_score = score;
    }
  }
  // A more specific pattern that lacks this method must not be shadowed by a generic
  // one that has it ("/users/me" with only GET, "/users/{id}" with DELETE): the request
  // is for the specific resource, so it gets 405.
  if (best && best_score == *best_path_score) {
    result.kind = RouteMatch::Kind::kFound;
    result.route_index = *best;
    const Entry& entry = entries_[*best];
    for (size_t i = 0; i < parts.size(); ++i) {
      if (entry.segments[i].is_param) {
        result.params.emplace(entry.segments[i].text, std::string(parts[i]));
      }
    }
    return result;
  }
  if (!best_path_score) return result;
  result.kind = RouteMatch::Kind::kWrongMethod;
  for (const Entry& entry : entries_) {
    if (matches(entry) && specificity(entry) == *best_path_score &&
        std::find(result.allowed.begin(), result.allowed.end(), entry.method) ==
            result.allowed.end()) {
      result.allowed.push_back(entry.method);
    }
  }
  std::sort(result.allowed.begin(), result.allowed.end());
  return result;
}

}  // namespace asta::http
