// Administration while the runtime runs (virtual time): users, groups,
// members and chats change through the workspace actor, every change is
// audited once, and what it does to sessions is the core's.
#include "actors/runtime.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace runtime_admin_test {

using namespace std::chrono_literals;

/// One internal chat: operators `general` (olga), customers `staff` (emil),
/// supervisors `leads` (sara); capacity 1.
struct small_workspace {
  directory dir{"admin"};
  user_id admin = dir.find_user("admin").value();
  user_id olga = dir.add_user("olga").value();
  user_id emil = dir.add_user("emil").value();
  user_id sara = dir.add_user("sara").value();
  group_id general = dir.create_group(admin, "general", one(olga)).value();
  group_id staff = dir.create_group(admin, "staff", one(emil)).value();
  group_id leads = dir.create_group(admin, "leads", one(sara)).value();

  static std::vector<user_id> one(user_id u) {
    return {u};
  }
  live_chat_definition internal() const {
    return {.name = "internal",
            .operator_groups = {general},
            .supervisor_groups = {leads},
            .customer_groups = {staff}};
  }
  std::unique_ptr<runtime> start() {
    return runtime::create({dir, admin, {internal()}}).value();
  }
};

TEST(RuntimeAdmin, UserAddedAtRunTimeServesOnceInAnOperatorGroup) {
  small_workspace ws;
  auto rt = ws.start();
  auto nina = rt->add_user(ws.admin, "nina").value();
  EXPECT_FALSE(rt->watch_operator(nina)) << "serves nothing yet";
  ASSERT_TRUE(rt->add_member(ws.admin, ws.general, nina));
  ASSERT_TRUE(rt->set_status(nina, operator_status::online));
  auto t = rt->open_session(ws.emil, chat_id{0}).value();
  EXPECT_EQ(t.state, session_state::assigned);
  EXPECT_EQ(rt->view(nina).value().sessions, std::vector<session_id>{t.id});
  EXPECT_EQ(rt->members(ws.general).value(),
            (std::vector<user_id>{ws.olga, nina}));
}

TEST(RuntimeAdmin, EveryChangeIsAuditedOnceInOrderWithItsAdministrator) {
  small_workspace ws;
  auto rt = ws.start();
  std::vector<admin_event> trail;
  rt->subscribe_admin([&](const admin_event& e) {
    trail.push_back(e);
  });
  auto nina = rt->add_user(ws.admin, "nina").value();
  ASSERT_TRUE(rt->rename_user(ws.admin, nina, "nina k."));
  auto g = rt->create_group(ws.admin, "night", {nina}).value();
  ASSERT_TRUE(rt->rename_group(ws.admin, g, "night shift"));
  ASSERT_TRUE(rt->remove_group(ws.admin, g));
  ASSERT_TRUE(rt->remove_user(ws.admin, nina));
  std::vector<admin_event_kind> kinds;
  for (const auto& e : trail) {
    kinds.push_back(e.kind);
    EXPECT_EQ(e.actor, ws.admin) << to_string(e.kind);
  }
  EXPECT_EQ(
    kinds, (std::vector<admin_event_kind>{
             admin_event_kind::user_added, admin_event_kind::user_renamed,
             admin_event_kind::group_created, admin_event_kind::group_renamed,
             admin_event_kind::group_removed, admin_event_kind::user_removed}));
  EXPECT_EQ(trail[1].name, "nina k.");
  EXPECT_EQ(rt->members(g).error(), errc::unknown_group);
}

TEST(RuntimeAdmin, OnlyAdministratorsChangeAnythingAndRefusalsAreNotAudited) {
  small_workspace ws;
  auto rt = ws.start();
  std::size_t audited = 0;
  rt->subscribe_admin([&](const admin_event&) {
    ++audited;
  });
  EXPECT_EQ(rt->add_user(ws.olga, "eve").error(), errc::not_permitted);
  EXPECT_EQ(rt->add_member(ws.olga, ws.general, ws.emil).error(),
            errc::not_permitted);
  EXPECT_EQ(rt->define_chat(ws.olga, ws.internal()).error(),
            errc::not_permitted);
  EXPECT_EQ(rt->remove_chat(ws.olga, chat_id{0}).error(), errc::not_permitted);
  EXPECT_EQ(rt->remove_group(ws.admin, ws.general).error(), errc::in_use);
  EXPECT_EQ(audited, 0u);
}

