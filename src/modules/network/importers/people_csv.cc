// asta people CSV (the format is documented in people.h): the reader, from cells to
// PersonRecord through the shared validation, and the writer.
#include <algorithm>
#include <array>
#include <new>

#include "core/text.h"
#include "modules/network/importers/internal.h"
#include "modules/network/importers/people.h"

namespace asta::network {
namespace {

using internal::PersonField;

constexpr std::array<std::string_view, 17> kColumns = {
    "person_id",   "name",     "latin_name",   "other_names",
    "orcid",       "emails",   "nationality",  "residence_countries",
    "fields",      "keywords", "themes",       "career_stage",
    "bio_en",      "bio_ja",   "affiliations", "japan_experience",
    "publications"};

bool IsStructured(std::string_view column) {
  return column == "affiliations" || column == "japan_experience" || column == "publications";
}

std::string Cell(size_t line, std::string_view column) {
  return internal::LineField(line) + ", column " + std::string(column);
}

std::string Item(size_t line, std::string_view column, size_t item, std::string_view key = {}) {
  std::string out = Cell(line, column) + ", item " + std::to_string(item);
  if (!key.empty()) out += ", key " + std::string(key);
  return out;
}

PersonField CsvField(size_t line) {
  return [line](std::string_view column, size_t item, std::string_view key) {
    if (item == 0) return Cell(line, column);
    return Item(line, column, item, IsStructured(column) ? key : std::string_view());
  };
}

// Splits `text` at each `sep` that no backslash escapes; the pieces keep their escapes.
Result<std::vector<std::string_view>> SplitEscaped(std::string_view text, char sep,
                                                   const std::string& field) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      if (i + 1 == text.size()) {
        return InvalidArgument(
            "a backslash must be followed by the character it makes literal (\\|, \\;, \\\\)",
            field);
      }
      ++i;
    } else if (text[i] == sep) {
      pieces.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  pieces.push_back(text.substr(start));
  return pieces;
}

std::string Unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
    out.push_back(raw[i]);
  }
  return out;
}

// The non-blank items of a list cell, unescaped and trimmed.
Result<std::vector<std::string>> PlainItems(std::string_view cell, const std::string& field) {
  ASTA_ASSIGN_OR_RETURN(std::vector<std::string_view> raw, SplitEscaped(cell, '|', field));
  std::vector<std::string> out;
  for (std::string_view r : raw) {
    std::string v(Trim(Unescape(r)));
    if (!v.empty()) out.push_back(std::move(v));
  }
  return out;
}

bool LooksLikeLanguagePrefix(std::string_view raw) {
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  return raw.size() >= 3 && alpha(raw[0]) && alpha(raw[1]) && raw[2] == ':';
}

Result<std::vector<PersonName>> OtherNames(std::string_view cell, size_t line) {
  const std::string field = Cell(line, "other_names");
  ASTA_ASSIGN_OR_RETURN(std::vector<std::string_view> raw, SplitEscaped(cell, '|', field));
  std::vector<PersonName> out;
  for (std::string_view r : raw) {
    std::string_view item = Trim(r);
    if (item.empty()) continue;
    PersonName name;
    if (LooksLikeLanguagePrefix(item)) {
      name.lang = AsciiLower(item.substr(0, 2));
      if (!internal::IsIsoLanguageCode(name.lang)) {
        return InvalidArgument("'" + std::string(item.substr(0, 3)) +
                                   "' does not start with an ISO 639-1 language code (write "
                                   "\\: to keep the colon as part of the name)",
                               Item(line, "other_names", out.size() + 1));
      }
      item.remove_prefix(3);
    }
    name.value = std::string(Trim(Unescape(item)));
    out.push_back(std::move(name));
  }
  return out;
}

struct Pair {
  std::string key;
  std::string value;
};

