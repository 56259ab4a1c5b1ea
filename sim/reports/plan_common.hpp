// What every plan report needs, whatever its format: the targets' columns,
// the totals of operator-hours against Erlang, the comparison texts, the
// chats of a group. Internal to sim/reports/plan_*.cpp.
#pragma once

#include "sim/reports/plan_report.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace livechat::sim::planning {

using scenarios::target_spec;

double interval_s(const plan_result& r);

/// The target of `r` named `name`, if any.
const target_spec* spec_of(const plan_result& r, std::string_view name);

/// Whether the target named `name` is a fraction (shown as a percentage);
/// otherwise it is seconds.
bool is_fraction(const plan_result& r, std::string_view name);

/// The columns of achieved targets: the targets' names in order, then any
/// other name an interval reports.
std::vector<std::string> target_columns(const plan_result& r);

/// Whether an occupancy column is needed besides the targets' columns.
bool occupancy_column(const std::vector<std::string>& columns);

const achieved_target* achieved_of(const interval_plan& i,
                                   std::string_view name);

/// Erlang agents, NaN when the formula cannot meet the targets within max.
double agents(const erlang_staffing& s);

struct totals {
  double operator_hours = 0;
  double position_hours = 0;
  double erlang_c_hours = 0;
  double erlang_a_hours = 0;
  double established_c_hours = 0; ///< the difference the evidence shows
  double established_a_hours = 0;
  std::size_t group_intervals = 0;
  std::size_t missed = 0;
  std::size_t erlang_c_unmet = 0; ///< group-intervals Erlang C cannot meet
  std::size_t erlang_a_unmet = 0;
};

void count_intervals(const group_plan& g, totals& t);

totals group_totals(const group_plan& g);

totals all_totals(const plan_result& r);

/// `hours` minus `erlang_hours` as a share of `erlang_hours`; NaN at 0.
double relative(double hours, double erlang_hours);

/// `x` with `prec` decimals and a sign ("+2.0", "-1.5", "0.0").
std::string signed_text(double x, int prec);

/// "+12.0 operator-hours (+8.7 %)" against `erlang_hours`.
std::string difference_text(double hours, double erlang_hours,
                            std::string_view unit);

/// Operator-hours of `t` against Erlang C (or A) as difference_text; when
/// the formula cannot meet the targets within --max in some intervals (their
/// hours count 0), says so: in full, or `brief`ly with a "*".
std::string versus(const totals& t, bool erlang_a, std::string_view unit,
                   bool brief = false);

/// The chats whose arrivals a group sees: those it serves as operators, or
/// else those it serves as experts; indices into `r.chat_names`.
std::vector<std::size_t> chats_of(const scenarios::scenario& sc,
                                  const plan_result& r,
                                  const std::string& group);

/// A short column title for a target.
std::string short_label(const plan_result& r, const std::string& name);

/// Mean ±half CI with the unit: "85.3±1.2%" or "12.4±0.8s"; "-" for NaN.
std::string value_text(const figure& f, bool fraction);

/// The targets as written, "; "-separated ("none" without targets).
std::string targets_text(const plan_result& r);

} // namespace livechat::sim::planning
