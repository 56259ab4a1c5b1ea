// Capacity-planning targets: what a staffing plan must achieve, per live chat
// (and per expert group's queue) and per planning interval.
//
// Syntax (also for `livechat plan --target`):
//   service_level.<definition> >= <fraction> @ <t>
//       definition: offered | answered | excl_short_abandons | virtual;
//       fraction: 0.8 or 80%; t: a duration (20s)
//   asa_answered_s <= <seconds or duration>   mean wait of answered sessions
//   abandon_rate <= <fraction>
//   wait.p90 <= <seconds or duration>         90th percentile of answered
//                                             sessions' waits
//   occupancy <= <fraction>                   the occupancy cap
// A bare number for a time is seconds. Spaces are optional around `>=`,
// `<=` and `@`. Metrics are those of the registry (metrics.hpp), by name or
// JSON path: `asa_answered` and `asa_answered_s`, `wait.p90` and
// `wait_s.p90` are the same target.
//
// Example:
//   using namespace livechat::scenarios;
//   auto t = parse_target("service_level.offered >= 0.8 @ 20s");
//   t->metric;        // target_metric::service_level
//   t->definition;    // queueing::service_level_definition::offered
//   t->threshold;     // 20s
//   t->bound;         // 0.8
//   t->holds(0.83);   // true
#pragma once

#include "core/queueing/erlang.hpp"
#include "core/queueing/staffing.hpp"
#include "core/time.hpp"
#include "scenarios/diagnostics.hpp"
#include "scenarios/units.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace livechat::scenarios {

enum class target_metric {
  service_level, ///< bound: fraction, at least
  asa_answered,  ///< bound: seconds, at most
  abandon_rate,  ///< bound: fraction, at most
  wait_p90,      ///< bound: seconds, at most
  occupancy,     ///< bound: fraction, at most (the occupancy cap)
};

struct target_spec {
  target_metric metric = target_metric::service_level;
  /// service_level only.
  queueing::service_level_definition definition
    = queueing::service_level_definition::offered;
  /// service_level only: the t of "answered within t".
  duration threshold{};
  /// The bound: a fraction, or seconds for asa_answered and wait_p90.
  double bound = 0.0;
  /// The target as written, for reports.
  std::string text;
  source_location where;

  /// Whether a measured value (a fraction, or seconds) meets the target:
  /// >= bound for service levels, <= bound for everything else.
  bool holds(double measured) const noexcept;

  /// A stable name for reports, e.g. "service_level.offered@20s",
  /// "asa_answered_s", "abandon_rate", "wait.p90_s", "occupancy".
  std::string name() const;

  /// The same target for core/queueing/staffing.hpp's Erlang search, where
  /// one exists: wait.p90 <= X becomes "90 % of answered within X";
  /// asa_answered becomes the ASA over all arrivals (equal under Erlang C;
  /// under Erlang A a slightly stricter target, documented). Occupancy is
  /// not a target there but `staffing_inputs::max_occupancy`: nullopt.
  std::optional<queueing::staffing_target> to_staffing_target() const;
};

/// Parses one target (see the top of this file).
parsed<target_spec> parse_target(std::string_view text);

} // namespace livechat::scenarios
