// Matches a request's method and path against the route table of the API. Patterns are
// paths whose segments are literals or `{name}` parameters ("/api/v1/users/{id}");
// a literal segment wins over a parameter at the same position, so "/users/me" and
// "/users/{id}" can coexist. The table is built once and then only read, so matching is
// thread-safe; it costs O(routes × segments) with no allocation beyond the parameters.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modules/api/api.h"

namespace asta::http {

struct RouteMatch {
  enum class Kind { kFound, kWrongMethod, kNoPath };
  Kind kind = Kind::kNoPath;
  size_t route_index = 0;                     // kFound: index into the table's patterns
  std::map<std::string, std::string> params;  // kFound: values of {name} segments
  std::vector<api::Method> allowed;           // kWrongMethod: methods the path accepts
};

class RouteTable {
 public:
  // One entry per pattern of `routes`, in order. InvalidArgument naming "pattern" for a
  // pattern that is not absolute, has an empty or malformed segment, or repeats a
  // method+pattern pair.
  static Result<RouteTable> Build(const std::vector<const api::RouteSpec*>& routes);

  RouteMatch Match(api::Method method, std::string_view path) const;

  // Parameter names of a pattern in order ("/a/{x}/b/{y}" -> x, y).
  static std::vector<std::string> ParamNames(std::string_view pattern);

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool is_param = false;
  };
  struct Entry {
    api::Method method;
    std::vector<Segment> segments;
  };
  std::vector<Entry> entries_;
};

}  // namespace asta::http
