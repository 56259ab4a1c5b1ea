// A role's stream of events: bounded, never blocking its producer.
//
// The runtime hands one to each subscriber (runtime::watch_chat,
// watch_operator, watch_session). The routing domain that owns what it
// watches pushes into it; the subscriber takes items out whenever it likes.
// The first item is always a snapshot of what the stream watches (a
// `chat_snapshot`, an `operator_view` or a `session_view`), taken in the same
// step as the subscription, so snapshot plus items is the whole story with
// no gap and no overlap.
//
// Back-pressure: the buffer holds at most `capacity` items. A push into a
// full buffer ends the stream with `stream_end::cut_off` instead of waiting
// or growing: a slow subscriber costs the domain one failed push, never
// routing time or unbounded memory. Items already buffered can still be
// taken; then the subscriber resubscribes, and starts again from a fresh
// snapshot.
//
// Thread safety: push/finish (the domain, on a scheduler thread) and
// take/cancel (the subscriber, on any thread) may run concurrently.
// `on_ready` is called by the producer, without the lock held, when an item
// arrives in an empty buffer and when the stream ends (also when the
// runtime stops: whatever it touches must outlive the runtime): it must not
// block (typically it posts "drain this stream" to the subscriber's own
// executor).
//
// Example:
//   auto s = rt->watch_operator(olga, {.buffer = 256,
//                                      .on_ready = [&] { io.post(drain); }});
//   for (auto& item : (*s)->take())
//     std::visit(render, item);
//   if (auto end = (*s)->end()) resubscribe_or_close(*end);
#pragma once

#include "core/events.hpp"
#include "core/router.hpp"
#include "core/transcript.hpp"

#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

namespace livechat {

/// Why a stream ended.
enum class stream_end {
  cut_off,   ///< its buffer was full: the subscriber fell behind
  cancelled, ///< the subscriber cancelled it
  finished,  ///< what it watched is over (the session ended)
  stopped,   ///< the runtime stopped
};

std::string_view to_string(stream_end e) noexcept;

/// What a stream delivers: first a snapshot, then events as they happen.
/// An operator stream also gets the `transcript` of each session assigned
/// to it that already has one, right after the `assigned` event. A session
/// stream gets the session's `queue_standing` (position, expected wait)
/// while it waits, each time it changes.
using stream_item
  = std::variant<chat_snapshot, operator_view, session_view, session_event,
                 status_event, chat_message, transcript, queue_standing>;

struct stream_options {
  /// Items the subscriber may fall behind by before it is cut off.
  std::size_t buffer = 1024;
  /// See the top of this file: called by the producer, must not block.
  std::function<void()> on_ready;
};

class event_stream {
public:
  explicit event_stream(stream_options options);

  // -- subscriber -------------------------------------------------------------

  /// Moves out up to `max` buffered items, oldest first. Never blocks on
  /// the producer for longer than one push.
  std::vector<stream_item>
  take(std::size_t max = std::numeric_limits<std::size_t>::max());
  /// Set once the stream ended; items buffered before can still be taken.
  std::optional<stream_end> end() const;
  /// Ends the stream; the domain drops it at its next event.
  void cancel();
  /// Items waiting to be taken.
  std::size_t buffered() const;
  std::size_t capacity() const noexcept {
    return capacity_;
  }

  // -- producer (the routing domain) -----------------------------------------

  /// Appends `item`. False if the stream has ended, or ends now because the
  /// buffer is full (cut_off): the producer then drops the stream.
  bool push(stream_item item);
  /// Ends the stream (no effect if it already ended).
  void finish(stream_end why);

private:
  /// Calls on_ready (outside the lock) if `notify`.
  void notify_if(bool notify);

  const std::size_t capacity_;
  const std::function<void()> on_ready_;
  mutable std::mutex mtx_;
  std::deque<stream_item> items_;
  std::optional<stream_end> end_;
};

} // namespace livechat
