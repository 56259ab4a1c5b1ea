// Intervals that are the same system, so a plan decides them together.
//
// Two planning intervals belong to one class when every planned group sees
// the same load in both (arrival rate, handling time, patience) and also
// saw the same load in the interval before each (so the first interval
// after a change of load, whose queue still carries the previous load's
// backlog, is its own class). A stationary stretch is then one class and
// gets one answer from all of its intervals' evidence; a time-varying day
// has a class per interval and keeps per-interval answers. Intervals that
// start before the warm-up ends are measured by nothing and belong to no
// class.
//
// Example:
//   auto classes = classify_intervals(loads, /*first_measured=*/10);
//   // a stationary 400-interval day: classes.of[10] == classes.of[399]
#pragma once

#include "sim/planning/erlang_plan.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace livechat::sim::planning {

struct interval_classes {
  /// Per interval: its class, or nothing before `first_measured`.
  std::vector<std::optional<std::size_t>> of;
  /// Per class: its intervals, in order.
  std::vector<std::vector<std::size_t>> members;
};

/// Classes of the intervals of `loads` ([group][interval]); intervals before
/// `first_measured` belong to none.
interval_classes
classify_intervals(const std::vector<std::vector<group_interval_load>>& loads,
                   std::size_t first_measured);

} // namespace livechat::sim::planning
