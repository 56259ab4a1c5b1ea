#include "core/transcript.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace transcript_test {

chat_message said(std::uint64_t s, std::uint32_t from, std::string text) {
  return {session_id{s}, user_id{from}, timestamp{}, std::move(text)};
}

TEST(MemoryTranscriptStore, KeepsEachSessionsMessagesInOrder) {
  memory_transcript_store store;
  store.append(said(1, 7, "hello"));
  store.append(said(2, 8, "other session"));
  store.append(said(1, 3, "how can I help?"));
  auto t = store.get(session_id{1});
  ASSERT_EQ(t.messages.size(), 2u);
  EXPECT_EQ(t.messages[0].text, "hello");
  EXPECT_EQ(t.messages[1].from, user_id{3});
  EXPECT_EQ(t.dropped, 0u);
  EXPECT_TRUE(store.get(session_id{9}).messages.empty());
}

TEST(MemoryTranscriptStore, DropsTheOldestPastTheMessageBound) {
  memory_transcript_store store{{.max_messages = 3}};
  for (int i = 0; i < 5; ++i)
    store.append(said(1, 7, std::to_string(i)));
  auto t = store.get(session_id{1});
  ASSERT_EQ(t.messages.size(), 3u);
  EXPECT_EQ(t.messages.front().text, "2");
  EXPECT_EQ(t.dropped, 2u);
}

TEST(MemoryTranscriptStore, DropsTheOldestPastTheByteBound) {
  memory_transcript_store store{{.max_bytes = 10}};
  store.append(said(1, 7, "12345"));
  store.append(said(1, 7, "67890"));
  store.append(said(1, 7, "abc"));
  auto t = store.get(session_id{1});
  ASSERT_EQ(t.messages.size(), 2u);
  EXPECT_EQ(t.messages.front().text, "67890");
  EXPECT_EQ(t.dropped, 1u);
}

TEST(MemoryTranscriptStore, ForgetsASessionThatEnded) {
  memory_transcript_store store;
  store.append(said(1, 7, "hello"));
  store.end(session_id{1});
  EXPECT_TRUE(store.get(session_id{1}).messages.empty());
  EXPECT_EQ(store.sessions(), 0u);
}

} // namespace transcript_test
} // namespace livechat
