// Records what the runtime does: every routing step and message goes to the
// store (through the writer, in the order the domain emitted them), and
// into the counters /metrics reports.
//
// `on_event` and `on_message` are the runtime's subscriptions: they run in
// the runtime's event sink and only queue work, never wait. A call's events
// reach the sink before its answer reaches the caller, but are delivered
// here later; so the API first waits for `runtime::drain_events`, then
// queues a barrier (`store_writer::submit` with no work), which commits
// after them: that is how it acknowledges only what is durable.
//
// Metrics (Prometheus text, `metrics()`):
//   livechat_sessions{chat,state}        sessions now waiting or assigned;
//                                        for ended states, since start
//   livechat_queue_length{chat}          sessions waiting now
//   livechat_operators{group,status}     operators of each group by status
//   livechat_routing_latency_seconds     histogram: arrival -> first
//                                        assignment (wall time)
#pragma once

#include "actors/runtime.hpp"
#include "server/catalog.hpp"
#include "server/channels.hpp"
#include "server/store/writer.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace livechat::server {

class recorder {
public:
  recorder(store_writer& writer, const catalog& cat);

  /// Replies to external customers go through `adapter`; `contact_of`
  /// names a customer id's contact (the runtime's contact book).
  void set_channel(channel_adapter* adapter,
                   std::function<std::optional<contact>(user_id)> contact_of);
  /// Stops delivering to the channel, and waits for a delivery under way
  /// (before the runtime the contact lookups use goes away).
  void detach_channel();

  void on_event(const routing_event& e);
  void on_message(const chat_message& m);

  /// An operator's last status as events told it (nullopt: none yet).
  std::optional<operator_status> status_of(operator_id op) const;

  /// Whether `s` is live (waiting or assigned) as far as events tell.
  bool is_live(session_id s) const;

  std::string metrics() const;

private:
  /// Notes the contact behind an external customer id in the store, so a
  /// restart numbers it the same (a directory user: nothing).
  void remember_contact(user_id customer);

  struct live_session {
    chat_id chat;
    user_id customer;
    std::string state;
  };
  static constexpr std::array<double, 12> latency_bounds{
    0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300};

  store_writer& writer_;
  const catalog& catalog_;
  channel_adapter* adapter_ = nullptr;
  std::function<std::optional<contact>(user_id)> contact_of_;
  /// Guards adapter_ and contact_of_, held while delivering.
  std::mutex channel_mutex_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, live_session> live_;
  std::map<std::pair<std::uint32_t, std::string>, std::uint64_t> ended_;
  std::map<std::uint32_t, operator_status> status_;
  std::array<std::uint64_t, latency_bounds.size()> latency_buckets_{};
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
};

} // namespace livechat::server
