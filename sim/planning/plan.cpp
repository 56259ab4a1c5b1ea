#include "sim/planning/plan.hpp"

#include "core/stats/running_stats.hpp"
#include "sim/engine.hpp"
#include "sim/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>

namespace livechat::sim::planning {

namespace {

using scenarios::target_metric;
using scenarios::target_spec;

/// [group][interval] operators Online.
using staffing = std::vector<std::vector<int>>;

// -- the scenario with a staffing ---------------------------------------------

/// `sc` with one shift per planned group: `staff[g][k]` Online from interval
/// k on. Groups grow to the largest count (generated members are named
/// `<group>-plan-<i>`); other shifts of these groups are dropped.
scenarios::scenario staffed(const scenarios::scenario& sc,
                            const std::vector<std::string>& names,
                            const staffing& staff, duration interval) {
  auto out = sc;
  for (std::size_t g = 0; g < names.size(); ++g) {
    auto peak = static_cast<std::size_t>(
      std::max(0, *std::max_element(staff[g].begin(), staff[g].end())));
    for (auto& spec : out.groups) {
      if (spec.name != names[g])
        continue;
      if (spec.size)
        spec.size = std::max(*spec.size, peak);
      for (std::size_t i = 1; !spec.size && spec.members.size() < peak; ++i)
        spec.members.push_back({names[g] + "-plan-" + std::to_string(i), {}});
    }
    std::erase_if(out.shifts, [&](const auto& s) {
      return s.group.text == names[g];
    });
    scenarios::shift_spec shift{{names[g], {}}, {}, {}};
    for (std::size_t k = 0; k < staff[g].size(); ++k)
      shift.online.push_back(
        {interval * static_cast<long long>(k), staff[g][k], {}});
    out.shifts.push_back(std::move(shift));
  }
  return out;
}

/// `sc` with every arrival rate times `factor` (traces stay as they are).
scenarios::scenario scaled_volume(scenarios::scenario sc, double factor) {
  for (auto& w : sc.workload) {
    w.arrivals.poisson.per_second *= factor;
    for (auto& step : w.arrivals.profile)
      step.value.per_second *= factor;
  }
  return sc;
}

// -- measuring ----------------------------------------------------------------

/// The figure a target reads from one queue in one interval, if the queue
/// had sessions to measure it on.
std::optional<double> measure(const target_spec& t, const interval_queue& q) {
  using def = queueing::service_level_definition;
  switch (t.metric) {
    case target_metric::service_level: {
      auto within = static_cast<double>(q.wait.count_at_or_below(t.threshold));
      double denominator = 0;
      switch (t.definition) {
        case def::offered: denominator = static_cast<double>(q.offered); break;
        case def::answered:
          denominator = static_cast<double>(q.answered);
          break;
        case def::excl_short_abandons:
          denominator = static_cast<double>(
            q.offered - q.abandon_wait.count_at_or_below(t.threshold));
          break;
        case def::virtual_wait: // estimated: abandons after t count as late
          denominator = static_cast<double>(
            q.answered + q.abandoned
            - q.abandon_wait.count_at_or_below(t.threshold));
          break;
      }
      if (denominator <= 0)
        return std::nullopt;
      return within / denominator;
    }
    case target_metric::asa_answered:
      if (q.answered == 0)
        return std::nullopt;
      return q.wait.mean_seconds();
    case target_metric::abandon_rate:
      if (q.offered == 0)
        return std::nullopt;
      return static_cast<double>(q.abandoned) / static_cast<double>(q.offered);
    case target_metric::wait_p90:
      if (q.answered == 0)
        return std::nullopt;
      return to_seconds(q.wait.quantile(0.9));
    case target_metric::occupancy: return std::nullopt; // a group figure
  }
  return std::nullopt;
}

figure to_figure(const stats::running_stats& s) {
  auto ci = stats::confidence_interval_95(s);
  return {s.mean(), ci.lo, ci.hi};
}

/// What one staffing achieves, per group and interval.
struct evaluation {
  /// [group][interval][target]
  std::vector<std::vector<std::vector<achieved_target>>> targets;
  std::vector<std::vector<figure>> occupancy; ///< [group][interval]
  std::vector<std::vector<bool>> holds;       ///< [group][interval]
};

/// What the planner knows about the scenario's structure.
struct plan_context {
  const scenarios::scenario& sc;
  const plan_options& options;
  std::vector<group_id> groups; ///< serving_groups, planned in this order
  std::vector<std::string> names;
  /// Per group: the chats it serves first-level, whether it is an expert
  /// group, and its capacity per operator.
  std::vector<std::vector<std::size_t>> first_level_chats;
  std::vector<bool> is_expert;
  std::vector<int> capacity;
  std::size_t intervals = 0;
  double occupancy_cap = 1;
  std::size_t simulated_days = 0;
};

/// Runs `reps` replications of `sc` (0 .. reps-1: the same seeds for every
/// candidate) and evaluates every group and interval.
evaluation evaluate(plan_context& pc, const scenarios::scenario& sc,
                    std::uint64_t reps) {
  auto ws = scenarios::to_workspace(sc);
  assert(ws && "planning: a staffed scenario builds like its original");
  std::vector<std::optional<replication_result>> slots(reps);
  replication_options ro{.bin_width = pc.options.interval,
                         .trace_times = pc.options.trace_times,
                         .cancel = pc.options.cancel};
  parallel_for(reps, pc.options.threads, pc.options.cancel, [&](std::size_t r) {
    slots[r].emplace(run_replication(sc, *ws, r, ro));
  });
  pc.simulated_days += reps;
  std::vector<replication_result> results;
  for (auto& r : slots)
    results.push_back(std::move(*r));

  const auto& targets = pc.options.targets;
  evaluation ev;
  auto groups = pc.groups.size();
  ev.targets.assign(groups,
                    std::vector<std::vector<achieved_target>>(pc.intervals));
  ev.occupancy.assign(groups, std::vector<figure>(pc.intervals));
  ev.holds.assign(groups, std::vector<bool>(pc.intervals, true));
  for (std::size_t g = 0; g < groups; ++g)
    for (std::size_t k = 0; k < pc.intervals; ++k) {
      // Occupancy: sessions held / (operators Online x capacity).
      stats::running_stats occ;
      for (const auto& rep : results) {
        auto online = rep.series.group_online[g][k];
        if (online > 1e-9)
          occ.add(rep.series.group_busy[g][k] / (online * pc.capacity[g]));
      }
      ev.occupancy[g][k] = occ.count() > 0 ? to_figure(occ) : figure{};
      bool holds = occ.count() == 0 || occ.mean() <= pc.occupancy_cap + 1e-12;
      for (const auto& t : targets) {
        achieved_target a{t.name(), {}, true, false};
        if (t.metric == target_metric::occupancy) {
          a.value = ev.occupancy[g][k];
          a.measured = occ.count() > 0;
          a.holds = !a.measured || t.holds(a.value.mean);
        } else {
          // The worst of the group's queues.
          auto consider = [&](auto queue_of) {
            stats::running_stats s;
            for (const auto& rep : results)
              if (auto v = measure(t, queue_of(rep)))
                s.add(*v);
            if (s.count() == 0)
              return;
            auto f = to_figure(s);
            bool ok = t.holds(f.mean);
            if (!a.measured || (!ok && a.holds)
                || (ok == a.holds
                    && (t.metric == target_metric::service_level
                          ? f.mean < a.value.mean
                          : f.mean > a.value.mean))) {
              a.value = f;
              a.holds = ok;
              a.measured = true;
            }
          };
          for (auto c : pc.first_level_chats[g])
            consider([c, k](const replication_result& rep) -> const auto& {
              return rep.chat_intervals[c][k];
            });
          if (pc.is_expert[g])
            consider([g, k](const replication_result& rep) -> const auto& {
              return rep.expert_intervals[g][k];
            });
        }
        holds = holds && a.holds;
        ev.targets[g][k].push_back(std::move(a));
      }
      ev.holds[g][k] = holds;
    }
  return ev;
}

} // namespace

bool plan_result::all_met() const {
  for (const auto& g : groups)
    for (const auto& i : g.intervals)
      if (!i.met)
        return false;
  return true;
}

plan_result make_plan(const scenarios::scenario& sc,
                      const scenarios::scenario_workspace& ws,
                      const plan_options& options) {
  plan_context pc{sc, options, serving_groups(ws), {}, {}, {}, {}, 0, 1, 0};
  auto interval = options.interval;
  pc.intervals = time_bins::of_width(sc.horizon, interval).count;
  pc.occupancy_cap = options.max_occupancy;
  for (const auto& t : options.targets)
    if (t.metric == target_metric::occupancy)
      pc.occupancy_cap = std::min(pc.occupancy_cap, t.bound);
  for (auto g : pc.groups) {
    pc.names.push_back(ws.dir.get(g).name);
    auto& chats = pc.first_level_chats.emplace_back();
    bool expert = false;
    int cap = 1;
    for (std::size_t c = 0; c < ws.chats.size(); ++c) {
      const auto& def = ws.chats[c];
      bool serves = std::find(def.operator_groups.begin(),
                              def.operator_groups.end(), g)
                    != def.operator_groups.end();
      bool experts = std::find(def.expert_groups.begin(),
                               def.expert_groups.end(), g)
                     != def.expert_groups.end();
      if (serves)
        chats.push_back(c);
      expert = expert || experts;
      if (serves || experts)
        cap = std::max(cap, def.capacity);
    }
    pc.is_expert.push_back(expert);
    pc.capacity.push_back(cap);
  }

  // 1. The Erlang answers: the starting point.
  auto loads = interval_loads(sc, ws, pc.groups, interval, pc.intervals,
                              options.trace_times);
  plan_result out;
  out.interval = interval;
  out.intervals = pc.intervals;
  out.targets = options.targets;
  out.shrinkage = options.shrinkage;
  out.max_occupancy = pc.occupancy_cap;
  staffing staff(pc.groups.size(), std::vector<int>(pc.intervals, 0));
  std::vector<std::vector<erlang_answers>> erlang(pc.groups.size());
  for (std::size_t g = 0; g < pc.groups.size(); ++g)
    for (std::size_t k = 0; k < pc.intervals; ++k) {
      const auto& load = loads[g][k];
      auto ans = erlang_answer(load, options.targets, options.shrinkage,
                               options.max_occupancy, options.max_agents);
      erlang[g].push_back(ans);
      const auto& start = load.mean_patience_s ? ans.erlang_a : ans.erlang_c;
      int n = start.met ? start.agents : options.max_agents;
      staff[g][k] = std::clamp(n, options.min_agents, options.max_agents);
    }

  // Progress: an estimate of the days to simulate.
  std::size_t expected_days = options.search_reps * 8
                              + options.confirm_reps * 3;
  auto report = [&] {
    if (options.progress)
      options.progress(pc.simulated_days,
                       std::max(expected_days, pc.simulated_days));
  };

  // 2-3. Raise failing intervals until every one meets or stands at max.
  auto run = [&](const staffing& s, std::uint64_t reps) {
    auto ev = evaluate(pc, staffed(sc, pc.names, s, interval), reps);
    ++out.iterations;
    report();
    return ev;
  };
  auto ev = run(staff, options.search_reps);
  for (int round = 0; round < 4 * options.max_agents; ++round) {
    bool raised = false;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t k = 0; k < pc.intervals; ++k)
        if (!ev.holds[g][k] && staff[g][k] < options.max_agents) {
          ++staff[g][k];
          raised = true;
        }
    if (!raised)
      break;
    ev = run(staff, options.search_reps);
  }

