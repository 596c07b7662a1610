#include "modules/accounts/password.h"

#include <argon2.h>

#include "core/crypto.h"
#include "core/text.h"

namespace asta::accounts {
namespace {

// OWASP's minimum recommendation for argon2id.
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19456;
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

}  // namespace

Status CheckPasswordPolicy(std::string_view password, std::string_view field) {
  if (password.size() < 10) {
    return InvalidArgument("must be at least 10 characters long", std::string(field));
  }
  if (password.size() > 1024) {
    return InvalidArgument("must be at most 1024 bytes long", std::string(field));
  }
  if (!IsValidUtf8(password)) return InvalidArgument("must be UTF-8 text", std::string(field));
  for (unsigned char c : password) {
    if (c < 0x20 || c == 0x7F) {
      return InvalidArgument("must not contain control characters", std::string(field));
    }
  }
  return Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  std::string salt = RandomBytes(kSaltBytes);
  size_t encoded_len =
      argon2_encodedlen(kTimeCost, kMemoryKiB, kParallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(encoded_len, '\0');
  int rc =
      argon2id_hash_encoded(kTimeCost, kMemoryKiB, kParallelism, password.data(), password.size(),
                            salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Internal(std::string("argon2 failed: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0') == std::string::npos ? encoded.size() : encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void BurnVerificationTime(std::string_view password) {
  static const std::string kDummy = [] {
    auto h = HashPassword("asta-timing-equaliser");
    return h ? *h : std::string();
  }();
  (void)VerifyPassword(password, kDummy);
}

}  // namespace asta::accounts
