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
// Domains are formed when their actors start. A later change that would let
// one user serve chats of two domains connects them: `domains_connected_by`
// (a new member of a group) and `domains_touched_by` (a new or edited chat)
// name the domains it connects, which merge before the change applies (see
// `router::absorb`). A change that would split a domain (a member leaves, a
// chat is removed) leaves it merged: domains only grow while running, which
// costs parallelism, never correctness. Changes are applied to the domains
// whose chats use the group (`domains_using`).
//
// These functions take the running chats as two aligned spans: definitions
// and the domain of each. Leave removed chats out of both.
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

/// The domains (ascending, no duplicates) that adding `member` to `g` would
/// connect: if `g` serves some chat (as an operator or expert group), the
/// domains of those chats and those where `member` serves now; else none.
/// Two or more must merge before the change; none or one: no merge. `dir` is
/// the directory before the change.
std::vector<std::size_t>
domains_connected_by(const directory& dir,
                     std::span<const live_chat_definition> chats,
                     std::span<const std::size_t> domain_of_chat, group_id g,
                     user_id member);

/// The domains (ascending, no duplicates) that a chat defined as `def` would
/// belong to: those of the chats that share a serving user (operator or
/// expert) with it. None: a new domain of its own; two or more must merge
/// first. For an edit of chat `c`, pass the others only (`chats` without
/// `c`) and add `c`'s own domain.
std::vector<std::size_t>
domains_touched_by(const directory& dir,
                   std::span<const live_chat_definition> chats,
                   std::span<const std::size_t> domain_of_chat,
                   const live_chat_definition& def);

/// Adding `member` to `g` must not let one user serve (as operator or
/// expert) chats of two routing domains: that would need one writer for
/// both. `errc::crosses_domains` if it would (`domains_connected_by` names
/// two or more); `dir` is the directory before the change.
[[nodiscard]] expected<void>
check_domain_crossing(const directory& dir,
                      std::span<const live_chat_definition> chats,
                      std::span<const std::size_t> domain_of_chat, group_id g,
                      user_id member);

} // namespace livechat
