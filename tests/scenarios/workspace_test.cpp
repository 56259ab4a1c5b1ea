#include "example_scenario.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"

#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace workspace_test {

using livechat::group_id;
using livechat::routing_policy_kind;
using livechat::user_id;
using livechat::scenarios::load_scenario;
using livechat::scenarios::scenario;
using livechat::scenarios::scenario_workspace;
using livechat::scenarios::to_workspace;
using livechat::scenarios::testing::internal_and_external;

scenario load_text(std::string_view text) {
  std::istringstream in{std::string{text}};
  auto loaded = load_scenario(in, "s.yaml");
  EXPECT_TRUE(loaded.ok()) << loaded.error_text();
  return loaded.ok() ? *loaded.value : scenario{};
}

scenario_workspace example_workspace() {
  auto ws = to_workspace(load_text(internal_and_external));
  EXPECT_TRUE(ws.has_value());
  return std::move(ws).value();
}

std::vector<std::string> member_names(const scenario_workspace& ws,
                                      group_id g) {
  std::vector<std::string> out;
  for (auto u : ws.dir.get(g).members)
    out.push_back(ws.dir.get(u).name);
  return out;
}

TEST(ToWorkspace, FirstAdministratorIsFirstMemberOfDeclaredGroup) {
  auto ws = example_workspace();
  EXPECT_EQ(ws.admin, user_id{0});
  EXPECT_EQ(ws.dir.get(ws.admin).name, "admin");
  EXPECT_TRUE(ws.dir.is_administrator(ws.admin));
  EXPECT_EQ(ws.groups.at("Administrators"), ws.dir.administrators());
}

TEST(ToWorkspace, SyntheticAdminWhenNoAdministratorsGroupIsDeclared) {
  auto ws = to_workspace(load_text(R"(name: t
horizon: 1h
groups: [{name: g, members: [root, zoe]}]
live_chats: [{name: c, channel: web, operators: [g]}]
)"));
  ASSERT_TRUE(ws.has_value());
  EXPECT_EQ(ws->dir.get(ws->admin).name, "admin");
  EXPECT_EQ(ws->users.at("root"), user_id{1});
  EXPECT_FALSE(ws->dir.is_administrator(ws->users.at("root")));
}

TEST(ToWorkspace, SizedGroupGeneratesNumberedUsersInOrder) {
  auto ws = example_workspace();
  std::vector<std::string> expected;
  for (int i = 1; i <= 12; ++i)
    expected.push_back("general-" + std::to_string(i));
  EXPECT_EQ(member_names(ws, ws.groups.at("general")), expected);
  EXPECT_EQ(ws.dir.get(ws.groups.at("employees")).members.size(), 500u);
  EXPECT_EQ(member_names(ws, ws.groups.at("accounting")),
            (std::vector<std::string>{"anna", "boris"}));
}

TEST(ToWorkspace, GroupsAndUsersGetIdsInFileOrder) {
  auto ws = example_workspace();
  EXPECT_EQ(ws.groups.at("general"), group_id{1});
  EXPECT_EQ(ws.groups.at("employees"), group_id{5});
  EXPECT_EQ(ws.users.at("general-1"), user_id{1});
  EXPECT_EQ(ws.users.at("anna"), user_id{13});
  // admin + 12 + 2 + 2 + 1 + 500 users.
  EXPECT_EQ(ws.dir.users().size(), 518u);
  EXPECT_EQ(ws.dir.groups().size(), 6u);
}

TEST(ToWorkspace, UsersNamedInSeveralGroupsAreOneUser) {
  auto ws = to_workspace(load_text(R"(name: t
horizon: 1h
groups:
  - {name: general, size: 2}
  - {name: leads, members: [general-2]}
live_chats: [{name: c, channel: web, operators: [general], supervisors: [leads]}]
)"));
  ASSERT_TRUE(ws.has_value());
  auto g2 = ws->users.at("general-2");
  EXPECT_TRUE(ws->dir.is_member(g2, ws->groups.at("general")));
  EXPECT_TRUE(ws->dir.is_member(g2, ws->groups.at("leads")));
  EXPECT_EQ(ws->dir.users().size(), 3u);
}

TEST(ToWorkspace, InternalChatHasCustomerGroupsAndRoles) {
  auto ws = example_workspace();
  ASSERT_EQ(ws.chats.size(), 2u);
  const auto& internal = ws.chats[ws.chat_index.at("internal")];
  EXPECT_EQ(internal.name, "internal");
  EXPECT_TRUE(internal.is_internal());
  EXPECT_EQ(internal.customer_groups,
            std::vector<group_id>{ws.groups.at("employees")});
  EXPECT_EQ(internal.operator_groups,
            std::vector<group_id>{ws.groups.at("general")});
  EXPECT_EQ(internal.supervisor_groups,
            std::vector<group_id>{ws.groups.at("supervisors")});
  EXPECT_EQ(
    internal.expert_groups,
    (std::vector<group_id>{ws.groups.at("accounting"), ws.groups.at("hr")}));
  EXPECT_EQ(internal.routing, routing_policy_kind::least_busy);
  EXPECT_EQ(internal.capacity, 2);
  EXPECT_EQ(internal.queue_limit, 200u);
  EXPECT_TRUE(internal.channel.empty());
}

TEST(ToWorkspace, ExternalChatHasChannelAndNoCustomerGroups) {
  auto ws = example_workspace();
  const auto& external = ws.chats[1];
  EXPECT_EQ(external.name, "external");
  EXPECT_FALSE(external.is_internal());
  EXPECT_EQ(external.channel, "whatsapp");
  EXPECT_TRUE(external.customer_groups.empty());
  EXPECT_EQ(external.routing, routing_policy_kind::longest_idle);
  EXPECT_EQ(external.capacity, 1);
}

TEST(ToWorkspace, ChatSeedsDifferPerChatAndFollowTheScenarioSeed) {
  auto s = load_text(internal_and_external);
  auto a = to_workspace(s);
  s.seed = 43;
  auto b = to_workspace(s);
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_NE(a->chats[0].seed, a->chats[1].seed);
  EXPECT_NE(a->chats[0].seed, b->chats[0].seed);
  EXPECT_EQ(a->chats[0].seed,
            to_workspace(load_text(internal_and_external))->chats[0].seed);
}

TEST(ToWorkspace, UnvalidatedUnknownGroupIsAnError) {
  auto s = load_text(internal_and_external);
  s.live_chats[0].operators[0].text = "nobody";
  auto ws = to_workspace(s);
  ASSERT_FALSE(ws.has_value());
  EXPECT_EQ(ws.error(), livechat::errc::unknown_group);
}

} // namespace workspace_test
