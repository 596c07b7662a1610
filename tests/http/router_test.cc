#include "http/router.h"

#include <gtest/gtest.h>

namespace asta::http {
namespace {

using api::Method;

api::RouteSpec Route(Method method, std::string pattern) {
  api::RouteSpec spec;
  spec.method = method;
  spec.pattern = std::move(pattern);
  return spec;
}

TEST(RouterTest, MatchesLiteralsBeforeParameters) {
  std::vector<api::RouteSpec> routes = {
      Route(Method::kGet, "/api/v1/users/{id}"), Route(Method::kGet, "/api/v1/users/me"),
      Route(Method::kDelete, "/api/v1/users/{id}"), Route(Method::kGet, "/api/v1/users"),
      Route(Method::kGet, "/api/v1/users/{id}/grants/{grant_id}")};
  std::vector<const api::RouteSpec*> specs;
  for (const auto& r : routes) specs.push_back(&r);
  auto table = RouteTable::Build(specs);
  ASSERT_TRUE(table);

  RouteMatch m = table->Match(Method::kGet, "/api/v1/users/me");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route_index, 1u);

  m = table->Match(Method::kGet, "/api/v1/users/17");
  EXPECT_EQ(m.route_index, 0u);
  EXPECT_EQ(m.params.at("id"), "17");

  m = table->Match(Method::kGet, "/api/v1/users/3/grants/9");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.params.at("grant_id"), "9");

  m = table->Match(Method::kPost, "/api/v1/users/17");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kWrongMethod);
  EXPECT_EQ(m.allowed, (std::vector<Method>{Method::kGet, Method::kDelete}));

  // The specific resource has no DELETE; it is not taken for {id} = "me".
  m = table->Match(Method::kDelete, "/api/v1/users/me");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kWrongMethod);

  EXPECT_EQ(table->Match(Method::kGet, "/api/v1/users/").kind, RouteMatch::Kind::kNoPath);
  EXPECT_EQ(table->Match(Method::kGet, "/api/v1/nope").kind, RouteMatch::Kind::kNoPath);
  EXPECT_EQ(table->Match(Method::kGet, "").kind, RouteMatch::Kind::kNoPath);
}

TEST(RouterTest, RejectsBadPatterns) {
  for (const char* pattern : {"api/x", "/api//x", "/api/{", "/api/{}", "/a{b}"}) {
    api::RouteSpec spec = Route(Method::kGet, pattern);
    EXPECT_FALSE(RouteTable::Build({&spec})) << pattern;
  }
  api::RouteSpec a = Route(Method::kGet, "/x"), b = Route(Method::kGet, "/x");
  EXPECT_FALSE(RouteTable::Build({&a, &b}));
  EXPECT_EQ(RouteTable::ParamNames("/a/{x}/b/{y}"), (std::vector<std::string>{"x", "y"}));
}

}  // namespace
}  // namespace asta::http
