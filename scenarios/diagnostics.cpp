#include "scenarios/diagnostics.hpp"

#include <algorithm>
#include <utility>

namespace livechat::scenarios {

std::string diagnostic::to_string() const {
  if (line <= 0)
    return file + ": " + message;
  return file + ':' + std::to_string(line) + ':' + std::to_string(column) + ": "
         + message;
}

diagnostic make_diagnostic(const source_location& where, std::string message) {
  return diagnostic{where.file, where.line, where.column, std::move(message)};
}

void sort_by_location(std::vector<diagnostic>& ds) {
  std::stable_sort(ds.begin(), ds.end(),
                   [](const diagnostic& a, const diagnostic& b) {
                     if (a.line != b.line)
                       return a.line < b.line;
                     return a.column < b.column;
                   });
}

std::string to_string(const std::vector<diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) {
    out += d.to_string();
    out += '\n';
  }
  return out;
}

std::string printable(std::string_view text, std::size_t max_chars) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  std::size_t shown = 0;
  for (unsigned char c : text) {
    if (shown == max_chars) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    }
    ++shown;
  }
  return out;
}

std::string excerpt(std::string_view text, std::size_t max_chars) {
  return "'" + printable(text, max_chars) + "'";
}

} // namespace livechat::scenarios
