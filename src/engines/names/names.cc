// Names of the engine's enumerations, and kind parsing.
#include "engines/names/names.h"

namespace asta::names {

Kind ParseKind(std::string_view word) {
  if (word == "person" || word == "individual" || word == "people" || word == "Person") {
    return Kind::kPerson;
  }
  if (word == "organization" || word == "organisation" || word == "company" || word == "entity" ||
      word == "Organization" || word == "Company" || word == "LegalEntity" || word == "vessel" ||
      word == "Vessel") {
    return Kind::kOrganization;
  }
  return Kind::kAny;
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kPerson:
      return "person";
    case Kind::kOrganization:
      return "organization";
    case Kind::kAny:
      break;
  }
  return "any";
}

std::string_view ScriptName(Script script) {
  switch (script) {
    case Script::kLatin:
      return "latin";
    case Script::kHan:
      return "han";
    case Script::kKana:
      return "kana";
    case Script::kHangul:
      return "hangul";
    case Script::kCyrillic:
      return "cyrillic";
    case Script::kArabic:
      return "arabic";
    case Script::kGreek:
      return "greek";
    case Script::kHebrew:
      return "hebrew";
    case Script::kThai:
      return "thai";
    case Script::kOther:
      break;
  }
  return "other";
}

std::string_view MatchHowName(MatchHow how) {
  switch (how) {
    case MatchHow::kExact:
      return "exact";
    case MatchHow::kPhonetic:
      return "phonetic";
    case MatchHow::kFuzzy:
      return "fuzzy";
    case MatchHow::kInitial:
      return "initial";
    case MatchHow::kJoined:
      return "joined";
    case MatchHow::kLegalForm:
      return "legal_form";
    case MatchHow::kOrgTerm:
      return "org_term";
    case MatchHow::kWeak:
      return "weak";
    case MatchHow::kMissing:
      return "missing";
    case MatchHow::kExtra:
      break;
  }
  return "extra";
}

}  // namespace asta::names
