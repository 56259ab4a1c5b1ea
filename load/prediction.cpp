#include "load/prediction.hpp"

#include "core/stats/statistics.hpp"
#include "load/plan.hpp"
#include "sim/engine.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <fmt/format.h>
#include <map>

namespace livechat::load {

namespace {

constexpr const char* chat_metrics[] = {"offered",      "answered",
                                        "abandoned",    "abandon_rate",
                                        "asa_answered", "wait.p90"};
constexpr const char* group_metrics[] = {"occupancy", "fairness.handled.jain"};

double chat_figure(const stats::queue_figures& f, std::string_view metric) {
  if (metric == "offered")
    return static_cast<double>(f.offered);
  if (metric == "answered")
    return static_cast<double>(f.answered);
  if (metric == "abandoned")
    return static_cast<double>(f.abandoned);
  if (metric == "abandon_rate")
    return f.abandon_rate();
  if (metric == "asa_answered")
    return f.asa_answered_s();
  return to_seconds(f.wait.quantile(0.9)); // wait.p90
}

timestamp time_of(const routing_event& e) {
  return std::visit(
    [](const auto& x) {
      return x.at;
    },
    e);
}

/// Inside the range, allowing for rounding (figures are printed to a few
/// digits; counts are exact).
bool within(double measured, const sim::figure& f) {
  if (!std::isfinite(measured) || !std::isfinite(f.range_lo))
    return std::isfinite(measured) == std::isfinite(f.range_lo);
  double slack = 1e-9
                 * std::max({1.0, std::abs(f.range_lo), std::abs(f.range_hi)});
  return measured >= f.range_lo - slack && measured <= f.range_hi + slack;
}

compared_figure compare(std::string metric, double measured,
                        const sim::entity_figures& simulated) {
  compared_figure c;
  c.metric = std::move(metric);
  c.measured = measured;
  if (const auto* f = simulated.find(c.metric))
    c.predicted = *f;
  c.inside = within(measured, c.predicted);
  return c;
}

struct hold_sums {
  std::uint64_t sessions = 0;
  double scripted_s = 0, expected_s = 0, held_s = 0;
};

/// Pairs each first or expert assignment of the server's events (in the
/// window) with the bot's record of it, and sums its scripted, expected
/// and held times by the group it was taken through. Reassigned and
/// requeued holds, and holds that never ended, are left out.
std::map<std::uint32_t, hold_sums>
sum_holds(const scenarios::scenario& sc,
          const std::vector<routing_event>& sorted_events, timestamp window_end,
          const std::vector<scripted_assignment>& scripted) {
  std::vector<expected_holds> expected;
  for (std::size_t w = 0; w < sc.workload.size(); ++w)
    expected.push_back(expected_scripted_holds(sc, w));
  // Per session, its bot records: the first one, then the expert's.
  std::map<std::uint64_t, std::deque<const scripted_assignment*>> firsts,
    experts;
  for (const auto& a : scripted)
    (a.transfer ? experts : firsts)[a.session].push_back(&a);
  struct open_hold {
    std::uint32_t group;
    timestamp since;
    const scripted_assignment* record;
  };
  std::map<std::uint64_t, open_hold> open;
  std::map<std::uint32_t, hold_sums> out;
  for (const auto& event : sorted_events) {
    const auto* e = std::get_if<session_event>(&event);
    if (e == nullptr)
      continue;
    auto id = e->session.value;
    if (e->kind == session_event_kind::assigned) {
      open.erase(id); // a reassignment ends the hold uncounted
      if (e->previous_op.valid() || e->at >= window_end
          || !e->via_group.valid())
        continue;
      auto& records = (e->expert_group.valid() ? experts : firsts)[id];
      if (records.empty())
        continue;
      open[id] = {e->via_group.value, e->at, records.front()};
      records.pop_front();
      continue;
    }
    auto it = open.find(id);
    if (it == open.end())
      continue;
    if (e->kind == session_event_kind::queued) { // requeued: left out
      open.erase(it);
      continue;
    }
    const auto& h = it->second;
    const auto& exp = expected[h.record->workload];
    auto& sums = out[h.group];
    ++sums.sessions;
    sums.scripted_s += to_seconds(h.record->scripted);
    sums.expected_s += to_seconds(
      h.record->transfer ? exp.expert.at(*h.record->transfer) : exp.first);
    sums.held_s += to_seconds(e->at - h.since);
    open.erase(it);
  }
  return out;
}

std::string ratio_text(double part, double whole) {
  return whole > 0 ? fmt::format("x{:.2f}", part / whole) : "-";
}

/// Why the figures outside their range are there, as far as the holds
/// tell, and how many a run may have outside by chance.
std::vector<std::string> explain(const prediction& p, double speed) {
  std::vector<std::string> out;
  std::size_t total = 0, outside = 0;
  for (const auto* entities : {&p.chats, &p.groups})
    for (const auto& e : *entities)
      for (const auto& f : e.figures) {
        ++total;
        outside += !f.inside;
      }
  if (outside == 0)
    return out;
  out.push_back(fmt::format(
    "{} of {} figures outside the range of 95 % of simulated runs; about "
    "{:.1f} would be by chance alone if each were independent.",
    outside, total, 0.05 * static_cast<double>(total)));
  for (std::size_t i = 0; i < p.groups.size() && i < p.holds.size(); ++i) {
    const auto& g = p.groups[i];
    const auto& h = p.holds[i];
    for (const auto& f : g.figures) {
      if (f.inside || f.metric != "occupancy" || h.sessions == 0)
        continue;
      out.push_back(fmt::format(
        "{}: occupancy {:.3g} is outside {:.3g} .. {:.3g}. Its {} sessions "
        "were scripted to be held {:.1f} min on average where the "
        "scenario's draws average {:.1f} min for them ({}: the run's luck "
        "of the draw), and the server held them {:.1f} min ({} of the "
        "script: routing and delivery latency, times speed {:g}).",
        g.name, f.measured, f.predicted.range_lo, f.predicted.range_hi,
        h.sessions, h.scripted_s / 60, h.expected_s / 60,
        ratio_text(h.scripted_s, h.expected_s), h.held_s / 60,
        ratio_text(h.held_s, h.scripted_s), speed));
    }
  }
  return out;
}

} // namespace

prediction predict_and_compare(const scenarios::scenario& sc,
                               const scenarios::scenario_workspace& ws,
                               const std::vector<std::vector<duration>>& traces,
                               duration window,
                               std::vector<routing_event> events, timestamp end,
                               const std::vector<scripted_assignment>& scripted,
                               double speed, std::uint64_t replications,
                               std::size_t threads,
                               const std::atomic<bool>* cancel) {
  // What the server did, with the simulation's definitions.
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& x, const auto& y) {
                     return time_of(x) < time_of(y);
                   });
  auto cut = sc;
  cut.horizon = std::min(window, sc.horizon);
  // One definition on both sides: sessions that arrived in the window are
  // followed to their end (the simulation's run and the load's drain both
  // let them finish), operators' time integrals stop at the window's end,
  // as the simulation's stop at its horizon.
  auto window_end = timestamp{} + cut.horizon;
  stats::statistics measured{ws.dir,
                             {.sl_threshold = sc.service_level_threshold,
                              .warmup_end = timestamp{},
                              .measure_end = window_end}};
  for (const auto& e : events)
    measured.observe(e);
  measured.finish(std::max(end, events.empty() ? end : time_of(events.back())));

  // What the simulation says of the same window.
  cut.warmup = duration{};
  // The load run plays no shift step past its window (its operators stay
  // as they are through the drain): neither does the simulation.
  for (auto& shift : cut.shifts)
    std::erase_if(shift.online, [&](const scenarios::shift_step& step) {
      return step.from >= cut.horizon && step.from > duration{};
    });
  sim::experiment_options options;
  options.replications = replications;
  options.threads = threads;
  options.trace_times = &traces;
  options.cancel = cancel;
  auto simulated = sim::run_experiment(cut, ws, options);

  prediction out;
  out.replications = replications;
  out.horizon_s = to_seconds(cut.horizon);
  for (std::uint32_t c = 0; c < ws.chats.size(); ++c) {
    compared_entity e{ws.chats[c].name, {}};
    const auto& f = measured.chat(chat_id{c});
    for (const char* m : chat_metrics)
      e.figures.push_back(compare(m, chat_figure(f, m), simulated.chats[c]));
    out.chats.push_back(std::move(e));
  }
  auto groups = sim::serving_groups(ws);
  for (std::size_t i = 0; i < groups.size(); ++i) {
    compared_entity e{ws.dir.get(groups[i]).name, {}};
    const auto& sim_group = simulated.groups[i].group;
    e.figures.push_back(compare(
      group_metrics[0], measured.group_occupancy(groups[i]), sim_group));
    e.figures.push_back(compare(
      group_metrics[1], measured.fairness(groups[i]).handled.jain, sim_group));
    out.groups.push_back(std::move(e));
  }
  auto holds = sum_holds(sc, events, window_end, scripted);
  for (auto g : groups) {
    group_holds h{ws.dir.get(g).name};
    if (auto it = holds.find(g.value); it != holds.end()) {
      const auto& sums = it->second;
      auto n = static_cast<double>(sums.sessions);
      h.sessions = sums.sessions;
      h.scripted_s = sums.scripted_s / n;
      h.expected_s = sums.expected_s / n;
      h.held_s = sums.held_s / n;
    }
    out.holds.push_back(std::move(h));
  }
  out.explanations = explain(out, speed);
  return out;
}

} // namespace livechat::load
