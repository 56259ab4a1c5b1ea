// Units of scenario files: durations ("20s", "1.5h") and rates ("60/h").
//
// Durations are a non-negative decimal number followed by a unit: `ms`, `s`,
// `m` or `min` (minutes), `h`, `d`. Spaces between number and unit are
// allowed. A bare `0` is the only duration without a unit. Rates are a
// non-negative number, `/`, and one of the units `ms`, `s`, `m`, `min`, `h`,
// `d` (events per that unit). Parsing never throws: failures carry a lowercase
// message that quotes the text.
//
// Example:
//   using namespace livechat::scenarios;
//   auto d = parse_duration("1.5h");   // *d == 90min
//   auto r = parse_rate("60/h");       // r->per_second == 1.0 / 60
//   auto bad = parse_duration("5x");   // !bad, bad.error names unit 'x'
#pragma once

#include "core/time.hpp"

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace livechat::scenarios {

/// A value parsed from text, or a lowercase message saying why there is none.
template <class T>
struct [[nodiscard]] parsed {
  std::optional<T> value;
  std::string error; ///< empty on success

  static parsed success(T v) {
    return parsed{std::move(v), {}};
  }
  static parsed failure(std::string message) {
    return parsed{std::nullopt, std::move(message)};
  }

  explicit operator bool() const noexcept {
    return value.has_value();
  }
  const T& operator*() const {
    assert(value && "parsed: no value");
    return *value;
  }
  const T* operator->() const {
    assert(value && "parsed: no value");
    return &*value;
  }
};

/// Events per unit of time.
struct rate {
  double per_second = 0.0;

  double per_hour() const noexcept {
    return per_second * 3600.0;
  }
  friend bool operator==(const rate&, const rate&) = default;
};

/// Parses `20s`, `5m`, `5min`, `1.5h`, `250ms`, `2d` or `0`.
parsed<duration> parse_duration(std::string_view text);

/// Parses `60/h`, `4/min`, `0.2/s`, `1/m`, `100/d`, `5/ms`.
parsed<rate> parse_rate(std::string_view text);

/// Parses a decimal number, optionally signed and with an exponent (`0.05`,
/// `-3`, `1e3`). Rejects units, `inf`, `nan` and trailing text.
parsed<double> parse_number(std::string_view text);

/// Parses a whole decimal number, optionally signed (`-5`, `+3`, `42`), as a
/// signed 64-bit integer: never wraps. Rejects fractions, exponents,
/// trailing text, and values beyond the 64-bit range; the error reads after
/// the name of the value ("must be a whole number, got 'x'").
/// Scenario files and command-line options read integers through it, and
/// check them against the ranges of core/limits.hpp.
parsed<long long> parse_integer(std::string_view text);

/// `text` without leading and trailing spaces and tabs.
std::string_view trim_spaces(std::string_view text) noexcept;

/// Shortest exact text for `d` in the units above (`90s` -> "90s", `5400s` ->
/// "90m", `1500ms` -> "1500ms"); for messages and reports.
std::string format_duration(duration d);

} // namespace livechat::scenarios
