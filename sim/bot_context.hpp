// What the simulation bots of one replication share (sim/engine.cpp builds
// it; sim/operator_bot.cpp and sim/workload_bot.cpp read it), and their
// timers. Internal to the simulator.
//
// Everything here is read-only for the bots, except the live-mode counters
// (atomics) and each workload's latency histogram (written by that workload's
// bot only).
#pragma once

#include "actors/interfaces.hpp"
#include "actors/time_mapping.hpp"
#include "core/stats/histogram.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"
#include "sim/observer.hpp"
#include "sim/sampler.hpp"
#include "sim/streams.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace livechat::sim {

/// A workload's message model (scenarios::message_model) as samplers.
struct conversation_model {
  count_sampler messages; ///< customer messages per handling, at least 1
  duration_sampler customer_think;
  duration_sampler operator_reply;
};

/// What every bot of one replication reads; lives for the replication.
struct bot_context {
  const scenarios::scenario& sc;
  const scenarios::scenario_workspace& ws;
  std::uint64_t replication;
  actors::time_mapping clock;
  std::vector<actors::live_chat_actor> domains;
  std::vector<std::size_t> domain_of_chat;
  /// `people_path::production_actors`: the production operator actor of
  /// each user who serves (by user id; null otherwise), through which the
  /// bots act; empty on the direct path.
  std::vector<actors::operator_actor> operators;
  /// `people_path::production_actors`: the customer actor of each session
  /// (by session id), through which the operator bots send the customer's
  /// side of a conversation. Written by workload bots, read by operator
  /// bots: virtual time only, so one thread. Kept for the replication (the
  /// production path is for tests).
  mutable std::unordered_map<std::uint64_t, actors::customer_actor>
    customer_of_session;
  /// Per chat: the index of its workload in `sc.workload`, if any.
  std::vector<std::optional<std::size_t>> workload_of_chat;
  std::vector<duration_sampler> handle;                  // per workload
  std::vector<std::optional<duration_sampler>> patience; // per workload
  /// Per workload: its message model, if it has one.
  std::vector<std::optional<conversation_model>> conversation;
  /// An expert group a workload transfers to, and the handle time there.
  struct expert_handling {
    group_id first;
    duration_sampler sampler;
    /// The transfer gives its own `handle_time` (else the workload's).
    bool has_own_spec = false;
  };
  /// Per workload, per transfer (in the order of the scenario).
  std::vector<std::vector<expert_handling>> transfers;
  /// Live mode: real-time scheduler, wall-clock latency measured.
  bool live = false;
  /// No session can leave its operator before the handling ends: operators
  /// never go Offline in a simulation (shift ends send them Away), and only
  /// `manual` chats have supervisors who might reassign a held session
  /// (two of them racing for one). Then operator bots close sessions with a
  /// delayed message to the domain instead of a timer of their own. Virtual
  /// time only: live mode counts the bots' pending timers to know when the
  /// run is over.
  bool direct_finish = false;
  /// Live mode: bot timers scheduled and not yet fired, and workloads whose
  /// arrivals are over and whose opens were all answered (how the run knows
  /// it is finished).
  mutable std::atomic<std::int64_t> pending_timers{0};
  mutable std::atomic<std::size_t> workloads_done{0};
  /// Live mode: per workload, open request -> ticket, in wall time. Each is
  /// written by its workload bot only.
  mutable std::vector<stats::log_linear_histogram> open_latency;
  /// Live mode: events observed so far (to tell when nothing happens).
  mutable std::atomic<std::uint64_t> events_seen{0};
  /// What the run measures; guarded by `observer_mtx` in live mode.
  const replication_observer* observer = nullptr;
  std::mutex* observer_mtx = nullptr;

  /// Whether session `s` waits in a queue now (as the domains last said).
  bool still_waiting(session_id s) const {
    if (!live)
      return observer->is_waiting(s);
    std::lock_guard<std::mutex> guard{*observer_mtx};
    return observer->is_waiting(s);
  }

  /// `replication_seed(sc.seed, replication)`, set by the engine.
  std::uint64_t seed_of_replication = 0;

  random_generator stream(std::uint64_t key, stream_purpose p) const {
    return stream_in_replication(seed_of_replication, key,
                                 static_cast<std::uint64_t>(p));
  }
};

/// Sends `xs` to `self` after `d` of run time (counted while pending in live
/// mode; the handler calls `timer_fired`).
template <class Self, class... Ts>
void schedule(Self* self, const bot_context& ctx, duration d, Ts&&... xs) {
  if (ctx.live)
    ++ctx.pending_timers;
  self->delayed_send(self, ctx.clock.to_actor(d), std::forward<Ts>(xs)...);
}

inline void timer_fired(const bot_context& ctx) {
  if (ctx.live)
    --ctx.pending_timers;
}

} // namespace livechat::sim
