#include "core/live_chat.hpp"

namespace livechat {

std::string_view to_string(routing_policy_kind k) noexcept {
  switch (k) {
    case routing_policy_kind::round_robin: return "round_robin";
    case routing_policy_kind::least_busy: return "least_busy";
    case routing_policy_kind::longest_idle: return "longest_idle";
    case routing_policy_kind::random: return "random";
    case routing_policy_kind::fixed_order: return "fixed_order";
    case routing_policy_kind::manual: return "manual";
  }
  return "unknown";
}

std::optional<routing_policy_kind> parse_routing_policy(std::string_view s) {
  for (auto k :
       {routing_policy_kind::round_robin, routing_policy_kind::least_busy,
        routing_policy_kind::longest_idle, routing_policy_kind::random,
        routing_policy_kind::fixed_order, routing_policy_kind::manual})
    if (to_string(k) == s)
      return k;
  return std::nullopt;
}

std::string_view to_string(offline_policy p) noexcept {
  switch (p) {
    case offline_policy::requeue: return "requeue";
    case offline_policy::keep: return "keep";
    case offline_policy::close: return "close";
  }
  return "unknown";
}

std::optional<offline_policy> parse_offline_policy(std::string_view s) {
  for (auto p :
       {offline_policy::requeue, offline_policy::keep, offline_policy::close})
    if (to_string(p) == s)
      return p;
  return std::nullopt;
}

expected<void> validate(const live_chat_definition& def, const directory& dir) {
  if (def.name.empty() || def.operator_groups.empty() || def.capacity < 1
      || def.queue_limit < 1)
    return errc::invalid_definition;
  if (def.is_internal() == !def.channel.empty())
    return errc::invalid_definition; // both, or neither
  for (const auto* groups : {&def.operator_groups, &def.supervisor_groups,
                             &def.expert_groups, &def.customer_groups})
    for (auto g : *groups)
      if (!dir.exists(g))
        return errc::unknown_group;
  return {};
}

} // namespace livechat
