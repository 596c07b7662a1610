// Text analysis for expertise affinity: turns a title, abstract or keyword into index
// terms, in English, Japanese or both mixed. Latin-script words are lower-cased (also
// full-width forms), stop words dropped and the rest reduced by the Porter stemmer;
// runs of Han and kana are segmented by MeCab (IPA dictionary) into content words
// (nouns, verbs and adjectives in base form; particles and auxiliaries dropped), or into
// character bigrams when no UTF-8 MeCab dictionary is installed. Adjacent terms not
// separated by punctuation, a stop word or a particle form a phrase ("neural network",
// "深層 学習"), which Compute() indexes beside the single terms.
// Pure computation; every function is thread-safe (MeCab taggers are per thread) and
// linear in the length of the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace asta::affinity {

// The Porter (1980) stemmer on one lower-case ASCII word: "networks" -> "network",
// "optimization" -> "optim", "relational" -> "relat". Words of two letters or fewer and
// words with characters outside a-z are returned unchanged.
std::string PorterStem(std::string_view word);

// True for English (and common scientific-prose) stop words, given lower case.
bool IsStopWord(std::string_view word);

// Whether Japanese is segmented by MeCab (a UTF-8 dictionary was found) or by
// character bigrams.
bool HasMecab();

// The terms of `text` in order; an empty string marks a break that a phrase may not
// span. Invalid UTF-8 bytes are skipped. Pure digits and one-letter Latin words are
// dropped.
std::vector<std::string> Terms(std::string_view text);

// The same analysis as feature hashes (64-bit FNV-1a of each term; 0 marks a break),
// appended to `out`: what Compute() indexes. Term strings are cached per thread.
void TermHashes(std::string_view text, std::vector<std::uint64_t>& out);

// The hash of a term (as TermHashes gives it) and of the phrase of two adjacent terms.
std::uint64_t HashTerm(std::string_view term);
std::uint64_t HashPhrase(std::uint64_t first, std::uint64_t second);

}  // namespace asta::affinity
