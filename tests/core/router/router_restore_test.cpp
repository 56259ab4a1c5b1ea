// Routing live sessions again after a restart (router::restore_session):
// waiting ones back in their queues in the order restored, held ones back
// with their holders, refusals that change nothing.
#include "core/contacts.hpp"
#include "core/invariants.hpp"
#include "router_fixture.hpp"

namespace livechat::testing {
namespace router_restore_test {

class RouterRestore : public router_fixture {
protected:
  void SetUp() override {
    router_fixture::SetUp();
    chat = define(internal_definition());
    r.set_session_ids(101, 1); // ids up to 100 came before the restart
  }

  expected<void>
  restore_waiting(std::uint64_t id, user_id customer,
                  restored_session::rank rank = restored_session::rank::arrival,
                  group_id expert = {}) {
    return r.restore_session(at(1s), {.id = session_id{id},
                                      .chat = chat,
                                      .customer = customer,
                                      .expert_group = expert,
                                      .waiting_rank = rank});
  }

  std::vector<std::uint64_t> queue_order() {
    std::vector<std::uint64_t> out;
    for (const auto& s : r.standings(chat))
      out.push_back(s.session.value);
    return out;
  }

  chat_id chat;
};

TEST_F(RouterRestore, WaitingSessionsQueueInTheOrderRestoredAheadOfNewOnes) {
  ASSERT_TRUE(restore_waiting(7, e1));
  ASSERT_TRUE(restore_waiting(3, e2));
  ASSERT_TRUE(restore_waiting(5, e1));
  auto fresh = open(chat, e2, 2s);
  EXPECT_EQ(fresh.value, 101u);
  EXPECT_EQ(queue_order(), (std::vector<std::uint64_t>{7, 3, 5, 101}));
  online(o1, 3s); // capacity 1: takes the head of the queue
  EXPECT_EQ(holder_of(session_id{7}), o1);
  drain();
  EXPECT_EQ(log.front().session, session_id{7});
  EXPECT_EQ(log.front().kind, session_event_kind::queued);
  EXPECT_EQ(log.front().reason, transition_reason::restored);
}

TEST_F(RouterRestore, ARequeuedSessionGoesBackToTheFront) {
  ASSERT_TRUE(restore_waiting(7, e1));
  ASSERT_TRUE(restore_waiting(9, e2, restored_session::rank::requeued));
  EXPECT_EQ(queue_order(), (std::vector<std::uint64_t>{9, 7}));
}

TEST_F(RouterRestore, ASessionWaitingForExpertsWaitsInTheirQueue) {
  ASSERT_TRUE(
    restore_waiting(4, e1, restored_session::rank::transferred, accounting));
  online(o1, 2s);
  EXPECT_FALSE(holder_of(session_id{4}).valid()); // not a general operator's
  online(anna, 3s);
  EXPECT_EQ(holder_of(session_id{4}), anna);
}

TEST_F(RouterRestore, AHeldSessionGoesBackToItsAwayHolder) {
  ASSERT_TRUE(r.set_status(at(1s), o1, operator_status::away));
  ASSERT_TRUE(r.restore_session(
    at(1s), {.id = session_id{8}, .chat = chat, .customer = e1, .holder = o1}));
  EXPECT_EQ(r.holder(session_id{8}), o1);
  EXPECT_EQ(r.view_of(o1).sessions, std::vector<session_id>{session_id{8}});
  EXPECT_EQ(r.load_of(o1), 1);
  // Its holder writes, closes: it is an ordinary held session again.
  ASSERT_TRUE(r.route_message(o1, session_id{8}));
  ASSERT_TRUE(r.close_session(at(5s), o1, session_id{8}));
  EXPECT_EQ(r.load_of(o1), 0);
  drain();
  invariant_checker check;
  for (const auto& e : log)
    check.observe(e);
  EXPECT_TRUE(check.violations().empty()) << check.violations().front();
}

TEST_F(RouterRestore, AHolderWhoNeverComesBackFollowsTheOfflinePolicy) {
  ASSERT_TRUE(r.set_status(at(1s), o1, operator_status::away));
  ASSERT_TRUE(r.restore_session(
    at(1s), {.id = session_id{8}, .chat = chat, .customer = e1, .holder = o1}));
  online(o2, 2s);
  ASSERT_TRUE(r.set_status(at(3s), o1, operator_status::offline));
  EXPECT_EQ(holder_of(session_id{8}), o2); // requeued, and taken at once
}

TEST_F(RouterRestore, RefusalsNameTheProblemAndChangeNothing) {
  auto restore = [&](restored_session s) {
    return r.restore_session(at(1s), s).error();
  };
  restored_session ok{.id = session_id{8}, .chat = chat, .customer = e1};
  auto s = ok;
  s.holder = o1; // Offline
  EXPECT_EQ(restore(s), errc::not_eligible);
  s = ok;
  s.id = session_id{101}; // the router's own range
  EXPECT_EQ(restore(s), errc::invalid_argument);
  s = ok;
  s.chat = chat_id{9};
  EXPECT_EQ(restore(s), errc::unknown_chat);
  s = ok;
  s.expert_group = general; // not one of the chat's expert groups
  EXPECT_EQ(restore(s), errc::not_an_expert_group);
  s = ok;
  s.customer = user_id{999};
  EXPECT_EQ(restore(s), errc::unknown_user);
  EXPECT_EQ(r.live_session_count(), 0u);
  ASSERT_TRUE(r.restore_session(at(1s), ok));
  EXPECT_EQ(restore(ok), errc::invalid_argument); // the id is taken
  EXPECT_EQ(r.live_session_count(), 1u);
}

} // namespace router_restore_test
} // namespace livechat::testing
