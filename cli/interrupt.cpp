#include "cli/interrupt.hpp"

#include <csignal>
#include <unistd.h>

namespace livechat::cli {

namespace {

std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free,
              "set from a signal handler");

extern "C" void on_interrupt(int) {
  if (stop_requested.exchange(true))
    ::_exit(130); // the second Ctrl-C: the user means now
  constexpr char msg[] = "\nlivechat: stopping (Ctrl-C again to quit now)\n";
  auto ignored = ::write(2, msg, sizeof msg - 1);
  (void)ignored;
}

} // namespace

const std::atomic<bool>& interrupt_flag() {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    return true;
  }();
  (void)installed;
  return stop_requested;
}

} // namespace livechat::cli
