// Where something was written in a scenario file, and what is wrong with it.
//
// Every problem found in a scenario file becomes one `diagnostic`. Its text
// form, `file:line:column: message`, is what users see (the format of
// compilers, so editors can jump to it). Lines and columns are 1-based; a
// diagnostic about the whole file (it cannot be opened) has line 0 and prints
// as `file: message`. Messages are lowercase and name the item they are about.
//
// Example:
//   livechat::scenarios::source_location at{"s.yaml", 12, 7};
//   auto d = livechat::scenarios::make_diagnostic(
//     at, "live chat 'internal' names unknown group 'hr2'");
//   d.to_string(); // "s.yaml:12:7: live chat 'internal' names unknown ..."
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace livechat::scenarios {

/// A position in a scenario file. Line and column are 1-based; 0 means
/// "unknown" (e.g. a spec built in code rather than loaded).
struct source_location {
  std::string file;
  int line = 0;
  int column = 0;

  friend bool operator==(const source_location&, const source_location&)
    = default;
};

/// One problem in a scenario file.
struct diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  /// `file:line:column: message`, or `file: message` when line is 0.
  std::string to_string() const;

  friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

diagnostic make_diagnostic(const source_location& where, std::string message);

/// Sorts by (line, column), keeping the order of equal positions: users read
/// problems top to bottom.
void sort_by_location(std::vector<diagnostic>& ds);

/// `text` as it may appear in a message: quoted, at most `max_chars`
/// characters (then "..."), bytes outside printable ASCII shown as \xNN, so a
/// binary file or a 200,000-column line cannot flood a terminal.
std::string excerpt(std::string_view text, std::size_t max_chars = 40);

/// As `excerpt`, without the quotes (for messages of other libraries).
std::string printable(std::string_view text, std::size_t max_chars = 200);

/// Every diagnostic's `to_string()`, each followed by a newline.
std::string to_string(const std::vector<diagnostic>& ds);

} // namespace livechat::scenarios
