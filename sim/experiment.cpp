#include "sim/experiment.hpp"

#include "core/domain_partition.hpp"
#include "core/stats/running_stats.hpp"
#include "scenarios/metrics.hpp"
#include "sim/engine.hpp"
#include "sim/parallel.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
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

double count(std::uint64_t n) {
  return static_cast<double>(n);
}

/// What a live chat's figures are computed from, in one replication.
struct chat_inputs {
  const stats::queue_figures& f;
  const conversation_figures& conv;
  queueing::service_levels sl;
};

/// What a group's figures are computed from, in one replication.
struct group_inputs {
  const stats::statistics& stats;
  group_id g;
  const stats::queue_figures& q;
  stats::group_fairness fair;
};

/// What a member's figures are computed from, in one replication.
struct member_inputs {
  const stats::operator_figures& f;
  std::uint64_t messages;
};

/// How one metric of the registry (scenarios/metrics.hpp) is computed.
template <class Inputs>
struct extractor {
  std::string_view name;
  double (*value)(const Inputs&);
};

// The one place each figure is computed, next to its name. The order does
// not matter: figures come out in the registry's order, and the checks below
// make a metric without its extractor, or an extractor without its metric, a
// compile error.
constexpr auto chat_extractors = std::to_array<extractor<chat_inputs>>({
  {"offered",
   [](const chat_inputs& in) {
     return count(in.f.offered);
   }},
  {"answered",
   [](const chat_inputs& in) {
     return count(in.f.answered);
   }},
  {"abandoned",
   [](const chat_inputs& in) {
     return count(in.f.abandoned);
   }},
  {"rejected",
   [](const chat_inputs& in) {
     return count(in.f.rejected);
   }},
  {"transferred",
   [](const chat_inputs& in) {
     return count(in.f.transferred);
   }},
  {"abandon_rate",
   [](const chat_inputs& in) {
     return in.f.abandon_rate();
   }},
  {"wait.mean",
   [](const chat_inputs& in) {
     return in.f.wait.mean_seconds();
   }},
  {"wait.p50",
   [](const chat_inputs& in) {
     return seconds(in.f.wait.quantile(0.5));
   }},
  {"wait.p90",
   [](const chat_inputs& in) {
     return seconds(in.f.wait.quantile(0.9));
   }},
  {"wait.p99",
   [](const chat_inputs& in) {
     return seconds(in.f.wait.quantile(0.99));
   }},
  {"wait.max",
   [](const chat_inputs& in) {
     return seconds(in.f.wait.max());
   }},
  {"asa_answered",
   [](const chat_inputs& in) {
     return in.f.asa_answered_s();
   }},
  {"asa_all",
   [](const chat_inputs& in) {
     return in.f.asa_all_s();
   }},
  {"service_level.offered",
   [](const chat_inputs& in) {
     return in.sl.offered;
   }},
  {"service_level.answered",
   [](const chat_inputs& in) {
     return in.sl.answered;
   }},
  {"service_level.excl_short_abandons",
   [](const chat_inputs& in) {
     return in.sl.excl_short_abandons;
   }},
  {"service_level.virtual",
   [](const chat_inputs& in) {
     return in.sl.virtual_wait;
   }},
  {"transfer_wait.mean",
   [](const chat_inputs& in) {
     return in.f.transfer_wait.mean_seconds();
   }},
  {"handle.p50",
   [](const chat_inputs& in) {
     return seconds(in.f.handle.quantile(0.5));
   }},
  {"first_response.mean",
   [](const chat_inputs& in) {
     return in.conv.first_response.mean_seconds();
   }},
  {"first_response.p90",
   [](const chat_inputs& in) {
     return seconds(in.conv.first_response.quantile(0.9));
   }},
  {"messages_per_session",
   [](const chat_inputs& in) {
     return in.conv.messages_per_session();
   }},
});

constexpr auto group_extractors = std::to_array<extractor<group_inputs>>({
  {"occupancy",
   [](const group_inputs& in) {
     return in.stats.group_occupancy(in.g);
   }},
  {"fairness.handled.jain",
   [](const group_inputs& in) {
     return in.fair.handled.jain;
   }},
  {"fairness.handled.gini",
   [](const group_inputs& in) {
     return in.fair.handled.gini;
   }},
  {"fairness.handled.max_min",
   [](const group_inputs& in) {
     return in.fair.handled.max_min;
   }},
  {"fairness.busy_time.jain",
   [](const group_inputs& in) {
     return in.fair.busy_time.jain;
   }},
  {"fairness.busy_time.gini",
   [](const group_inputs& in) {
     return in.fair.busy_time.gini;
   }},
  {"fairness.busy_time.max_min",
   [](const group_inputs& in) {
     return in.fair.busy_time.max_min;
   }},
  {"answered",
   [](const group_inputs& in) {
     return count(in.q.answered);
   }},
  {"wait.mean",
   [](const group_inputs& in) {
     return in.q.wait.mean_seconds();
   }},
});

constexpr auto member_extractors = std::to_array<extractor<member_inputs>>({
  {"handled",
   [](const member_inputs& in) {
     return count(in.f.handled);
   }},
  {"busy_s",
   [](const member_inputs& in) {
     return seconds(in.f.busy);
   }},
  {"online_s",
   [](const member_inputs& in) {
     return seconds(in.f.online);
   }},
  {"occupancy",
   [](const member_inputs& in) {
     return in.f.occupancy();
   }},
  {"messages",
   [](const member_inputs& in) {
     return count(in.messages);
   }},
});

