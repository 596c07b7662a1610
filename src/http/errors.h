// How an asta Error travels over HTTP. This is the one place that maps an ErrorCode to
// an HTTP status, and the one place that shapes the JSON error body:
//   {"error": {"code": "invalid_argument", "message": "…", "field": "email"}}
// where "field" is omitted when the error concerns no single input field. Pure
// functions; thread-safe.
#pragma once

#include "core/json.h"
#include "core/result.h"

namespace asta::http {

// The HTTP status for an error code: InvalidArgument 400, NotFound 404, AlreadyExists
// and FailedPrecondition 409, Unauthenticated 401, PermissionDenied 403,
// ResourceExhausted 429, Unavailable 503, Internal 500.
int HttpStatusFor(ErrorCode code);

// The JSON error body for `error`.
Json ErrorBody(const Error& error);

}  // namespace asta::http
