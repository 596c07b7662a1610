#include "core/mecab_model.h"

#include <cctype>
#include <cstdlib>
#include <fstream>

#include "mecab.h"

namespace asta {
namespace {

bool IsUtf8Charset(const char* charset) {
  if (charset == nullptr) return false;
  std::string c;
  for (const char* p = charset; *p; ++p) {
    if (*p != '-' && *p != '_') c.push_back(static_cast<char>(std::tolower(*p)));
  }
  return c == "utf8";
}

}  // namespace

std::vector<std::string> MecabDictionaryCandidates() {
  std::vector<std::string> dirs;
  std::vector<std::string> rcs;
  if (const char* rc = std::getenv("MECABRC")) rcs.emplace_back(rc);
  rcs.emplace_back("/etc/mecabrc");
  rcs.emplace_back("/usr/local/etc/mecabrc");
  for (const std::string& rc : rcs) {
    std::ifstream in(rc);
    std::string line;
    while (std::getline(in, line)) {
      const std::size_t eq = line.find('=');
      if (line.rfind("dicdir", 0) != 0 || eq == std::string::npos) continue;
      std::string dir = line.substr(eq + 1);
      dir.erase(0, dir.find_first_not_of(" \t"));
      dir.erase(dir.find_last_not_of(" \t\r") + 1);
      if (!dir.empty()) dirs.push_back(dir);
    }
  }
  for (const char* dir :
       {"/var/lib/mecab/dic/ipadic-utf8", "/usr/lib/x86_64-linux-gnu/mecab/dic/ipadic-utf8",
        "/usr/lib/aarch64-linux-gnu/mecab/dic/ipadic-utf8", "/usr/share/mecab/dic/ipadic",
        "/usr/local/lib/mecab/dic/ipadic", "/var/lib/mecab/dic/debian"}) {
    dirs.emplace_back(dir);
  }
  return dirs;
}

std::unique_ptr<MeCab::Model> OpenMecabModel() {
  for (const std::string& dir : MecabDictionaryCandidates()) {
    std::ifstream probe(dir + "/sys.dic");
    if (!probe) continue;
    // An empty resource file, so that a missing /etc/mecabrc does not stop MeCab.
    const std::string args = "mecab -r /dev/null -d " + dir;
    std::unique_ptr<MeCab::Model> model(MeCab::createModel(args.c_str()));
    if (!model) continue;
    const MeCab::DictionaryInfo* info = model->dictionary_info();
    if (info == nullptr || !IsUtf8Charset(info->charset)) continue;
    return model;
  }
  return nullptr;
}

}  // namespace asta
