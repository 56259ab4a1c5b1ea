#include "actors/runtime.hpp"
#include "core/contacts.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace runtime_virtual_test {

using namespace std::chrono_literals;

/// The seed's setup in miniature, run on the virtual-time coordinator.
class RuntimeVirtual : public ::testing::Test {
protected:
  user_id admin, sveta, o1, o2, anna, e1, e2;
  group_id general, accounting, supervisors, employees;
  std::vector<session_event> log;

  std::unique_ptr<runtime> make(routing_policy_kind policy,
                                runtime_options opts = {}) {
    directory dir{"admin"};
    admin = dir.find_user("admin").value();
    sveta = dir.add_user("sveta").value();
    o1 = dir.add_user("o1").value();
    o2 = dir.add_user("o2").value();
    anna = dir.add_user("anna").value();
    e1 = dir.add_user("e1").value();
    e2 = dir.add_user("e2").value();
    std::vector<user_id> gm{o1, o2}, am{anna}, sm{sveta}, em{e1, e2};
    general = dir.create_group(admin, "general", gm).value();
    accounting = dir.create_group(admin, "accounting", am).value();
    supervisors = dir.create_group(admin, "supervisors", sm).value();
    employees = dir.create_group(admin, "employees", em).value();
    live_chat_definition internal;
    internal.name = "internal";
    internal.operator_groups = {general};
    internal.expert_groups = {accounting};
    internal.supervisor_groups = {supervisors};
    internal.customer_groups = {employees};
    internal.routing = policy;
    auto rt = runtime::create({std::move(dir), admin, {internal}}, opts);
    EXPECT_TRUE(rt.has_value());
    auto out = std::move(*rt);
    out->subscribe([this](const routing_event& e) {
      if (auto* s = std::get_if<session_event>(&e))
        log.push_back(*s);
    });
    return out;
  }

  operator_id holder(session_id s) const {
    operator_id op;
    for (const auto& e : log)
      if (e.session == s)
        op = e.kind == session_event_kind::assigned ? e.op : operator_id{};
    return op;
  }
};

TEST_F(RuntimeVirtual, OpenedSessionGoesToTheOnlineOperator) {
  auto rt = make(routing_policy_kind::fixed_order);
  ASSERT_TRUE(rt->set_status(o2, operator_status::online));
  auto ticket = rt->open_session(e1, chat_id{0});
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->state, session_state::assigned);
  EXPECT_EQ(holder(ticket->id), o2);
  auto view = rt->view(o2);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->status, operator_status::online);
  EXPECT_EQ(view->sessions, std::vector{ticket->id});
}

TEST_F(RuntimeVirtual, DomainErrorsComeBackAsErrc) {
  auto rt = make(routing_policy_kind::fixed_order);
  auto denied = rt->open_session(o1, chat_id{0}); // not an employee
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_permitted);
  auto unknown = rt->close_session(o1, session_id{999});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), errc::unknown_session);
}

TEST_F(RuntimeVirtual, CustomerPatienceFiresAtTheRightVirtualTime) {
  auto rt = make(routing_policy_kind::fixed_order);
  auto ticket = rt->open_session(e1, chat_id{0}, {.patience = 90s});
  ASSERT_TRUE(ticket);
  rt->advance_to(timestamp{89s});
  EXPECT_EQ(log.back().kind, session_event_kind::queued);
  rt->advance_to(timestamp{91s});
  ASSERT_EQ(log.back().kind, session_event_kind::abandoned);
  EXPECT_EQ(log.back().at, timestamp{90s});
  EXPECT_EQ(log.back().reason, transition_reason::customer_left);
}

TEST_F(RuntimeVirtual, AnsweredCustomerDoesNotLeaveWhenPatienceRunsOut) {
  auto rt = make(routing_policy_kind::fixed_order);
  auto ticket = rt->open_session(e1, chat_id{0}, {.patience = 60s});
  rt->advance_to(timestamp{30s});
  ASSERT_TRUE(rt->set_status(o1, operator_status::online));
  EXPECT_EQ(holder(ticket->id), o1);
  rt->advance_to(timestamp{120s});
  EXPECT_EQ(log.back().kind, session_event_kind::assigned);
  EXPECT_EQ(log.back().at, timestamp{30s});
}