// The non-empty structured items of a cell, each as its key=value pairs.
Result<std::vector<std::vector<Pair>>> StructuredItems(std::string_view cell, size_t line,
                                                       std::string_view column) {
  const std::string field = Cell(line, column);
  ASTA_ASSIGN_OR_RETURN(std::vector<std::string_view> raw_items, SplitEscaped(cell, '|', field));
  std::vector<std::vector<Pair>> items;
  for (std::string_view raw_item : raw_items) {
    ASTA_ASSIGN_OR_RETURN(std::vector<std::string_view> raw_pairs,
                          SplitEscaped(raw_item, ';', field));
    std::vector<Pair> pairs;
    for (std::string_view raw : raw_pairs) {
      const std::string_view t = Trim(raw);
      if (t.empty()) continue;
      size_t eq = 0;
      while (eq < t.size() && t[eq] != '=') eq += t[eq] == '\\' ? 2 : 1;
      if (eq >= t.size()) {
        return InvalidArgument("expected key=value, found '" + std::string(t) + "'",
                               Item(line, column, items.size() + 1));
      }
      Pair pair;
      pair.key = AsciiLower(Trim(Unescape(t.substr(0, eq))));
      pair.value = std::string(Trim(Unescape(t.substr(eq + 1))));
      if (pair.key.empty()) {
        return InvalidArgument("expected key=value, found '" + std::string(t) + "'",
                               Item(line, column, items.size() + 1));
      }
      pairs.push_back(std::move(pair));
    }
    if (!pairs.empty()) items.push_back(std::move(pairs));
  }
  return items;
}

// Assigns the pairs of one item to the targets named by `keys`; `repeatable` collects a
// key that may be given several times.
Status AssignPairs(const std::vector<Pair>& pairs,
                   const std::vector<std::pair<std::string_view, std::string*>>& keys,
                   std::string_view repeatable, std::vector<std::string>* repeated, size_t line,
                   std::string_view column, size_t item) {
  std::vector<std::string_view> seen;
  for (const Pair& pair : pairs) {
    if (!repeatable.empty() && pair.key == repeatable) {
      if (!pair.value.empty()) repeated->push_back(pair.value);
      continue;
    }
    std::string* target = nullptr;
    std::string expected;
    for (const auto& [key, ptr] : keys) {
      if (pair.key == key) target = ptr;
      expected += (expected.empty() ? "" : ", ") + std::string(key);
    }
    if (!repeatable.empty()) expected += ", " + std::string(repeatable);
    if (target == nullptr) {
      return InvalidArgument("unknown key '" + pair.key + "' (expected " + expected + ")",
                             Item(line, column, item, pair.key));
    }
    if (std::find(seen.begin(), seen.end(), pair.key) != seen.end()) {
      return InvalidArgument("key " + pair.key + " is given twice",
                             Item(line, column, item, pair.key));
    }
    seen.push_back(pair.key);
    *target = pair.value;
  }
  return Ok();
}

