// Routing through the actors is routing by the core: the same calls give the
// same events, field for field, as a plain `router` fed the same sequence.
#include "actors/runtime.hpp"
#include "core/random.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace runtime_matches_core_test {

struct setup {
  workspace_definition ws;
  std::vector<user_id> ops;
  std::vector<user_id> customers;
  user_id supervisor;
  group_id experts;
};

setup make_setup() {
  directory dir{"admin"};
  setup s{{directory{"admin"}, {}, {}}, {}, {}, {}, {}};
  auto admin = dir.find_user("admin").value();
  for (int i = 0; i < 5; ++i)
    s.ops.push_back(dir.add_user("op-" + std::to_string(i)).value());
  auto expert = dir.add_user("expert").value();
  s.supervisor = dir.add_user("sveta").value();
  for (int i = 0; i < 8; ++i)
    s.customers.push_back(dir.add_user("c-" + std::to_string(i)).value());
  auto general = dir.create_group(admin, "general", s.ops).value();
  std::vector<user_id> em{expert}, sm{s.supervisor};
  s.experts = dir.create_group(admin, "experts", em).value();
  auto sups = dir.create_group(admin, "sups", sm).value();
  auto employees = dir.create_group(admin, "employees", s.customers).value();
  s.ops.push_back(expert);
  for (auto policy :
       {routing_policy_kind::least_busy, routing_policy_kind::longest_idle}) {
    live_chat_definition def;
    def.name = std::string{to_string(policy)};
    def.operator_groups = {general};
    def.expert_groups = {s.experts};
    def.supervisor_groups = {sups};
    def.customer_groups = {employees};
    def.routing = policy;
    def.capacity = policy == routing_policy_kind::least_busy ? 2 : 1;
    def.queue_limit = 4;
    s.ws.chats.push_back(def);
  }
  s.ws.admin = admin;
  s.ws.dir = std::move(dir);
  return s;
}

/// Runs a seeded random script through `do_call`, which returns whether the
/// call succeeded; both targets see exactly the same calls.
template <class Target>
void script(const setup& s, Target& t) {
  random_generator gen{2024};
  std::vector<session_id> live;
  for (int step = 0; step < 400; ++step) {
    auto op = s.ops[gen.uniform_index(s.ops.size())];
    switch (gen.uniform_index(6)) {
      case 0:
      case 1: {
        auto c = s.customers[gen.uniform_index(s.customers.size())];
        auto chat = chat_id{static_cast<std::uint32_t>(gen.uniform_index(2))};
        if (auto ticket = t.open(c, chat))
          live.push_back(ticket->id);
        break;
      }
      case 2:
        t.status(op, static_cast<operator_status>(gen.uniform_index(3)));
        break;
      default: {
        if (live.empty())
          break;
        auto s_id = live[gen.uniform_index(live.size())];
        t.close(op, s_id);
        t.transfer(op, s_id, s.experts);
        t.assign(s.supervisor, s_id, op);
      }
    }
  }
}

struct core_target {
  router r;
  timestamp now{};
  std::vector<routing_event> events;
  explicit core_target(const setup& s) : r(s.ws.dir) {
    for (const auto& def : s.ws.chats)
      (void)r.define_live_chat(now, s.ws.admin, def);
    (void)r.take_events();
  }
  void collect() {
    for (auto& e : r.take_events())
      events.push_back(std::move(e));
  }
  expected<session_ticket> open(user_id c, chat_id chat) {
    auto t = r.open_session(now, c, chat);
    collect();
    return t;
  }
  void status(user_id op, operator_status st) {
    (void)r.set_status(now, op, st);
    collect();
  }
  void close(user_id op, session_id s) {
    (void)r.close_session(now, op, s);
    collect();
  }
  void transfer(user_id op, session_id s, group_id g) {
    (void)r.transfer(now, op, s, g);
    collect();
  }
  void assign(user_id sup, session_id s, user_id op) {
    (void)r.supervisor_assign(now, sup, s, op);
    collect();
  }
};

struct runtime_target {
  std::unique_ptr<runtime> rt;
  std::vector<routing_event> events;
  explicit runtime_target(const setup& s) {
    rt = std::move(runtime::create(s.ws).value());
    rt->subscribe([this](const routing_event& e) {
      events.push_back(e);
    });
  }
  expected<session_ticket> open(user_id c, chat_id chat) {
    return rt->open_session(c, chat);
  }
  void status(user_id op, operator_status st) {
    (void)rt->set_status(op, st);
  }
  void close(user_id op, session_id s) {
    (void)rt->close_session(op, s);
  }
  void transfer(user_id op, session_id s, group_id g) {
    (void)rt->transfer(op, s, g);
  }
  void assign(user_id sup, session_id s, user_id op) {
    (void)rt->assign(sup, s, op);
  }
};

TEST(RuntimeMatchesCore, SameCallsGiveTheSameEventsFieldForField) {
  auto s = make_setup();
  core_target core{s};
  runtime_target actors{s};
  script(s, core);
  script(s, actors);
  ASSERT_GT(core.events.size(), 200u);
  ASSERT_EQ(core.events.size(), actors.events.size());
  for (std::size_t i = 0; i < core.events.size(); ++i)
    ASSERT_EQ(core.events[i], actors.events[i]) << "event #" << i;
}

} // namespace runtime_matches_core_test
} // namespace livechat
