#include "sim/planning/decision.hpp"

#include "core/stats/student_t.hpp"

#include <algorithm>
#include <cmath>

namespace livechat::sim::planning {

std::string_view to_string(verdict v) noexcept {
  switch (v) {
    case verdict::met: return "met";
    case verdict::not_met: return "not met";
    case verdict::undecided: return "undecided";
  }
  return "undecided";
}

decision decide(const stats::running_stats& evidence, const requirement& req,
                const decision_rule& rule, std::size_t decisions) {
  double mean = evidence.mean();
  double half = 0;
  if (evidence.count() >= 2) {
    double alpha = (1.0 - rule.confidence)
                   / static_cast<double>(std::max<std::size_t>(1, decisions));
    half = stats::student_t_quantile(1.0 - alpha, evidence.count() - 1)
           * evidence.standard_error();
  }
  double zone = rule.tolerance * std::fabs(req.bound);
  decision out{verdict::undecided, mean - half, mean + half, false};
  if (req.higher_is_better) {
    out.clearly_short = out.upper < req.bound;
    if (out.lower >= req.bound)
      out.outcome = verdict::met;
    else if (out.upper < req.bound + zone)
      out.outcome = verdict::not_met;
  } else {
    out.clearly_short = out.lower > req.bound;
    if (out.upper <= req.bound)
      out.outcome = verdict::met;
    else if (out.lower > req.bound - zone)
      out.outcome = verdict::not_met;
  }
  return out;
}

} // namespace livechat::sim::planning
