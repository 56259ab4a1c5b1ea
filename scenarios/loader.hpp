// Loading a scenario file: YAML text -> `scenario`, or every problem in it.
//
// The loader reads from a stream so that tests (and tools) can feed inline
// text; `load_scenario_file` is the thin wrapper for paths. It parses the
// YAML, reads every key (rejecting unknown and duplicate keys, values of the
// wrong type or unit, missing required keys), then runs `validate`
// (validate.hpp) for cross references and ranges. Nothing is cut short at the
// first problem: the result holds all of them, sorted by position, each
// printing as `file:line:column: message`. No exception escapes.
// The format itself is documented in docs/scenario-format.md.
//
// Example:
//   std::istringstream in{"name: t\nhorizon: 1h\ngroups: ...\n"};
//   auto loaded = livechat::scenarios::load_scenario(in, "t.yaml");
//   if (!loaded.ok()) {
//     std::cerr << loaded.error_text();   // one line per problem
//     return 2;
//   }
//   const livechat::scenarios::scenario& s = *loaded.value;
#pragma once

#include "scenarios/diagnostics.hpp"
#include "scenarios/scenario.hpp"

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace livechat::scenarios {

/// Either a valid scenario or the full list of problems (never both).
struct [[nodiscard]] load_result {
  std::optional<scenario> value;
  /// Sorted by (line, column); empty if and only if `value` is set.
  std::vector<diagnostic> errors;

  bool ok() const noexcept {
    return value.has_value();
  }
  /// Every diagnostic as `file:line:column: message`, one per line.
  std::string error_text() const {
    return to_string(errors);
  }
};

/// Reads a scenario from `in`; `file_name` only names it in diagnostics.
load_result load_scenario(std::istream& in, std::string file_name);

/// Reads the scenario file at `path`; diagnostics name the path as given.
load_result load_scenario_file(const std::filesystem::path& path);

} // namespace livechat::scenarios
