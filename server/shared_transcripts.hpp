// The server's transcript store: the in-memory store of core/transcript.hpp,
// shared by every routing domain (so it synchronises itself, as the
// runtime asks of a shared store), and filled at start with what the
// sessions restored after a restart said before it. An expert who takes a
// restored session after a switch then sees the whole conversation.
#pragma once

#include "core/transcript.hpp"

#include <mutex>

namespace livechat::server {

class shared_transcripts final : public transcript_store {
public:
  void append(const chat_message& m) override {
    std::lock_guard guard{mutex_};
    kept_.append(m);
  }
  transcript get(session_id s) const override {
    std::lock_guard guard{mutex_};
    return kept_.get(s);
  }
  void end(session_id s) override {
    std::lock_guard guard{mutex_};
    kept_.end(s);
  }

private:
  mutable std::mutex mutex_;
  memory_transcript_store kept_;
};

} // namespace livechat::server
