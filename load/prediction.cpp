#include "load/prediction.hpp"

#include "core/stats/statistics.hpp"
#include "sim/engine.hpp"

#include <algorithm>
#include <cmath>

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

} // namespace

prediction predict_and_compare(const scenarios::scenario& sc,
                               const scenarios::scenario_workspace& ws,
                               const std::vector<std::vector<duration>>& traces,
                               duration window,
                               std::vector<routing_event> events, timestamp end,
                               std::uint64_t replications, std::size_t threads,
                               const std::atomic<bool>* cancel) {
  // What the server did, with the simulation's definitions.
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& x, const auto& y) {
                     return time_of(x) < time_of(y);
                   });
  stats::statistics measured{ws.dir,
                             {.sl_threshold = sc.service_level_threshold,
                              .warmup_end = timestamp{}}};
  for (const auto& e : events)
    measured.observe(e);
  measured.finish(std::max(end, events.empty() ? end : time_of(events.back())));

  // What the simulation says of the same window.
  auto cut = sc;
  cut.horizon = std::min(window, sc.horizon);
  cut.warmup = duration{};
  // Shift steps past the window would keep simulated operators Online (and
  // their occupancy diluted) long after the last arrival: the load run
  // stops at the window and its drain.
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
  return out;
}

} // namespace livechat::load
