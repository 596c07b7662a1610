#include "http/errors.h"

#include <string>

namespace asta::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Json ErrorBody(const Error& error) {
  Json inner = Json::object();
  inner["code"] = std::string(ErrorCodeName(error.code));
  inner["message"] = error.message;
  if (!error.field.empty()) inner["field"] = error.field;
  Json body = Json::object();
  body["error"] = std::move(inner);
  return body;
}

}  // namespace asta::http
