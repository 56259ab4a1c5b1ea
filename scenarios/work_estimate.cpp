#include "scenarios/work_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>
#include <string_view>

namespace livechat::scenarios {

namespace {

// Costs per item, measured on the simulator (docs/BENCHMARKS.md) and
// rounded up: an operator's actors and records; an open session's router,
// observer and bot state; actor messages per session beyond its messages;
// one per-interval figure block of a planning replication; CPU per event.
constexpr double bytes_per_user = 3072;
constexpr double bytes_per_open_session = 1024;
constexpr double events_per_session = 8;
constexpr double events_per_message = 3;
constexpr double events_per_transfer = 5;
constexpr double bytes_per_plan_cell = 256;
constexpr double cpu_seconds_per_event = 0.35e-6;
// Starting a replication costs more than linear time in its operators
// (measured 0.45 s at 12,500, 4.5 s at 50,000, 16 s at 100,000 operators
// in one group): modelled as this many seconds times users squared.
constexpr double cpu_seconds_per_user_squared = 1.6e-9;

/// Expected arrivals of `a` over [0, horizon].
double expected_arrivals(const arrival_spec& a, duration horizon,
                         std::size_t trace_count) {
  double h = to_seconds(horizon);
  switch (a.kind) {
    case arrival_kind::poisson: return a.poisson.per_second * h;
    case arrival_kind::profile: {
      double total = 0;
      for (std::size_t i = 0; i < a.profile.size(); ++i) {
        double from = std::min(to_seconds(a.profile[i].from), h);
        double to = i + 1 < a.profile.size()
                      ? std::min(to_seconds(a.profile[i + 1].from), h)
                      : h;
        total += a.profile[i].value.per_second * std::max(0.0, to - from);
      }
      return total;
    }
    case arrival_kind::trace: return static_cast<double>(trace_count);
  }
  return 0;
}

/// The highest rate of `a`, per second (a trace's mean over the horizon).
double peak_rate(const arrival_spec& a, double arrivals, duration horizon) {
  switch (a.kind) {
    case arrival_kind::poisson: return a.poisson.per_second;
    case arrival_kind::profile: {
      double peak = 0;
      for (const auto& st : a.profile)
        peak = std::max(peak, st.value.per_second);
      return peak;
    }
    case arrival_kind::trace:
      return arrivals / std::max(1.0, to_seconds(horizon));
  }
  return 0;
}

double mean_seconds(const distribution_spec& d) {
  return to_seconds(d.mean());
}

/// Seconds a session holds its operator: handle time at the highest load
/// factor, plus its conversation.
double holding_seconds(const workload_spec& w) {
  double factor = 1;
  for (double f : w.handle_time_factor_by_load)
    factor = std::max(factor, f);
  double s = mean_seconds(w.handle_time) * factor;
  if (w.messages)
    s += w.messages->per_session.mean()
         * (mean_seconds(w.messages->customer_think)
            + mean_seconds(w.messages->operator_reply) * factor);
  return s;
}

/// Generated and listed users, each counted once.
double count_users(const scenario& sc) {
  double generated = 0;
  std::set<std::string_view> listed;
  for (const auto& g : sc.groups) {
    if (g.size)
      generated += static_cast<double>(*g.size);
    for (const auto& m : g.members)
      listed.insert(m.text);
  }
  return generated + static_cast<double>(listed.size());
}

/// Concurrent sessions an operator can hold, over every operator group.
double serving_capacity(const scenario& sc) {
  std::map<std::string_view, double> size_of;
  for (const auto& g : sc.groups)
    size_of[g.name] = g.size ? static_cast<double>(*g.size)
                             : double(g.members.size());
  double total = 0;
  for (const auto& c : sc.live_chats)
    for (const auto& o : c.operators)
      if (auto it = size_of.find(o.text); it != size_of.end())
        total += it->second * c.capacity;
  return total;
}

std::string with_unit(double x) {
  const char* units[] = {"", "k", "M", "G", "T"};
  int u = 0;
  while (x >= 1000 && u < 4) {
    x /= 1000;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f}", x)
                : fmt::format("{:.3g}{}", x, units[u]);
}

std::string bytes_text(double b) {
  if (b >= double(1ull << 30))
    return fmt::format("{:.1f} GiB", b / double(1ull << 30));
  return fmt::format("{:.0f} MiB", std::ceil(b / double(1ull << 20)));
}

} // namespace

work_estimate estimate_work(const scenario& sc, const work_request& request) {
  work_estimate e;
  const double reps = static_cast<double>(request.replications);
  const double runs = static_cast<double>(request.runs);
  double offered = 0; // mean sessions in service if nobody waited
  double events_per_rep = 0;
  double peak = 0;
  bool everyone_patient = true;
  for (std::size_t w = 0; w < sc.workload.size(); ++w) {
    const auto& wl = sc.workload[w];
    auto traced = w < request.trace_arrivals.size() ? request.trace_arrivals[w]
                                                    : std::size_t{0};
    double arrivals = expected_arrivals(wl.arrivals, sc.horizon, traced);
    e.arrivals_per_replication += arrivals;
    double messages = wl.messages ? wl.messages->per_session.mean() : 0;
    double transfers = 0;
    for (const auto& t : wl.transfers)
      transfers += t.probability;
    events_per_rep += arrivals
                      * (events_per_session + events_per_message * messages
                         + events_per_transfer * transfers);
    double rate = peak_rate(wl.arrivals, arrivals, sc.horizon);
    double hold = holding_seconds(wl);
    offered += rate * hold;
    // Open at once: those in service plus those waiting for about as long
    // (or their patience); capped by everyone who arrives.
    double wait = wl.patience ? mean_seconds(*wl.patience) : hold;
    everyone_patient = everyone_patient && wl.patience.has_value();
    peak += std::min(arrivals, rate * (hold + wait));
  }
  // Overloaded without patience: the queue grows all day.
  if (!everyone_patient && offered > serving_capacity(sc))
    peak = e.arrivals_per_replication;
  e.peak_sessions = peak;
  e.users = count_users(sc);
  e.sessions = e.arrivals_per_replication * reps * runs;
  e.events = events_per_rep * reps * runs;
  e.cpu_seconds = e.events * cpu_seconds_per_event
                  + cpu_seconds_per_user_squared * e.users * e.users * reps
                      * runs;
  double per_replication = e.users * bytes_per_user
                           + e.peak_sessions * bytes_per_open_session;
  double in_memory = std::min<double>(
    reps, static_cast<double>(std::max<std::size_t>(1, request.threads)));
  e.memory_bytes = per_replication * in_memory;
  if (request.plan_interval && *request.plan_interval > duration::zero()) {
    double intervals
      = std::ceil(to_seconds(sc.horizon) / to_seconds(*request.plan_interval));
    double blocks
      = static_cast<double>(sc.groups.size() + sc.live_chats.size());
    e.plan_cells = static_cast<double>(sc.groups.size()) * intervals;
    // A plan keeps every replication of a candidate staffing.
    e.memory_bytes += intervals * blocks * bytes_per_plan_cell * reps;
  }
  return e;
}

std::vector<std::string> exceeded(const work_estimate& e,
                                  const work_limits& limits) {
  std::vector<std::string> out;
  if (e.sessions > limits.max_sessions)
    out.push_back("about " + with_unit(e.sessions)
                  + " sessions to simulate, above the limit of "
                  + with_unit(limits.max_sessions)
                  + " (--max-sessions raises it)");
  if (e.events > limits.max_events)
    out.push_back("about " + with_unit(e.events)
                  + " actor events to run, above the limit of "
                  + with_unit(limits.max_events) + " (--max-events raises it)");
  if (e.cpu_seconds > limits.max_cpu_seconds)
    out.push_back(fmt::format("about {:.0f} s of CPU, above the limit of "
                              "{:.0f} s (--max-cpu raises it)",
                              e.cpu_seconds, limits.max_cpu_seconds));
  if (e.memory_bytes > limits.max_memory_bytes)
    out.push_back("about " + bytes_text(e.memory_bytes)
                  + " of memory at once, above the limit of "
                  + bytes_text(limits.max_memory_bytes)
                  + " (--max-memory raises it; fewer --threads lower the "
                    "estimate)");
  return out;
}

std::string describe(const work_estimate& e) {
  auto cpu = e.cpu_seconds < 10 ? fmt::format("{:.2g}", e.cpu_seconds)
                                : fmt::format("{:.0f}", e.cpu_seconds);
  return fmt::format("about {} sessions, {} events, {} of memory, {} s of CPU",
                     with_unit(e.sessions), with_unit(e.events),
                     bytes_text(e.memory_bytes), cpu);
}

} // namespace livechat::scenarios
