#include "core/session_rules.hpp"

namespace livechat {

expected<message_route> route_message(user_id from, user_id customer,
                                      operator_id holder) noexcept {
  if (from == customer)
    return message_route{true, holder};
  if (holder.valid() && from == holder)
    return message_route{false, customer};
  return errc::not_permitted;
}

} // namespace livechat