/// Per registry metric of `entity`, the index of its extractor in `table`;
/// `table.size()` where there is none.
template <class Inputs, std::size_t N>
constexpr std::array<std::size_t, N>
registry_order(const std::array<extractor<Inputs>, N>& table,
               scenarios::metric_entity entity) {
  std::array<std::size_t, N> out{};
  auto metrics = scenarios::metrics_of(entity);
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = N;
    if (i < metrics.size())
      for (std::size_t k = 0; k < N; ++k)
        if (table[k].name == metrics[i].name)
          out[i] = k;
  }
  return out;
}

/// Whether `table` computes exactly the registry's metrics of `entity`.
template <class Inputs, std::size_t N>
constexpr bool matches_registry(const std::array<extractor<Inputs>, N>& table,
                                scenarios::metric_entity entity) {
  if (scenarios::metrics_of(entity).size() != N)
    return false;
  for (auto k : registry_order(table, entity))
    if (k == N)
      return false;
  return true;
}

static_assert(matches_registry(chat_extractors,
                               scenarios::metric_entity::live_chat),
              "every live-chat metric of scenarios/metrics.hpp needs one "
              "extractor, and every extractor its metric");
static_assert(matches_registry(group_extractors,
                               scenarios::metric_entity::group),
              "every group metric of scenarios/metrics.hpp needs one "
              "extractor, and every extractor its metric");
static_assert(matches_registry(member_extractors,
                               scenarios::metric_entity::member),
              "every member metric of scenarios/metrics.hpp needs one "
              "extractor, and every extractor its metric");

/// The values of `Table` on `in`, in the registry's order for `Entity`.
template <const auto& Table, scenarios::metric_entity Entity, class Inputs>
std::vector<double> values_of(const Inputs& in) {
  static constexpr auto order = registry_order(Table, Entity);
  std::vector<double> out;
  out.reserve(order.size());
  for (auto k : order)
    out.push_back(Table[k].value(in));
  return out;
}

replication_values summarize(replication_result& rep,
                             const scenarios::scenario_workspace& ws,
                             const std::vector<group_id>& groups) {
  using scenarios::metric_entity;
  replication_values out;
  for (std::uint32_t c = 0; c < ws.chats.size(); ++c) {
    const auto& f = rep.stats.chat(chat_id{c});
    out.chats.push_back(values_of<chat_extractors, metric_entity::live_chat>(
      chat_inputs{f, rep.conversations[c], f.service_level()}));
    out.offered += f.offered;
  }
  for (auto g : groups) {
    out.groups.push_back(values_of<group_extractors, metric_entity::group>(
      group_inputs{rep.stats, g, rep.stats.group(g), rep.stats.fairness(g)}));
    auto& ops = out.operators.emplace_back();
    for (auto u : ws.dir.get(g).members)
      ops.push_back(values_of<member_extractors, metric_entity::member>(
        member_inputs{rep.stats.op(u), rep.operator_messages[u.value]}));
  }
  out.series = std::move(rep.series);
  out.stranded = rep.stranded;
  out.jobs = rep.jobs;
  return out;
}

/// The nearest-rank `q`-quantile of sorted `v` (not empty).
double nearest_rank(const std::vector<double>& sorted, double q) {
  auto rank = static_cast<std::size_t>(
    std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

figure to_figure(const stats::running_stats& s, std::vector<double> values,
                 bool finite) {
  if (!finite) {
    auto inf = std::numeric_limits<double>::infinity();
    return {inf, inf, inf, inf, inf};
  }
  auto ci = stats::confidence_interval_95(s);
  figure f{s.mean(), ci.lo, ci.hi};
  if (!values.empty()) {
    std::sort(values.begin(), values.end());
    f.range_lo = nearest_rank(values, 0.025);
    f.range_hi = nearest_rank(values, 0.975);
  }
  return f;
}

/// Aggregates the values at `pick(rep)` over replications, in index order.
template <class Pick>
entity_figures
aggregate(std::string name, const std::vector<std::string_view>& names,
          const std::vector<replication_values>& reps, Pick pick) {
  entity_figures out{std::move(name), names, {}};
  for (std::size_t i = 0; i < names.size(); ++i) {
    stats::running_stats s;
    std::vector<double> values;
    bool finite = true;
    for (const auto& r : reps) {
      double v = pick(r)[i];
      finite = finite && std::isfinite(v);
      if (std::isfinite(v)) {
        s.add(v);
        values.push_back(v);
      }
    }
    out.values.push_back(to_figure(s, std::move(values), finite));
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

const figure* entity_figures::find(std::string_view spelling) const {
  auto metric = scenarios::metric_name_of(spelling);
  if (metric.empty())
    return nullptr;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == metric)
      return &values[i];
  return nullptr;
}

figure entity_figures::get(scenarios::metric_name metric) const {
  if (const auto* f = find(metric.text))
    return *f;
  assert(false && "entity_figures::get: a metric this entity does not have");
  auto nan = std::numeric_limits<double>::quiet_NaN();
  return {nan, nan, nan};
}

bool entity_figures::has(std::string_view spelling) const {
  return find(spelling) != nullptr;
}

namespace {

/// The names of the registry's metrics of `entity`, in report order.
std::vector<std::string_view> names_of(scenarios::metric_entity entity) {
  std::vector<std::string_view> out;
  for (const auto& m : scenarios::metrics_of(entity))
    out.push_back(m.name);
  return out;
}

} // namespace

const std::vector<std::string_view>& chat_figure_names() {
  static const auto names = names_of(scenarios::metric_entity::live_chat);
  return names;
}

const std::vector<std::string_view>& group_figure_names() {
  static const auto names = names_of(scenarios::metric_entity::group);
  return names;
}

const std::vector<std::string_view>& operator_figure_names() {
  static const auto names = names_of(scenarios::metric_entity::member);
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
