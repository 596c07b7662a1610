// The HTTP routes of programmes, calls and proposals (docs/programmes.md, "API"). Each
// route names its permission (authz.h); handlers check again against the object's
// programme, call and owner.
#pragma once

#include <cstdint>
#include <vector>

#include "modules/api/api.h"
#include "modules/programmes/programmes.h"

namespace asta::programmes {

std::vector<api::RouteSpec> ProgrammesRoutes(ProgrammesService& service);

// The download of attachment `attachment_id` of proposal `proposal_id` (the caller has
// checked that the requester may read it): the stored bytes and type, the file name
// ASCII-safe and as UTF-8, not cached, with its SHA-256.
Result<api::ApiResponse> AttachmentDownload(ProgrammesService& service, std::int64_t proposal_id,
                                            std::int64_t attachment_id);

}  // namespace asta::programmes
