// Transcripts: what was said in each live session, kept so that whoever
// takes the session next (an expert after a switch, an operator after a
// reassignment or a requeue) sees the conversation so far.
//
// The routing domain appends every message it accepts and reads the
// transcript when it assigns a session that already has one. A store decides
// where transcripts live: `memory_transcript_store` (the default) keeps those
// of live sessions in memory and forgets a session when it ends; a server
// plugs in a durable store (next issue). Stores are called by the one domain
// actor that owns the session, one call at a time; a store shared by several
// domains synchronises itself.
//
// Bounded: a transcript keeps at most `max_messages` messages and
// `max_bytes` of text; past either, the oldest messages are dropped and
// `dropped` counts them, so memory per session stays bounded however long a
// conversation runs.
//
// Example:
//   livechat::memory_transcript_store store{{.max_messages = 200}};
//   store.append({s, anna, t, "hello"});
//   livechat::transcript t = store.get(s);   // t.messages.size() == 1
//   store.end(s);                            // forgotten
#pragma once

#include "core/events.hpp"
#include "core/ids.hpp"

#include <cstddef>
#include <deque>
#include <unordered_map>
#include <vector>

namespace livechat {

/// A session's conversation so far, oldest first.
struct transcript {
  session_id session;
  std::vector<chat_message> messages;
  /// Messages dropped from the front to stay within the bounds.
  std::size_t dropped = 0;
};

struct transcript_limits {
  std::size_t max_messages = 500;
  std::size_t max_bytes = 256 * 1024;
};

class transcript_store {
public:
  virtual ~transcript_store() = default;
  /// Appends a message to its session's transcript.
  virtual void append(const chat_message& m) = 0;
  /// The transcript of session `s` (empty if nothing was said).
  virtual transcript get(session_id s) const = 0;
  /// Session `s` ended: a memory store forgets it, a durable one closes it.
  virtual void end(session_id s) = 0;
};

class memory_transcript_store final : public transcript_store {
public:
  explicit memory_transcript_store(transcript_limits limits = {});

  void append(const chat_message& m) override;
  transcript get(session_id s) const override;
  void end(session_id s) override;

  /// Sessions with a transcript held now (for tests and memory checks).
  std::size_t sessions() const noexcept {
    return by_session_.size();
  }

private:
  struct kept {
    std::deque<chat_message> messages;
    std::size_t bytes = 0;
    std::size_t dropped = 0;
  };

  transcript_limits limits_;
  /// Lookup only; never iterated.
  std::unordered_map<session_id, kept> by_session_;
};

} // namespace livechat
