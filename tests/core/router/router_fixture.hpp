// A small workspace shared by the router tests: the seed's setup in miniature.
//
//   Administrators: admin          supervisors: sveta
//   general: o1 o2 o3              accounting: anna boris      hr: hanna
//   employees: e1 e2               (outsider: nobody's customer)
//
//   internal chat: customers employees, operators general, experts
//                  accounting + hr, supervisors supervisors
//   external chat: channel whatsapp, operators general
#pragma once

#include "core/router.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace livechat::testing {

using namespace std::chrono_literals;

inline timestamp at(duration d) {
  return timestamp{d};
}

class router_fixture : public ::testing::Test {
protected:
  router r{directory{"admin"}};
  user_id admin, sveta, o1, o2, o3, anna, boris, hanna, e1, e2, outsider;
  group_id supervisors, general, accounting, hr, employees;

  void SetUp() override {
    admin = r.dir().find_user("admin").value();
    sveta = user("sveta");
    o1 = user("o1");
    o2 = user("o2");
    o3 = user("o3");
    anna = user("anna");
    boris = user("boris");
    hanna = user("hanna");
    e1 = user("e1");
    e2 = user("e2");
    outsider = user("outsider");
    supervisors = group("supervisors", {sveta});
    general = group("general", {o1, o2, o3});
    accounting = group("accounting", {anna, boris});
    hr = group("hr", {hanna});
    employees = group("employees", {e1, e2});
  }

  user_id user(std::string name) {
    return r.add_user(std::move(name)).value();
  }

  group_id group(std::string name, std::vector<user_id> members) {
    return r.create_group(at(0s), admin, std::move(name), members).value();
  }

  live_chat_definition internal_definition(routing_policy_kind policy
                                           = routing_policy_kind::fixed_order) {
    live_chat_definition def;
    def.name = "internal";
    def.operator_groups = {general};
    def.supervisor_groups = {supervisors};
    def.expert_groups = {accounting, hr};
    def.customer_groups = {employees};
    def.routing = policy;
    return def;
  }

  live_chat_definition external_definition(routing_policy_kind policy
                                           = routing_policy_kind::fixed_order) {
    live_chat_definition def;
    def.name = "external";
    def.operator_groups = {general};
    def.supervisor_groups = {supervisors};
    def.channel = "whatsapp";
    def.routing = policy;
    return def;
  }

  chat_id define(live_chat_definition def) {
    return r.define_live_chat(at(0s), admin, std::move(def)).value();
  }

  void online(user_id op, duration t = 0s) {
    ASSERT_TRUE(r.set_status(at(t), op, operator_status::online));
  }

  session_id open(chat_id chat, user_id customer, duration t) {
    auto ticket = r.open_session(at(t), customer, chat);
    EXPECT_TRUE(ticket.has_value());
    return ticket ? ticket->id : session_id{};
  }

  /// The operator holding a session now, from the events so far (invalid
  /// while it waits and once it ended).
  operator_id holder_of(session_id s) {
    drain();
    operator_id op;
    for (const auto& e : log)
      if (e.session == s)
        op = e.kind == session_event_kind::assigned ? e.op : operator_id{};
    return op;
  }

  /// Session events emitted so far (accumulated across calls).
  std::vector<session_event> log;

  void drain() {
    for (auto& e : r.take_events())
      if (auto* s = std::get_if<session_event>(&e))
        log.push_back(*s);
  }

  std::vector<session_event_kind> kinds_of(session_id s) {
    drain();
    std::vector<session_event_kind> out;
    for (const auto& e : log)
      if (e.session == s)
        out.push_back(e.kind);
    return out;
  }
};

} // namespace livechat::testing
