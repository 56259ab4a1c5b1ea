#include "sim/planning/plan.hpp"

#include "core/stats/running_stats.hpp"
#include "sim/engine.hpp"
#include "sim/parallel.hpp"
#include "sim/planning/decision.hpp"
#include "sim/planning/load_classes.hpp"

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

/// A queue a group serves: a chat's first-level queue, or the group's own
/// expert queue.
struct queue_ref {
  bool expert = false;
  std::size_t index = 0; ///< chat index, or group index for expert queues
};

/// [group][class or interval][target][queue]
using stats_grid
  = std::vector<std::vector<std::vector<std::vector<stats::running_stats>>>>;

/// What the planner knows about the scenario's structure.
struct plan_context {
  const scenarios::scenario& sc;
  const plan_options& options;
  std::vector<group_id> groups; ///< serving_groups, planned in this order
  std::vector<std::string> names;
  std::vector<std::vector<queue_ref>> queues; ///< per group
  std::vector<int> capacity;                  ///< per group, per operator
  std::size_t intervals = 0;
  interval_classes classes;
  std::size_t first_measured = 0; ///< the first interval after warm-up
  double occupancy_cap = 1;
  std::size_t simulated_days = 0;
  std::uint64_t max_reps = 0; ///< replications a staffing may take at most
};

/// The evidence about one staffing: per replication, each class's figures
/// pooled over its intervals (the unit of decisions), and each interval's
/// own (the report's achieved figures).
struct evidence {
  std::uint64_t replications = 0;
  stats_grid pooled;       ///< [g][class][t][q]
  stats_grid per_interval; ///< [g][k][t][q]
  std::vector<std::vector<stats::running_stats>> pooled_occupancy; ///< [g][c]
  std::vector<std::vector<stats::running_stats>> occupancy;        ///< [g][k]
};

evidence empty_evidence(const plan_context& pc) {
  auto targets = pc.options.targets.size();
  evidence ev;
  for (std::size_t g = 0; g < pc.groups.size(); ++g) {
    auto cell = std::vector<std::vector<stats::running_stats>>(
      targets, std::vector<stats::running_stats>(pc.queues[g].size()));
    ev.pooled.emplace_back(pc.classes.members.size(), cell);
    ev.per_interval.emplace_back(pc.intervals, cell);
  }
  ev.pooled_occupancy.assign(
    pc.groups.size(),
    std::vector<stats::running_stats>(pc.classes.members.size()));
  ev.occupancy.assign(pc.groups.size(),
                      std::vector<stats::running_stats>(pc.intervals));
  return ev;
}

const interval_queue& queue_of(const replication_result& rep, queue_ref q,
                               std::size_t k) {
  return q.expert ? rep.expert_intervals[q.index][k]
                  : rep.chat_intervals[q.index][k];
}

/// `into` plus `more`: counts add, histograms merge (exact).
void pool(interval_queue& into, const interval_queue& more) {
  into.offered += more.offered;
  into.answered += more.answered;
  into.abandoned += more.abandoned;
  into.wait.merge(more.wait);
  into.abandon_wait.merge(more.abandon_wait);
}

/// Adds one replication's figures to `ev`.
void add_replication(const plan_context& pc, const replication_result& rep,
                     evidence& ev) {
  const auto& targets = pc.options.targets;
  for (std::size_t g = 0; g < pc.groups.size(); ++g) {
    auto occupancy_of = [&](double busy, double online) {
      return busy / (online * pc.capacity[g]);
    };
    for (std::size_t k = 0; k < pc.intervals; ++k) {
      auto online = rep.series.group_online[g][k];
      if (online > 1e-9)
        ev.occupancy[g][k].add(
          occupancy_of(rep.series.group_busy[g][k], online));
      for (std::size_t t = 0; t < targets.size(); ++t)
        for (std::size_t q = 0; q < pc.queues[g].size(); ++q)
          if (auto v = measure(targets[t], queue_of(rep, pc.queues[g][q], k)))
            ev.per_interval[g][k][t][q].add(*v);
    }
    for (std::size_t c = 0; c < pc.classes.members.size(); ++c) {
      const auto& members = pc.classes.members[c];
      double busy = 0;
      double online = 0;
      for (auto k : members) {
        busy += rep.series.group_busy[g][k];
        online += rep.series.group_online[g][k];
      }
      if (online > 1e-9)
        ev.pooled_occupancy[g][c].add(occupancy_of(busy, online));
      for (std::size_t q = 0; q < pc.queues[g].size(); ++q) {
        interval_queue pooled;
        for (auto k : members)
          pool(pooled, queue_of(rep, pc.queues[g][q], k));
        for (std::size_t t = 0; t < targets.size(); ++t)
          if (auto v = measure(targets[t], pooled))
            ev.pooled[g][c][t][q].add(*v);
      }
    }
  }
  ++ev.replications;
}

