// Merging the routers of two routing domains (`router::absorb`) while they
// run: queues keep their order, sessions their holders and ids, and the
// change that connects the domains then dispatches on the merged router.
#include "core/contacts.hpp"
#include "core/invariants.hpp"
#include "core/router.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <set>
#include <vector>

namespace livechat::testing {
namespace router_merge_test {

using namespace std::chrono_literals;

timestamp at(duration d) {
  return timestamp{d};
}

// One directory, two domains:
//   A: chat alpha (operators ga = a1 a2, experts ex = x1)
//   B: chat beta (operators gb = b1 b2), chat delta (operators gd = d1)
// Supervisor sv watches every chat. A hands out odd session ids, B even.
class RouterMerge : public ::testing::Test {
protected:
  directory dir{"admin"};
  user_id admin = dir.find_user("admin").value();
  user_id a1 = add("a1"), a2 = add("a2"), x1 = add("x1"), b1 = add("b1"),
          b2 = add("b2"), d1 = add("d1"), sv = add("sv");
  group_id ga = group("ga", {a1, a2}), ex = group("ex", {x1}),
           gb = group("gb", {b1, b2}), gd = group("gd", {d1}),
           sup = group("sup", {sv});
  router ra{dir};
  router rb{dir};
  chat_id alpha, beta, delta;
  /// Every routing event either router emitted, in each one's order.
  std::vector<routing_event> events;

  user_id add(std::string name) {
    return dir.add_user(std::move(name)).value();
  }
  group_id group(std::string name, std::vector<user_id> members) {
    return dir.create_group(admin, std::move(name), members).value();
  }

  static live_chat_definition
  chat(std::string name, std::vector<group_id> operators,
       std::vector<group_id> experts, std::vector<group_id> supervisors) {
    live_chat_definition def;
    def.name = std::move(name);
    def.operator_groups = std::move(operators);
    def.expert_groups = std::move(experts);
    def.supervisor_groups = std::move(supervisors);
    def.channel = "whatsapp";
    def.routing = routing_policy_kind::fixed_order;
    return def;
  }

  void SetUp() override {
    ra.set_session_ids(1, 2);
    rb.set_session_ids(2, 2);
    alpha = ra.define_live_chat(at(0s), admin, chat("alpha", {ga}, {ex}, {sup}))
              .value();
    beta = rb.define_live_chat(at(0s), admin, chat("beta", {gb}, {}, {sup}))
             .value();
    delta = rb.define_live_chat(at(0s), admin, chat("delta", {gd}, {}, {sup}))
              .value();
  }

  session_id open(router& r, chat_id c, std::uint32_t customer, duration t) {
    auto ticket = r.open_session(at(t), customer_of(contact_id{customer}), c);
    EXPECT_TRUE(ticket.has_value());
    return ticket ? ticket->id : session_id{};
  }

  void drain(router& r) {
    for (auto& e : r.take_events())
      events.push_back(std::move(e));
  }

