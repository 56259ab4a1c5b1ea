#include "sim/experiment.hpp"

#include "core/domain_partition.hpp"
#include "core/stats/running_stats.hpp"
#include "sim/engine.hpp"
#include "sim/parallel.hpp"

#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

namespace livechat::sim {

namespace {

using namespace std::literals;

/// One replication's values, by entity and figure index.
struct replication_values {
  std::vector<std::vector<double>> chats;
  replication_series series;
  std::vector<std::vector<double>> groups;
  std::vector<std::vector<std::vector<double>>> operators; ///< per group
  std::uint64_t offered = 0;
  std::uint64_t stranded = 0;
  std::uint64_t jobs = 0;
};

double seconds(duration d) {
  return to_seconds(d);
}

std::vector<double> chat_values(const stats::queue_figures& f,
                                const conversation_figures& conv) {
  auto sl = f.service_level();
  auto transfer_mean = f.transfer_wait.mean_seconds();
  return {static_cast<double>(f.offered),
          static_cast<double>(f.answered),
          static_cast<double>(f.abandoned),
          static_cast<double>(f.rejected),
          static_cast<double>(f.transferred),
          f.abandon_rate(),
          f.wait.mean_seconds(),
          seconds(f.wait.quantile(0.5)),
          seconds(f.wait.quantile(0.9)),
          seconds(f.wait.quantile(0.99)),
          seconds(f.wait.max()),
          f.asa_answered_s(),
          f.asa_all_s(),
          sl.offered,
          sl.answered,
          sl.excl_short_abandons,
          sl.virtual_wait,
          transfer_mean,
          seconds(f.handle.quantile(0.5)),
          conv.first_response.mean_seconds(),
          seconds(conv.first_response.quantile(0.9)),
          conv.messages_per_session()};
}

replication_values summarize(replication_result& rep,
                             const scenarios::scenario_workspace& ws,
                             const std::vector<group_id>& groups) {
  replication_values out;
  for (std::uint32_t c = 0; c < ws.chats.size(); ++c) {
    out.chats.push_back(
      chat_values(rep.stats.chat(chat_id{c}), rep.conversations[c]));
    out.offered += rep.stats.chat(chat_id{c}).offered;
  }
  for (auto g : groups) {
    auto fair = rep.stats.fairness(g);
    const auto& q = rep.stats.group(g);
    out.groups.push_back(
      {rep.stats.group_occupancy(g), fair.handled.jain, fair.handled.gini,
       fair.handled.max_min, fair.busy_time.jain, fair.busy_time.gini,
       fair.busy_time.max_min, static_cast<double>(q.answered),
       q.wait.mean_seconds()});
    auto& ops = out.operators.emplace_back();
    for (auto u : ws.dir.get(g).members) {
      const auto& f = rep.stats.op(u);
      ops.push_back({static_cast<double>(f.handled), seconds(f.busy),
                     seconds(f.online), f.occupancy(),
                     static_cast<double>(rep.operator_messages[u.value])});
    }
  }
  out.series = std::move(rep.series);
  out.stranded = rep.stranded;
  out.jobs = rep.jobs;
  return out;
}

figure to_figure(const stats::running_stats& s, bool finite) {
  if (!finite) {
    auto inf = std::numeric_limits<double>::infinity();
    return {inf, inf, inf};
  }
  auto ci = stats::confidence_interval_95(s);
  return {s.mean(), ci.lo, ci.hi};
}

/// Aggregates the values at `pick(rep)` over replications, in index order.
template <class Pick>
entity_figures
aggregate(std::string name, const std::vector<std::string_view>& names,
          const std::vector<replication_values>& reps, Pick pick) {
  entity_figures out{std::move(name), names, {}};
  for (std::size_t i = 0; i < names.size(); ++i) {
    stats::running_stats s;
    bool finite = true;
    for (const auto& r : reps) {
      double v = pick(r)[i];
      finite = finite && std::isfinite(v);
      if (std::isfinite(v))
        s.add(v);
    }
    out.values.push_back(to_figure(s, finite));
  }
  return out;
}

/// Per bin, the mean over replications of `pick(r)` (index order).
template <class Pick>
std::vector<double> mean_series(std::size_t bins,
                                const std::vector<replication_values>& reps,
                                Pick pick) {
  std::vector<double> out(bins, 0.0);
  if (reps.empty())
    return out;
  for (const auto& r : reps) {
    const auto& v = pick(r);
    for (std::size_t b = 0; b < bins && b < v.size(); ++b)
      out[b] += v[b];
  }
  for (auto& x : out)
    x /= static_cast<double>(reps.size());
  return out;
}

} // namespace

figure entity_figures::get(std::string_view metric) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == metric)
      return values[i];
  return {};
}

bool entity_figures::has(std::string_view metric) const {
  for (auto n : names)
    if (n == metric)
      return true;
  return false;
}

