// The operator bot: one per operator who serves a chat, it plays the
// operator. It joins its routing domain and, for each session assigned to it,
// works for a handle time drawn for that session, then closes it or
// transfers it to the expert group drawn for it.
//
// With a message model (the workload's `messages`), a handling is a
// conversation through the domain: the operator replies to the customer's
// opening message after a reply time; while messages remain, the customer
// thinks, writes the next one (the bot sends it as the customer), and the
// operator replies again. After the last reply come the wrap-up (the
// workload's `handle_time`, 0 if absent) and the close or transfer. An
// expert handling whose transfer has its own `handle_time` is not a
// conversation.
//
// Common random numbers: every draw comes from a stream keyed by the session
// id (and, for a conversation, the number of transfers so far), so the same
// session gets the same draws under any routing policy.
#pragma once

#include "sim/bot_context.hpp"

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

namespace livechat::sim {

/// Spawns the bot of operator `id` in `domain`. `ctx` outlives the bot.
/// With `via` (a production operator actor), the bot is that actor's
/// client: it hears the domain through it and acts through it, as a
/// server's operator connection will; otherwise it talks to the domain.
caf::actor spawn_operator_bot(caf::actor_system& sys, user_id id,
                              actors::live_chat_actor domain,
                              const bot_context& ctx,
                              actors::operator_actor via = {});

} // namespace livechat::sim