TEST_F(RuntimeVirtual, SupervisorDistributesManualSessionsAfterItsReaction) {
  runtime_options opts;
  opts.supervisor_reaction = [](user_id) {
    return [] {
      return duration{20s};
    };
  };
  auto rt = make(routing_policy_kind::manual, opts);
  ASSERT_TRUE(rt->set_status(o1, operator_status::online));
  rt->advance_to(timestamp{10s});
  auto ticket = rt->open_session(e1, chat_id{0});
  rt->advance_to(timestamp{29s});
  EXPECT_FALSE(holder(ticket->id).valid());
  rt->advance_to(timestamp{31s});
  EXPECT_EQ(holder(ticket->id), o1);
  EXPECT_EQ(log.back().at, timestamp{30s});
  EXPECT_EQ(log.back().reason, transition_reason::supervisor_assign);
  EXPECT_EQ(log.back().actor, sveta);
}

TEST_F(RuntimeVirtual, OperatorGoingOfflineRequeuesItsSessions) {
  auto rt = make(routing_policy_kind::fixed_order);
  ASSERT_TRUE(rt->set_status(o1, operator_status::online));
  auto ticket = rt->open_session(e1, chat_id{0});
  ASSERT_EQ(holder(ticket->id), o1);
  rt->advance_to(timestamp{5s});
  ASSERT_TRUE(rt->set_status(o2, operator_status::online));
  ASSERT_TRUE(rt->set_status(o1, operator_status::offline));
  EXPECT_EQ(holder(ticket->id), o2);
  EXPECT_EQ(rt->view(o1)->sessions.size(), 0u);
  EXPECT_EQ(rt->view(o2)->sessions, std::vector{ticket->id});
}

TEST_F(RuntimeVirtual, MembershipChangesReachTheDomain) {
  auto rt = make(routing_policy_kind::fixed_order);
  ASSERT_TRUE(rt->set_status(anna, operator_status::online));
  auto ticket = rt->open_session(e1, chat_id{0});
  EXPECT_FALSE(holder(ticket->id).valid());
  auto denied = rt->add_member(o1, general, anna);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_permitted);
  ASSERT_TRUE(rt->add_member(admin, general, anna));
  EXPECT_EQ(holder(ticket->id), anna);
  EXPECT_EQ(rt->members(general).value(), (std::vector{o1, o2, anna}));
}

TEST_F(RuntimeVirtual, MessagesReachTheOtherPartyAndSubscribers) {
  auto rt = make(routing_policy_kind::fixed_order);
  std::vector<chat_message> seen;
  rt->subscribe_messages([&](const chat_message& m) {
    seen.push_back(m);
  });
  ASSERT_TRUE(rt->set_status(o1, operator_status::online));
  auto ticket = rt->open_session(e1, chat_id{0});
  ASSERT_TRUE(rt->post_message(e1, ticket->id, "my payslip is wrong"));
  rt->advance_to(timestamp{4s});
  ASSERT_TRUE(rt->post_message(o1, ticket->id, "let me check"));
  auto stranger = rt->post_message(o2, ticket->id, "hi");
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error(), errc::not_permitted);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].from, e1);
  EXPECT_EQ(seen[0].text, "my payslip is wrong");
  EXPECT_EQ(seen[1].from, o1);
  EXPECT_EQ(seen[1].at, timestamp{4s});
}

TEST_F(RuntimeVirtual, SessionRejectedAtOnceStillReturnsItsTicket) {
  directory dir{"admin"};
  auto boss = dir.find_user("admin").value();
  auto op = dir.add_user("op").value();
  std::vector<user_id> ops{op};
  auto g = dir.create_group(boss, "ops", ops).value();
  live_chat_definition def;
  def.name = "external";
  def.channel = "whatsapp";
  def.operator_groups = {g};
  def.reject_when_nobody_online = true;
  auto rt = runtime::create({std::move(dir), boss, {def}}).value();
  auto ticket = rt->open_session(customer_of(contact_id{0}), chat_id{0});
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->state, session_state::rejected);
}

TEST_F(RuntimeVirtual, DefinitionErrorsAreReportedAtCreation) {
  directory dir{"admin"};
  auto boss = dir.find_user("admin").value();
  auto g = dir.create_group(boss, "ops", {}).value();
  live_chat_definition both;
  both.name = "broken";
  both.operator_groups = {g};
  both.customer_groups = {g};
  both.channel = "whatsapp";
  auto rt = runtime::create({std::move(dir), boss, {both}});
  ASSERT_FALSE(rt);
  EXPECT_EQ(rt.error(), errc::invalid_definition);
}

} // namespace runtime_virtual_test
} // namespace livechat
