// The router fixture plus what run-time administration tests need: every
// routing event kept (for the invariant checker), the admin events, and the
// session events of one session.
#pragma once

#include "core/invariants.hpp"
#include "router_fixture.hpp"

#include <vector>

namespace livechat::testing {

class router_admin_fixture : public router_fixture {
protected:
  /// Every routing event so far, in emission order.
  std::vector<routing_event> all;
  /// Every admin event so far, in emission order.
  std::vector<admin_event> admin_log;

  /// Moves the router's new events into `all`, `log` and `admin_log`.
  void pump() {
    for (auto& e : r.take_events()) {
      if (auto* s = std::get_if<session_event>(&e))
        log.push_back(*s);
      all.push_back(std::move(e));
    }
    for (auto& e : r.take_admin_events())
      admin_log.push_back(std::move(e));
  }

  /// The session events of `s` so far.
  std::vector<session_event> events_of(session_id s) {
    pump();
    std::vector<session_event> out;
    for (const auto& e : log)
      if (e.session == s)
        out.push_back(e);
    return out;
  }

  /// The last session event of `s` so far.
  session_event last_of(session_id s) {
    auto events = events_of(s);
    EXPECT_FALSE(events.empty());
    return events.empty() ? session_event{} : events.back();
  }

  /// The status events so far.
  std::vector<status_event> statuses() {
    pump();
    std::vector<status_event> out;
    for (const auto& e : all)
      if (auto* s = std::get_if<status_event>(&e))
        out.push_back(*s);
    return out;
  }

  /// Violations of the routing invariants over every event so far.
  std::vector<std::string> violations() {
    pump();
    invariant_checker check;
    for (const auto& e : all)
      check.observe(e);
    return check.violations();
  }

  /// The admin events since the last call.
  std::vector<admin_event> new_admin_events() {
    pump();
    auto out = std::move(admin_log);
    admin_log.clear();
    return out;
  }
};

} // namespace livechat::testing
