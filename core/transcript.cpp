#include "core/transcript.hpp"

namespace livechat {

memory_transcript_store::memory_transcript_store(transcript_limits limits)
    : limits_(limits) {}

void memory_transcript_store::append(const chat_message& m) {
  auto& k = by_session_[m.session];
  k.messages.push_back(m);
  k.bytes += m.text.size();
  while (!k.messages.empty()
         && (k.messages.size() > limits_.max_messages
             || k.bytes > limits_.max_bytes)) {
    k.bytes -= k.messages.front().text.size();
    k.messages.pop_front();
    ++k.dropped;
  }
}

transcript memory_transcript_store::get(session_id s) const {
  transcript out{.session = s};
  auto i = by_session_.find(s);
  if (i == by_session_.end())
    return out;
  out.messages.assign(i->second.messages.begin(), i->second.messages.end());
  out.dropped = i->second.dropped;
  return out;
}

void memory_transcript_store::end(session_id s) {
  by_session_.erase(s);
}

} // namespace livechat