/// Replications `first` .. `first + count - 1` of `sc`, added to `ev` in
/// index order (the evidence is the same for any thread count).
void simulate(plan_context& pc, const scenarios::scenario& sc,
              std::uint64_t first, std::uint64_t count, evidence& ev) {
  auto ws = scenarios::to_workspace(sc);
  assert(ws && "planning: a staffed scenario builds like its original");
  std::vector<std::optional<replication_result>> slots(count);
  replication_options ro{.bin_width = pc.options.interval,
                         .trace_times = pc.options.trace_times,
                         .cancel = pc.options.cancel};
  parallel_for(count, pc.options.threads, pc.options.cancel,
               [&](std::size_t r) {
                 slots[r].emplace(run_replication(sc, *ws, first + r, ro));
               });
  pc.simulated_days += count;
  for (auto& r : slots)
    add_replication(pc, *r, ev);
}

/// What a target asks of its figure.
requirement requirement_of(const target_spec& t) {
  return {t.bound, t.metric == target_metric::service_level};
}

/// The verdict on one group and class: met when every target on every
/// queue (and the occupancy cap) is met; not met when any is not.
struct cell_verdict {
  verdict v = verdict::met;
  bool measured = false;           ///< something was measured
  bool clearly_short = false;      ///< some figure is beyond its bound itself
  std::vector<verdict> per_target; ///< aligned with the targets
};

/// [group][class] verdicts on `ev`, every figure decided as one of all the
/// decisions made at once.
std::vector<std::vector<cell_verdict>> decide_all(const plan_context& pc,
                                                  const evidence& ev) {
  const auto& targets = pc.options.targets;
  std::size_t decisions = 0;
  for (std::size_t g = 0; g < pc.groups.size(); ++g)
    for (std::size_t c = 0; c < pc.classes.members.size(); ++c) {
      decisions += ev.pooled_occupancy[g][c].count() > 0 ? 1 : 0;
      for (const auto& per_target : ev.pooled[g][c])
        for (const auto& s : per_target)
          decisions += s.count() > 0 ? 1 : 0;
    }
  decision_rule rule = pc.options.rule;
  std::vector<std::vector<cell_verdict>> out(pc.groups.size());
  auto combine = [](cell_verdict& cell, const decision& d) {
    cell.measured = true;
    cell.clearly_short = cell.clearly_short || d.clearly_short;
    if (d.outcome == verdict::not_met)
      cell.v = verdict::not_met;
    else if (d.outcome == verdict::undecided && cell.v == verdict::met)
      cell.v = verdict::undecided;
  };
  for (std::size_t g = 0; g < pc.groups.size(); ++g)
    for (std::size_t c = 0; c < pc.classes.members.size(); ++c) {
      cell_verdict cell;
      cell.per_target.assign(targets.size(), verdict::met);
      if (ev.pooled_occupancy[g][c].count() > 0)
        combine(cell, decide(ev.pooled_occupancy[g][c],
                             {pc.occupancy_cap, false}, rule, decisions));
      for (std::size_t t = 0; t < targets.size(); ++t)
        for (const auto& s : ev.pooled[g][c][t]) {
          if (s.count() == 0)
            continue;
          auto d = decide(s, requirement_of(targets[t]), rule, decisions);
          combine(cell, d);
          auto& pt = cell.per_target[t];
          if (d.outcome == verdict::not_met
              || (d.outcome == verdict::undecided && pt == verdict::met))
            pt = d.outcome;
        }
      out[g].push_back(std::move(cell));
    }
  return out;
}

bool any_undecided(const std::vector<std::vector<cell_verdict>>& v) {
  for (const auto& g : v)
    for (const auto& c : g)
      if (c.v == verdict::undecided)
        return true;
  return false;
}

/// [group][class] operators Online.
using class_staffing = std::vector<std::vector<int>>;

/// Per interval: the class's staffing; warm-up intervals take the first
/// measured interval's (they are never decided on their own).
staffing per_interval(const plan_context& pc, const class_staffing& s) {
  staffing out(s.size(), std::vector<int>(pc.intervals, 0));
  for (std::size_t g = 0; g < s.size(); ++g)
    for (std::size_t k = 0; k < pc.intervals; ++k) {
      auto c = pc.classes.of[k] ? pc.classes.of[k]
                                : pc.classes.of[pc.first_measured];
      out[g][k] = c ? s[g][*c] : 0;
    }
  return out;
}

