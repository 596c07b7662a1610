#include "modules/api/api.h"

#include <charconv>
#include <limits>
#include <utility>

#include "core/crypto.h"
#include "core/text.h"

namespace asta::api {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
  }
  return "GET";
}

std::optional<std::string> ApiRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

namespace {

// Parses a positive decimal int64 without sign, spaces or leading zeros, so that each
// id has exactly one spelling.
std::optional<std::int64_t> ParsePositiveId(std::string_view text) {
  if (text.empty() || text.size() > 19 || text.front() == '0') return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = value_of(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string TypeError(const char* type) { return std::string("must be ") + type; }

}  // namespace

Result<std::int64_t> ApiRequest::PathId(const std::string& name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) return InvalidArgument("is missing from the path", name);
  auto id = ParsePositiveId(it->second);
  if (!id) return InvalidArgument("must be a positive integer id", name);
  return *id;
}

ApiResponse ApiResponse::Ok(Json body, bool with_etag) {
  ApiResponse response;
  response.status = 200;
  response.body = std::move(body);
  response.etag = with_etag;
  return response;
}

ApiResponse ApiResponse::OkText(std::string json_text, bool with_etag) {
  ApiResponse r;
  r.status = 200;
  r.json_text = std::move(json_text);
  r.etag = with_etag;
  return r;
}

ApiResponse ApiResponse::Created(Json body) {
  ApiResponse response;
  response.status = 201;
  response.body = std::move(body);
  return response;
}

ApiResponse ApiResponse::NoContent() {
  ApiResponse response;
  response.status = 204;
  return response;
}

// ---------------------------------------------------------------------------------------
// BodyReader

BodyReader::BodyReader(const Json& body) : body_(body) {}

namespace {

const Json* FindField(const Json& body, const std::string& name) {
  if (!body.is_object()) return nullptr;
  auto it = body.find(name);
  if (it == body.end()) return nullptr;
  return &*it;
}

Status CheckObject(const Json& body) {
  if (body.is_null() || body.is_object()) return Ok();
  return InvalidArgument("the request body must be a JSON object", "body");
}

}  // namespace

Result<std::optional<std::string>> BodyReader::OptionalString(const std::string& name,
                                                              size_t max_chars) {
  ASTA_RETURN_IF_ERROR(CheckObject(body_));
  read_.insert(name);
  const Json* value = FindField(body_, name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return InvalidArgument(TypeError("a string"), name);
  ASTA_ASSIGN_OR_RETURN(std::string valid,
                        ValidateText(value->get_ref<const std::string&>(), name, max_chars));
  return std::optional<std::string>(std::move(valid));
}

Result<std::optional<std::string>> BodyReader::OptionalSecret(const std::string& name,
                                                              size_t max_bytes) {
  ASTA_RETURN_IF_ERROR(CheckObject(body_));
  read_.insert(name);
  const Json* value = FindField(body_, name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return InvalidArgument(TypeError("a string"), name);
  const auto& text = value->get_ref<const std::string&>();
  if (text.size() > max_bytes) {
    return InvalidArgument("must be at most " + std::to_string(max_bytes) + " bytes", name);
  }
  return std::optional<std::string>(text);
}

Result<std::string> BodyReader::RequiredString(const std::string& name, size_t max_chars) {
  ASTA_RETURN_IF_ERROR(CheckObject(body_));
  read_.insert(name);
  const Json* value = FindField(body_, name);
  if (value == nullptr || value->is_null()) return InvalidArgument("is required", name);
  if (!value->is_string()) return InvalidArgument(TypeError("a string"), name);
  return ValidateText(value->get_ref<const std::string&>(), name, max_chars);
}

Result<std::optional<std::int64_t>> BodyReader::OptionalInt(const std::string& name) {
  ASTA_RETURN_IF_ERROR(CheckObject(body_));
  read_.insert(name);
  const Json* value = FindField(body_, name);
  if (value == nullptr || value->is_null()) return std::optional<std::int64_t>();
  if (value->is_number_unsigned()) {
    auto u = value->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return InvalidArgument("is out of range", name);
    }
    return std::optional<std::int64_t>(static_cast<std::int64_t>(u));
  }
  if (!value->is_number_integer()) return InvalidArgument(TypeError("an integer"), name);
  return std::optional<std::int64_t>(value->get<std::int64_t>());
}

Result<std::int64_t> BodyReader::RequiredInt(const std::string& name) {
  ASTA_ASSIGN_OR_RETURN(std::optional<std::int64_t> value, OptionalInt(name));
  if (!value) return InvalidArgument("is required", name);
  return *value;
}

Result<std::optional<bool>> BodyReader::OptionalBool(const std::string& name) {
  ASTA_RETURN_IF_ERROR(CheckObject(body_));
  read_.insert(name);
  const Json* value = FindField(body_, name);
  if (value == nullptr || value->is_null()) return std::optional<bool>();
  if (!value->is_boolean()) return InvalidArgument(TypeError("a boolean"), name);
  return std::optional<bool>(value->get<bool>());
}

bool BodyReader::Has(const std::string& name) const { return FindField(body_, name) != nullptr; }

Status BodyReader::Finish() const {
  ASTA_RETURN_IF_ERROR(CheckObject(body_));
  if (body_.is_null()) return Ok();
  for (const auto& [key, value] : body_.items()) {
    if (read_.count(key) == 0) return InvalidArgument("unknown field", key);
  }
  return Ok();
}

// ---------------------------------------------------------------------------------------
// Pagination

std::string EncodeCursor(std::int64_t last_id) { return Base64UrlEncode(std::to_string(last_id)); }

Result<PageRequest> ParsePage(const ApiRequest& request) {
  PageRequest page;
  if (auto limit = request.Query("limit")) {
    auto value = ParsePositiveId(*limit);
    if (!value || *value > 200) return InvalidArgument("must be an integer from 1 to 200", "limit");
    page.limit = static_cast<int>(*value);
  }
  if (auto cursor = request.Query("cursor"); cursor && !cursor->empty()) {
    auto decoded = Base64UrlDecode(*cursor);
    std::optional<std::int64_t> id;
    if (decoded) id = ParsePositiveId(*decoded);
    // Re-encoding must give back the same text, so each position has one cursor only.
    if (!id || EncodeCursor(*id) != *cursor) {
      return InvalidArgument("is not a cursor returned by this list", "cursor");
    }
    page.after_id = *id;
  }
  return page;
}

Json PageBody(Json items, const PageRequest& page, const std::string& id_field) {
  Json next = nullptr;
  if (!items.is_array()) items = Json::array();
  const size_t limit = page.limit > 0 ? static_cast<size_t>(page.limit) : 0;
  if (items.size() > limit) {
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(limit), items.end());
    if (limit > 0) {
      const Json& last = items.back();
      auto it = last.find(id_field);
      if (it != last.end() && it->is_number_integer()) next = EncodeCursor(it->get<std::int64_t>());
    }
  }
  Json body = Json::object();
  body["items"] = std::move(items);
  body["next_cursor"] = std::move(next);
  return body;
}

// ---------------------------------------------------------------------------------------
// JSON Schema helpers (the OpenAPI 3.0 dialect: "nullable" rather than type arrays)

Json SchemaObject(std::initializer_list<std::pair<const char*, Json>> properties,
                  std::initializer_list<const char*> required) {
  Json schema = {{"type", "object"}};
  Json props = Json::object();
  for (const auto& [name, property] : properties) props[name] = property;
  schema["properties"] = std::move(props);
  if (required.size() > 0) {
    Json names = Json::array();
    for (const char* name : required) names.push_back(name);
    schema["required"] = std::move(names);
  }
  return schema;
}

Json SchemaString(int max_length, const char* format) {
  Json schema = {{"type", "string"}};
  if (max_length > 0) schema["maxLength"] = max_length;
  if (format != nullptr) schema["format"] = format;
  return schema;
}

Json SchemaInteger() { return Json{{"type", "integer"}, {"format", "int64"}}; }

Json SchemaBoolean() { return Json{{"type", "boolean"}}; }

Json SchemaArray(Json items) { return Json{{"type", "array"}, {"items", std::move(items)}}; }

Json SchemaPage(Json item) {
  Json schema = SchemaObject({{"items", SchemaArray(std::move(item))},
                              {"next_cursor", Json{{"type", "string"}, {"nullable", true}}}},
                             {"items", "next_cursor"});
  return schema;
}

}  // namespace asta::api
