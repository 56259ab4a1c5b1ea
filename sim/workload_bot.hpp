// The workload bot: one per workload of a scenario, it plays the workload's
// customers. At each arrival time it opens a session for a customer (a
// member of the chat's customer groups, or a fresh contact for external
// chats) and takes the ticket; a customer who has to wait gets a patience
// drawn for its session and leaves if the session still waits when it runs
// out. It passes the domain no listener: it hears nothing but its tickets.
// In live mode it measures each open request's wall-clock latency.
#pragma once

#include "sim/bot_context.hpp"

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <cstddef>
#include <vector>

namespace livechat::sim {

/// Spawns the bot of `sc.workload[workload]`; `trace` are its arrival times
/// for a trace workload (empty otherwise). `ctx` outlives the bot.
caf::actor spawn_workload_bot(caf::actor_system& sys, const bot_context& ctx,
                              std::size_t workload,
                              std::vector<duration> trace);

} // namespace livechat::sim
