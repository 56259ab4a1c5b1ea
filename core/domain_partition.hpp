// Routing domains: the live chats that must share one routing writer.
//
// Two chats belong to the same routing domain when an operator could serve
// both: their operator and expert groups share a member. Every assignment in
// a domain is then one writer's decision (one router, one actor), so an
// operator shared by chats is never double-booked, without locks. Separate
// domains share nothing and can run on separate threads.
//
// Example:
//   auto domains = livechat::partition_domains(dir, chats);
//   // domains[k].chats: indices into `chats` routed together, ascending;
//   // domains are ordered by their first chat.
#pragma once

#include "core/directory.hpp"
#include "core/live_chat.hpp"

#include <cstddef>
#include <vector>

namespace livechat {

struct routing_domain {
  std::vector<std::size_t> chats; ///< indices into the definitions, ascending
};

/// Groups chats into routing domains (connected components of "shares an
/// operator or expert"). Deterministic: same inputs, same partition.
std::vector<routing_domain>
partition_domains(const directory& dir,
                  const std::vector<live_chat_definition>& chats);

/// Users who may take sessions of `chat`: members of its operator and expert
/// groups, without duplicates, in list order.
std::vector<user_id> serving_users(const directory& dir,
                                   const live_chat_definition& chat);

} // namespace livechat
