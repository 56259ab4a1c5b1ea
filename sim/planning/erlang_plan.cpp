#include "sim/planning/erlang_plan.hpp"

#include "core/queueing/staffing.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace livechat::sim::planning {

namespace {

/// Length of [a0, a1) intersected with [b0, b1).
duration overlap(duration a0, duration a1, duration b0, duration b1) {
  const auto lo = std::max(a0, b0);
  const auto hi = std::min(a1, b1);
  return hi > lo ? hi - lo : duration::zero();
}

/// Mean handling time of a session handled by `w`'s rules.
double handling_aht_s(const scenarios::workload_spec& w) {
  const double wrap_up = to_seconds(w.handle_time.mean());
  if (!w.messages)
    return wrap_up;
  const double n = std::max(1.0, w.messages->per_session.mean());
  return n * to_seconds(w.messages->operator_reply.mean())
         + (n - 1) * to_seconds(w.messages->customer_think.mean()) + wrap_up;
}

/// Sums of one group's loads in one interval.
struct accumulator {
  double rate = 0;
  double rate_x_aht = 0;
  double rate_x_patience = 0;
  bool all_patient = true;

  void add(double r, double aht_s, std::optional<double> patience_s) {
    if (!(r > 0))
      return;
    rate += r;
    rate_x_aht += r * aht_s;
    if (patience_s)
      rate_x_patience += r * *patience_s;
    else
      all_patient = false;
  }

  group_interval_load load() const {
    group_interval_load out;
    if (!(rate > 0))
      return out;
    out.arrival_rate_per_s = rate;
    out.aht_s = rate_x_aht / rate;
    if (all_patient)
      out.mean_patience_s = rate_x_patience / rate;
    return out;
  }
};

} // namespace

double mean_rate(const scenarios::arrival_spec& a, duration from, duration to,
                 duration horizon, const std::vector<duration>* trace) {
  const double length_s = to_seconds(to - from);
  const auto end = std::min(to, horizon);
  if (end <= from)
    return 0;
  switch (a.kind) {
    case scenarios::arrival_kind::poisson:
      return a.poisson.per_second * to_seconds(end - from) / length_s;
    case scenarios::arrival_kind::profile: {
      double arrivals = 0;
      for (std::size_t i = 0; i < a.profile.size(); ++i) {
        const auto step_end = i + 1 < a.profile.size() ? a.profile[i + 1].from
                                                       : duration::max();
        arrivals
          += a.profile[i].value.per_second
             * to_seconds(overlap(a.profile[i].from, step_end, from, end));
      }
      return arrivals / length_s;
    }
    case scenarios::arrival_kind::trace: {
      if (trace == nullptr)
        return 0;
      const auto n
        = std::count_if(trace->begin(), trace->end(), [&](duration t) {
            return t >= from && t < end && t >= duration::zero();
          });
      return static_cast<double>(n) / length_s;
    }
  }
  return 0;
}

