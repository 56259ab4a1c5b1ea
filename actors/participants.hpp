// The actors that act for people: operators, customers and supervisors.
//
// Each holds what its person knows (status, sessions), sends that person's
// commands to the routing domain under the person's own user id (so nobody
// can act as someone else), and forwards the domain's notifications to
// optional clients (a bot in simulations, a connection in the server).
//
//   operator_actor    status, held sessions; close, transfer, write
//   customer_actor    one conversation: open, write, leave; leaves by itself
//                     when its patience runs out while still waiting
//   supervisor_actor  snapshot, (re)assign; under `manual` routing it
//                     distributes each waiting session after its reaction time
//
// Example:
//   auto op = spawn_operator(sys, olga, domain);
//   self->request(op, caf::infinite, livechat::status_atom_v,
//                 livechat::operator_status::online);
#pragma once

#include "actors/interfaces.hpp"
#include "actors/time_mapping.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace livechat::actors {

/// `domain` may be null for an operator who serves no chat.
operator_actor spawn_operator(caf::actor_system& sys, user_id id,
                              live_chat_actor domain);

struct customer_config {
  user_id id;
  chat_id chat;
  live_chat_actor domain;
  /// Leaves when still waiting this long after opening; none: never.
  std::optional<duration> patience;
  time_mapping clock;
};

customer_actor spawn_customer(caf::actor_system& sys, customer_config config);

struct supervisor_config {
  user_id id;
  /// The chats it supervises and the domain of each.
  std::vector<std::pair<chat_id, live_chat_actor>> chats;
  /// Chats where it distributes sessions itself (`manual` routing).
  std::vector<chat_id> distributes;
  /// Draws how long it takes to react to a waiting session.
  std::function<duration()> reaction_time;
  time_mapping clock;
};

supervisor_actor spawn_supervisor(caf::actor_system& sys,
                                  supervisor_config config);

} // namespace livechat::actors