  // 4. Trim: lower everything that can go, restore what then fails.
  std::vector<std::vector<bool>> frozen(staff.size(),
                                        std::vector<bool>(pc.intervals));
  for (int round = 0; round < 2 * options.max_agents; ++round) {
    auto trial = staff;
    bool lowered = false;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t k = 0; k < pc.intervals; ++k)
        if (!frozen[g][k] && ev.holds[g][k]
            && staff[g][k] > options.min_agents) {
          --trial[g][k];
          lowered = true;
        }
    if (!lowered)
      break;
    auto trial_ev = run(trial, options.search_reps);
    // Restore every lowered interval that now fails, and the one before
    // it (its backlog may be the cause); keep them as they are from now on.
    bool restored = false;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t k = 0; k < pc.intervals; ++k)
        if (ev.holds[g][k] && !trial_ev.holds[g][k])
          for (auto j : {k, k == 0 ? k : k - 1})
            if (trial[g][j] != staff[g][j]) {
              trial[g][j] = staff[g][j];
              frozen[g][j] = true;
              restored = true;
            }
    if (restored)
      trial_ev = run(trial, options.search_reps);
    // A restore can leave an earlier interval failing: then stop trimming.
    bool all_ok = true;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t k = 0; k < pc.intervals; ++k)
        if (ev.holds[g][k] && !trial_ev.holds[g][k])
          all_ok = false;
    if (!all_ok)
      break;
    staff = std::move(trial);
    ev = std::move(trial_ev);
  }

  // 5. Confirm with `confirm_reps` replications.
  if (options.confirm_reps != options.search_reps)
    ev = run(staff, options.confirm_reps);
  auto hours = to_seconds(interval) / 3600.0;
  for (std::size_t g = 0; g < staff.size(); ++g) {
    group_plan gp;
    gp.name = pc.names[g];
    for (std::size_t k = 0; k < pc.intervals; ++k) {
      interval_plan ip;
      ip.index = k;
      ip.start = interval * static_cast<long long>(k);
      ip.arrival_rate_per_h = loads[g][k].arrival_rate_per_s * 3600.0;
      ip.offered_erlangs = loads[g][k].offered_erlangs();
      ip.erlang = erlang[g][k];
      ip.required = staff[g][k];
      ip.positions = static_cast<int>(std::ceil(
        static_cast<double>(ip.required) / (1.0 - options.shrinkage) - 1e-9));
      ip.met = ev.holds[g][k];
      ip.achieved = ev.targets[g][k];
      ip.occupancy = ev.occupancy[g][k];
      gp.operator_hours += ip.required * hours;
      gp.position_hours += ip.positions * hours;
      gp.erlang_c_hours += ip.erlang.erlang_c.agents * hours;
      gp.erlang_a_hours += ip.erlang.erlang_a.agents * hours;
      gp.peak_required = std::max(gp.peak_required, ip.required);
      gp.peak_positions = std::max(gp.peak_positions, ip.positions);
      if (!ip.met)
        out.notes.push_back(
          gp.name + ", interval from " + scenarios::format_duration(ip.start)
          + ": "
          + (ip.required >= options.max_agents
               ? "targets not met even with --max "
                   + std::to_string(options.max_agents) + " operators"
               : "targets not met by the confirmed plan (the search's "
                 "replications met them)"));
      gp.intervals.push_back(std::move(ip));
    }
    out.groups.push_back(std::move(gp));
  }

  // The forecast per chat.
  for (std::size_t c = 0; c < ws.chats.size(); ++c) {
    out.chat_names.push_back(ws.chats[c].name);
    std::vector<double> per_h(pc.intervals, 0.0);
    for (std::size_t w = 0; w < sc.workload.size(); ++w) {
      if (sc.workload[w].live_chat.text != ws.chats[c].name)
        continue;
      const auto* trace = options.trace_times != nullptr
                              && w < options.trace_times->size()
                            ? &(*options.trace_times)[w]
                            : nullptr;
      for (std::size_t k = 0; k < pc.intervals; ++k) {
        auto from = interval * static_cast<long long>(k);
        per_h[k] += mean_rate(sc.workload[w].arrivals, from, from + interval,
                              sc.horizon, trace)
                    * 3600.0;
      }
    }
    out.chat_arrivals_per_h.push_back(std::move(per_h));
  }

  // +-10 % volume with the final plan.
  auto final_sc = staffed(sc, pc.names, staff, interval);
  for (double factor : {0.9, 1.1}) {
    auto variant = scaled_volume(final_sc, factor);
    auto vev = evaluate(pc, variant, options.confirm_reps);
    report();
    volume_check vc;
    vc.factor = factor;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t k = 0; k < pc.intervals; ++k)
        if (loads[g][k].arrival_rate_per_s > 0) {
          ++vc.intervals;
          if (vev.holds[g][k])
            ++vc.intervals_met;
        }
    auto vws = scenarios::to_workspace(variant);
    auto figures = run_experiment(variant, *vws,
                                  {.replications = options.confirm_reps,
                                   .threads = options.threads,
                                   .trace_times = options.trace_times,
                                   .cancel = options.cancel});
    pc.simulated_days += options.confirm_reps;
    report();
    vc.chats = std::move(figures.chats);
    out.volume.push_back(std::move(vc));
  }
  out.simulated_days = pc.simulated_days;
  return out;
}

} // namespace livechat::sim::planning
