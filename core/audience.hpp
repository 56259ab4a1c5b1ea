// Who is told about each routing event.
//
// Besides the session's customer (told about every event of its own session)
// and whoever subscribed to the whole stream, an event concerns the people
// below. Each is told once per event, in the order listed, so that what each
// person sees is deterministic.
//
//   session event  the operator it names (new holder, or the holder until
//                  now), the previous holder on a reassignment, the expert
//                  asked for by a personal transfer, and the supervisors of
//                  the session's chat
//   status event   the operator itself and the supervisors of the domain's
//                  chats
//
// The lists hold user ids only: whether a person is connected to hear it is
// the caller's business (actors/domain_actor.cpp skips those who never
// joined).
//
// Example:
//   std::vector<livechat::user_id> told;   // reused from event to event
//   livechat::session_audience(e, supervisors_of[e.chat.value], told);
//   for (auto u : told)
//     send_to(u, e);
#pragma once

#include "core/events.hpp"
#include "core/ids.hpp"

#include <span>
#include <vector>

namespace livechat {

/// The people told about `e` besides its customer; `supervisors`: those of
/// the session's chat. Writes into `out` (cleared first; no allocation once
/// its capacity suffices).
void session_audience(const session_event& e,
                      std::span<const user_id> supervisors,
                      std::vector<user_id>& out);

/// The people told about `e`; `supervisors_per_chat`: the supervisors of
/// each chat of the domain (a supervisor of several chats is told once).
void status_audience(const status_event& e,
                     std::span<const std::vector<user_id>> supervisors_per_chat,
                     std::vector<user_id>& out);

} // namespace livechat
