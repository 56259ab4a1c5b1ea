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

/// Every diagnostic's `to_string()`, each followed by a newline.
std::string to_string(const std::vector<diagnostic>& ds);

} // namespace livechat::scenarios
