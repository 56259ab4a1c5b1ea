// The message model: a session's handling is a conversation through the
// domain; first-response time and messages are measured from the messages
// the domain accepts. Constant times make every figure exact.
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace livechat {
namespace message_model_test {

using testing::load_text;

using namespace std::chrono_literals;

// One operator, arrivals every 100 s, 3 customer messages per session, the
// operator replies after 10 s, the customer thinks 20 s: a handling is
// 10 + 20 + 10 + 20 + 10 = 70 s, then 5 s of wrap-up. Nobody ever waits.
const char* conversation_yaml = R"(
name: conversation
seed: 1
horizon: 1000s
groups:
  - {name: agents, size: 1}
live_chats:
  - {name: web, channel: web, operators: [agents]}
workload:
  - live_chat: web
    arrivals: {trace: unused.csv}
    handle_time: {constant: 5s}
    messages: {per_session: {constant: 3}, customer_think: {constant: 20s},
               operator_reply: {constant: 10s}}
)";

std::vector<std::vector<duration>> every_100s(int n) {
  std::vector<duration> times;
  for (int i = 0; i < n; ++i)
    times.push_back(std::chrono::seconds{100 * i});
  return {times};
}

TEST(MessageModel, HandlingIsTheConversationPlusWrapUp) {
  auto [sc, ws] = load_text(conversation_yaml);
  auto traces = every_100s(10);
  auto rep = sim::run_replication(
    sc, ws, 0, {.keep_sessions = true, .trace_times = &traces});
  const auto& chat = rep.stats.chat(chat_id{0});
  EXPECT_EQ(chat.offered, 10u);
  EXPECT_EQ(chat.answered, 10u);
  EXPECT_EQ(chat.handle.min(), 75s);
  EXPECT_EQ(chat.handle.max(), 75s);
  ASSERT_EQ(rep.sessions.size(), 10u);
  for (const auto& s : rep.sessions) {
    EXPECT_EQ(s.handle, 75s);
    ASSERT_TRUE(s.first_response.has_value());
    EXPECT_EQ(*s.first_response, 10s) << "no wait, then one reply time";
    EXPECT_EQ(s.messages, 6u) << "3 from the customer, 3 replies";
  }
}

TEST(MessageModel, FirstResponseIsWaitPlusReplyAndMessagesAreCounted) {
  auto [sc, ws] = load_text(conversation_yaml);
  // Two arrivals at once: the second waits for the first's 75 s handling.
  std::vector<std::vector<duration>> traces{{0s, 0s}};
  auto rep = sim::run_replication(sc, ws, 0, {.trace_times = &traces});
  const auto& conv = rep.conversations.at(0);
  EXPECT_EQ(conv.conversations, 2u);
  EXPECT_EQ(conv.first_response.min(), 10s);
  EXPECT_EQ(conv.first_response.max(), 85s);
  EXPECT_EQ(conv.customer_messages, 4u) << "2 follow-ups per session";
  EXPECT_EQ(conv.operator_messages, 6u);
  EXPECT_DOUBLE_EQ(conv.messages_per_session(), 6.0);
  auto op = ws.dir.get(ws.groups.at("agents")).members.at(0);
  EXPECT_EQ(rep.operator_messages.at(op.value), 6u);
}

TEST(MessageModel, WithoutMessagesThereAreNoConversations) {
  std::string plain = conversation_yaml;
  auto at = plain.find("    messages:");
  plain.erase(at);
  auto [sc, ws] = load_text(plain);
  auto traces = every_100s(3);
  auto rep = sim::run_replication(sc, ws, 0, {.trace_times = &traces});
  EXPECT_EQ(rep.stats.chat(chat_id{0}).handle.max(), 5s);
  EXPECT_EQ(rep.conversations.at(0).conversations, 0u);
  EXPECT_EQ(rep.conversations.at(0).operator_messages, 0u);
}

} // namespace message_model_test
} // namespace livechat
