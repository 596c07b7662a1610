// ISO 3166-1 alpha-2 country codes: the 249 officially assigned, and XK (Kosovo), the
// user-assigned code the EU, GeoNames and ROR use. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace asta {

bool IsIsoCountryCode(std::string_view code);
// Accepts "jp" or "JP"; returns "JP". InvalidArgument naming `field` otherwise.
Result<std::string> NormalizeCountry(std::string_view code, std::string_view field = "country");

}  // namespace asta
