#include "modules/api/api.h"

#include <gtest/gtest.h>

namespace asta::api {
namespace {

// One case per line: body, then the field an error must name ("" when it must pass).
struct BodyCase {
  const char* body;
  const char* error_field;
};

Status ReadProfile(const Json& body) {
  BodyReader reader(body);
  ASTA_RETURN_IF_ERROR(reader.RequiredString("name", 10));
  ASTA_RETURN_IF_ERROR(reader.OptionalString("orcid", 19));
  ASTA_RETURN_IF_ERROR(reader.OptionalInt("age"));
  ASTA_RETURN_IF_ERROR(reader.OptionalBool("active"));
  return reader.Finish();
}

TEST(BodyReaderTest, Cases) {
  const BodyCase cases[] = {
      {R"({"name":"Ada"})", ""},
      {R"({"name":"Ada","orcid":null,"age":3,"active":true})", ""},
      {R"({"name":"  Ada  "})", ""},
      {R"({"name":"Ada","orcid":""})", "orcid"},
      {R"({})", "name"},
      {R"({"name":null})", "name"},
      {R"({"name":5})", "name"},
      {R"({"name":"   "})", "name"},
      {R"({"name":"abcdefghijk"})", "name"},
      {R"({"name":"a\u0001b"})", "name"},
      {R"({"name":"Ada","age":"3"})", "age"},
      {R"({"name":"Ada","age":3.5})", "age"},
      {R"({"name":"Ada","age":18446744073709551615})", "age"},
      {R"({"name":"Ada","active":"yes"})", "active"},
      {R"({"name":"Ada","orcid":[]})", "orcid"},
      {R"({"name":"Ada","nmae":"typo"})", "nmae"},
      {R"([1,2])", "body"},
      {R"("text")", "body"},
  };
  for (const BodyCase& c : cases) {
    Status status = ReadProfile(Json::parse(c.body));
    if (std::string(c.error_field).empty()) {
      EXPECT_TRUE(status) << c.body << ": " << status.error().ToString();
    } else {
      ASSERT_FALSE(status) << c.body;
      EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << c.body;
      EXPECT_EQ(status.error().field, c.error_field) << c.body;
    }
  }
}

TEST(BodyReaderTest, ValuesAndMessages) {
  Json body = Json::parse(R"({"name":"  Ada ","age":41,"active":false,"orcid":null})");
  BodyReader reader(body);
  EXPECT_EQ(*reader.RequiredString("name", 10), "Ada");
  EXPECT_EQ(**reader.OptionalInt("age"), 41);
  EXPECT_EQ(**reader.OptionalBool("active"), false);
  EXPECT_FALSE(reader.OptionalString("orcid", 19)->has_value());
  EXPECT_FALSE(reader.OptionalString("missing", 5)->has_value());
  EXPECT_TRUE(reader.Has("name"));
  EXPECT_FALSE(reader.Has("missing"));
  EXPECT_TRUE(reader.Finish());

  Json wrong = Json::parse(R"({"n":1,"i":"x","unknown":1})");
  BodyReader r2(wrong);
  EXPECT_EQ(r2.RequiredString("n", 5).error().message, "must be a string");
  EXPECT_EQ(r2.RequiredInt("i").error().message, "must be an integer");
  EXPECT_EQ(r2.RequiredInt("absent").error().message, "is required");
  EXPECT_EQ(r2.Finish().error().message, "unknown field");
  EXPECT_EQ(r2.Finish().error().field, "unknown");
}

TEST(BodyReaderTest, NullBodyReadsAsEmptyObject) {
  Json body;
  BodyReader reader(body);
  EXPECT_FALSE(reader.OptionalString("x", 5)->has_value());
  EXPECT_EQ(reader.RequiredString("y", 5).error().field, "y");
  EXPECT_TRUE(reader.Finish());
}

TEST(PaginationTest, CursorRoundTripAndDefaults) {
  ApiRequest request;
  auto page = ParsePage(request);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->limit, 50);
  EXPECT_EQ(page->after_id, 0);

  request.query.emplace("limit", "200");
  request.query.emplace("cursor", EncodeCursor(1234567890123));
  page = ParsePage(request);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->limit, 200);
  EXPECT_EQ(page->after_id, 1234567890123);
}

TEST(PaginationTest, BadLimitsAndTamperedCursors) {
  for (const char* limit : {"0", "201", "-1", "abc", "5x", "", "007"}) {
    ApiRequest request;
    request.query.emplace("limit", limit);
    auto page = ParsePage(request);
    ASSERT_FALSE(page) << limit;
    EXPECT_EQ(page.error().field, "limit");
  }
  std::string good = EncodeCursor(42);
  std::string flipped = good;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
  for (std::string cursor : {flipped, good + "A", std::string("!!!"), std::string("LTE"),
                             EncodeCursor(0), std::string("YWJj")}) {
    ApiRequest request;
    request.query.emplace("cursor", cursor);
    auto page = ParsePage(request);
    ASSERT_FALSE(page) << cursor;
    EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(page.error().field, "cursor");
  }
}

TEST(PaginationTest, PageBodyTrimsTheExtraItemAndPointsAfterTheLast) {
  PageRequest page{2, 0};
  Json items = Json::array({{{"id", 5}}, {{"id", 6}}, {{"id", 9}}});
  Json body = PageBody(items, page);
  EXPECT_EQ(body["items"].size(), 2u);
  ASSERT_TRUE(body["next_cursor"].is_string());
  ApiRequest request;
  request.query.emplace("cursor", body["next_cursor"].get<std::string>());
  EXPECT_EQ(ParsePage(request)->after_id, 6);

  Json last = PageBody(Json::array({{{"id", 7}}}), page);
  EXPECT_TRUE(last["next_cursor"].is_null());
  EXPECT_EQ(last["items"].size(), 1u);
}

TEST(RequestTest, PathIdAndQuery) {
  ApiRequest request;
  request.path_params = {{"id", "12"}, {"bad", "12a"}, {"zero", "0"}, {"neg", "-3"}};
  request.query.emplace("q", "x");
  EXPECT_EQ(*request.PathId("id"), 12);
  for (const char* name : {"bad", "zero", "neg", "absent"}) {
    auto id = request.PathId(name);
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().field, name);
  }
  EXPECT_EQ(request.Query("q"), "x");
  EXPECT_FALSE(request.Query("r"));
  EXPECT_EQ(MethodName(Method::kPatch), "PATCH");
}

TEST(SchemaTest, HelpersProduceOpenApiSchemas) {
  Json schema =
      SchemaObject({{"email", SchemaString(254, "email")}, {"n", SchemaInteger()}}, {"email"});
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["properties"]["email"]["maxLength"], 254);
  EXPECT_EQ(schema["properties"]["email"]["format"], "email");
  EXPECT_EQ(schema["required"], Json::array({"email"}));
  Json page = SchemaPage(SchemaBoolean());
  EXPECT_EQ(page["properties"]["items"]["items"]["type"], "boolean");
  EXPECT_TRUE(page["properties"]["next_cursor"]["nullable"].get<bool>());
  EXPECT_FALSE(SchemaString().contains("maxLength"));
}

}  // namespace
}  // namespace asta::api
