#include "sim/reports/plan_common.hpp"

#include "scenarios/units.hpp"
#include "sim/reports/svg.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace livechat::sim::planning {

using scenarios::target_metric;
using scenarios::target_spec;

double interval_s(const plan_result& r) {
  return to_seconds(r.interval);
}

/// The target of `r` named `name`, if any.
const target_spec* spec_of(const plan_result& r, std::string_view name) {
  for (const auto& t : r.targets)
    if (t.name() == name)
      return &t;
  return nullptr;
}

/// Whether the target named `name` is a fraction (shown as a percentage);
/// otherwise it is seconds.
bool is_fraction(const plan_result& r, std::string_view name) {
  if (const auto* t = spec_of(r, name))
    return t->metric != target_metric::asa_answered
           && t->metric != target_metric::wait_p90;
  return !name.ends_with("_s");
}

/// The columns of achieved targets: the targets' names in order, then any
/// other name an interval reports.
std::vector<std::string> target_columns(const plan_result& r) {
  std::vector<std::string> out;
  auto add = [&](std::string name) {
    if (std::find(out.begin(), out.end(), name) == out.end())
      out.push_back(std::move(name));
  };
  for (const auto& t : r.targets)
    add(t.name());
  for (const auto& g : r.groups)
    for (const auto& i : g.intervals)
      for (const auto& a : i.achieved)
        add(a.name);
  return out;
}

/// Whether an occupancy column is needed besides the targets' columns.
bool occupancy_column(const std::vector<std::string>& columns) {
  return std::find(columns.begin(), columns.end(), "occupancy")
         == columns.end();
}

const achieved_target* achieved_of(const interval_plan& i,
                                   std::string_view name) {
  for (const auto& a : i.achieved)
    if (a.name == name)
      return &a;
  return nullptr;
}

/// Erlang agents, NaN when the formula cannot meet the targets within max.
double agents(const erlang_staffing& s) {
  return s.met ? s.agents : std::nan("");
}

void count_intervals(const group_plan& g, totals& t) {
  for (const auto& i : g.intervals) {
    ++t.group_intervals;
    t.missed += i.met ? 0 : 1;
    t.erlang_c_unmet += i.erlang.erlang_c.met ? 0 : 1;
    t.erlang_a_unmet += i.erlang.erlang_a.met ? 0 : 1;
  }
}

totals group_totals(const group_plan& g) {
  totals t{g.operator_hours,
           g.position_hours,
           g.erlang_c_hours,
           g.erlang_a_hours,
           g.established_vs_erlang_c_hours,
           g.established_vs_erlang_a_hours};
  count_intervals(g, t);
  return t;
}

totals all_totals(const plan_result& r) {
  totals t;
  for (const auto& g : r.groups) {
    t.operator_hours += g.operator_hours;
    t.position_hours += g.position_hours;
    t.erlang_c_hours += g.erlang_c_hours;
    t.erlang_a_hours += g.erlang_a_hours;
    t.established_c_hours += g.established_vs_erlang_c_hours;
    t.established_a_hours += g.established_vs_erlang_a_hours;
    count_intervals(g, t);
  }
  return t;
}

/// `hours` minus `erlang_hours` as a share of `erlang_hours`; NaN at 0.
double relative(double hours, double erlang_hours) {
  return erlang_hours > 0 ? (hours - erlang_hours) / erlang_hours
                          : std::nan("");
}

/// `x` with `prec` decimals and a sign ("+2.0", "-1.5", "0.0").
std::string signed_text(double x, int prec) {
  auto text = svg::fixed(x, prec);
  return x > 0 && text != svg::fixed(0, prec) ? "+" + text : text;
}

/// "+12.0 operator-hours (+8.7 %)" against `erlang_hours`.
std::string difference_text(double hours, double erlang_hours,
                            std::string_view unit) {
  auto out = signed_text(hours - erlang_hours, 1) + std::string{unit};
  if (auto rel = relative(hours, erlang_hours); std::isfinite(rel))
    out += " (" + signed_text(100 * rel, 1) + " %)";
  return out;
}