Status ReadCell(PersonRecord& p, std::string_view column, const std::string& cell, size_t line) {
  const std::string field = Cell(line, column);
  if (column == "person_id") {
    p.source_id = cell;
  } else if (column == "name") {
    p.name = cell;
  } else if (column == "latin_name") {
    p.latin_name = cell;
  } else if (column == "other_names") {
    ASTA_ASSIGN_OR_RETURN(p.other_names, OtherNames(cell, line));
  } else if (column == "orcid") {
    p.orcid = cell;
  } else if (column == "emails") {
    ASTA_ASSIGN_OR_RETURN(p.emails, PlainItems(cell, field));
  } else if (column == "nationality") {
    p.nationality = cell;
  } else if (column == "residence_countries") {
    ASTA_ASSIGN_OR_RETURN(p.residence_countries, PlainItems(cell, field));
  } else if (column == "fields") {
    ASTA_ASSIGN_OR_RETURN(p.fields, PlainItems(cell, field));
  } else if (column == "keywords") {
    ASTA_ASSIGN_OR_RETURN(p.keywords, PlainItems(cell, field));
  } else if (column == "themes") {
    ASTA_ASSIGN_OR_RETURN(p.themes, PlainItems(cell, field));
  } else if (column == "career_stage") {
    p.career_stage = cell;
  } else if (column == "bio_en") {
    p.bio_en = cell;
  } else if (column == "bio_ja") {
    p.bio_ja = cell;
  } else if (column == "affiliations") {
    ASTA_ASSIGN_OR_RETURN(auto items, StructuredItems(cell, line, column));
    for (size_t i = 0; i < items.size(); ++i) {
      Affiliation a;
      ASTA_RETURN_IF_ERROR(AssignPairs(items[i],
                                       {{"ror", &a.org_ror},
                                        {"name", &a.org_name},
                                        {"role", &a.role},
                                        {"start", &a.start},
                                        {"end", &a.end}},
                                       {}, nullptr, line, column, i + 1));
      p.affiliations.push_back(std::move(a));
    }
  } else if (column == "japan_experience") {
    ASTA_ASSIGN_OR_RETURN(auto items, StructuredItems(cell, line, column));
    for (size_t i = 0; i < items.size(); ++i) {
      JapanExperience x;
      ASTA_RETURN_IF_ERROR(AssignPairs(items[i],
                                       {{"kind", &x.kind},
                                        {"host_ror", &x.host_ror},
                                        {"host_name", &x.host_name},
                                        {"start", &x.start},
                                        {"end", &x.end},
                                        {"funding", &x.funding_scheme}},
                                       {}, nullptr, line, column, i + 1));
      if (Trim(x.kind).empty()) {
        return InvalidArgument(
            "kind is required (degree_study, postdoc, fellowship, "
            "visiting_research or training)",
            Item(line, column, i + 1, "kind"));
      }
      p.japan_experience.push_back(std::move(x));
    }
  } else if (column == "publications") {
    ASTA_ASSIGN_OR_RETURN(auto items, StructuredItems(cell, line, column));
    for (size_t i = 0; i < items.size(); ++i) {
      Publication w;
      std::string year;
      ASTA_RETURN_IF_ERROR(AssignPairs(
          items[i],
          {{"title", &w.title}, {"abstract", &w.abstract}, {"doi", &w.doi}, {"year", &year}},
          "coauthor", &w.coauthors, line, column, i + 1));
      if (Trim(w.title).empty()) {
        return InvalidArgument("title is required", Item(line, column, i + 1, "title"));
      }
      if (!Trim(year).empty()) {
        ASTA_ASSIGN_OR_RETURN(w.year, internal::ParseYear(year, Item(line, column, i + 1, "year")));
      }
      p.publications.push_back(std::move(w));
    }
  }
  return Ok();
}

Result<std::vector<PersonRecord>> ReadCsv(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (const size_t bad = internal::FirstNonUtf8Line(bytes); bad != 0) {
    return InvalidArgument("the file is not valid UTF-8 on this line (save it as UTF-8)",
                           internal::LineField(bad));
  }
  ASTA_ASSIGN_OR_RETURN(std::vector<internal::CsvRecord> rows, internal::ParseCsv(bytes));
  if (rows.empty()) {
    return InvalidArgument("expected a header row naming the columns (person_id,name,…)", "line 1");
  }
  const internal::CsvRecord& header = rows.front();
  std::vector<std::string_view> columns;
  for (const std::string& raw : header.fields) {
    const std::string name = AsciiLower(Trim(raw));
    const auto known = std::find(kColumns.begin(), kColumns.end(), name);
    if (known == kColumns.end()) {
      std::string all;
      for (std::string_view c : kColumns) all += (all.empty() ? "" : ",") + std::string(c);
      return InvalidArgument(
          "unknown column '" + std::string(Trim(raw)) + "' (expected " + all + ")",
          Cell(header.line, Trim(raw)));
    }
    if (std::find(columns.begin(), columns.end(), *known) != columns.end()) {
      return InvalidArgument("column " + name + " is given twice", Cell(header.line, name));
    }
    columns.push_back(*known);
  }
  for (std::string_view required : {"person_id", "name"}) {
    if (std::find(columns.begin(), columns.end(), required) == columns.end()) {
      return InvalidArgument("the header has no column " + std::string(required) + " (required)",
                             internal::LineField(header.line));
    }
  }
  std::vector<PersonRecord> people;
  std::vector<std::string> places;
  std::vector<PersonField> fields;
  for (size_t r = 1; r < rows.size(); ++r) {
    const internal::CsvRecord& row = rows[r];
    if (row.fields.size() != columns.size()) {
      return InvalidArgument("expected " + std::to_string(columns.size()) +
                                 " fields as in the header, found " +
                                 std::to_string(row.fields.size()),
                             internal::LineField(row.line));
    }
    PersonRecord p;
    for (size_t c = 0; c < columns.size(); ++c) {
      ASTA_RETURN_IF_ERROR(ReadCell(p, columns[c], row.fields[c], row.line));
    }
    PersonField field = CsvField(row.line);
    ASTA_RETURN_IF_ERROR(internal::NormalizePerson(p, field));
    people.push_back(std::move(p));
    places.push_back(internal::LineField(row.line));
    fields.push_back(std::move(field));
  }
  ASTA_RETURN_IF_ERROR(internal::CheckUniquePeople(people, places, fields));
  return people;
}

