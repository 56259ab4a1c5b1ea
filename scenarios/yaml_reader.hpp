// Internal to the loader: reading YAML nodes into values while collecting
// every problem as a diagnostic. Not a public header: it exposes yaml-cpp
// types, which only scenarios/*.cpp see (yaml-cpp is linked privately).
//
// Each reader reports a problem and returns nullopt (or an empty value)
// rather than stopping, so one pass over a file finds all of its problems.
// `what` strings name the item a value belongs to, e.g. "live chat
// 'internal'"; `field(key, what)` names one of its keys in messages.
#pragma once

#include "scenarios/diagnostics.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/units.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace livechat::scenarios::detail {

/// The file being read and the diagnostics found so far.
class reader {
public:
  reader(std::string file, std::vector<diagnostic>& out)
      : file_(std::move(file)), out_(out) {}

  const std::string& file() const noexcept {
    return file_;
  }

  /// 1-based position of `n` (line 0 if yaml-cpp has no mark for it).
  source_location at(const YAML::Node& n) const;
  source_location at(const YAML::Mark& m) const;

  void error(const source_location& where, std::string message);
  void error(const YAML::Node& n, std::string message) {
    error(at(n), std::move(message));
  }

private:
  std::string file_;
  std::vector<diagnostic>& out_;
};

/// "'key' of <what>", or "'key'" for top-level keys (what == "scenario").
std::string field(std::string_view key, std::string_view what);

/// The entries of one YAML mapping. On construction reports duplicate keys,
/// non-scalar keys and keys not in `known`; the first entry of a duplicate
/// key wins.
class map_reader {
public:
  /// Precondition: node.IsMap().
  map_reader(reader& r, const YAML::Node& node, std::string what,
             std::initializer_list<std::string_view> known);

  /// Renames the item in later messages (once its name is known).
  void rename(std::string what) {
    what_ = std::move(what);
  }
  const std::string& what() const noexcept {
    return what_;
  }
  const source_location& where() const noexcept {
    return where_;
  }
  /// Where each key's value starts.
  const key_locations& keys() const noexcept {
    return keys_;
  }

  /// The value of `key`, or nullopt if absent.
  std::optional<YAML::Node> get(std::string_view key) const;

  /// As get(), reporting "<what> is missing required key '<key>'" if absent.
  std::optional<YAML::Node> require(std::string_view key) const;

private:
  struct entry {
    std::string key;
    YAML::Node value;
  };
  reader& reader_;
  std::string what_;
  source_location where_;
  key_locations keys_;
  std::vector<entry> entries_;
};

/// Reports "<desc> must be a mapping" and returns false unless a mapping.
bool expect_map(reader& r, const YAML::Node& n, std::string_view desc);
/// Reports "<desc> must be a list" and returns false unless a sequence.
bool expect_list(reader& r, const YAML::Node& n, std::string_view desc);

std::optional<std::string> read_string(reader& r, const YAML::Node& n,
                                       std::string_view desc);
/// A whole number (no sign restriction; ranges are for validation).
std::optional<long long> read_integer(reader& r, const YAML::Node& n,
                                      std::string_view desc);
std::optional<double> read_number(reader& r, const YAML::Node& n,
                                  std::string_view desc);
/// `true` or `false` only.
std::optional<bool> read_bool(reader& r, const YAML::Node& n,
                              std::string_view desc);
std::optional<duration> read_duration(reader& r, const YAML::Node& n,
                                      std::string_view desc);
std::optional<rate> read_rate(reader& r, const YAML::Node& n,
                              std::string_view desc);
/// A list of strings, each with its location.
std::vector<located_text> read_texts(reader& r, const YAML::Node& n,
                                     std::string_view desc);

} // namespace livechat::scenarios::detail
