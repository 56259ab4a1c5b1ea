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
//
// Domains are fixed once their actors run. Membership changes are then
// checked against them (`check_domain_crossing`) and applied to the domains
// whose chats use the group (`domains_using`).
#pragma once

#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/live_chat.hpp"

#include <cstddef>
#include <span>
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

/// The domains (indices, in order of first use) whose chats use group `g` in
/// any role: operators, experts, supervisors or customers. `domain_of_chat`
/// is aligned with `chats`.
std::vector<std::size_t>
domains_using(std::span<const live_chat_definition> chats,
              std::span<const std::size_t> domain_of_chat, group_id g);

/// Adding `member` to `g` must not let one user serve (as operator or
/// expert) chats of two routing domains: that would need one writer for
/// both. `errc::crosses_domains` if it would; `dir` is the directory before
/// the change.
[[nodiscard]] expected<void>
check_domain_crossing(const directory& dir,
                      std::span<const live_chat_definition> chats,
                      std::span<const std::size_t> domain_of_chat, group_id g,
                      user_id member);

} // namespace livechat
