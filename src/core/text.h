// Validation and small text utilities shared by every module: UTF-8 checks, e-mail
// addresses, ORCID iDs, trimming. Pure functions; thread-safe; linear in input size.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace asta {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view text);
// Number of Unicode code points in well-formed UTF-8.
size_t CodePointCount(std::string_view text);
// Strips ASCII white space at both ends.
std::string_view Trim(std::string_view text);
std::string AsciiLower(std::string_view text);

// Validates an e-mail address (a practical subset of RFC 5321: local@domain with a dot in
// the domain, no spaces or control characters, at most 254 bytes) and returns it with the
// domain lower-cased. InvalidArgument naming `field` otherwise.
Result<std::string> NormalizeEmail(std::string_view text, std::string_view field = "email");

// Validates an ORCID iD ("0000-0002-1825-0097", optionally as https://orcid.org/…) with
// its ISO 7064 MOD 11-2 check digit and returns the bare 19-character form.
Result<std::string> NormalizeOrcid(std::string_view text, std::string_view field = "orcid");

// Checks that `text` is UTF-8, not blank, without control characters, and at most
// `max_code_points` long; returns it trimmed. InvalidArgument naming `field` otherwise.
Result<std::string> ValidateText(std::string_view text, std::string_view field,
                                 size_t max_code_points);

}  // namespace asta