TEST(RuntimeAdmin, ChangesNamingUnknownChatsOrGroupsAreRefusedAndHarmNothing) {
  small_workspace ws;
  auto rt = ws.start();
  auto def = ws.internal();
  EXPECT_EQ(rt->edit_chat(ws.admin, chat_id{99}, def).error(),
            errc::unknown_chat);
  EXPECT_EQ(rt->remove_chat(ws.admin, chat_id{99}).error(), errc::unknown_chat);
  def.name = "ghost";
  def.operator_groups = {group_id{77}};
  EXPECT_FALSE(rt->define_chat(ws.admin, def));
  EXPECT_FALSE(rt->edit_chat(ws.admin, chat_id{0}, def));
  EXPECT_FALSE(rt->add_member(ws.admin, group_id{77}, ws.olga));
  EXPECT_FALSE(rt->add_member(ws.admin, ws.general, user_id{555}));
  // The workspace still answers.
  EXPECT_TRUE(rt->add_user(ws.admin, "nina"));
  EXPECT_EQ(rt->members(ws.general).value(), std::vector<user_id>{ws.olga});
}

TEST(RuntimeAdmin, RemovedOperatorsSessionGoesBackToTheQueueForAnother) {
  small_workspace ws;
  auto rt = ws.start();
  auto nina = rt->add_user(ws.admin, "nina").value();
  ASSERT_TRUE(rt->add_member(ws.admin, ws.general, nina));
  ASSERT_TRUE(rt->set_status(ws.olga, operator_status::online));
  auto t = rt->open_session(ws.emil, chat_id{0}).value();
  ASSERT_EQ(rt->view(ws.olga).value().sessions, std::vector<session_id>{t.id});
  ASSERT_TRUE(rt->set_status(nina, operator_status::online));
  ASSERT_TRUE(rt->remove_user(ws.admin, ws.olga));
  EXPECT_EQ(rt->view(nina).value().sessions, std::vector<session_id>{t.id});
}

TEST(RuntimeAdmin, ChatDefinedAtRunTimeTakesSessionsAndCanBeEditedAndRemoved) {
  small_workspace ws;
  auto rt = ws.start();
  std::vector<session_event> events;
  rt->subscribe([&](const routing_event& e) {
    if (auto* s = std::get_if<session_event>(&e))
      events.push_back(*s);
  });
  auto def = ws.internal();
  def.name = "hr";
  auto hr = rt->define_chat(ws.admin, def).value();
  EXPECT_EQ(hr, chat_id{1});
  EXPECT_EQ(rt->define_chat(ws.admin, def).error(), errc::duplicate_name);
  auto waiting = rt->open_session(ws.emil, hr).value();
  EXPECT_EQ(waiting.state, session_state::waiting) << "olga is offline";
  // Switching to external while a session waits would strand its customer.
  auto external = def;
  external.customer_groups.clear();
  external.channel = "whatsapp";
  EXPECT_EQ(rt->edit_chat(ws.admin, hr, external).error(), errc::in_use);
  def.capacity = 3;
  EXPECT_TRUE(rt->edit_chat(ws.admin, hr, def));
  ASSERT_TRUE(rt->remove_chat(ws.admin, hr));
  rt->drain_events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().session, waiting.id);
  EXPECT_EQ(events.back().kind, session_event_kind::rejected);
  EXPECT_EQ(events.back().reason, transition_reason::chat_removed);
  EXPECT_EQ(rt->open_session(ws.emil, hr).error(), errc::unknown_chat);
  EXPECT_EQ(rt->remove_chat(ws.admin, hr).error(), errc::unknown_chat);
}

TEST(RuntimeAdmin, SupervisorAddedAtRunTimeWatchesTheChat) {
  small_workspace ws;
  auto rt = ws.start();
  EXPECT_EQ(rt->snapshot(ws.olga, chat_id{0}).error(), errc::not_permitted);
  ASSERT_TRUE(rt->add_member(ws.admin, ws.leads, ws.olga));
  EXPECT_TRUE(rt->snapshot(ws.olga, chat_id{0}));
  EXPECT_TRUE(rt->watch_chat(ws.olga, chat_id{0}));
}

TEST(RuntimeAdmin, AsynchronousFormsCompleteWithWhatTheChangeCreated) {
  small_workspace ws;
  auto rt = ws.start();
  std::optional<expected<user_id>> added;
  std::optional<expected<admin_created>> created;
  rt->add_user(ws.admin, "nina", [&](expected<user_id> u) {
    added = std::move(u);
  });
  rt->administer(ws.admin, create_group_change{"night", {}},
                 [&](expected<admin_created> c) {
                   created = std::move(c);
                 });
  EXPECT_FALSE(added) << "virtual time: nothing runs before the driver";
  rt->settle();
  ASSERT_TRUE(added && *added);
  ASSERT_TRUE(created && *created);
  EXPECT_EQ(std::get<group_id>(**created), group_id{4})
    << "Administrators, general, staff, leads, then night";
}

} // namespace runtime_admin_test
} // namespace livechat