  std::vector<std::string> violations() {
    invariant_checker check;
    for (const auto& e : events)
      check.observe(e);
    return check.violations();
  }
};

/// What must survive a merge of one snapshot, leaving out the chat id.
struct view {
  std::vector<std::tuple<std::uint64_t, std::uint32_t, timestamp, timestamp,
                         group_id, user_id>>
    waiting;
  std::vector<
    std::tuple<operator_id, operator_status, int, std::vector<session_id>>>
    operators;
  friend bool operator==(const view&, const view&) = default;
};

view view_of(const router& r, user_id supervisor, chat_id c) {
  auto snap = r.snapshot(supervisor, c);
  EXPECT_TRUE(snap.has_value());
  view out;
  if (!snap)
    return out;
  for (const auto& w : snap->waiting)
    out.waiting.emplace_back(w.id.value, w.customer.value, w.arrived,
                             w.queued_at, w.expert_group, w.target_user);
  for (const auto& o : snap->operators)
    out.operators.emplace_back(o.id, o.status, o.load, o.sessions);
  return out;
}

TEST_F(RouterMerge, QueuesHoldersAndIdsSurviveTheMerge) {
  ASSERT_TRUE(ra.set_status(at(1s), a1, operator_status::online));
  ASSERT_TRUE(ra.set_status(at(1s), x1, operator_status::away));
  auto s1 = open(ra, alpha, 1, 2s); // a1, then to the expert group
  ASSERT_TRUE(ra.transfer(at(3s), a1, s1, ex));
  auto s2 = open(ra, alpha, 2, 4s); // a1, then to x1 personally
  ASSERT_TRUE(ra.transfer(at(5s), a1, s2, ex, x1));
  auto s3 = open(ra, alpha, 3, 6s); // a1 holds it
  auto s4 = open(ra, alpha, 4, 7s); // waits
  ASSERT_TRUE(rb.set_status(at(1s), b1, operator_status::online));
  ASSERT_TRUE(rb.set_status(at(1s), d1, operator_status::online));
  auto t1 = open(rb, beta, 1, 2s); // b1 holds it
  auto t2 = open(rb, beta, 2, 3s);
  auto t3 = open(rb, beta, 3, 4s);
  drain(ra);
  drain(rb);
  auto t4 = open(rb, beta, 4, 8s); // its events stay pending in rb
  auto before_alpha = view_of(ra, sv, alpha);
  auto before_beta = view_of(rb, sv, beta);
  auto before_delta = view_of(rb, sv, delta);
  ASSERT_EQ(before_alpha.waiting.size(), 3u);
  ASSERT_EQ(before_beta.waiting.size(), 3u);

  auto chat_of = ra.absorb(std::move(rb));
  ASSERT_EQ(chat_of.size(), 2u);
  EXPECT_EQ(chat_of[beta.value], chat_id{1});
  EXPECT_EQ(chat_of[delta.value], chat_id{2});
  EXPECT_EQ(view_of(ra, sv, alpha), before_alpha);
  EXPECT_EQ(view_of(ra, sv, chat_of[beta.value]), before_beta);
  EXPECT_EQ(view_of(ra, sv, chat_of[delta.value]), before_delta);
  EXPECT_EQ(ra.holder(s3), a1);
  EXPECT_EQ(ra.holder(t1), b1);
  EXPECT_EQ(ra.find_session(t2)->chat(), chat_of[beta.value]);
  EXPECT_EQ(ra.find_session(s1)->state(), session_state::waiting);
  EXPECT_EQ(ra.find_session(s4)->state(), session_state::waiting);
  EXPECT_EQ(ra.find_session(t3)->state(), session_state::waiting);
  EXPECT_EQ(ra.live_session_count(), 8u);
  EXPECT_EQ(ra.find_chat("delta").value(), chat_of[delta.value]);
  EXPECT_EQ(rb.chat_count(), 0u);
  EXPECT_EQ(rb.live_session_count(), 0u);
  // rb's pending events now come from ra, in their chat's new id.
  auto pending = ra.take_events();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(std::get<session_event>(pending[0]).session, t4);
  EXPECT_EQ(std::get<session_event>(pending[0]).chat, chat_of[beta.value]);
  events.insert(events.end(), pending.begin(), pending.end());
}

TEST_F(RouterMerge, MergedRouterServesEachQueueInItsOrder) {
  ASSERT_TRUE(rb.set_status(at(1s), b1, operator_status::online));
  auto t1 = open(rb, beta, 1, 2s);
  auto t2 = open(rb, beta, 2, 3s);
  auto t3 = open(rb, beta, 3, 4s);
  auto s1 = open(ra, alpha, 1, 5s);
  drain(ra);
  drain(rb);
  auto chat_of = ra.absorb(std::move(rb));
  ASSERT_TRUE(ra.close_session(at(6s), b1, t1));
  EXPECT_EQ(ra.holder(t2), b1);
  ASSERT_TRUE(ra.close_session(at(7s), b1, t2));
  EXPECT_EQ(ra.holder(t3), b1);
  ASSERT_TRUE(ra.set_status(at(8s), a1, operator_status::online));
  EXPECT_EQ(ra.holder(s1), a1);
  ASSERT_TRUE(ra.close_session(at(9s), b1, t3));
  drain(ra);
  EXPECT_TRUE(violations().empty()) << violations().front();
  (void)chat_of;
}

TEST_F(RouterMerge, NewSessionsGetIdsNeverUsedBefore) {
  ASSERT_TRUE(ra.set_status(at(1s), a1, operator_status::online));
  ASSERT_TRUE(rb.set_status(at(1s), b1, operator_status::online));
  std::set<std::uint64_t> used;
  for (std::uint32_t i = 0; i < 3; ++i) {
    used.insert(open(ra, alpha, i, 2s).value);
    used.insert(open(rb, beta, i, 2s).value);
  }
  ASSERT_EQ(used.size(), 6u);
  auto chat_of = ra.absorb(std::move(rb));
  for (std::uint32_t i = 0; i < 4; ++i) {
    auto a = open(ra, alpha, 10 + i, 3s);
    auto b = open(ra, chat_of[beta.value], 20 + i, 3s);
    EXPECT_TRUE(used.insert(a.value).second) << a.value;
    EXPECT_TRUE(used.insert(b.value).second) << b.value;
  }
}

TEST_F(RouterMerge, SameResidueIdsContinueAfterBoth) {
  router r1{dir};
  router r2{dir};
  r1.set_session_ids(1, 1);
  r2.set_session_ids(100, 1);
  auto c1
    = r1.define_live_chat(at(0s), admin, chat("one", {ga}, {}, {})).value();
  auto c2
    = r2.define_live_chat(at(0s), admin, chat("two", {gb}, {}, {})).value();
  EXPECT_EQ(open(r1, c1, 1, 1s).value, 1u);
  EXPECT_EQ(open(r2, c2, 1, 1s).value, 100u);
  EXPECT_EQ(open(r2, c2, 2, 1s).value, 101u);
  (void)r1.absorb(std::move(r2));
  EXPECT_EQ(open(r1, c1, 2, 2s).value, 102u);
}

TEST_F(RouterMerge, ConnectingChangeDispatchesOnTheMergedRouter) {
  ASSERT_TRUE(rb.set_status(at(1s), d1, operator_status::online)); // free
  auto s1 = open(ra, alpha, 1, 2s); // nobody of ga is Online
  drain(ra);
  drain(rb);
  (void)ra.absorb(std::move(rb));
  // d1 joins ga: the change that connected the domains.
  ASSERT_TRUE(ra.add_member(at(3s), admin, ga, d1));
  EXPECT_EQ(ra.holder(s1), d1);
  drain(ra);
  const auto& last = std::get<session_event>(events.back());
  EXPECT_EQ(last.kind, session_event_kind::assigned);
  EXPECT_EQ(last.via_group, ga);
  EXPECT_TRUE(violations().empty()) << violations().front();
}

TEST_F(RouterMerge, PoliciesKeepTheirStateAcrossTheMerge) {
  auto def = chat("rr", {gb}, {}, {sup});
  def.routing = routing_policy_kind::round_robin;
  router r2{dir};
  r2.set_session_ids(2, 2);
  auto rr = r2.define_live_chat(at(0s), admin, def).value();
  ASSERT_TRUE(r2.set_status(at(1s), b1, operator_status::online));
  ASSERT_TRUE(r2.set_status(at(1s), b2, operator_status::online));
  auto t1 = open(r2, rr, 1, 2s);
  ASSERT_EQ(r2.holder(t1), b1);
  ASSERT_TRUE(r2.close_session(at(3s), b1, t1));
  auto chat_of = ra.absorb(std::move(r2));
  auto t2 = open(ra, chat_of[rr.value], 2, 4s);
  EXPECT_EQ(ra.holder(t2), b2); // after b1, as before the merge
}

TEST_F(RouterMerge, AdminEventsMoveWithTheirChatsNewIds) {
  (void)ra.take_admin_events();
  auto chat_of = ra.absorb(std::move(rb));
  auto moved = ra.take_admin_events();
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0].kind, admin_event_kind::chat_defined);
  EXPECT_EQ(moved[0].chat, chat_of[beta.value]);
  EXPECT_EQ(moved[1].chat, chat_of[delta.value]);
  EXPECT_EQ(moved[1].name, "delta");
}