// Writing.

std::string EscapeItem(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '|' || c == ';') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string JoinItems(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back('|');
    out += items[i];
  }
  return out;
}

std::string JoinPlain(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const std::string& v : values) items.push_back(EscapeItem(v));
  return JoinItems(items);
}

// key=value pairs of one structured item, empty values left out.
std::string PairsOf(const std::vector<std::pair<std::string_view, std::string_view>>& pairs) {
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (value.empty()) continue;
    if (!out.empty()) out.push_back(';');
    out += std::string(key) + "=" + EscapeItem(value);
  }
  return out;
}

std::string OtherNamesCell(const std::vector<PersonName>& names) {
  std::vector<std::string> items;
  for (const PersonName& n : names) {
    std::string item = EscapeItem(n.value);
    if (!n.lang.empty()) {
      item = n.lang + ":" + item;
    } else if (LooksLikeLanguagePrefix(item)) {
      item.insert(2, 1, '\\');
    }
    items.push_back(std::move(item));
  }
  return JoinItems(items);
}

std::string Quote(std::string_view cell) {
  const bool needs = cell.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!needs) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string RowOf(const PersonRecord& p) {
  std::vector<std::string> affiliations, experience, publications;
  for (const Affiliation& a : p.affiliations) {
    affiliations.push_back(PairsOf({{"ror", a.org_ror},
                                    {"name", a.org_name},
                                    {"role", a.role},
                                    {"start", a.start},
                                    {"end", a.end}}));
  }
  for (const JapanExperience& x : p.japan_experience) {
    experience.push_back(PairsOf({{"kind", x.kind},
                                  {"host_ror", x.host_ror},
                                  {"host_name", x.host_name},
                                  {"start", x.start},
                                  {"end", x.end},
                                  {"funding", x.funding_scheme}}));
  }
  for (const Publication& w : p.publications) {
    const std::string year = w.year ? std::to_string(*w.year) : std::string();
    std::vector<std::pair<std::string_view, std::string_view>> pairs = {
        {"title", w.title}, {"abstract", w.abstract}, {"doi", w.doi}, {"year", year}};
    for (const std::string& c : w.coauthors) pairs.emplace_back("coauthor", c);
    publications.push_back(PairsOf(pairs));
  }
  const std::array<std::string, kColumns.size()> cells = {p.source_id,
                                                          p.name,
                                                          p.latin_name,
                                                          OtherNamesCell(p.other_names),
                                                          p.orcid,
                                                          JoinPlain(p.emails),
                                                          p.nationality,
                                                          JoinPlain(p.residence_countries),
                                                          JoinPlain(p.fields),
                                                          JoinPlain(p.keywords),
                                                          JoinPlain(p.themes),
                                                          p.career_stage,
                                                          p.bio_en,
                                                          p.bio_ja,
                                                          JoinItems(affiliations),
                                                          JoinItems(experience),
                                                          JoinItems(publications)};
  std::string row;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) row.push_back(',');
    row += Quote(cells[i]);
  }
  return row + "\r\n";
}

}  // namespace

Result<std::vector<PersonRecord>> ReadPeopleCsvBytes(std::string_view bytes) {
  try {
    return ReadCsv(bytes);
  } catch (const std::bad_alloc&) {
    return ResourceExhausted("not enough memory to read the CSV file");
  } catch (const std::exception& e) {
    return Internal(std::string("unexpected failure reading the CSV file: ") + e.what());
  }
}

Result<std::vector<PersonRecord>> ReadPeopleCsv(const std::filesystem::path& path) {
  ASTA_ASSIGN_OR_RETURN(std::string bytes, internal::ReadFileBytes(path));
  return ReadPeopleCsvBytes(bytes);
}

std::string WritePeopleCsv(const std::vector<PersonRecord>& people) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < kColumns.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += kColumns[i];
  }
  out += "\r\n";
  for (const PersonRecord& p : people) out += RowOf(p);
  return out;
}

}  // namespace asta::network
