// METI's End User List (外国ユーザーリスト) as published: an xlsx workbook whose sheet
// has a header row (No. / 国名 Country / 企業名 Company / 別名 Also Known As / 懸念区分
// Type of WMD / 通常兵器 Conventional Weapons) and one row per organisation. Cells hold
// Japanese and English text on separate lines; the company cell may add the local-script
// name in parentheses on its own line, and the alias cell lists aliases as "・" bullets.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <pugixml.hpp>

#include "core/text.h"
#include "modules/compliance/importers/internal.h"

namespace asta::compliance::internal {
namespace {

constexpr size_t kMaxPart = size_t{256} << 20;

std::string_view LocalName(const char* name) {
  std::string_view n = name;
  const size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// Children by local name, so that prefixed SpreadsheetML ("x:row") reads the same.
std::vector<pugi::xml_node> Children(const pugi::xml_node& node, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) out.push_back(c);
  }
  return out;
}
pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return {};
}
std::string Attribute(const pugi::xml_node& node, std::string_view local) {
  for (const pugi::xml_attribute& a : node.attributes()) {
    if (LocalName(a.name()) == local) return a.value();
  }
  return {};
}

Result<pugi::xml_document*> Parse(pugi::xml_document& doc, const std::string& text,
                                  const std::string& part) {
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    const LineIndex lines(text);
    return InvalidArgument(
        "malformed XML in " + part + ": " + parsed.description(),
        part + " " + LineField(lines.LineOf(static_cast<size_t>(parsed.offset))));
  }
  return &doc;
}

// The text of a shared-string item or an inline string: its own <t>, or the <t> of each
// rich-text run. Phonetic guides (<rPh>, furigana) are not part of the text.
std::string RichText(const pugi::xml_node& node) {
  std::string out;
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(c.name());
    if (name == "t") {
      out += c.text().get();
    } else if (name == "r") {
      out += Child(c, "t").text().get();
    }
  }
  return out;
}

std::string ColumnName(size_t col) {  // 0 → "A"
  std::string out;
  ++col;
  while (col > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (col - 1) % 26));
    col = (col - 1) / 26;
  }
  return out;
}

// "C17" → column 2, row 17.
bool ParseRef(std::string_view ref, size_t& col, size_t& row) {
  size_t i = 0;
  size_t c = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    c = c * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
    ++i;
  }
  if (i == 0 || i == ref.size() || c > 16384) return false;
  size_t r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return false;
    r = r * 10 + static_cast<size_t>(ref[i] - '0');
    if (r > 1048576) return false;
  }
  if (r == 0) return false;
  col = c - 1;
  row = r;
  return true;
}

// Whole numbers stored as "1" or "1.0" read as "1".
std::string NumberText(const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end != nullptr && *end == '\0' && !v.empty() && d >= 0 && d < 1e15 &&
      d == static_cast<double>(static_cast<long long>(d))) {
    return std::to_string(static_cast<long long>(d));
  }
  return v;
}

using Row = std::map<size_t, std::string>;  // column → text

struct Sheet {
  std::string name;
  std::map<size_t, Row> rows;  // row number → cells
};

Result<Sheet> ReadSheet(const std::string& xml, const std::string& part,
                        const std::vector<std::string>& shared, std::string name) {
  pugi::xml_document doc;
  ASTA_RETURN_IF_ERROR(Parse(doc, xml, part));
  const pugi::xml_node data = Child(doc.document_element(), "sheetData");
  if (!data) return InvalidArgument("worksheet has no sheetData", part);
  Sheet sheet;
  sheet.name = std::move(name);
  size_t row_number = 0;
  for (const pugi::xml_node& row : Children(data, "row")) {
    const std::string r = Attribute(row, "r");
    row_number = r.empty() ? row_number + 1 : static_cast<size_t>(std::atol(r.c_str()));
    if (row_number == 0) return InvalidArgument("row without a valid number", sheet.name);
    Row& cells = sheet.rows[row_number];
    size_t col = 0;
    bool first = true;
    for (const pugi::xml_node& c : Children(row, "c")) {
      const std::string ref = Attribute(c, "r");
      size_t ref_row = row_number;
      if (!ref.empty()) {
        if (!ParseRef(ref, col, ref_row) || ref_row != row_number) {
          return InvalidArgument("bad cell reference '" + ref + "'",
                                 sheet.name + "!" + ColumnName(col) + std::to_string(row_number));
        }
      } else if (!first) {
        ++col;
      }
      first = false;
      const std::string cell = sheet.name + "!" + ColumnName(col) + std::to_string(row_number);
      const std::string type = Attribute(c, "t");
      const std::string v = Child(c, "v").text().get();
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        const long index = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || index < 0 || static_cast<size_t>(index) >= shared.size()) {
          return InvalidArgument("shared string index '" + v + "' is out of range", cell);
        }
        text = shared[static_cast<size_t>(index)];
      } else if (type == "inlineStr") {
        text = RichText(Child(c, "is"));
      } else if (type == "n" || type.empty()) {
        text = NumberText(v);
      } else {
        text = v;  // "str" (formula result), "b", "e"
      }
      if (!IsValidUtf8(text)) return InvalidArgument("cell text is not valid UTF-8", cell);
      if (!text.empty()) cells[col] = std::move(text);
    }
  }
  return sheet;
}