const std::vector<std::string_view>& chat_figure_names() {
  static const std::vector<std::string_view> names{
    "offered"sv,
    "answered"sv,
    "abandoned"sv,
    "rejected"sv,
    "transferred"sv,
    "abandon_rate"sv,
    "wait.mean"sv,
    "wait.p50"sv,
    "wait.p90"sv,
    "wait.p99"sv,
    "wait.max"sv,
    "asa_answered"sv,
    "asa_all"sv,
    "service_level.offered"sv,
    "service_level.answered"sv,
    "service_level.excl_short_abandons"sv,
    "service_level.virtual"sv,
    "transfer_wait.mean"sv,
    "handle.p50"sv,
    "first_response.mean"sv,
    "first_response.p90"sv,
    "messages_per_session"sv,
  };
  return names;
}

const std::vector<std::string_view>& group_figure_names() {
  static const std::vector<std::string_view> names{
    "occupancy"sv,
    "fairness.handled.jain"sv,
    "fairness.handled.gini"sv,
    "fairness.handled.max_min"sv,
    "fairness.busy_time.jain"sv,
    "fairness.busy_time.gini"sv,
    "fairness.busy_time.max_min"sv,
    "answered"sv,
    "wait.mean"sv,
  };
  return names;
}

const std::vector<std::string_view>& operator_figure_names() {
  static const std::vector<std::string_view> names{
    "handled"sv, "busy_s"sv, "online_s"sv, "occupancy"sv, "messages"sv};
  return names;
}

experiment_result run_experiment(const scenarios::scenario& sc,
                                 const scenarios::scenario_workspace& ws,
                                 const experiment_options& options) {
  auto total = static_cast<std::size_t>(options.replications);
  auto groups = serving_groups(ws);
  std::vector<replication_values> reps(total);
  std::vector<stats::log_linear_histogram> waits(ws.chats.size());
  std::size_t done = 0;
  // Session records wait here until every earlier replication's went out.
  std::map<std::uint64_t, std::vector<session_record>> pending_sessions;
  std::uint64_t next_sessions = 0;
  std::mutex mtx; // guards done, waits, pending_sessions, callbacks
  replication_options rep_options{.keep_sessions
                                  = static_cast<bool>(options.sessions),
                                  .trace_times = options.trace_times,
                                  .live = options.live,
                                  .speed = options.speed,
                                  .live_threads = options.threads,
                                  .cancel = options.cancel};
  stats::log_linear_histogram open_latency;
  auto replicate = [&](std::size_t r) {
    auto rep = run_replication(sc, ws, r, rep_options);
    if (options.cancel != nullptr && options.cancel->load())
      return; // stopped part-way: nothing of it may be reported
    reps[r] = summarize(rep, ws, groups);
    std::lock_guard<std::mutex> guard{mtx};
    // Merging histograms is exact and order-independent.
    for (std::uint32_t c = 0; c < ws.chats.size(); ++c)
      waits[c].merge(rep.stats.chat(chat_id{c}).wait);
    open_latency.merge(rep.open_latency);
    if (options.sessions) {
      pending_sessions.emplace(r, std::move(rep.sessions));
      for (auto i = pending_sessions.find(next_sessions);
           i != pending_sessions.end();
           i = pending_sessions.find(next_sessions)) {
        options.sessions(i->first, i->second);
        pending_sessions.erase(i);
        ++next_sessions;
      }
    }
    ++done;
    if (options.progress)
      options.progress(done, total);
  };
  // Live replications measure wall-clock latency: one at a time.
  parallel_for(total, options.live ? 1 : options.threads, options.cancel,
               replicate);

  experiment_result out;
  out.bins = reps.empty() ? time_bins{} : reps.front().series.bins;
  auto bins = out.bins.count;
  for (std::size_t c = 0; c < ws.chats.size(); ++c) {
    out.chats.push_back(aggregate(ws.chats[c].name, chat_figure_names(), reps,
                                  [c](const auto& r) {
                                    return r.chats[c];
                                  }));
    out.chats.back().series
      = {{"waiting"sv, mean_series(
                         bins, reps,
                         [c](const auto& r) -> const auto& {
                           return r.series.chat_waiting[c];
                         })},
         {"arrivals"sv, mean_series(
                          bins, reps, [c](const auto& r) -> const auto& {
                            return r.series.chat_arrivals[c];
                          })}};
  }
  out.chat_waits = std::move(waits);
  out.open_latency = std::move(open_latency);
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    group_figures gf;
    gf.group = aggregate(ws.dir.get(groups[gi]).name, group_figure_names(),
                         reps, [gi](const auto& r) {
                           return r.groups[gi];
                         });
    gf.group.series
      = {{"online"sv, mean_series(
                        bins, reps,
                        [gi](const auto& r) -> const auto& {
                          return r.series.group_online[gi];
                        })},
         {"busy"sv, mean_series(
                      bins, reps, [gi](const auto& r) -> const auto& {
                        return r.series.group_busy[gi];
                      })}};
    const auto& members = ws.dir.get(groups[gi]).members;
    for (std::size_t m = 0; m < members.size(); ++m)
      gf.operators.push_back(aggregate(ws.dir.get(members[m]).name,
                                       operator_figure_names(), reps,
                                       [gi, m](const auto& r) {
                                         return r.operators[gi][m];
                                       }));
    out.groups.push_back(std::move(gf));
  }
  for (const auto& r : reps) {
    out.sessions += r.offered;
    out.stranded += r.stranded;
    out.jobs += r.jobs;
  }
  return out;
}

} // namespace livechat::sim
