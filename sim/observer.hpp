// Everything one replication measures, fed by the routing domains' events.
//
// The observer sits in the domain actors as their in-process event observer
// (actors/domain_actor.hpp), so it sees every event in emission order without
// a message per event. It feeds:
//   - the core's `stats::statistics` (waits, service levels, fairness);
//   - time series over the horizon's bins (sim/timeline.hpp): per live chat,
//     sessions waiting (in any of its queues) and arrivals; per tracked
//     group, members Online and sessions its members hold;
//   - optionally, one record per session for the CSV tables.
//
// Memory: per open session, not per session, unless `keep_sessions` is set
// (then one small record per session of the replication).
//
// Example:
//   sim::replication_observer obs{ws.dir, {.sl_threshold = 20s},
//   ws.chats.size(),
//                                 {general}, sim::time_bins{8h, 96}, false};
//   domain_config.observer = [&obs](const routing_event& e) { obs.observe(e);
//   };
//   ... run ...
//   obs.finish(end);
//   auto waiting = obs.chat_waiting(0).averages();
#pragma once

#include "core/directory.hpp"
#include "core/events.hpp"
#include "core/stats/statistics.hpp"
#include "sim/timeline.hpp"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace livechat::sim {

enum class session_outcome {
  answered,  ///< assigned at least once
  abandoned, ///< left before any assignment
  rejected,  ///< refused at arrival
  open,      ///< still open when the run ended (stranded)
};

std::string_view to_string(session_outcome o) noexcept;

/// One session of a replication, as the CSV tables show it.
struct session_record {
  session_id session;
  chat_id chat;
  user_id customer;
  timestamp arrived{};
  session_outcome outcome = session_outcome::open;
  /// Answered: arrival -> first assignment; abandoned: arrival -> leaving.
  duration wait{};
  operator_id first_operator; ///< invalid unless answered
  std::uint32_t transfers = 0;
  duration handle{}; ///< sum of its handling spans, by any operator
  /// Closed, abandoned or rejected; the end of the run for open sessions.
  timestamp ended{};
  /// Arrived at or after the warm-up: counted in the statistics.
  bool counted = true;
  /// Message model: arrival -> the operator's first message (none: not
  /// answered by a message), and the messages exchanged, counting the
  /// customer's opening one.
  std::optional<duration> first_response;
  std::uint32_t messages = 0;
};

/// A live chat's conversations (message model), sessions counted after the
/// warm-up.
struct conversation_figures {
  stats::log_linear_histogram first_response;
  std::uint64_t customer_messages = 0; ///< through the domain (not opening)
  std::uint64_t operator_messages = 0;
  std::uint64_t conversations = 0; ///< sessions with an operator message

  /// Messages per conversation, counting each customer's opening message.
  double messages_per_session() const noexcept;
};

/// One queue's sessions that started waiting in one time bin (counted
/// sessions only): a live chat's first-level queue by arrival, an expert
/// group's queue by the time the session entered it.
struct interval_queue {
  std::uint64_t offered = 0;
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  stats::log_linear_histogram wait;         ///< answered: waits
  stats::log_linear_histogram abandon_wait; ///< abandoned: time waited
};

class replication_observer {
public:
  /// Tracks `chats` live chats (ids 0 .. chats-1) and the groups `groups`.
  /// Per-bin queue figures (`chat_intervals`, `expert_intervals`) only if
  /// `queues_per_bin`.
  replication_observer(const directory& dir, stats::statistics_config config,
                       std::size_t chats, std::vector<group_id> groups,
                       time_bins bins, bool keep_sessions,
                       bool queues_per_bin = false);

  void observe(const routing_event& e);
  /// A chat message the domain accepted (message model).
  void observe(const chat_message& m);
  /// Closes every open interval at `end`; open sessions get records.
  void finish(timestamp end);

  const stats::statistics& statistics() const noexcept {
    return stats_;
  }
  stats::statistics& statistics() noexcept {
    return stats_;
  }
  const time_bins& bins() const noexcept {
    return bins_;
  }
  const binned_level& chat_waiting(std::size_t chat) const {
    return waiting_[chat];
  }
  const binned_count& chat_arrivals(std::size_t chat) const {
    return arrivals_[chat];
  }
  /// Index `i` of the tracked groups, in the order given.
  const binned_level& group_online(std::size_t i) const {
    return online_[i];
  }
  const binned_level& group_busy(std::size_t i) const {
    return busy_[i];
  }
  /// Finished sessions in the order they ended, then open ones by id
  /// (after `finish`); empty unless `keep_sessions`.
  std::vector<session_record>& sessions() noexcept {
    return records_;
  }
  std::size_t open_sessions() const noexcept {
    return live_.size();
  }
  /// Per time bin, a chat's first-level queue.
  const std::vector<interval_queue>& chat_intervals(std::size_t chat) const {
    return chat_intervals_[chat];
  }
  /// Per time bin, the expert queue of tracked group `i` (empty figures for
  /// a group that is no expert group).
  const std::vector<interval_queue>& expert_intervals(std::size_t i) const {
    return expert_intervals_[i];
  }
  const conversation_figures& chat_conversations(std::size_t chat) const {
    return conversations_[chat];
  }
  /// Messages each user sent as an operator in counted sessions, by user id.
  const std::vector<std::uint64_t>& operator_messages() const noexcept {
    return operator_messages_;
  }
  /// Whether `s` waits in a queue now.
  bool is_waiting(session_id s) const {
    auto i = live_.find(s);
    return i != live_.end() && i->second.waiting;
  }

private:
  /// An open session: its record, the statistics' track of it (one table
  /// for both), and what the time series need.
  struct live_session {
    session_record record;
    stats::session_track track;
    operator_id holder;
    bool waiting = false;
  };

  void observe(const session_event& e);
  void observe(const status_event& e);
  /// Adds `delta` to every tracked group of `op` in `series`.
  void add_to_groups(std::vector<binned_level>& series, operator_id op,
                     timestamp at, double delta);

  stats::statistics stats_;
  time_bins bins_;
  bool keep_sessions_;
  timestamp warmup_end_;
  std::vector<binned_level> waiting_;
  std::vector<binned_count> arrivals_;
  std::vector<binned_level> online_;
  std::vector<binned_level> busy_;
  /// Per user: indices of the tracked groups it belongs to.
  std::vector<std::vector<std::size_t>> tracked_groups_of_;
  std::vector<bool> is_online_; ///< per user
  std::unordered_map<session_id, live_session> live_;
  std::vector<session_record> records_;
  std::vector<conversation_figures> conversations_;           ///< per chat
  std::vector<std::uint64_t> operator_messages_;              ///< per user
  std::vector<std::vector<interval_queue>> chat_intervals_;   ///< [chat][bin]
  std::vector<std::vector<interval_queue>> expert_intervals_; ///< [group][bin]
  std::vector<group_id> groups_;                              ///< tracked

  /// The queue a waiting session's wait counts for, or null.
  interval_queue* queue_of(const session_event& e, bool counted);
  /// Adds `e` to the per-bin figures of the queue it names.
  void count_interval(const session_event& e, const live_session& s,
                      stats::queue_step step);
};

} // namespace livechat::sim
