// The planner's decision rule: is a target met, with a stated error rate?
//
// A plan decides, for each group and each class of intervals with the same
// load (sim/planning/load_classes.hpp), whether a staffing meets a target.
// The evidence is one pooled figure per replication (replications are
// independent, the intervals within one are not), summarised as a
// running_stats. With n >= 2 replications, mean m, standard error s and
// t = the 1 - alpha' quantile of Student's t with n - 1 degrees of freedom,
// alpha' = (1 - confidence) / decisions (Bonferroni over the decisions made
// at once), for a target "figure >= bound" (service level):
//   met        m - t s >= bound          the staffing meets the target
//   not met    m + t s <  bound + zone   it does not, or only just does
//   undecided  otherwise                  more replications are needed
// and mirrored for "figure <= bound" (waits, abandon rate, occupancy).
// `zone` is the indifference zone, `tolerance` times the bound (0.01 of a
// service level of 0.8 is 0.008; of an ASA of 30 s, 0.3 s).
//
// Error rates, each at most alpha' per decision and (1 - confidence) over
// all decisions made at once:
//   - "met" when the true figure misses the bound (understaffing);
//   - "not met" when it beats the bound by more than the zone (one operator
//     too many).
// A true figure within the zone beyond the bound may go either way: the
// plan then holds one operator more than the fewest that meet the target.
// Fewer than 2 replications, or a figure with no spread, decide on the mean.
//
// Example:
//   stats::running_stats sl;  // one pooled service level per replication
//   for (double x : {0.87, 0.89, 0.88, 0.90}) sl.add(x);
//   auto v = planning::decide(sl, {.bound = 0.8, .higher_is_better = true},
//                             {.confidence = 0.95, .tolerance = 0.01}, 10);
//   // v.outcome == verdict::met, v.lower >= 0.8
#pragma once

#include "core/stats/running_stats.hpp"

#include <cstddef>
#include <string_view>

namespace livechat::sim::planning {

enum class verdict { met, not_met, undecided };

std::string_view to_string(verdict v) noexcept;

/// What a target asks of one figure.
struct requirement {
  double bound = 0;
  bool higher_is_better = true;
};

/// How sure a decision must be.
struct decision_rule {
  /// One-sided, over all decisions made at once.
  double confidence = 0.95;
  /// The indifference zone, relative to the bound (see above).
  double tolerance = 0.01;
};

struct decision {
  verdict outcome = verdict::undecided;
  /// One-sided confidence bounds on the true figure, at the corrected level.
  double lower = 0;
  double upper = 0;
  /// The evidence shows the figure on the wrong side of the bound itself
  /// (not merely within the zone): the staffing is short, not just close.
  bool clearly_short = false;
};

/// Decides `req` on `evidence` (one value per replication), as one of
/// `decisions` made at once (>= 1).
decision decide(const stats::running_stats& evidence, const requirement& req,
                const decision_rule& rule, std::size_t decisions);

} // namespace livechat::sim::planning
