// Errors as values. Every fallible function in asta returns Result<T>: either a value
// or an Error with a code from a small fixed set, a message meant for the person who
// caused it, and optionally the input field it concerns. Library exceptions are caught
// where a library is wrapped and turned into an Error; they never cross a folder.
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace asta {

enum class ErrorCode {
  kInvalidArgument,  // bad input from a caller; `field` names it when known
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,  // the state does not allow it (e.g. schema newer than binary)
  kUnauthenticated,     // no or bad credentials
  kPermissionDenied,    // credentials fine, not allowed
  kResourceExhausted,   // throttled or too large
  kUnavailable,         // a dependency is down; retrying may help
  kInternal,            // a bug or an unexpected library failure
};

// The stable lower-case name used in JSON errors and logs ("invalid_argument", ...).
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;  // empty when the error concerns no single input field

  std::string ToString() const;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message,
                                       std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}
inline tl::unexpected<Error> InvalidArgument(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}
inline tl::unexpected<Error> NotFound(std::string message) {
  return MakeError(ErrorCode::kNotFound, std::move(message));
}
inline tl::unexpected<Error> AlreadyExists(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kAlreadyExists, std::move(message), std::move(field));
}
inline tl::unexpected<Error> FailedPrecondition(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kFailedPrecondition, std::move(message), std::move(field));
}
inline tl::unexpected<Error> Unauthenticated(std::string message) {
  return MakeError(ErrorCode::kUnauthenticated, std::move(message));
}
inline tl::unexpected<Error> PermissionDenied(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message));
}
inline tl::unexpected<Error> ResourceExhausted(std::string message) {
  return MakeError(ErrorCode::kResourceExhausted, std::move(message));
}
inline tl::unexpected<Error> Unavailable(std::string message) {
  return MakeError(ErrorCode::kUnavailable, std::move(message));
}
inline tl::unexpected<Error> Internal(std::string message) {
  return MakeError(ErrorCode::kInternal, std::move(message));
}

inline Status Ok() { return {}; }

}  // namespace asta

// Propagates the error of a Result-returning expression, else yields nothing.
#define ASTA_RETURN_IF_ERROR(expr)                                  \
  do {                                                              \
    auto asta_status_ = (expr);                                     \
    if (!asta_status_) return tl::unexpected(asta_status_.error()); \
  } while (0)

#define ASTA_CONCAT_INNER_(a, b) a##b
#define ASTA_CONCAT_(a, b) ASTA_CONCAT_INNER_(a, b)
// ASTA_ASSIGN_OR_RETURN(auto x, Foo()); assigns the value or returns the error.
#define ASTA_ASSIGN_OR_RETURN(lhs, expr) \
  ASTA_ASSIGN_OR_RETURN_IMPL_(ASTA_CONCAT_(asta_result_, __LINE__), lhs, expr)
#define ASTA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)        \
  auto tmp = (expr);                                       \
  if (!tmp) return tl::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
