// Rewrites asta's portable `?` placeholders into PostgreSQL's numbered `$1, $2, …`.
// Internal to asta_store; exposed in a header so that tests can pin the lexing rules.
#pragma once

#include <string>
#include <string_view>

namespace asta::store::internal {

struct NumberedSql {
  std::string sql;
  int parameter_count = 0;
};

// Replaces each `?` outside string literals ('…', E'…' with backslash escapes, $tag$…$tag$),
// quoted identifiers ("…") and comments (-- … and nested /* … */) with $n, counting from
// 1. A `?` inside those is left alone. Because every other `?` is a placeholder,
// PostgreSQL's jsonb `?` operators must be written as functions (jsonb_exists). Cost:
// one pass over the text; never fails (an unterminated literal just runs to the end).
NumberedSql NumberPlaceholders(std::string_view sql);

}  // namespace asta::store::internal
