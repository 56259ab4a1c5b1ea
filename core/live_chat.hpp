// Live chat definitions: the entry points customers write to.
//
// A live chat names which groups play which role (operators, supervisors,
// experts, internal customers), how sessions are routed and how much each
// operator may hold at once. It is either internal (customer groups, whose
// members alone may open sessions) or external (a channel such as WhatsApp,
// and then no customer groups). `validate` checks these rules against a
// directory; the workspace refuses invalid definitions.
//
// Example:
//   livechat::live_chat_definition def;
//   def.name = "internal";
//   def.operator_groups = {general};
//   def.expert_groups = {accounting, hr};
//   def.customer_groups = {employees};
//   def.routing = livechat::routing_policy_kind::least_busy;
//   def.capacity = 2;
//   auto ok = livechat::validate(def, dir);   // expected<void>
#pragma once

#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace livechat {

/// How a waiting session finds an operator. See core/routing/*.hpp.
enum class routing_policy_kind {
  round_robin,  ///< next eligible operator after the last one chosen
  least_busy,   ///< fewest active sessions, ties to the longest idle
  longest_idle, ///< longest time since the operator's last activity
  random,       ///< uniformly among eligible operators (seeded)
  fixed_order,  ///< first eligible operator in list order (unfair baseline)
  manual,       ///< nobody is picked; supervisors assign sessions
};

std::string_view to_string(routing_policy_kind k) noexcept;
std::optional<routing_policy_kind> parse_routing_policy(std::string_view s);

/// What happens to an operator's active sessions when it goes Offline.
enum class offline_policy {
  requeue, ///< back to the front of their queue (default)
  keep,    ///< stay with the operator
  close,   ///< closed on the operator's behalf
};

std::string_view to_string(offline_policy p) noexcept;
std::optional<offline_policy> parse_offline_policy(std::string_view s);

/// Everything an administrator sets when creating a live chat.
struct live_chat_definition {
  std::string name;
  std::vector<group_id> operator_groups;
  std::vector<group_id> supervisor_groups;
  /// Targets of "switch the session to an expert".
  std::vector<group_id> expert_groups;
  /// Internal chat: only members of these groups may open sessions.
  std::vector<group_id> customer_groups;
  /// External chat: the messenger channel, e.g. "whatsapp". Empty if internal.
  std::string channel;
  routing_policy_kind routing = routing_policy_kind::round_robin;
  /// Max concurrent sessions an operator may hold when taking one from this
  /// chat. One operator has one load, shared across every chat it serves.
  int capacity = 1;
  /// Max waiting sessions in each of this chat's queues; a new session
  /// arriving at a full queue is rejected.
  std::size_t queue_limit = std::numeric_limits<std::size_t>::max();
  /// Reject new sessions when no operator of the chat's groups is Online.
  bool reject_when_nobody_online = false;
  offline_policy on_offline = offline_policy::requeue;
  /// Transferred sessions are served ahead of new ones: an operator who is
  /// both in an operator group and in an expert group takes a waiting
  /// transfer before a new session, even one that waited longer.
  bool transfers_first = true;
  /// Seed for the `random` policy's generator.
  std::uint64_t seed = 0;

  bool is_internal() const noexcept {
    return !customer_groups.empty();
  }
};

/// Checks a definition against `dir`: a non-empty name, at least one operator
/// group, every group live (`directory::exists`: not removed), capacity >= 1,
/// queue limit >= 1 and exactly one of customer groups or channel. Returns
/// `errc::invalid_definition` or `errc::unknown_group`.
expected<void> validate(const live_chat_definition& def, const directory& dir);

} // namespace livechat
