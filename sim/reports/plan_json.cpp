#include "scenarios/units.hpp"
#include "sim/reports/plan_common.hpp"
#include "sim/reports/plan_report.hpp"
#include "sim/reports/run_csv.hpp"
#include "sim/reports/svg.hpp"
#include "sim/reports/text_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

namespace livechat::sim::planning {

namespace {

using json = nlohmann::ordered_json;
using scenarios::target_metric;

json number(double x) {
  return std::isfinite(x) ? json(x) : json(nullptr);
}

json to_json(const figure& f) {
  return json{{"mean", number(f.mean)},
              {"ci95", json::array({number(f.lo), number(f.hi)})}};
}

json agents_json(const erlang_staffing& s, bool positions_of) {
  if (!s.met)
    return nullptr;
  return positions_of ? s.positions : s.agents;
}

json difference_json(int required, const erlang_staffing& s) {
  if (!s.met)
    return nullptr;
  return required - s.agents;
}

json interval_json(const plan_result& r, const group_plan& g,
                   const interval_plan& i) {
  auto start = to_seconds(i.start);
  json out{{"group", g.name},
           {"interval_start_s", start},
           {"interval_end_s", start + interval_s(r)},
           {"arrival_rate_per_h", number(i.arrival_rate_per_h)},
           {"offered_erlangs", number(i.offered_erlangs)},
           {"erlang_c", agents_json(i.erlang.erlang_c, false)},
           {"erlang_a", agents_json(i.erlang.erlang_a, false)},
           {"erlang_c_positions", agents_json(i.erlang.erlang_c, true)},
           {"erlang_a_positions", agents_json(i.erlang.erlang_a, true)},
           {"required", i.required},
           {"positions", i.positions},
           {"vs_erlang_c", difference_json(i.required, i.erlang.erlang_c)},
           {"vs_erlang_a", difference_json(i.required, i.erlang.erlang_a)},
           {"met", i.met},
           {"verdict", std::string{to_string(i.outcome)}},
           {"warmup", i.warmup},
           {"occupancy", to_json(i.occupancy)}};
  json achieved = json::object();
  for (const auto& a : i.achieved) {
    if (!a.measured) {
      achieved[a.name] = nullptr;
      continue;
    }
    auto entry = to_json(a.value);
    entry["holds"] = a.holds;
    achieved[a.name] = std::move(entry);
  }
  out["achieved"] = std::move(achieved);
  return out;
}

json hours_json(const totals& t) {
  return json{
    {"operator_hours", t.operator_hours},
    {"position_hours", t.position_hours},
    {"erlang_c_hours", t.erlang_c_hours},
    {"erlang_a_hours", t.erlang_a_hours},
    {"vs_erlang_c_hours", t.operator_hours - t.erlang_c_hours},
    {"vs_erlang_c_share", number(relative(t.operator_hours, t.erlang_c_hours))},
    {"vs_erlang_a_hours", t.operator_hours - t.erlang_a_hours},
    {"vs_erlang_a_share", number(relative(t.operator_hours, t.erlang_a_hours))},
    {"vs_erlang_c_established_hours", t.established_c_hours},
    {"vs_erlang_a_established_hours", t.established_a_hours},
  };
}

json group_json(const plan_result& r, const group_plan& g) {
  json out{{"name", g.name}};
  out.update(hours_json(group_totals(g)));
  out["peak_required"] = g.peak_required;
  out["peak_positions"] = g.peak_positions;
  out["intervals"] = json::array();
  for (const auto& i : g.intervals)
    out["intervals"].push_back(interval_json(r, g, i));
  return out;
}

/// The figures of a live chat at another volume, named as in `livechat run`.
json volume_chat_json(const entity_figures& c, double threshold_s) {
  return json{
    {"name", c.name},
    {"offered", to_json(c.get("offered"))},
    {"answered", to_json(c.get("answered"))},
    {"abandon_rate", to_json(c.get("abandon_rate"))},
    {"asa_answered_s", to_json(c.get("asa_answered"))},
    {"wait_s", {{"p90", to_json(c.get("wait.p90"))}}},
    {"service_level",
     {{"threshold_s", threshold_s},
      {"offered", to_json(c.get("service_level.offered"))}}},
  };
}

} // namespace

std::string plan_json(const scenarios::scenario& sc, const plan_result& r) {
  json doc;
  doc["scenario"] = sc.name;
  doc["seed"] = sc.seed;
  doc["interval_s"] = interval_s(r);
  doc["intervals"] = r.intervals;
  doc["shrinkage"] = number(r.shrinkage);
  doc["max_occupancy"] = number(r.max_occupancy);
  doc["decision"] = {{"confidence", r.rule.confidence},
                     {"tolerance", r.rule.tolerance},
                     {"confirmation_replications", r.confirmation_reps}};
  doc["targets"] = json::array();
  for (const auto& t : r.targets)
    doc["targets"].push_back({{"name", t.name()}, {"text", t.text}});
  auto t = all_totals(r);
  doc["all_met"] = r.all_met();
  doc["missed_intervals"] = t.missed;
  doc["totals"] = hours_json(t);
  doc["groups"] = json::array();
  for (const auto& g : r.groups)
    doc["groups"].push_back(group_json(r, g));
  doc["arrivals"] = json::array();
  for (std::size_t c = 0; c < r.chat_names.size(); ++c) {
    json per_h = json::array();
    if (c < r.chat_arrivals_per_h.size())
      for (auto v : r.chat_arrivals_per_h[c])
        per_h.push_back(number(v));
    doc["arrivals"].push_back(
      {{"live_chat", r.chat_names[c]}, {"per_h", std::move(per_h)}});
  }
  doc["volume"] = json::array();
  for (const auto& v : r.volume) {
    json entry{{"factor", v.factor},
               {"intervals", v.intervals},
               {"intervals_met", v.intervals_met}};
    entry["live_chats"] = json::array();
    for (const auto& c : v.chats)
      entry["live_chats"].push_back(
        volume_chat_json(c, to_seconds(sc.service_level_threshold)));
    doc["volume"].push_back(std::move(entry));
  }
  doc["notes"] = r.notes;
  doc["iterations"] = r.iterations;
  doc["confirmations"] = r.confirmations;
  doc["simulated_days"] = r.simulated_days;
  return doc.dump(2) + "\n";
}

} // namespace livechat::sim::planning