// Lines of a cell, each cleaned; blank lines dropped.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = CleanText(text.substr(start, end - start));
    if (!line.empty()) out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// A line wholly in parentheses (ASCII or full-width): the inner text, else nothing.
std::optional<std::string> Parenthesised(std::string_view line) {
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"(", ")"},
                                    {"\xEF\xBC\x88", "\xEF\xBC\x89"}}) {
    if (line.size() > open.size() + close.size() && StartsWith(line, open) &&
        EndsWith(line, close)) {
      return CleanText(line.substr(open.size(), line.size() - open.size() - close.size()));
    }
  }
  return std::nullopt;
}

// True when the text holds CJK characters (U+2E80 and above in the BMP, which UTF-8
// writes with a lead byte from 0xE2 0xBA on; checked by decoding the lead bytes).
bool HasCjk(std::string_view s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE3 && c <= 0xE9) return true;  // U+3000–U+9FFF
    if (c == 0xEF && static_cast<unsigned char>(s[i + 1]) >= 0xA4 &&
        static_cast<unsigned char>(s[i + 1]) <= 0xAB) {
      return true;  // U+F900–U+FAFF compatibility ideographs
    }
  }
  return false;
}

std::string NoteFor(std::string_view name) { return HasCjk(name) ? "original script" : "aka"; }

// Strips a list bullet ("・", "･", "•") from the start of a line; false when none.
bool StripBullet(std::string& line) {
  for (std::string_view bullet : {"\xE3\x83\xBB", "\xEF\xBD\xA5", "\xE2\x80\xA2"}) {
    if (StartsWith(line, bullet)) {
      line = CleanText(std::string_view(line).substr(bullet.size()));
      return true;
    }
  }
  return false;
}

// The first YYYY-MM-DD in `text` ("meti-end-user-list-2025-09-29.xlsx"), else empty.
std::string DateIn(std::string_view text) {
  const auto digits = [&](size_t at, size_t n) {
    for (size_t k = at; k < at + n; ++k) {
      if (text[k] < '0' || text[k] > '9') return false;
    }
    return true;
  };
  for (size_t i = 0; i + 10 <= text.size(); ++i) {
    if (digits(i, 4) && text[i + 4] == '-' && digits(i + 5, 2) && text[i + 7] == '-' &&
        digits(i + 8, 2)) {
      return std::string(text.substr(i, 10));
    }
  }
  return {};
}

struct Header {
  size_t row = 0;
  std::optional<size_t> no, country, company, aliases, wmd, conventional;
};

bool Contains(const std::string& text, std::string_view needle) {
  return AsciiLower(text).find(needle) != std::string::npos;
}

std::optional<Header> FindHeader(const Sheet& sheet) {
  for (const auto& [number, cells] : sheet.rows) {
    Header h;
    h.row = number;
    for (const auto& [col, text] : cells) {
      const std::string first = Lines(text).empty() ? "" : Lines(text).front();
      if (!h.no && (first == "No." || first == "No" || first == "番号")) h.no = col;
      if (!h.country && (Contains(text, "country") || Contains(text, "国名"))) h.country = col;
      if (!h.company && (Contains(text, "company") || Contains(text, "企業名"))) h.company = col;
      if (!h.aliases && (Contains(text, "also known as") || Contains(text, "別名"))) {
        h.aliases = col;
      }
      if (!h.wmd && (Contains(text, "type of wmd") || Contains(text, "懸念区分"))) h.wmd = col;
      if (!h.conventional && (Contains(text, "conventional") || Contains(text, "通常兵器"))) {
        h.conventional = col;
      }
    }
    if (h.no && h.company) return h;
  }
  return std::nullopt;
}

