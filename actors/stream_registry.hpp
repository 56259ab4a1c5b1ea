// The streams a routing domain feeds (actors/event_stream.hpp), by what they
// watch, and which of them each event reaches.
//
//   chat stream      (a supervisor of the chat) every session event of the
//                    chat, and the status of every operator who serves it
//   operator stream  (the operator itself) its status, every session event
//                    naming it (new or previous holder, personal transfer
//                    target), the messages of the sessions it holds, and
//                    the transcript of each session it takes that has one
//   session stream   (the session's customer) every event of the session,
//                    its messages, and while it waits its queue standing
//                    (position, expected wait) whenever that changes; it
//                    finishes when the session ends
//
// Who may subscribe is checked by the domain before a stream is added. A
// push that fails (the subscriber fell behind or cancelled) drops the stream
// at once. Delivery order within a stream is the domain's emission order.
// Not thread-safe: the domain actor owns it. Destroying the registry ends
// every stream still in it with `stream_end::stopped`.
#pragma once

#include "actors/event_stream.hpp"

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace livechat::actors {

class stream_registry {
public:
  using stream_ptr = std::shared_ptr<event_stream>;

  stream_registry() = default;
  stream_registry(const stream_registry&) = delete;
  stream_registry& operator=(const stream_registry&) = delete;
  ~stream_registry();

  /// `local_chat`: the domain's own chat index.
  void watch_chat(chat_id local_chat, stream_ptr s);
  void watch_operator(user_id op, stream_ptr s);
  void watch_session(session_id id, stream_ptr s);

  /// `e.chat` is the workspace's chat id, `local_chat` the domain's.
  void publish(const session_event& e, chat_id local_chat);
  /// `serves(local_chat)`: whether `e.op` serves that chat.
  void publish(const status_event& e,
               const std::function<bool(chat_id local_chat)>& serves);
  /// `holder`: the operator holding the session (invalid if none).
  void publish(const chat_message& m, operator_id holder);
  /// To operator `op`'s streams: what was said before it took the session.
  void publish(const transcript& t, operator_id op);
  /// After a routing step, the standings of waiting sessions (chat ids the
  /// workspace's): each watched session whose standing changed since it
  /// was last told (position, slots, or the expected wait by a second or
  /// more; not the queue's length alone) is told again.
  void publish(const std::vector<queue_standing>& standings);
  /// Whether any session is watched: standings are worth computing only
  /// then.
  bool watches_sessions() const noexcept {
    return !by_session_.empty();
  }

  /// Takes every stream of `other` (which is left empty), the streams of
  /// its local chat `c` under `chat_of[c]`: when a domain absorbs another
  /// (router::absorb gives `chat_of`). Streams keep their buffers and
  /// order; those of one subscriber stay in subscription order.
  void absorb(stream_registry& other, const std::vector<chat_id>& chat_of);

  /// No stream is fed (the common case: publishing costs nothing then).
  bool empty() const noexcept;

private:
  using list = std::vector<stream_ptr>;

  /// Pushes `item` into each stream of `l`, dropping those that fail.
  static void deliver(list& l, const stream_item& item);
  void deliver_to_operator(user_id op, const stream_item& item);

  std::vector<list> by_chat_; ///< by local chat index
  /// Lookup only; never iterated in an order that reaches a subscriber.
  std::unordered_map<user_id, list> by_operator_;
  std::unordered_map<session_id, list> by_session_;
  /// The standing each watched session was last told (lookup only).
  std::unordered_map<session_id, queue_standing> told_;
};

} // namespace livechat::actors
