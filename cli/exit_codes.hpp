// Exit codes of the `livechat` command, for scripts to act on.
#pragma once

namespace livechat::cli {

inline constexpr int exit_ok = 0;
/// A run finished, but a threshold of the scenario was breached.
inline constexpr int exit_threshold_breached = 1;
/// Bad input: unknown command or option, unreadable or invalid file.
inline constexpr int exit_bad_input = 2;
/// A failure of livechat itself (a bug, or the system out of memory or
/// threads): a one-line message, never an uncaught exception.
inline constexpr int exit_internal_error = 3;
/// Stopped by Ctrl-C (SIGINT) or SIGTERM before finishing; nothing written.
inline constexpr int exit_interrupted = 130;

} // namespace livechat::cli