/// The evidence about staffing `s` and the verdicts on it: `first_count`
/// replications from `first`, then more in batches of the same size while
/// some verdict is undecided, up to `limit` in all.
struct assessment {
  evidence ev;
  std::vector<std::vector<cell_verdict>> verdicts;
};

assessment assess(plan_context& pc, const class_staffing& s,
                  std::uint64_t first, std::uint64_t first_count,
                  std::uint64_t limit) {
  auto sc = staffed(pc.sc, pc.names, per_interval(pc, s), pc.options.interval);
  assessment a{empty_evidence(pc), {}};
  simulate(pc, sc, first, first_count, a.ev);
  a.verdicts = decide_all(pc, a.ev);
  while (any_undecided(a.verdicts) && a.ev.replications < limit) {
    auto more = std::min(first_count, limit - a.ev.replications);
    simulate(pc, sc, first + a.ev.replications, more, a.ev);
    a.verdicts = decide_all(pc, a.ev);
  }
  return a;
}

/// The report's achieved figures of group `g`, interval `k`: per target the
/// worst queue (mean over replications, 95 % CI) and whether the class's
/// verdict on it is met.
std::vector<achieved_target>
achieved_of(const plan_context& pc, const evidence& ev,
            const cell_verdict* cell, std::size_t g, std::size_t k) {
  std::vector<achieved_target> out;
  const auto& targets = pc.options.targets;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    achieved_target a{targets[t].name(), {}, true, false};
    if (targets[t].metric == target_metric::occupancy) {
      a.measured = ev.occupancy[g][k].count() > 0;
      if (a.measured)
        a.value = to_figure(ev.occupancy[g][k]);
    } else {
      for (const auto& s : ev.per_interval[g][k][t]) {
        if (s.count() == 0)
          continue;
        auto f = to_figure(s);
        bool worse = targets[t].metric == target_metric::service_level
                       ? f.mean < a.value.mean
                       : f.mean > a.value.mean;
        if (!a.measured || worse)
          a.value = f;
        a.measured = true;
      }
    }
    a.holds = cell == nullptr || cell->per_target[t] == verdict::met;
    out.push_back(std::move(a));
  }
  return out;
}

