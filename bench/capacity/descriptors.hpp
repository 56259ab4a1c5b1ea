// The descriptor limit of the capacity tools (ws_hold, ws_echo_server):
// every connection holds one open descriptor.
#pragma once

#include <sys/resource.h>

namespace livechat::capacity {

/// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit
/// now in force (0 if it cannot be read).
inline rlim_t raise_descriptor_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
    return 0;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
      lim = raised;
  }
  return lim.rlim_cur;
}

} // namespace livechat::capacity
