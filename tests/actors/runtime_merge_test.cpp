// Routing domains that merge while running (virtual time): a change that
// lets one operator serve chats of two domains merges them first. Queues
// keep their order, held sessions their operators, session ids stay unique,
// and the event log keeps every routing invariant (core/invariants.hpp).
#include "actors/runtime.hpp"
#include "core/invariants.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <set>

namespace livechat {
namespace runtime_merge_test {

std::vector<session_id> waiting_ids(const chat_snapshot& s) {
  std::vector<session_id> out;
  for (const auto& w : s.waiting)
    out.push_back(w.id);
  return out;
}

/// Chats "a" (operators ga: anna) and "b" (operators gb: bert) share no
/// operator: two routing domains. sara supervises both; emil writes.
struct two_domains {
  directory dir{"admin"};
  user_id admin = dir.find_user("admin").value();
  user_id anna = dir.add_user("anna").value();
  user_id bert = dir.add_user("bert").value();
  user_id emil = dir.add_user("emil").value();
  user_id sara = dir.add_user("sara").value();
  group_id ga = dir.create_group(admin, "ga", std::vector{anna}).value();
  group_id gb = dir.create_group(admin, "gb", std::vector{bert}).value();
  group_id staff = dir.create_group(admin, "staff", std::vector{emil}).value();
  group_id leads = dir.create_group(admin, "leads", std::vector{sara}).value();
  std::unique_ptr<runtime> rt;
  invariant_checker checker;
  std::set<std::uint64_t> ids;

