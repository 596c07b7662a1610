// The scorer's internals, shared by ScorePair (scorer.cc) and the Index (index.cc).
// Not part of the engine's public contract (names.h); tests may include it to check
// the alignment over hand-built readings without going through the Analyzer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engines/names/names.h"

namespace asta::names::internal {

// A token with its weight fixed: the scorer never looks a weight up while aligning.
struct WeightedToken {
  std::string key;
  std::string phonetic;
  std::string skeleton;
  std::string written;
  TokenRole role = TokenRole::kName;
  float weight = 1.0f;
  // Precomputed for speed: letter sets (bit c-'a', digits share bit 26) give a cheap
  // lower bound on edit distance; `particle` is the Arabic particle class (0 = none).
  std::uint32_t key_letters = 0;
  std::uint32_t phonetic_letters = 0;
  std::uint32_t skeleton_letters = 0;  // of abjad_skeleton
  std::uint8_t particle = 0;
  std::uint8_t cjk = 0;        // written in Han (1) or Hangul (2): see TokenSim
  bool common = false;         // IsCommonPart(key)
  std::string abjad_skeleton;  // skeleton with the consonants abjads do not tell apart
                               // folded (p/b, v/f, g/j, z/s)
  std::string spelling;        // key with the spelling folds only (PhoneticFold::kSpelling) for
                               // a Latin reading, else the phonetic key
  std::uint32_t spelling_letters = 0;
  std::string join;  // JoinKey(): how the part reads written onto a neighbour
  std::uint32_t join_letters = 0;
};

struct PreparedReading {
  std::vector<WeightedToken> tokens;
  std::string label;
  bool abjad = false;  // read from an unvocalised script: compare skeletons
  bool latin = false;  // written in Latin letters (label "latin"), not transliterated
};

// The key a part has when it is written onto its neighbour: a legal form or an
// organisation word keeps its own letters ("Corporation" -> "corporation", not its
// canonical "co"), so that "SamhungCorporation" meets "Samhung Corporation". Other
// parts: their key.
std::string JoinKey(const Token& token);

// True for name parts and words common around the world (scorer_common.cc).
bool IsCommonPart(std::string_view key);

// Weight of a token from the built-in table of common name parts and words (used by
// ScorePair, and by the Index for tokens it has never seen).
float BuiltinWeight(const Token& token);

// Weight of a token from its document frequency among `total` indexed names.
float IdfWeight(const Token& token, std::uint32_t df, std::uint32_t total);

// Scales role weights: legal forms and organisation terms count less than name parts.
float RoleFactor(TokenRole role);

PreparedReading Prepare(const Reading& reading, float (*weigh)(const Token&, const void*),
                        const void* context);

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions),
// stopping early once it exceeds `limit` (returns limit + 1 then).
int EditDistance(std::string_view a, std::string_view b, int limit);

// Edits tolerated between two keys whose longer length is `length`.
int Tolerance(std::size_t length);

// Scores one reading against another in [0,1]; fills `parts` when given.
double ScoreReadings(const PreparedReading& query, const PreparedReading& candidate,
                     std::vector<PartMatch>* parts);

// The best pair of readings; fills `why` when given. kKindMismatchFactor is applied when
// the query asks for one kind and the candidate is of the other.
double ScoreNames(const std::vector<PreparedReading>& query,
                  const std::vector<PreparedReading>& candidate, bool kind_mismatch,
                  Explanation* why);

// Factor applied to a match between readings of different scripts when one of them is
// a lossy transliteration (Han, Hangul, kana, abjad).
double CrossScriptFactor(std::string_view query_label, std::string_view candidate_label);

// Factor applied to a score when a person meets an organisation.
inline constexpr double kKindMismatchFactor = 0.8;

}  // namespace asta::names::internal
