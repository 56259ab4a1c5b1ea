#include "sim/reports/text_table.hpp"

#include <algorithm>

namespace livechat::sim {

std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool text_table::is_left(std::size_t column) const {
  return column < text_columns_
         || std::find(left_.begin(), left_.end(), column) != left_.end();
}

void text_table::write(std::ostream& out, std::string_view indent) const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c)
        widths.push_back(0);
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  for (const auto& row : rows_) {
    std::string line{indent};
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string pad(widths[c] - display_width(row[c]), ' ');
      if (c > 0)
        line += "  ";
      line += is_left(c) ? row[c] + pad : pad + row[c];
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out << line << '\n';
  }
}

} // namespace livechat::sim
