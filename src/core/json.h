// The JSON value type of asta. nlohmann::json is the chosen library (DESIGN.md); this
// alias is the one place that names it, so the rest of the code says asta::Json.
#pragma once

#include <nlohmann/json.hpp>

namespace asta {
using Json = nlohmann::ordered_json;
}  // namespace asta