const std::string* Cell(const Row& row, const std::optional<size_t>& col) {
  if (!col) return nullptr;
  const auto it = row.find(*col);
  return it == row.end() ? nullptr : &it->second;
}

// Splits an alias on semicolons ("Novator Design Bureau; and"), dropping the
// conjunctions left over from legal drafting.
std::vector<std::string> SplitAlias(std::string alias) {
  // The full-width semicolon (U+FF1B) separates as the ASCII one does.
  for (size_t at = alias.find("\xEF\xBC\x9B"); at != std::string::npos;
       at = alias.find("\xEF\xBC\x9B", at)) {
    alias.replace(at, 3, ";");
  }
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= alias.size()) {
    size_t end = alias.find(';', start);
    if (end == std::string::npos) end = alias.size();
    std::string piece = CleanText(std::string_view(alias).substr(start, end - start));
    const std::string lower = AsciiLower(piece);
    if (!piece.empty() && lower != "and" && lower != "or") out.push_back(std::move(piece));
    start = end + 1;
  }
  return out;
}

Result<ListEntity> ReadRow(const Sheet& sheet, const Header& h, size_t number, const Row& row) {
  const auto cell = [&](size_t col) {
    return sheet.name + "!" + ColumnName(col) + std::to_string(number);
  };
  ListEntity entity;
  entity.kind = "organization";
  const std::string* no = Cell(row, h.no);
  const std::string* company = Cell(row, h.company);
  entity.entity_id = no ? CleanText(*no) : "";
  if (entity.entity_id.empty()) return InvalidArgument("No. is empty", cell(*h.no));
  if (!company || CleanText(*company).empty()) {
    return InvalidArgument("company name is empty", cell(*h.company));
  }
  // The company cell: the name, possibly wrapped over several lines, then names in
  // parentheses on lines of their own (the local-script name, an acronym).
  std::string primary;
  std::vector<std::string> extra;
  for (const std::string& line : Lines(*company)) {
    const auto inner = primary.empty() ? std::nullopt : Parenthesised(line);
    if (inner) {
      extra.push_back(*inner);
    } else if (extra.empty()) {
      primary += (primary.empty() ? "" : " ") + line;
    } else {
      extra.back() += " " + line;
    }
  }
  ASTA_RETURN_IF_ERROR(AddName(entity, primary, "", cell(*h.company)));
  for (const std::string& name : extra) {
    ASTA_RETURN_IF_ERROR(AddName(entity, name, NoteFor(name), cell(*h.company)));
  }
  // The alias cell: "・" starts an alias; a parenthesised line or a change of script
  // starts another; any other line continues the alias above (a wrapped long name).
  if (const std::string* aliases = Cell(row, h.aliases)) {
    std::vector<std::string> list;
    for (std::string line : Lines(*aliases)) {
      const bool bullet = StripBullet(line);
      if (line.empty()) continue;
      const auto inner = Parenthesised(line);
      if (bullet || inner || list.empty() || HasCjk(list.back()) != HasCjk(line)) {
        list.push_back(inner ? *inner : line);
      } else {
        list.back() += " " + line;
      }
    }
    for (const std::string& alias : list) {
      for (const std::string& name : SplitAlias(alias)) {
        ASTA_RETURN_IF_ERROR(AddName(entity, name, NoteFor(name), cell(*h.aliases)));
      }
    }
  }
  if (const std::string* country = Cell(row, h.country)) {
    for (const std::string& line : Lines(*country)) {
      const std::string code = CountryFromName(line);
      if (!code.empty()) {
        AddCountry(entity, code);
        break;
      }
    }
  }
  std::vector<std::string> programme;
  for (const auto& col : {h.wmd, h.conventional}) {
    if (const std::string* text = Cell(row, col)) {
      const std::string clean = CleanText(*text);
      if (!clean.empty()) programme.push_back(clean);
    }
  }
  for (size_t i = 0; i < programme.size(); ++i) {
    entity.programme += (i ? "; " : "") + programme[i];
  }
  return entity;
}

}  // namespace

