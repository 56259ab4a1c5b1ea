// Terminal tables, one writer for every report (`livechat run` and `plan`).
//
// Each column is as wide as its widest cell, measured in code points (a
// "±" or "µ" is one column); the first `text_columns` columns align left
// (names, labels), the others right (numbers); two spaces separate columns
// and trailing spaces are trimmed. The first row is usually the header.
//
// Example:
//   text_table t{1};
//   t.add({"live chat", "offered", "abandon"});
//   t.add({"internal", "412.0", "3.1%"});
//   t.write(out, "  ");
//   //   live chat  offered  abandon
//   //   internal     412.0     3.1%
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace livechat::sim {

/// Display width of UTF-8 `s`: its code points.
std::size_t display_width(std::string_view s);

class text_table {
public:
  explicit text_table(std::size_t text_columns = 1)
      : text_columns_(text_columns) {}

  /// Aligns `column` left too (a text column after the numbers).
  void align_left(std::size_t column) {
    left_.push_back(column);
  }

  /// Appends a row; rows may have fewer cells than others.
  void add(std::vector<std::string> row) {
    rows_.push_back(std::move(row));
  }
  bool empty() const noexcept {
    return rows_.empty();
  }

  /// Writes every row, each line starting with `indent`.
  void write(std::ostream& out, std::string_view indent = "") const;

private:
  bool is_left(std::size_t column) const;

  std::size_t text_columns_;
  std::vector<std::size_t> left_; ///< more left-aligned columns
  std::vector<std::vector<std::string>> rows_;
};

} // namespace livechat::sim
