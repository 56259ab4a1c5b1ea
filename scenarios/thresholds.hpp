// Pass/fail thresholds on report metrics: "metric op value".
//
// A threshold is a metric name (letters, digits, `_` and `.`, e.g.
// `wait.p99`, `abandon_rate`, `fairness.handled.jain`), a comparator
// (`<`, `<=`, `>`, `>=`, `==`) and a value: a number (`0.05`), a percentage
// (`95%` is 0.95) or a duration (`2m`, see units.hpp). This only parses:
// `validate` (validate.hpp) checks that the metric is in the registry
// (metrics.hpp), by its name or its JSON path (`wait_s.p99`).
//
// Example:
//   using namespace livechat::scenarios;
//   auto t = parse_threshold("wait.p99 < 2m");
//   t->metric;          // "wait.p99"
//   t->value;           // 120.0 (durations in seconds)
//   t->holds(95.0);     // true
#pragma once

#include "scenarios/diagnostics.hpp"
#include "scenarios/units.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace livechat::scenarios {

enum class comparator { less, less_equal, greater, greater_equal, equal };

/// The comparator's symbol: "<", "<=", ">", ">=", "==".
std::string_view to_string(comparator c) noexcept;

struct threshold_spec {
  std::string metric;
  comparator op = comparator::less;
  /// The bound; durations in seconds, percentages as fractions.
  double value = 0.0;
  /// True if the value was written as a duration (compare with seconds).
  bool is_duration = false;
  /// The threshold as written, for reports.
  std::string text;
  source_location where;

  /// Whether a measured value (seconds for durations) meets the threshold.
  bool holds(double measured) const noexcept;
};

/// Parses "metric op value"; spaces around the comparator are optional.
parsed<threshold_spec> parse_threshold(std::string_view text);

} // namespace livechat::scenarios
