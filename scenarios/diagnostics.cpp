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

} // namespace livechat::scenarios
