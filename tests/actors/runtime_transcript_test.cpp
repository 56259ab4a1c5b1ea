// Transcripts through the runtime: each session keeps what was said, and an
// expert who takes it after a switch sees the conversation so far.
#include "actors/runtime.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace runtime_transcript_test {

/// One internal chat: operator o1 (general), expert anna (accounting),
/// supervisor sveta, customers e1, e2.
struct workspace {
  user_id admin, sveta, o1, anna, e1, e2;
  group_id accounting;

  workspace_definition make() {
    directory dir{"admin"};
    admin = dir.find_user("admin").value();
    sveta = dir.add_user("sveta").value();
    o1 = dir.add_user("o1").value();
    anna = dir.add_user("anna").value();
    e1 = dir.add_user("e1").value();
    e2 = dir.add_user("e2").value();
    std::vector<user_id> gm{o1}, am{anna}, sm{sveta}, em{e1, e2};
    auto general = dir.create_group(admin, "general", gm).value();
    accounting = dir.create_group(admin, "accounting", am).value();
    auto supervisors = dir.create_group(admin, "supervisors", sm).value();
    auto employees = dir.create_group(admin, "employees", em).value();
    live_chat_definition internal{.name = "internal",
                                  .operator_groups = {general},
                                  .supervisor_groups = {supervisors},
                                  .expert_groups = {accounting},
                                  .customer_groups = {employees}};
    return {std::move(dir), admin, {internal}};
  }
};

/// A store that records what the domain asked of it.
struct recording_store final : transcript_store {
  memory_transcript_store inner;
  std::vector<std::string> appended;
  std::vector<session_id> ended;

  void append(const chat_message& m) override {
    appended.push_back(m.text);
    inner.append(m);
  }
  transcript get(session_id s) const override {
    return inner.get(s);
  }
  void end(session_id s) override {
    ended.push_back(s);
    inner.end(s);
  }
};

std::vector<std::string> texts(const transcript& t) {
  std::vector<std::string> out;
  for (const auto& m : t.messages)
    out.push_back(m.text);
  return out;
}

TEST(RuntimeTranscripts, ExpertSeesTheConversationAfterASwitch) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  auto s = rt->open_session(ws.e1, chat_id{0}).value().id;
  ASSERT_TRUE(rt->post_message(ws.e1, s, "my invoice is wrong"));
  ASSERT_TRUE(rt->post_message(ws.o1, s, "accounting will help"));
  auto expert = rt->watch_operator(ws.anna).value();
  ASSERT_TRUE(rt->set_status(ws.anna, operator_status::online));
  ASSERT_TRUE(rt->transfer(ws.o1, s, ws.accounting));
  auto items = expert->take();
  std::vector<std::string> said;
  bool assigned_before = false;
  for (const auto& item : items) {
    if (auto* e = std::get_if<session_event>(&item))
      assigned_before = assigned_before
                        || e->kind == session_event_kind::assigned;
    if (auto* t = std::get_if<transcript>(&item)) {
      EXPECT_TRUE(assigned_before) << "the transcript follows the assignment";
      said = texts(*t);
    }
  }
  EXPECT_EQ(said, (std::vector<std::string>{"my invoice is wrong",
                                            "accounting will help"}));
  auto read = rt->read_transcript(ws.anna, s);
  ASSERT_TRUE(read);
  EXPECT_EQ(texts(*read), said);
}

TEST(RuntimeTranscripts, OnlyCustomerHolderAndSupervisorsMayRead) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  ASSERT_TRUE(rt->set_status(ws.anna, operator_status::online));
  auto s = rt->open_session(ws.e1, chat_id{0}).value().id;
  ASSERT_TRUE(rt->post_message(ws.e1, s, "hello"));
  ASSERT_TRUE(rt->transfer(ws.o1, s, ws.accounting));
  EXPECT_TRUE(rt->read_transcript(ws.e1, s));    // its customer
  EXPECT_TRUE(rt->read_transcript(ws.anna, s));  // holds it now
  EXPECT_TRUE(rt->read_transcript(ws.sveta, s)); // supervises the chat
  for (auto outsider : {ws.o1, ws.e2}) {         // held it before; a stranger
    auto denied = rt->read_transcript(outsider, s);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error(), errc::not_permitted);
  }
}

TEST(RuntimeTranscripts, AStorePluggedInSeesEveryMessageAndEverySessionEnd) {
  workspace ws;
  auto store = std::make_shared<recording_store>();
  auto rt = runtime::create(ws.make(), {.transcripts = store}).value();
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  auto s = rt->open_session(ws.e1, chat_id{0}).value().id;
  ASSERT_TRUE(rt->post_message(ws.e1, s, "hello"));
  ASSERT_TRUE(rt->post_message(ws.o1, s, "hi"));
  ASSERT_TRUE(rt->close_session(ws.o1, s));
  EXPECT_EQ(store->appended, (std::vector<std::string>{"hello", "hi"}));
  EXPECT_EQ(store->ended, std::vector{s});
  EXPECT_EQ(store->inner.sessions(), 0u) << "the memory store forgets it";
  auto gone = rt->read_transcript(ws.e1, s);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error(), errc::unknown_session);
}

} // namespace runtime_transcript_test
} // namespace livechat
