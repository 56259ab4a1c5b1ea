// What a load run plays, decided before it starts: the arrivals (the same
// arrival processes and generators as the simulation's, `sim/streams.hpp`),
// each session's draws (patience, messages, think and reply times, handle
// time, transfer) and each operator's shift schedule. Pure: no network.
//
// Example:
//   auto arrivals = load::plan_arrivals(sc, ws, 20min, {});
//   auto script = load::draw_script(sc, arrivals.front());
//   auto shifts = load::operator_schedule(sc, ws, "general-1");
#pragma once

#include "core/time.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace livechat::load {

/// One planned arrival.
struct planned_arrival {
  duration at{};            ///< scenario time since the start
  std::size_t workload = 0; ///< index in `scenario::workload`
  std::size_t chat = 0;     ///< index in `scenario_workspace::chats`
  std::uint64_t index = 0;  ///< its number in its workload, from 0
  /// Internal chats: the customer's user name. External: the contact.
  std::string customer;
};

/// Arrivals over scenario time [0, `window`), sorted by time (then workload).
/// `trace_times` as `sim::run_replication` takes them.
std::vector<planned_arrival>
plan_arrivals(const scenarios::scenario& sc,
              const scenarios::scenario_workspace& ws, duration window,
              const std::vector<std::vector<duration>>& trace_times);

/// The users whose bots play operators and experts: members of every
/// chat's operator and expert groups, in group order, without repeats.
std::vector<std::string>
operator_names(const scenarios::scenario_workspace& ws);

/// Supervisors whose streams together show every live chat that has
/// supervisors, each once: for each chat not yet shown, the first member of
/// its first supervisor group.
std::vector<std::string> watcher_names(const scenarios::scenario_workspace& ws);

/// The draws of one session, in scenario time. Each quantity has its own
/// stream per (workload, arrival), so sessions do not share draws.
struct session_script {
  std::optional<duration> patience;
  std::int64_t messages = 0; ///< 0: no message model
  std::vector<duration> think, reply;
  duration handle{};
  std::optional<std::size_t> transfer; ///< index in the workload's transfers
  duration expert_handle{};
};

/// The draws of `a`'s session. The same scenario and arrival give the
/// same draws.
session_script draw_script(const scenarios::scenario& sc,
                           const planned_arrival& a);

/// How long the first operator holds the session if every message were
/// delivered at once: the replies, the customer's think times between them
/// and the wrap-up (`handle`); without a message model, `handle`.
duration scripted_first_hold(const session_script& s);

/// The mean of `scripted_first_hold` over `draws` sessions of workload
/// `workload` (arrival numbers from 2^40 on, apart from any run's), and
/// the mean expert handle time of each of its transfers (the scenario's
/// distribution means): what a run's scripted holds are compared with.
struct expected_holds {
  duration first{};
  std::vector<duration> expert; ///< per transfer of the workload
};
expected_holds expected_scripted_holds(const scenarios::scenario& sc,
                                       std::size_t workload,
                                       std::uint64_t draws = 20000);

/// (from, online) steps in scenario time, from 0 on.
using shift_schedule = std::vector<std::pair<duration, bool>>;

/// The steps of user `name`: Online throughout if one of its serving groups
/// (operator or expert groups of a chat) has no shift; otherwise Online
/// while one of its shifted groups counts it among its first `count`
/// members.
shift_schedule operator_schedule(const scenarios::scenario& sc,
                                 const scenarios::scenario_workspace& ws,
                                 const std::string& name);

/// Whether `schedule` says Online at scenario time `t`.
bool online_at(const shift_schedule& schedule, duration t);

} // namespace livechat::load
