#include "actors/protocol.hpp"

#include <caf/actor_system_config.hpp>

namespace livechat::actors {

void register_protocol(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::livechat>();
  // Handles travel in messages (listeners join domains and open sessions).
  cfg.add_message_type<session_listener>("livechat::session_listener");
}

} // namespace livechat::actors
