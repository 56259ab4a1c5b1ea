// The load run: a scenario played against a running server by bots over
// real connections, on one event loop (load/net.hpp).
//
// Open model for customers: arrivals are planned in advance from the
// scenario's arrival processes (the same generators as the simulation's,
// `sim/streams.hpp`) and sent at their times whatever the server does; an
// arrival sent more than `late_after` after its time counts as late.
// Internal customers open sessions over their own WebSocket; external ones
// write through the channel endpoint. Closed pool for operators: one
// WebSocket per member of the chats' operator and expert groups, Online or
// Offline as the scenario's shifts say (unshifted groups: Online).
//
// A session, once assigned, plays the scenario's workload: with a message
// model, the customer writes, the operator replies after a reply time, the
// customer thinks and writes again, as many messages as drawn; then the
// wrap-up (`handle_time`) and a close, or a switch to the expert group
// drawn, whose expert closes after the transfer's handle time. Customers
// whose patience runs out before an operator takes them leave. Every
// duration of the scenario runs `speed` times faster than written.
//
// Limits of this version (reported in the result's notes): external
// contacts cannot leave through the channel endpoint, so their patience is
// not played; operator replies to external contacts go out through the
// server's channel adapter, so their delivery is not measured.
#pragma once

#include "load/measure.hpp"
#include "load/net.hpp"
#include "load/plan.hpp"
#include "load/provision.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace livechat::load {

struct load_settings {
  double speed = 1.0;
  /// Wall time of the arrival window.
  std::chrono::milliseconds arrival_window{std::chrono::seconds{60}};
  /// After the window, how long open sessions may take to end.
  std::chrono::milliseconds drain_limit{std::chrono::seconds{120}};
  std::chrono::milliseconds progress_every{std::chrono::seconds{5}};
  std::chrono::milliseconds snapshot_every{std::chrono::seconds{10}};
  std::chrono::milliseconds late_after{std::chrono::milliseconds{10}};
  /// Set and true: stop as soon as possible (Ctrl-C).
  const std::atomic<bool>* cancel = nullptr;
  /// Set: one JSON line per write the server acknowledged,
  /// `{"kind": "session", "session": id}` and `{"kind": "message",
  /// "session": id, "message": n}`. `n` is the run's own number of the
  /// message, which its text carries ("load message n"), so a crash test
  /// can find it in `livechat export`.
  std::ostream* ledger = nullptr;
};

/// Who the bots are on the server.
struct bot_credentials {
  server_ids ids;
  /// User name -> token, for every operator and internal customer.
  std::map<std::string, std::string, std::less<>> tokens;
  /// Posts external customers' messages to the channel endpoint.
  std::string channel_token;
};

/// Plays `arrivals` against the server at `target`; progress lines go to
/// `progress`. Connections that cannot be set up within 30 s end the run
/// before any arrival (the result's `errors` say why).
load_result
run_load(const scenarios::scenario& sc, const scenarios::scenario_workspace& ws,
         const std::vector<planned_arrival>& arrivals, const endpoint& target,
         const std::vector<std::string>& source_addresses,
         const bot_credentials& who, const load_settings& settings,
         std::ostream& progress);

} // namespace livechat::load
