// Exit codes of the `livechat` command, for scripts to act on.
#pragma once

namespace livechat::cli {

inline constexpr int exit_ok = 0;
/// A run finished, but a threshold of the scenario was breached.
inline constexpr int exit_threshold_breached = 1;
/// Bad input: unknown command or option, unreadable or invalid file.
inline constexpr int exit_bad_input = 2;

} // namespace livechat::cli
