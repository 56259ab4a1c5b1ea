// Ctrl-C for long work: the first SIGINT (or SIGTERM) asks the simulation to
// stop (sim/parallel.hpp's `interrupted`), so the command ends with a message
// and exit code 130 instead of dying mid-write; a second one ends the
// process at once.
#pragma once

#include <atomic>

namespace livechat::cli {

/// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& interrupt_flag();

} // namespace livechat::cli