Result<ListSnapshot> ReadMetiXlsx(std::string_view bytes, std::string_view name_hint) {
  ASTA_ASSIGN_OR_RETURN(
      auto parts,
      ReadZip(bytes, "xlsx",
              {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"}, kMaxPart));
  if (parts.find("xl/workbook.xml") == parts.end() ||
      parts.find("xl/_rels/workbook.xml.rels") == parts.end()) {
    return InvalidArgument("not an xlsx workbook: xl/workbook.xml or its relationships missing",
                           "xlsx");
  }
  std::vector<std::string> shared;
  if (const auto it = parts.find("xl/sharedStrings.xml"); it != parts.end()) {
    pugi::xml_document doc;
    ASTA_RETURN_IF_ERROR(Parse(doc, it->second, "xl/sharedStrings.xml"));
    for (const pugi::xml_node& si : Children(doc.document_element(), "si")) {
      shared.push_back(RichText(si));
    }
  }
  pugi::xml_document rels;
  ASTA_RETURN_IF_ERROR(
      Parse(rels, parts["xl/_rels/workbook.xml.rels"], "xl/_rels/workbook.xml.rels"));
  std::map<std::string, std::string> targets;
  for (const pugi::xml_node& rel : Children(rels.document_element(), "Relationship")) {
    std::string target = Attribute(rel, "Target");
    target = StartsWith(target, "/") ? target.substr(1) : "xl/" + target;
    targets[Attribute(rel, "Id")] = target;
  }
  pugi::xml_document workbook;
  ASTA_RETURN_IF_ERROR(Parse(workbook, parts["xl/workbook.xml"], "xl/workbook.xml"));
  const pugi::xml_node sheets = Child(workbook.document_element(), "sheets");
  std::vector<std::pair<std::string, std::string>> sheet_parts;  // name, part
  for (const pugi::xml_node& s : Children(sheets, "sheet")) {
    const auto it = targets.find(Attribute(s, "id"));
    if (it != targets.end()) sheet_parts.emplace_back(Attribute(s, "name"), it->second);
  }
  if (sheet_parts.empty()) return InvalidArgument("the workbook has no worksheet", "xlsx");

  // The first sheet with the list's header row is the list.
  for (const auto& [sheet_name, part] : sheet_parts) {
    ASTA_ASSIGN_OR_RETURN(auto files, ReadZip(bytes, "xlsx", {part}, kMaxPart));
    if (files.find(part) == files.end()) {
      return InvalidArgument("worksheet " + part + " is missing from the archive", "xlsx");
    }
    ASTA_ASSIGN_OR_RETURN(Sheet sheet, ReadSheet(files[part], part, shared, sheet_name));
    const std::optional<Header> header = FindHeader(sheet);
    if (!header) continue;
    ListSnapshot snapshot;
    snapshot.format = ListFormat::kMetiXlsx;
    snapshot.version = DateIn(name_hint);
    std::vector<std::string> where;
    for (const auto& [number, row] : sheet.rows) {
      if (number <= header->row) continue;
      // Only the list's columns count: a note beside the table is not a row of the list.
      bool blank = true;
      for (const auto& col : {header->no, header->country, header->company, header->aliases}) {
        const std::string* text = Cell(row, col);
        if (text != nullptr && !CleanText(*text).empty()) blank = false;
      }
      if (blank) continue;
      ASTA_ASSIGN_OR_RETURN(ListEntity entity, ReadRow(sheet, *header, number, row));
      where.push_back(sheet.name + "!" + ColumnName(*header->no) + std::to_string(number));
      snapshot.entities.push_back(std::move(entity));
    }
    if (snapshot.entities.empty()) {
      return InvalidArgument(
          "the list has a header but no rows",
          sheet.name + "!" + ColumnName(*header->no) + std::to_string(header->row + 1));
    }
    ASTA_RETURN_IF_ERROR(Finish(snapshot, where));
    return snapshot;
  }
  return InvalidArgument(
      "no header row with No. and Company or Organization (企業名) columns was found",
      sheet_parts.front().first + "!A1");
}

}  // namespace asta::compliance::internal
