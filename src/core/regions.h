// World regions as asta's overseas offices divide the world: each office serves one
// region, and its staff maintain the alumni and partners of the countries in it. The
// table is maintained data (regions.cc); every ISO 3166-1 alpha-2 code belongs to
// exactly one region. Pure functions over constant tables; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace asta {

struct Region {
  std::string_view code;     // "southeast-asia"
  std::string_view name_en;  // "Southeast Asia"
  std::string_view name_ja;  // "東南アジア"
};

// Every region, in a fixed order.
const std::vector<Region>& Regions();
bool IsRegion(std::string_view code);
// The region of an ISO alpha-2 code ("TH" -> "southeast-asia"); "" for an unknown code.
std::string_view RegionOfCountry(std::string_view country);
// The countries of a region, sorted; empty for an unknown region.
std::vector<std::string> CountriesOfRegion(std::string_view region);
// InvalidArgument naming `field` unless `code` is a region code.
Result<std::string> NormalizeRegion(std::string_view code, std::string_view field = "region");

}  // namespace asta
