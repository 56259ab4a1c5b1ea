// Fairness of work spread across the operators of a group.
//
// Input is one value per operator, already normalised by that operator's
// online time (handled sessions per online hour, busy time per online time,
// ...; see ARCHITECTURE.md, "Metrics that must be named exactly"). Values must
// be finite and non-negative (asserted). Three views, reported together:
//
// - Jain's index J = (sum x)^2 / (n sum x^2), in [1/n, 1]; 1 is perfectly
//   even, 1/n means one operator did everything. J = 1 / (1 + CV^2).
// - Gini = sum_i sum_j |x_i - x_j| / (2 n^2 mean), in [0, (n-1)/n]; 0 is
//   perfectly even. Computed in O(n log n) by sorting.
// - max/min: the busiest operator over the least busy one.
//
// Degenerate inputs count as perfectly fair, because nobody got more than
// anybody else: an empty span or all zeros gives J = 1, Gini = 0, max/min = 1.
// Some zeros with some positive values give max/min = +infinity.
//
// Example:
//   std::vector<double> sessions_per_hour{10, 20, 30, 40, 50, 60};
//   auto f = livechat::stats::summarize(sessions_per_hour);
//   // f.jain == 0.807692..., f.gini == 0.277777..., f.max_min == 6.0
#pragma once

#include <span>

namespace livechat::stats {

/// Jain's fairness index; 1.0 for an empty span or all zeros.
double jain_index(std::span<const double> values) noexcept;

/// Gini coefficient (mean absolute difference over twice the mean, with the
/// n^2 normalisation above); 0.0 for an empty span or all zeros.
double gini(std::span<const double> values);

/// max / min; +infinity if min == 0 < max; 1.0 for an empty span or all zeros.
double max_min_ratio(std::span<const double> values) noexcept;

/// The three indices of one per-operator vector.
struct fairness_summary {
  double jain = 1.0;
  double gini = 0.0;
  double max_min = 1.0;

  friend bool operator==(const fairness_summary&, const fairness_summary&)
    = default;
};

/// All three indices at once (same definitions and edge cases as above).
fairness_summary summarize(std::span<const double> values);

} // namespace livechat::stats
