// Cross-reference and range checks of a scenario.
//
// The loader (loader.hpp) runs this after reading a file; call it yourself
// for scenarios built or edited in code. It reports every problem, each at
// the location of the item it concerns (see scenario.hpp): duplicate names,
// groups, chats and expert groups that do not exist, a chat with both or
// neither of customers and channel, capacities and limits below 1, transfer
// probabilities outside [0, 1] or summing above 1, shifts above a group's
// size, unordered profile and shift steps, distributions with impossible
// parameters, a warm-up not shorter than the horizon, thresholds naming a
// metric that is not in the registry (metrics.hpp), and so on.
//
// Example:
//   auto problems = livechat::scenarios::validate(s);
//   for (const auto& p : problems)
//     std::cerr << p.to_string() << '\n';
#pragma once

#include "scenarios/diagnostics.hpp"
#include "scenarios/scenario.hpp"

#include <vector>

namespace livechat::scenarios {

/// Every problem of `s`, in the order found (group, chat, workload, shift,
/// threshold).
/// Empty means `to_workspace(s)` succeeds and the simulator may run it.
std::vector<diagnostic> validate(const scenario& s);

} // namespace livechat::scenarios
