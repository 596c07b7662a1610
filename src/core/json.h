// The JSON value type of asta. nlohmann::json is the chosen library (DESIGN.md); this
// alias is the one place that names it, so the rest of the code says asta::Json.
#pragma once

#include <nlohmann/json.hpp>

namespace asta {
using Json = nlohmann::ordered_json;
}  // namespace asta

#include <string>
#include <string_view>

namespace asta {

// Appends `text` as a JSON string literal: quoted, with `"`, `\` and control characters
// escaped, as Json::dump() writes it. `text` is UTF-8 (asta validates text on input).
// For hot paths that write JSON directly instead of building a Json tree.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace asta
