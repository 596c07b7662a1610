// The process's MeCab model for Japanese segmentation, shared by the engines that
// segment Japanese (names, affinity). Target asta_mecab: MeCab stays behind it.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace MeCab {
class Model;
}

namespace asta {

// Where a MeCab dictionary may live: the dicdir of $MECABRC, /etc/mecabrc and
// /usr/local/etc/mecabrc, then the usual Debian and source-install locations.
std::vector<std::string> MecabDictionaryCandidates();

// A model on the first candidate holding a UTF-8 dictionary (sys.dic), or null when there
// is none: callers then segment Japanese without MeCab. Loads from disk on every call.
std::unique_ptr<MeCab::Model> OpenMecabModel();

}  // namespace asta
