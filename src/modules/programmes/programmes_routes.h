// The HTTP routes of programmes, calls and proposals (docs/programmes.md, "API"). Each
// route names its permission (authz.h); handlers check again against the object's
// programme, call and owner.
#pragma once

#include <vector>

#include "modules/api/api.h"
#include "modules/programmes/programmes.h"

namespace asta::programmes {

std::vector<api::RouteSpec> ProgrammesRoutes(ProgrammesService& service);

}  // namespace asta::programmes
