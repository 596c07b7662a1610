// Password hashing with argon2id (RFC 9106), in the PHC string format so that the
// parameters travel with each hash and can be raised later. Thread-safe. Hashing costs
// about 20 MiB of memory and tens of milliseconds by design.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace asta::accounts {

// Checks the password policy: 10 to 1024 bytes of UTF-8 without control characters.
// InvalidArgument naming `field`.
Status CheckPasswordPolicy(std::string_view password, std::string_view field = "password");
// "$argon2id$v=19$m=19456,t=2,p=1$…"; Internal only if argon2 itself fails.
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `encoded`. A malformed hash never matches.
bool VerifyPassword(std::string_view password, const std::string& encoded);
// Spends the same time as a verification, so that unknown accounts are not revealed by
// a faster answer.
void BurnVerificationTime(std::string_view password);

}  // namespace asta::accounts
