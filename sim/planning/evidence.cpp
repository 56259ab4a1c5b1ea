#include "sim/planning/evidence.hpp"

#include "sim/parallel.hpp"

#include <algorithm>
#include <cassert>

namespace livechat::sim::planning {

using scenarios::target_metric;
using scenarios::target_spec;

namespace {

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

/// What a target asks of its figure.
requirement requirement_of(const target_spec& t) {
  return {t.bound, t.metric == target_metric::service_level};
}

bool any_undecided(const std::vector<std::vector<cell_verdict>>& v) {
  for (const auto& g : v)
    for (const auto& c : g)
      if (c.v == verdict::undecided)
        return true;
  return false;
}

} // namespace

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

figure to_figure(const stats::running_stats& s) {
  auto ci = stats::confidence_interval_95(s);
  return {s.mean(), ci.lo, ci.hi};
}

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

} // namespace livechat::sim::planning
