// The XLSX export of a call's proposals: one worksheet of inline strings and numbers,
// written with libzip into memory.
#include <zip.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "modules/programmes/programmes.h"

namespace asta::programmes {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string Column(std::size_t i) {
  std::string out;
  ++i;
  while (i > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (i - 1) % 26));
    i = (i - 1) / 26;
  }
  return out;
}

bool IsNumber(const std::string& s) {
  if (s.empty() || s.size() > 15) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return s.size() == 1 || s[0] != '0';
}

std::string Sheet(const std::vector<std::vector<std::string>>& rows) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<sheetData>";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    x += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string ref = Column(c) + std::to_string(r + 1);
      const std::string& v = rows[r][c];
      if (r > 0 && IsNumber(v)) {
        x += "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
      } else {
        x += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + Escape(v) +
             "</t></is></c>";
      }
    }
    x += "</row>";
  }
  return x + "</sheetData></worksheet>";
}

}  // namespace

Result<std::string> ProposalsXlsx(const Call& call, const std::vector<Proposal>& proposals) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" "
       "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
       "<Override PartName=\"/xl/workbook.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/"
       ">"
       "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
       "</Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
       "officeDocument\" "
       "Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
       "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
       "<sheets><sheet name=\"Proposals\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
       "Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml", Sheet(ExportTable(call, proposals))},
  };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (src == nullptr) return Internal("xlsx: cannot create a buffer");
  zip_t* zip = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  if (zip == nullptr) {
    zip_source_free(src);
    return Internal("xlsx: cannot open the archive");
  }
  zip_source_keep(src);
  for (const auto& [name, text] : files) {
    zip_source_t* part = zip_source_buffer(zip, text.data(), text.size(), 0);
    if (part == nullptr || zip_file_add(zip, name.c_str(), part, ZIP_FL_ENC_UTF_8) < 0) {
      if (part != nullptr) zip_source_free(part);
      zip_discard(zip);
      zip_source_free(src);
      return Internal("xlsx: cannot add " + name);
    }
  }
  if (zip_close(zip) < 0) {
    zip_discard(zip);
    zip_source_free(src);
    return Internal("xlsx: cannot write the archive");
  }
  std::string out;
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    out.resize(static_cast<std::size_t>(size));
    zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(src);
  }
  zip_source_free(src);
  if (out.empty()) return Internal("xlsx: the archive is empty");
  return out;
}

}  // namespace asta::programmes
