#include "core/random.hpp"
#include "router_fixture.hpp"

#include <map>

namespace livechat::testing {
namespace {

using RouterLifecycle = router_fixture;

TEST_F(RouterLifecycle, ClosingAWaitingSessionIsAnIllegalTransition) {
  auto chat = define(internal_definition());
  auto s = open(chat, e1, 1s);
  auto result = r.close_session(at(2s), sveta, s);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), errc::illegal_transition);
  EXPECT_EQ(r.find_session(s)->state(), session_state::waiting);
}

TEST_F(RouterLifecycle, EndedSessionsAreUnknown) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.close_session(at(2s), o1, s));
  auto again = r.close_session(at(3s), o1, s);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), errc::unknown_session);
  EXPECT_EQ(r.leave(at(3s), e1, s).error(), errc::unknown_session);
}

TEST_F(RouterLifecycle, CustomerLeavingWhileWaitingAbandons) {
  auto chat = define(internal_definition());
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.leave(at(40s), e1, s));
  EXPECT_EQ(kinds_of(s), (std::vector{session_event_kind::queued,
                                      session_event_kind::abandoned}));
  EXPECT_EQ(log.back().reason, transition_reason::customer_left);
  EXPECT_EQ(log.back().at - log.back().queued_at, 39s);
  EXPECT_EQ(r.waiting_count(chat), 0u);
}

TEST_F(RouterLifecycle, CustomerLeavingAnActiveSessionClosesIt) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.leave(at(40s), e1, s));
  EXPECT_EQ(kinds_of(s).back(), session_event_kind::closed);
  EXPECT_EQ(log.back().reason, transition_reason::closed_by_customer);
  EXPECT_EQ(log.back().op, o1);
  EXPECT_EQ(r.load_of(o1), 0);
}

TEST_F(RouterLifecycle, AbandonedPersonalTransferLeavesTheExpertsQueue) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(2s), o1, s, accounting, boris));
  ASSERT_TRUE(r.leave(at(3s), e1, s));
  online(boris, 4s);
  EXPECT_EQ(r.load_of(boris), 0);
  EXPECT_EQ(r.live_session_count(), 0u);
}

TEST_F(RouterLifecycle, SessionTrailRecordsWhoDidWhatAndWhy) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.transfer(at(5s), o1, s, hr));
  const auto& trail = r.find_session(s)->trail();
  ASSERT_EQ(trail.size(), 4u);
  EXPECT_EQ(trail[0].reason, transition_reason::arrived);
  EXPECT_EQ(trail[0].actor, e1);
  EXPECT_EQ(trail[1].to, session_state::assigned);
  EXPECT_EQ(trail[1].actor, o1);
  EXPECT_EQ(trail[1].reason, transition_reason::routed);
  EXPECT_EQ(trail[2].to, session_state::transferred);
  EXPECT_EQ(trail[2].at, at(5s));
  EXPECT_EQ(trail[3].to, session_state::waiting);
  EXPECT_EQ(trail[3].reason, transition_reason::entered_expert_queue);
}

// A long random script of every operation; checks the invariants from the
// event log: capacity never exceeded, no session assigned twice at once,
// every session ends at most once, and ended sessions are all accounted for.
TEST_F(RouterLifecycle, RandomScriptKeepsEveryInvariant) {
  auto internal = internal_definition(routing_policy_kind::least_busy);
  internal.capacity = 2;
  internal.queue_limit = 6;
  auto external = external_definition(routing_policy_kind::random);
  external.capacity = 2;
  external.on_offline = offline_policy::close;
  auto ci = define(internal);
  auto ce = define(external);
  std::vector<user_id> ops{o1, o2, o3, anna, boris, hanna};
  random_generator gen{7};
  std::vector<session_id> opened;
  std::vector<session_id> live; // pruned lazily of sessions that ended
  auto open_and_track = [&](chat_id chat, user_id customer, duration when) {
    opened.push_back(open(chat, customer, when));
    live.push_back(opened.back());
  };
  // A random live session (after pruning ended ones), or the id 0 if none.
  auto recent = [&] {
    while (!live.empty()) {
      auto i = gen.uniform_index(live.size());
      if (r.find_session(live[i]) != nullptr)
        return live[i];
      live[i] = live.back();
      live.pop_back();
    }
    return session_id{};
  };
  auto t = 0s;
  for (int step = 0; step < 20000; ++step) {
    t += 1s;
    auto pick_op = ops[gen.uniform_index(ops.size())];
    switch (gen.uniform_index(7)) {
      case 0: open_and_track(ci, gen.uniform_index(2) ? e1 : e2, t); break;
      case 1:
        open_and_track(ce, user_id{static_cast<std::uint32_t>(5000 + step)}, t);
        break;
      case 2: {
        auto st = static_cast<operator_status>(gen.uniform_index(3));
        ASSERT_TRUE(r.set_status(at(t), pick_op, st));
        break;
      }
      case 3: {
        auto s = recent();
        auto moved = r.supervisor_assign(at(t), sveta, s, pick_op);
        if (!moved) {
          ASSERT_TRUE(moved.error() == errc::not_eligible
                      || moved.error() == errc::unknown_session
                      || moved.error() == errc::invalid_argument)
            << to_string(moved.error());
        }
        break;
      }
      default: {
        auto s = recent();
        const auto* sess = r.find_session(s);
        if (sess == nullptr)
          break;
        auto h = holder_of(s);
        if (sess->state() == session_state::waiting) {
          (void)r.leave(at(t), sess->customer(), s);
        } else if (gen.uniform_index(3) == 0 && sess->chat() == ci) {
          auto g = gen.uniform_index(2) ? accounting : hr;
          ASSERT_TRUE(r.transfer(at(t), h, s, g));
        } else {
          ASSERT_TRUE(r.close_session(at(t), h, s));
        }
      }
    }
  }
  drain();
  std::map<std::uint32_t, int> load;
  std::map<std::uint64_t, std::uint32_t> holder;
  std::map<std::uint64_t, int> endings;
  for (const auto& e : log) {
    switch (e.kind) {
      case session_event_kind::assigned:
        ASSERT_FALSE(holder.count(e.session.value) && !e.previous_op.valid())
          << "session assigned twice";
        if (e.previous_op.valid())
          --load[e.previous_op.value];
        holder[e.session.value] = e.op.value;
        ASSERT_LE(++load[e.op.value], 2) << "capacity exceeded";
        break;
      case session_event_kind::transferred:
      case session_event_kind::queued:
        if (e.op.valid()) {
          ASSERT_EQ(holder.at(e.session.value), e.op.value);
          --load[e.op.value];
          holder.erase(e.session.value);
        }
        break;
      case session_event_kind::closed:
        if (e.op.valid()) {
          ASSERT_EQ(holder.at(e.session.value), e.op.value);
          --load[e.op.value];
          holder.erase(e.session.value);
        }
        [[fallthrough]];
      case session_event_kind::abandoned:
      case session_event_kind::rejected:
        ASSERT_EQ(++endings[e.session.value], 1) << "ended twice";
        break;
    }
  }
  for (auto op : ops)
    EXPECT_EQ(load[op.value], r.load_of(op));
  auto reassigned = std::count_if(log.begin(), log.end(), [](const auto& e) {
    return e.reason == transition_reason::supervisor_reassign;
  });
  EXPECT_GT(reassigned, 0) << "the script should exercise reassignment";
  EXPECT_EQ(endings.size() + r.live_session_count(), opened.size());
}

} // namespace
} // namespace livechat::testing
