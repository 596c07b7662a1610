// Hashing, randomness and encodings, wrapping OpenSSL. Thread-safe. Secrets returned
// by these functions are never logged by callers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace asta {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// `n` bytes from the operating system's CSPRNG. Aborts if the CSPRNG fails, since no
// secure operation can continue without it.
std::string RandomBytes(size_t n);
// Unpadded base64url, for tokens that travel in cookies and headers.
std::string Base64UrlEncode(std::string_view data);
// Standard base64 with padding (RFC 4648 section 4), for files carried in JSON.
std::string Base64Encode(std::string_view data);
// Decodes base64 (standard or url alphabet, padding optional, whitespace ignored);
// nullopt for anything else.
std::optional<std::string> Base64Decode(std::string_view text);
std::string HexEncode(std::string_view data);
// Constant-time comparison for secrets of equal length.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace asta