TEST_F(RouterMerge, InvariantsHoldOverBothRoutersEvents) {
  ASSERT_TRUE(ra.set_status(at(1s), a1, operator_status::online));
  ASSERT_TRUE(rb.set_status(at(1s), b1, operator_status::online));
  std::vector<session_id> sessions;
  for (std::uint32_t i = 0; i < 3; ++i) {
    sessions.push_back(open(ra, alpha, i, 2s));
    sessions.push_back(open(rb, beta, i, 2s));
  }
  drain(ra);
  auto chat_of = ra.absorb(std::move(rb)); // rb's events still pending
  ASSERT_TRUE(ra.add_member(at(3s), admin, ga, b2));
  ASSERT_TRUE(ra.set_status(at(4s), b2, operator_status::online));
  // Three rounds: each closes what a1, b1 and b2 hold; they take the rest.
  for (auto t : {5s, 6s, 7s})
    for (auto s : sessions) {
      auto op = ra.holder(s);
      if (op.valid()) {
        ASSERT_TRUE(ra.close_session(at(t), op, s));
      }
    }
  drain(ra);
  EXPECT_EQ(ra.live_session_count(), 0u);
  EXPECT_TRUE(violations().empty()) << violations().front();
  invariant_checker check;
  for (const auto& e : events)
    check.observe(e);
  EXPECT_EQ(check.sessions_seen(), 6u);
  EXPECT_TRUE(check.open_sessions().empty());
  (void)chat_of;
}

} // namespace router_merge_test
} // namespace livechat::testing
