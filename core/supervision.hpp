// How a supervisor distributes a waiting session by hand (`manual` routing).
//
// From its snapshot of the chat, the supervisor tries the Online operators,
// least loaded first (list order on ties); for a session transferred to one
// expert, only that expert. It tries them one after the other until the
// router accepts an assignment: the router still refuses those outside the
// session's queue groups or at capacity, so the order is a preference, never
// a permission.
//
// Example:
//   auto candidates = livechat::assignment_candidates(snapshot, session);
//   if (!candidates)
//     forget(session);               // no longer waiting
//   else
//     try_in_order(*candidates);     // empty: stays due until capacity frees
#pragma once

#include "core/ids.hpp"
#include "core/router.hpp"

#include <optional>
#include <vector>

namespace livechat {

/// The operators to try for waiting session `s`, in order; none if `s` no
/// longer waits in `snapshot`.
std::optional<std::vector<operator_id>>
assignment_candidates(const chat_snapshot& snapshot, session_id s);

} // namespace livechat
