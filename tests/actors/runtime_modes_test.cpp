// The same event script through both clocks gives the same assignments.
//
// What real time permits to differ, precisely:
//   - timestamps (wall clock instead of virtual), and with them any choice
//     that depends on time: `longest_idle`, and `least_busy`'s tie-break on
//     idle time (in virtual time many events share one instant);
//   - the interleaving of events of different routing domains;
//   - anything timers decide (patience, supervisor reaction), which races
//     with calls in real time.
// What it must not change: each domain processes the script's calls in the
// order they are made (every call waits for its answer), so with
// time-independent policies (`round_robin`, `random`, `fixed_order`) and no
// timers the sequence of (session, event kind, operator) is identical.
#include "actors/runtime.hpp"
#include "core/contacts.hpp"
#include "core/invariants.hpp"

#include <gtest/gtest.h>
#include <mutex>
#include <tuple>

namespace livechat {
namespace runtime_modes_test {

struct recorded {
  std::mutex mtx;
  std::vector<std::tuple<std::uint64_t, session_event_kind, std::uint32_t>>
    steps;
  invariant_checker checker;
};

workspace_definition two_chat_workspace(std::vector<user_id>& ops,
                                        std::vector<user_id>& customers,
                                        group_id& experts) {
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  for (int i = 0; i < 4; ++i)
    ops.push_back(dir.add_user("op-" + std::to_string(i)).value());
  auto expert = dir.add_user("expert").value();
  for (int i = 0; i < 6; ++i)
    customers.push_back(dir.add_user("c-" + std::to_string(i)).value());
  auto general = dir.create_group(admin, "general", ops).value();
  std::vector<user_id> em{expert};
  experts = dir.create_group(admin, "experts", em).value();
  auto employees = dir.create_group(admin, "employees", customers).value();
  ops.push_back(expert);
  live_chat_definition internal;
  internal.name = "internal";
  internal.operator_groups = {general};
  internal.expert_groups = {experts};
  internal.customer_groups = {employees};
  internal.routing = routing_policy_kind::random;
  internal.seed = 7;
  internal.capacity = 2;
  live_chat_definition external;
  external.name = "external";
  external.operator_groups = {general};
  external.channel = "whatsapp";
  external.routing = routing_policy_kind::round_robin;
  return {std::move(dir), admin, {internal, external}};
}

/// Drives a fixed script and returns the recorded assignment steps.
void run_script(runtime& rt, const std::vector<user_id>& ops,
                const std::vector<user_id>& customers, group_id experts,
                recorded& out) {
  rt.subscribe([&out](const routing_event& e) {
    std::lock_guard<std::mutex> guard{out.mtx};
    out.checker.observe(e);
    if (auto* s = std::get_if<session_event>(&e))
      out.steps.emplace_back(s->session.value, s->kind, s->op.value);
  });
  for (auto op : ops)
    ASSERT_TRUE(rt.set_status(op, operator_status::online));
  std::vector<session_id> sessions;
  for (int round = 0; round < 8; ++round) {
    for (std::size_t i = 0; i < customers.size(); ++i) {
      auto chat = chat_id{static_cast<std::uint32_t>(i % 2)};
      auto who = chat.value == 0
                   ? customers[i]
                   : customer_of(contact_id{static_cast<std::uint32_t>(i)});
      auto t = rt.open_session(who, chat);
      ASSERT_TRUE(t);
      sessions.push_back(t->id);
    }
    ASSERT_TRUE(rt.set_status(ops[round % 4], operator_status::away));
    for (std::size_t i = 0; i < sessions.size(); i += 2) {
      auto s = sessions[i];
      auto view = rt.snapshot(ops[0], chat_id{0}); // not a supervisor
      ASSERT_FALSE(view);
      for (auto op : ops) {
        auto v = rt.view(op);
        ASSERT_TRUE(v);
        if (std::find(v->sessions.begin(), v->sessions.end(), s)
            == v->sessions.end())
          continue;
        if (op != ops.back() && s.value % 2 == 1)
          (void)rt.transfer(op, s, experts);
        else
          ASSERT_TRUE(rt.close_session(op, s));
        break;
      }
    }
    ASSERT_TRUE(rt.set_status(ops[round % 4], operator_status::online));
  }
  rt.drain_events();
}

TEST(RuntimeModes, SameScriptGivesSameAssignmentsInBothClocks) {
  std::vector<user_id> ops_v, customers_v, ops_r, customers_r;
  group_id experts_v, experts_r;
  recorded virtual_run, real_run;
  {
    auto rt = runtime::create(two_chat_workspace(ops_v, customers_v, experts_v),
                              {.mode = clock_mode::virtual_time});
    ASSERT_TRUE(rt);
    run_script(**rt, ops_v, customers_v, experts_v, virtual_run);
  }
  {
    auto rt = runtime::create(two_chat_workspace(ops_r, customers_r, experts_r),
                              {.mode = clock_mode::real_time, .threads = 2});
    ASSERT_TRUE(rt);
    EXPECT_EQ((*rt)->domain_count(), 1u); // both chats share `general`
    run_script(**rt, ops_r, customers_r, experts_r, real_run);
  }
  ASSERT_GT(virtual_run.steps.size(), 100u);
  EXPECT_EQ(virtual_run.steps, real_run.steps);
  EXPECT_TRUE(virtual_run.checker.violations().empty());
  EXPECT_TRUE(real_run.checker.violations().empty());
}

} // namespace runtime_modes_test
} // namespace livechat