/// Operator-hours of `t` against Erlang C (or A) as difference_text; when
/// the formula cannot meet the targets within --max in some intervals (their
/// hours count 0), says so: in full, or `brief`ly with a "*".
std::string versus(const totals& t, bool erlang_a, std::string_view unit,
                   bool brief) {
  auto erlang_hours = erlang_a ? t.erlang_a_hours : t.erlang_c_hours;
  auto established = erlang_a ? t.established_a_hours : t.established_c_hours;
  auto difference = t.operator_hours - erlang_hours;
  std::string out;
  if (std::fabs(established) < 1e-9) {
    // Nothing the evidence shows: the plan agrees with the formula.
    out = "agrees";
    if (std::fabs(difference) > 1e-9 && !brief)
      out += " (" + signed_text(difference, 1) + std::string{unit}
             + " within the simulation's precision)";
  } else {
    out = difference_text(t.operator_hours, erlang_hours, unit);
    if (std::fabs(established - difference) > 1e-9 && !brief)
      out += ", " + signed_text(established, 1) + std::string{unit}
             + " beyond the simulation's precision";
  }
  auto unmet = erlang_a ? t.erlang_a_unmet : t.erlang_c_unmet;
  if (unmet == 0)
    return out;
  if (brief)
    return out + " *";
  return out + " (" + (erlang_a ? "Erlang A" : "Erlang C")
         + " not within --max in " + std::to_string(unmet) + " interval"
         + (unmet == 1 ? "" : "s") + ", left out)";
}

/// The chats whose arrivals a group sees: those it serves as operators, or
/// else those it serves as experts; indices into `r.chat_names`.
std::vector<std::size_t> chats_of(const scenarios::scenario& sc,
                                  const plan_result& r,
                                  const std::string& group) {
  std::vector<std::size_t> first, expert;
  auto names = [&](const std::vector<scenarios::located_text>& list) {
    return std::any_of(list.begin(), list.end(), [&](const auto& t) {
      return t.text == group;
    });
  };
  for (const auto& chat : sc.live_chats) {
    auto at = std::find(r.chat_names.begin(), r.chat_names.end(), chat.name);
    if (at == r.chat_names.end())
      continue;
    auto index = static_cast<std::size_t>(at - r.chat_names.begin());
    if (names(chat.operators))
      first.push_back(index);
    else if (names(chat.experts))
      expert.push_back(index);
  }
  return first.empty() ? expert : first;
}
/// A short column title for a target.
std::string short_label(const plan_result& r, const std::string& name) {
  const auto* t = spec_of(r, name);
  if (t == nullptr)
    return name;
  switch (t->metric) {
    case target_metric::service_level: {
      auto dot = name.find('.');
      auto rest = dot == std::string::npos ? name : name.substr(dot + 1);
      return "SL " + rest;
    }
    case target_metric::asa_answered: return "ASA";
    case target_metric::abandon_rate: return "abandon";
    case target_metric::wait_p90: return "wait p90";
    case target_metric::occupancy: return "occupancy";
  }
  return name;
}

/// Mean ±half CI with the unit: "85.3±1.2%" or "12.4±0.8s"; "-" for NaN.
std::string value_text(const figure& f, bool fraction) {
  if (!std::isfinite(f.mean))
    return "-";
  auto scale = fraction ? 100.0 : 1.0;
  auto out = svg::fixed(f.mean * scale, 1);
  if (std::isfinite(f.lo) && std::isfinite(f.hi) && f.hi > f.lo)
    out += "±" + svg::fixed((f.hi - f.lo) / 2 * scale, 1);
  return out + (fraction ? "%" : "s");
}

std::string targets_text(const plan_result& r) {
  std::string out;
  for (const auto& t : r.targets)
    out += (out.empty() ? "" : "; ") + (t.text.empty() ? t.name() : t.text);
  return out.empty() ? "none" : out;
}

} // namespace livechat::sim::planning