/// Replication numbers of fresh confirmations start here: far above any
/// the search uses (at most --max-replications from 0), so no day is
/// reused.
constexpr std::uint64_t confirmation_base = std::uint64_t{1} << 40;
constexpr std::uint64_t confirmation_stride = std::uint64_t{1} << 24;

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
  plan_context pc{sc, options, serving_groups(ws)};
  auto interval = options.interval;
  pc.intervals = time_bins::of_width(sc.horizon, interval).count;
  pc.occupancy_cap = options.max_occupancy;
  pc.max_reps = std::max(options.search_reps, options.max_reps);
  for (const auto& t : options.targets)
    if (t.metric == target_metric::occupancy)
      pc.occupancy_cap = std::min(pc.occupancy_cap, t.bound);
  for (auto g : pc.groups) {
    pc.names.push_back(ws.dir.get(g).name);
    auto& queues = pc.queues.emplace_back();
    bool expert = false;
    int cap = 1;
    for (std::size_t c = 0; c < ws.chats.size(); ++c) {
      const auto& def = ws.chats[c];
      auto in = [g](const auto& list) {
        return std::find(list.begin(), list.end(), g) != list.end();
      };
      bool serves = in(def.operator_groups);
      if (serves)
        queues.push_back({false, c});
      expert = expert || in(def.expert_groups);
      if (serves || in(def.expert_groups))
        cap = std::max(cap, def.capacity);
    }
    if (expert)
      queues.push_back({true, pc.queues.size() - 1});
    pc.capacity.push_back(cap);
  }

  // 1. The Erlang answers, and the classes of intervals with the same load.
  auto loads = interval_loads(sc, ws, pc.groups, interval, pc.intervals,
                              options.trace_times);
  while (pc.first_measured + 1 < pc.intervals
         && interval * static_cast<long long>(pc.first_measured) < sc.warmup)
    ++pc.first_measured;
  pc.classes = classify_intervals(loads, pc.first_measured);
  auto classes = pc.classes.members.size();
  plan_result out;
  out.interval = interval;
  out.intervals = pc.intervals;
  out.targets = options.targets;
  out.shrinkage = options.shrinkage;
  out.max_occupancy = pc.occupancy_cap;
  out.rule = options.rule;
  std::vector<std::vector<erlang_answers>> erlang(pc.groups.size());
  for (std::size_t g = 0; g < pc.groups.size(); ++g)
    for (std::size_t k = 0; k < pc.intervals; ++k)
      erlang[g].push_back(
        erlang_answer(loads[g][k], options.targets, options.shrinkage,
                      options.max_occupancy, options.max_agents));
  class_staffing staff(pc.groups.size(), std::vector<int>(classes, 0));
  for (std::size_t g = 0; g < pc.groups.size(); ++g)
    for (std::size_t c = 0; c < classes; ++c) {
      auto k = pc.classes.members[c].front();
      const auto& ans = erlang[g][k];
      const auto& start = loads[g][k].mean_patience_s ? ans.erlang_a
                                                      : ans.erlang_c;
      int n = start.met ? start.agents : options.max_agents;
      staff[g][c] = std::clamp(n, options.min_agents, options.max_agents);
    }

  // Progress: an estimate of the days to simulate.
  std::size_t expected_days = options.search_reps * 2 * 12
                              + options.confirm_reps * 2 * 3;
  auto report = [&] {
    if (options.progress)
      options.progress(pc.simulated_days,
                       std::max(expected_days, pc.simulated_days));
  };
  // The search: every candidate on the same days (common random numbers),
  // with at most twice the replications while unclear (what stays unclear
  // is raised, and the confirmation has the whole budget).
  auto search = [&](const class_staffing& s) {
    auto a = assess(pc, s, 0, options.search_reps,
                    std::min(pc.max_reps, 2 * options.search_reps));
    ++out.iterations;
    report();
    return a;
  };
  // Per group and class: the staffing one below was shown clearly short.
  std::vector<std::vector<bool>> short_below(pc.groups.size(),
                                             std::vector<bool>(classes));
  auto learn = [&](const class_staffing& s, const assessment& a) {
    for (std::size_t g = 0; g < s.size(); ++g)
      for (std::size_t c = 0; c < classes; ++c)
        if (a.verdicts[g][c].clearly_short && s[g][c] + 1 <= options.max_agents)
          short_below[g][c] = true; // at s: so s + 1 has a short one below
  };
  auto not_met = [](const cell_verdict& v) {
    return v.v != verdict::met;
  };

  // 2-3. Raise every group and class not shown to meet its targets.
  auto a = search(staff);
  auto raise = [&](class_staffing& s, const assessment& with) {
    bool raised = false;
    for (std::size_t g = 0; g < s.size(); ++g)
      for (std::size_t c = 0; c < classes; ++c)
        if (not_met(with.verdicts[g][c]) && s[g][c] < options.max_agents) {
          ++s[g][c];
          raised = true;
        }
    return raised;
  };
  for (int round = 0; round < 4 * options.max_agents; ++round) {
    learn(staff, a);
    if (!raise(staff, a))
      break;
    a = search(staff);
  }

  // 4. Trim: lower every class shown to meet (never one without evidence);
  // restore those (and the classes of the intervals before them) that are
  // then not shown to meet, and keep them.
  std::vector<std::vector<bool>> frozen(staff.size(),
                                        std::vector<bool>(classes));
  for (int round = 0; round < 2 * options.max_agents; ++round) {
    auto trial = staff;
    bool lowered = false;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t c = 0; c < classes; ++c)
        if (!frozen[g][c] && a.verdicts[g][c].v == verdict::met
            && a.verdicts[g][c].measured && staff[g][c] > options.min_agents) {
          --trial[g][c];
          lowered = true;
        }
    if (!lowered)
      break;
    auto trial_a = search(trial);
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t c = 0; c < classes; ++c)
        if (trial[g][c] < staff[g][c] && trial_a.verdicts[g][c].clearly_short)
          short_below[g][c] = true;
    bool restored = false;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t c = 0; c < classes; ++c) {
        if (a.verdicts[g][c].v != verdict::met
            || !not_met(trial_a.verdicts[g][c]))
          continue;
        std::vector<std::size_t> back{c};
        for (auto k : pc.classes.members[c])
          if (k > 0 && pc.classes.of[k - 1])
            back.push_back(*pc.classes.of[k - 1]);
        for (auto j : back)
          if (trial[g][j] != staff[g][j]) {
            trial[g][j] = staff[g][j];
            frozen[g][j] = true;
            restored = true;
          }
      }
    if (restored)
      trial_a = search(trial);
    // A restore can leave another class unproven: then stop trimming.
    bool all_ok = true;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t c = 0; c < classes; ++c)
        if (a.verdicts[g][c].v == verdict::met
            && not_met(trial_a.verdicts[g][c]))
          all_ok = false;
    if (!all_ok)
      break;
    staff = std::move(trial);
    a = std::move(trial_a);
  }

  // 5. Fresh confirmation: new, independent days decide "met" and give the
  // achieved figures; classes that fail are raised and confirmed again.
  auto confirm = [&](int attempt) {
    auto c = assess(
      pc, staff,
      confirmation_base
        + confirmation_stride * static_cast<std::uint64_t>(attempt),
      options.confirm_reps, std::max(options.confirm_reps, pc.max_reps));
    ++out.confirmations;
    report();
    return c;
  };
  auto confirmed = confirm(0);
  for (int attempt = 1; attempt < 2 * options.max_agents; ++attempt) {
    learn(staff, confirmed);
    if (!raise(staff, confirmed))
      break;
    confirmed = confirm(attempt);
  }
  out.confirmation_reps = confirmed.ev.replications;

  auto hours = to_seconds(interval) / 3600.0;
  auto staff_k = per_interval(pc, staff);
  for (std::size_t g = 0; g < staff.size(); ++g) {
    group_plan gp;
    gp.name = pc.names[g];
    std::vector<bool> noted(classes, false);
    for (std::size_t k = 0; k < pc.intervals; ++k) {
      interval_plan ip;
      ip.index = k;
      ip.start = interval * static_cast<long long>(k);
      ip.arrival_rate_per_h = loads[g][k].arrival_rate_per_s * 3600.0;
      ip.offered_erlangs = loads[g][k].offered_erlangs();
      ip.erlang = erlang[g][k];
      ip.required = staff_k[g][k];
      ip.positions = static_cast<int>(std::ceil(
        static_cast<double>(ip.required) / (1.0 - options.shrinkage) - 1e-9));
      auto c = pc.classes.of[k];
      const cell_verdict* cell = c ? &confirmed.verdicts[g][*c] : nullptr;
      ip.warmup = !c.has_value();
      ip.outcome = cell ? cell->v : verdict::met;
      ip.met = ip.outcome == verdict::met;
      ip.achieved = achieved_of(pc, confirmed.ev, cell, g, k);
      if (confirmed.ev.occupancy[g][k].count() > 0)
        ip.occupancy = to_figure(confirmed.ev.occupancy[g][k]);
      // A difference from Erlang is established when the evidence shows
      // it: fewer operators than Erlang, shown to meet the targets; more,
      // with one fewer shown clearly short.
      for (bool use_a : {false, true}) {
        const auto& e = use_a ? ip.erlang.erlang_a : ip.erlang.erlang_c;
        auto diff = e.met ? ip.required - e.agents : 0;
        bool established
          = c && ((diff < 0 && ip.met) || (diff > 0 && short_below[g][*c]));
        (use_a ? gp.established_vs_erlang_a_hours
               : gp.established_vs_erlang_c_hours)
          += established ? diff * hours : 0.0;
      }
      gp.operator_hours += ip.required * hours;
      gp.position_hours += ip.positions * hours;
      gp.erlang_c_hours += ip.erlang.erlang_c.agents * hours;
      gp.erlang_a_hours += ip.erlang.erlang_a.agents * hours;
      gp.peak_required = std::max(gp.peak_required, ip.required);
      gp.peak_positions = std::max(gp.peak_positions, ip.positions);
      if (c && !ip.met && !noted[*c]) {
        noted[*c] = true;
        auto count = pc.classes.members[*c].size();
        out.notes.push_back(
          gp.name + ", interval from " + scenarios::format_duration(ip.start)
          + (count > 1 ? " (and " + std::to_string(count - 1)
                           + " more with the same load)"
                       : std::string{})
          + ": "
          + (ip.required >= options.max_agents
               ? "targets not met even with --max "
                   + std::to_string(options.max_agents) + " operators"
               : "undecided after " + std::to_string(confirmed.ev.replications)
                   + " replications (--max-replications or --tolerance "
                     "decide it)"));
      }
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

  // +-10 % volume with the final plan (intervals counted as met when their
  // class is shown to meet its targets at that volume too).
  auto final_sc = staffed(sc, pc.names, staff_k, interval);
  for (double factor : {0.9, 1.1}) {
    auto variant = scaled_volume(final_sc, factor);
    auto vev = empty_evidence(pc);
    simulate(pc, variant, confirmation_base / 2, options.confirm_reps, vev);
    auto verdicts = decide_all(pc, vev);
    report();
    volume_check vc;
    vc.factor = factor;
    for (std::size_t g = 0; g < staff.size(); ++g)
      for (std::size_t k = 0; k < pc.intervals; ++k)
        if (loads[g][k].arrival_rate_per_s > 0 && pc.classes.of[k]) {
          ++vc.intervals;
          if (verdicts[g][*pc.classes.of[k]].v == verdict::met)
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