std::vector<std::vector<group_interval_load>>
interval_loads(const scenarios::scenario& sc,
               const scenarios::scenario_workspace& ws,
               const std::vector<group_id>& groups, duration interval,
               std::size_t intervals,
               const std::vector<std::vector<duration>>* trace_times) {
  if (interval <= duration::zero())
    throw std::invalid_argument("interval_loads: the interval must be "
                                "positive");
  // Position of each group id in `groups`.
  std::vector<std::optional<std::size_t>> index_of;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (index_of.size() <= groups[i].value)
      index_of.resize(groups[i].value + 1);
    index_of[groups[i].value] = i;
  }
  std::vector<std::vector<accumulator>> acc(
    groups.size(), std::vector<accumulator>(intervals));
  auto add = [&](group_id g, std::size_t k, double r, double aht_s,
                 std::optional<double> patience_s) {
    if (g.value < index_of.size() && index_of[g.value])
      acc[*index_of[g.value]][k].add(r, aht_s, patience_s);
  };

  // The first workload of each chat decides how its sessions are handled.
  std::vector<std::optional<std::size_t>> handling_of(ws.chats.size());
  for (std::size_t w = 0; w < sc.workload.size(); ++w) {
    auto c = ws.chat_index.find(sc.workload[w].live_chat.text);
    if (c != ws.chat_index.end() && !handling_of[c->second])
      handling_of[c->second] = w;
  }

  for (std::size_t w = 0; w < sc.workload.size(); ++w) {
    const auto& spec = sc.workload[w];
    auto c = ws.chat_index.find(spec.live_chat.text);
    if (c == ws.chat_index.end())
      continue;
    const auto& def = ws.chats[c->second];
    const auto& handling = sc.workload[*handling_of[c->second]];
    const double aht_s = handling_aht_s(handling);
    std::optional<double> patience_s;
    if (spec.patience)
      patience_s = to_seconds(spec.patience->mean());
    // Expert groups and handling times of the transfers.
    std::vector<std::pair<group_id, double>> experts;
    for (const auto& t : handling.transfers) {
      auto g = ws.groups.find(t.to.text);
      if (g == ws.groups.end())
        continue;
      experts.emplace_back(
        g->second, t.handle_time ? to_seconds(t.handle_time->mean()) : aht_s);
    }
    const std::vector<duration>* trace = nullptr;
    if (trace_times != nullptr && w < trace_times->size())
      trace = &(*trace_times)[w];
    for (std::size_t k = 0; k < intervals; ++k) {
      const auto from = interval * static_cast<duration::rep>(k);
      const double r = mean_rate(spec.arrivals, from, from + interval,
                                 sc.horizon, trace);
      if (!(r > 0))
        continue;
      if (!def.operator_groups.empty()) {
        const double share = r
                             / static_cast<double>(def.operator_groups.size());
        for (auto g : def.operator_groups)
          add(g, k, share, aht_s, patience_s);
      }
      for (std::size_t i = 0; i < experts.size(); ++i)
        add(experts[i].first, k, r * handling.transfers[i].probability,
            experts[i].second, std::nullopt);
    }
  }

  std::vector<std::vector<group_interval_load>> out(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    out[i].reserve(intervals);
    for (const auto& a : acc[i])
      out[i].push_back(a.load());
  }
  return out;
}

erlang_answers erlang_answer(const group_interval_load& load,
                             const std::vector<scenarios::target_spec>& targets,
                             double shrinkage, double max_occupancy,
                             int max_agents) {
  erlang_answers out;
  out.offered_erlangs = load.offered_erlangs();
  double cap = max_occupancy;
  std::vector<queueing::staffing_target> staffing;
  // Stability and the occupancy cap alone: P(wait) <= 1 always holds.
  staffing.push_back(queueing::p_wait_target(1.0));
  for (const auto& t : targets) {
    if (auto st = t.to_staffing_target())
      staffing.push_back(*st);
    else if (t.metric == scenarios::target_metric::occupancy)
      cap = std::min(cap, t.bound);
  }
  queueing::staffing_inputs base;
  base.arrival_rate_per_s = load.arrival_rate_per_s;
  base.aht_s = load.aht_s;
  if (load.arrival_rate_per_s == 0 || load.aht_s == 0) {
    // Zero load: the core answers 0 agents (and still checks the rest).
    base.arrival_rate_per_s = 0;
    base.aht_s = 1;
  }
  base.shrinkage = shrinkage;
  base.max_occupancy = cap;
  base.max_agents = max_agents;

  auto solve = [&](std::optional<double> patience_s) {
    erlang_staffing s{0, 0, true};
    for (const auto& t : staffing) {
      if (!patience_s && t.metric == queueing::staffing_metric::abandon_rate)
        continue; // nobody abandons: any stable staffing meets it
      auto in = base;
      in.mean_patience_s = patience_s;
      in.target = t;
      auto plan = queueing::plan_staffing(in);
      if (!plan)
        throw std::invalid_argument(
          "erlang_answer: the staffing search rejects its inputs (rate "
          + std::to_string(in.arrival_rate_per_s) + "/s, AHT "
          + std::to_string(in.aht_s) + " s, shrinkage "
          + std::to_string(in.shrinkage) + ", max occupancy "
          + std::to_string(in.max_occupancy) + ", max agents "
          + std::to_string(in.max_agents) + ", target value "
          + std::to_string(t.value) + ")");
      if (!plan->met) {
        s.met = false;
      } else if (plan->agents > s.agents) {
        s.agents = plan->agents;
        s.positions = plan->positions;
      }
    }
    if (!s.met)
      s = {0, 0, false};
    return s;
  };

  out.erlang_c = solve(std::nullopt);
  out.erlang_a = load.mean_patience_s ? solve(load.mean_patience_s)
                                      : out.erlang_c;
  return out;
}

} // namespace livechat::sim::planning