  live_chat_definition chat(std::string name, group_id ops) const {
    return {.name = std::move(name),
            .operator_groups = {ops},
            .supervisor_groups = {leads},
            .customer_groups = {staff}};
  }
  void start() {
    rt = runtime::create({dir, admin, {chat("a", ga), chat("b", gb)}}).value();
    rt->subscribe([this](const routing_event& e) {
      checker.observe(e);
    });
    ASSERT_EQ(rt->domain_count(), 2u);
    ASSERT_TRUE(rt->set_status(anna, operator_status::online));
    ASSERT_TRUE(rt->set_status(bert, operator_status::online));
  }
  session_id open(chat_id c) {
    auto t = rt->open_session(emil, c).value();
    EXPECT_TRUE(ids.insert(t.id.value).second) << "session id handed out twice";
    return t.id;
  }
  std::vector<session_id> held_by(user_id op) {
    return rt->view(op).value().sessions;
  }
};

TEST(RuntimeMerge, ConnectingChangeKeepsQueuesHoldersAndUniqueIds) {
  two_domains w;
  w.start();
  auto a1 = w.open(chat_id{0}), a2 = w.open(chat_id{0}),
       a3 = w.open(chat_id{0});
  auto b1 = w.open(chat_id{1}), b2 = w.open(chat_id{1});
  ASSERT_EQ(w.held_by(w.anna), std::vector{a1});
  ASSERT_EQ(w.held_by(w.bert), std::vector{b1});

  ASSERT_TRUE(w.rt->add_member(w.admin, w.gb, w.anna)); // merges the domains

  EXPECT_EQ(w.held_by(w.anna), std::vector{a1});
  EXPECT_EQ(w.held_by(w.bert), std::vector{b1});
  EXPECT_EQ(waiting_ids(w.rt->snapshot(w.sara, chat_id{0}).value()),
            (std::vector{a2, a3}));
  EXPECT_EQ(waiting_ids(w.rt->snapshot(w.sara, chat_id{1}).value()),
            std::vector{b2});
  // anna now serves both chats: each time she is free she takes the next
  // waiting session of either, while bert still holds b1. So she takes all
  // three, a2 before a3 (one queue's order), b2 in between or around.
  std::vector<session_id> taken;
  auto current = a1;
  for (int k = 0; k < 3; ++k) {
    ASSERT_TRUE(w.rt->close_session(w.anna, current));
    auto held = w.held_by(w.anna);
    ASSERT_EQ(held.size(), 1u) << "after " << k << " closes";
    current = held[0];
    taken.push_back(current);
  }
  std::vector<session_id> sorted = taken, all_three{a2, a3, b2};
  std::sort(sorted.begin(), sorted.end());
  std::sort(all_three.begin(), all_three.end());
  EXPECT_EQ(sorted, all_three) << "b2 is chat b's: merged";
  EXPECT_LT(std::find(taken.begin(), taken.end(), a2),
            std::find(taken.begin(), taken.end(), a3));
  // Sessions keep flowing in both chats, with fresh ids.
  auto a4 = w.open(chat_id{0});
  auto b3 = w.open(chat_id{1});
  ASSERT_TRUE(w.rt->close_session(w.anna, current));
  ASSERT_TRUE(w.rt->close_session(w.bert, b1));
  for (auto s : {a4, b3})
    ASSERT_TRUE(w.rt->leave(w.emil, s)); // closes them: both were taken
  w.rt->drain_events();
  EXPECT_TRUE(w.checker.violations().empty()) << w.checker.violations().front();
  EXPECT_TRUE(w.checker.open_sessions().empty());
  EXPECT_EQ(w.checker.sessions_seen(), 7u);
}

TEST(RuntimeMerge, MergedDomainStillAnswersForItsSessionsAndStreams) {
  two_domains w;
  w.start();
  auto b1 = w.open(chat_id{1});
  auto b2 = w.open(chat_id{1});
  auto stream = w.rt->watch_chat(w.sara, chat_id{1}).value();
  auto own = w.rt->watch_session(w.emil, b2).value();
  (void)stream->take();
  (void)own->take();
  ASSERT_TRUE(w.rt->add_member(w.admin, w.ga, w.bert));
  // b2's id names domain "b", which forwards to the domain that absorbed it.
  ASSERT_TRUE(w.rt->post_message(w.emil, b2, "still there?"));
  ASSERT_TRUE(w.rt->close_session(w.bert, b1));
  EXPECT_EQ(w.held_by(w.bert), std::vector{b2});
  bool assigned = false;
  for (const auto& item : own->take())
    if (auto* e = std::get_if<session_event>(&item))
      assigned = assigned || e->kind == session_event_kind::assigned;
  EXPECT_TRUE(assigned) << "the session stream moved with its domain";
  EXPECT_FALSE(stream->take().empty()) << "so did the chat stream";
}

TEST(RuntimeMerge, ChatDefinedAcrossTwoDomainsMergesThem) {
  two_domains w;
  w.start();
  auto a1 = w.open(chat_id{0});
  auto a2 = w.open(chat_id{0});
  group_id both = w.rt->create_group(w.admin, "both", {w.anna, w.bert}).value();
  auto c = w.rt->define_chat(w.admin, w.chat("c", both)).value();
  ASSERT_EQ(c, chat_id{2});
  // bert, free, serves "c" and now shares a domain with a2's queue; anna
  // still holds a1.
  EXPECT_EQ(w.held_by(w.anna), std::vector{a1});
  auto c1 = w.open(c);
  EXPECT_EQ(w.held_by(w.bert), std::vector{c1});
  ASSERT_TRUE(w.rt->close_session(w.anna, a1));
  EXPECT_EQ(w.held_by(w.anna), std::vector{a2});
  w.rt->drain_events();
  EXPECT_TRUE(w.checker.violations().empty()) << w.checker.violations().front();
}

TEST(RuntimeMerge, UserWhoLeftAGroupStillConnectsItsOldDomain) {
  // bert leaves gb holding b1, then joins ga: he still holds b1 in "b"'s
  // domain, so the two merge (never one operator in two domains).
  two_domains w;
  w.start();
  auto b1 = w.open(chat_id{1});
  ASSERT_TRUE(w.rt->remove_member(w.admin, w.gb, w.bert));
  ASSERT_TRUE(w.rt->add_member(w.admin, w.ga, w.bert));
  EXPECT_EQ(w.held_by(w.bert), std::vector{b1});
  auto a1 = w.open(chat_id{0});
  auto a2 = w.open(chat_id{0});
  // Capacity 1: anna takes a1, bert (holding b1) cannot take a2.
  EXPECT_EQ(w.held_by(w.anna), std::vector{a1});
  EXPECT_EQ(waiting_ids(w.rt->snapshot(w.sara, chat_id{0}).value()),
            std::vector{a2});
  ASSERT_TRUE(w.rt->close_session(w.bert, b1));
  EXPECT_EQ(w.held_by(w.bert), std::vector{a2});
  w.rt->drain_events();
  EXPECT_TRUE(w.checker.violations().empty()) << w.checker.violations().front();
}

} // namespace runtime_merge_test
} // namespace livechat
