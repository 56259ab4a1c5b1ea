#include "core/directory.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace directory_test {

using livechat::administrators_group_name;
using livechat::directory;
using livechat::errc;
using livechat::group_id;
using livechat::user_id;

using users = std::vector<user_id>;
using groups = std::vector<group_id>;

// A directory with admin "root" and three ordinary users.
struct company {
  directory dir{"root"};
  user_id root = dir.find_user("root").value();
  user_id anna = dir.add_user("anna").value();
  user_id ben = dir.add_user("ben").value();
  user_id cleo = dir.add_user("cleo").value();
};

TEST(Directory, FirstUserIsTheOnlyAdministrator) {
  directory dir{"root"};
  auto root = dir.find_user("root");
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(*root, user_id{0});
  EXPECT_TRUE(dir.is_administrator(*root));
  const auto& admins = dir.get(dir.administrators());
  EXPECT_EQ(admins.name, administrators_group_name);
  EXPECT_EQ(admins.members, users{*root});
  EXPECT_EQ(dir.find_group("Administrators").value(), dir.administrators());
  EXPECT_EQ(dir.groups_of(*root), groups{dir.administrators()});
  EXPECT_EQ(dir.users().size(), 1u);
  EXPECT_EQ(dir.groups().size(), 1u);
}

TEST(Directory, NewUsersAreNotAdministrators) {
  company c;
  EXPECT_FALSE(c.dir.is_administrator(c.anna));
  EXPECT_TRUE(c.dir.groups_of(c.anna).empty());
}

TEST(Directory, UsersGetDenseIdsInCreationOrder) {
  company c;
  EXPECT_EQ(c.anna, user_id{1});
  EXPECT_EQ(c.ben, user_id{2});
  EXPECT_EQ(c.cleo, user_id{3});
  EXPECT_EQ(c.dir.get(c.ben).name, "ben");
  EXPECT_EQ(c.dir.users().size(), 4u);
}

TEST(Directory, AdministratorCreatesGroupWithMembers) {
  company c;
  auto acc = c.dir.create_group(c.root, "accounting", users{c.anna, c.ben});
  ASSERT_TRUE(acc.has_value());
  EXPECT_EQ(*acc, group_id{1});
  EXPECT_EQ(c.dir.get(*acc).name, "accounting");
  EXPECT_EQ(c.dir.get(*acc).members, (users{c.anna, c.ben}));
  EXPECT_TRUE(c.dir.is_member(c.anna, *acc));
  EXPECT_TRUE(c.dir.is_member(c.ben, *acc));
  EXPECT_FALSE(c.dir.is_member(c.cleo, *acc));
  EXPECT_FALSE(c.dir.is_member(c.root, *acc));
  EXPECT_EQ(c.dir.find_group("accounting").value(), *acc);
}

TEST(Directory, NonAdministratorCannotCreateGroup) {
  company c;
  auto denied = c.dir.create_group(c.anna, "accounting", users{c.anna});
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error(), errc::not_permitted);
  EXPECT_EQ(c.dir.groups().size(), 1u);
  EXPECT_FALSE(c.dir.find_group("accounting").has_value());
  EXPECT_TRUE(c.dir.groups_of(c.anna).empty());
}

TEST(Directory, NonAdministratorCannotAddMember) {
  company c;
  auto g = c.dir.create_group(c.root, "hr", users{c.anna}).value();
  auto denied = c.dir.add_member(c.anna, g, c.ben);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error(), errc::not_permitted);
  EXPECT_EQ(c.dir.get(g).members, users{c.anna});
  EXPECT_FALSE(c.dir.is_member(c.ben, g));
  // Not even into Administrators, and not themselves.
  auto self = c.dir.add_member(c.anna, c.dir.administrators(), c.anna);
  ASSERT_FALSE(self.has_value());
  EXPECT_EQ(self.error(), errc::not_permitted);
  EXPECT_FALSE(c.dir.is_administrator(c.anna));
}

TEST(Directory, NonAdministratorCannotRemoveMember) {
  company c;
  auto g = c.dir.create_group(c.root, "hr", users{c.anna, c.ben}).value();
  auto denied = c.dir.remove_member(c.anna, g, c.ben);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error(), errc::not_permitted);
  EXPECT_EQ(c.dir.get(g).members, (users{c.anna, c.ben}));
  auto admin = c.dir.remove_member(c.anna, c.dir.administrators(), c.root);
  ASSERT_FALSE(admin.has_value());
  EXPECT_EQ(admin.error(), errc::not_permitted);
  EXPECT_TRUE(c.dir.is_administrator(c.root));
}

TEST(Directory, AdministratorAddsAndRemovesMembers) {
  company c;
  auto g = c.dir.create_group(c.root, "support", users{}).value();
  ASSERT_TRUE(c.dir.add_member(c.root, g, c.ben).has_value());
  ASSERT_TRUE(c.dir.add_member(c.root, g, c.anna).has_value());
  EXPECT_EQ(c.dir.get(g).members, (users{c.ben, c.anna}));
  ASSERT_TRUE(c.dir.remove_member(c.root, g, c.ben).has_value());
  EXPECT_EQ(c.dir.get(g).members, users{c.anna});
  EXPECT_FALSE(c.dir.is_member(c.ben, g));
  EXPECT_TRUE(c.dir.groups_of(c.ben).empty());
}

TEST(Directory, PromotedUserGainsAndDemotedUserLosesAdministration) {
  company c;
  ASSERT_TRUE(
    c.dir.add_member(c.root, c.dir.administrators(), c.anna).has_value());
  EXPECT_TRUE(c.dir.is_administrator(c.anna));
  auto g = c.dir.create_group(c.anna, "ops", users{c.ben});
  ASSERT_TRUE(g.has_value());
  ASSERT_TRUE(
    c.dir.remove_member(c.anna, c.dir.administrators(), c.root).has_value());
  EXPECT_FALSE(c.dir.is_administrator(c.root));
  auto denied = c.dir.add_member(c.root, *g, c.cleo);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error(), errc::not_permitted);
  EXPECT_FALSE(c.dir.is_member(c.cleo, *g));
}

TEST(Directory, LastAdministratorCannotBeRemoved) {
  company c;
  auto admins = c.dir.administrators();
  auto last = c.dir.remove_member(c.root, admins, c.root);
  ASSERT_FALSE(last.has_value());
  EXPECT_EQ(last.error(), errc::not_permitted);
  EXPECT_TRUE(c.dir.is_administrator(c.root));
  EXPECT_EQ(c.dir.get(admins).members, users{c.root});
}

TEST(Directory, LastOfSeveralAdministratorsCannotBeRemoved) {
  company c;
  auto admins = c.dir.administrators();
  ASSERT_TRUE(c.dir.add_member(c.root, admins, c.anna).has_value());
  ASSERT_TRUE(c.dir.remove_member(c.anna, admins, c.root).has_value());
  auto last = c.dir.remove_member(c.anna, admins, c.anna);
  ASSERT_FALSE(last.has_value());
  EXPECT_EQ(last.error(), errc::not_permitted);
  EXPECT_EQ(c.dir.get(admins).members, users{c.anna});
  EXPECT_TRUE(c.dir.is_administrator(c.anna));
}

TEST(Directory, UserMayBeInSeveralGroups) {
  company c;
  auto acc = c.dir.create_group(c.root, "accounting", users{c.anna}).value();
  auto hr = c.dir.create_group(c.root, "hr", users{c.anna, c.ben}).value();
  auto it = c.dir.create_group(c.root, "it", users{c.ben}).value();
  EXPECT_TRUE(c.dir.is_member(c.anna, acc));
  EXPECT_TRUE(c.dir.is_member(c.anna, hr));
  EXPECT_FALSE(c.dir.is_member(c.anna, it));
  EXPECT_EQ(c.dir.groups_of(c.anna), (groups{acc, hr}));
  EXPECT_EQ(c.dir.groups_of(c.ben), (groups{hr, it}));
  EXPECT_TRUE(c.dir.is_member_of_any(c.anna, groups{it, hr}));
  EXPECT_FALSE(c.dir.is_member_of_any(c.cleo, groups{acc, hr, it}));
  EXPECT_FALSE(c.dir.is_member_of_any(c.anna, groups{}));
}

TEST(Directory, GroupsOfIsSortedByGroupIdWhateverTheJoinOrder) {
  company c;
  auto g1 = c.dir.create_group(c.root, "g1", users{}).value();
  auto g2 = c.dir.create_group(c.root, "g2", users{}).value();
  auto g3 = c.dir.create_group(c.root, "g3", users{}).value();
  ASSERT_TRUE(c.dir.add_member(c.root, g3, c.cleo).has_value());
  ASSERT_TRUE(c.dir.add_member(c.root, g1, c.cleo).has_value());
  ASSERT_TRUE(
    c.dir.add_member(c.root, c.dir.administrators(), c.cleo).has_value());
  ASSERT_TRUE(c.dir.add_member(c.root, g2, c.cleo).has_value());
  EXPECT_EQ(c.dir.groups_of(c.cleo),
            (groups{c.dir.administrators(), g1, g2, g3}));
  ASSERT_TRUE(c.dir.remove_member(c.root, g2, c.cleo).has_value());
  EXPECT_EQ(c.dir.groups_of(c.cleo), (groups{c.dir.administrators(), g1, g3}));
}

TEST(Directory, MembersKeepInsertionOrderWithoutDuplicates) {
  company c;
  auto g = c.dir
             .create_group(c.root, "team", users{c.cleo, c.anna, c.cleo, c.ben})
             .value();
  EXPECT_EQ(c.dir.get(g).members, (users{c.cleo, c.anna, c.ben}));
  EXPECT_EQ(c.dir.groups_of(c.cleo), groups{g});
  ASSERT_TRUE(c.dir.add_member(c.root, g, c.anna).has_value()); // no-op
  EXPECT_EQ(c.dir.get(g).members, (users{c.cleo, c.anna, c.ben}));
  ASSERT_TRUE(c.dir.add_member(c.root, g, c.root).has_value());
  EXPECT_EQ(c.dir.get(g).members, (users{c.cleo, c.anna, c.ben, c.root}));
  ASSERT_TRUE(c.dir.remove_member(c.root, g, c.anna).has_value());
  EXPECT_EQ(c.dir.get(g).members, (users{c.cleo, c.ben, c.root}));
  ASSERT_TRUE(c.dir.add_member(c.root, g, c.anna).has_value());
  EXPECT_EQ(c.dir.get(g).members, (users{c.cleo, c.ben, c.root, c.anna}));
}

TEST(Directory, RemovingNonMemberIsNoOp) {
  company c;
  auto g = c.dir.create_group(c.root, "team", users{c.anna}).value();
  ASSERT_TRUE(c.dir.remove_member(c.root, g, c.ben).has_value());
  EXPECT_EQ(c.dir.get(g).members, users{c.anna});
}

TEST(Directory, DuplicateUserNameIsRejected) {
  company c;
  auto dup = c.dir.add_user("anna");
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error(), errc::duplicate_name);
  auto dup_admin = c.dir.add_user("root");
  ASSERT_FALSE(dup_admin.has_value());
  EXPECT_EQ(dup_admin.error(), errc::duplicate_name);
  EXPECT_EQ(c.dir.users().size(), 4u);
  EXPECT_EQ(c.dir.find_user("anna").value(), c.anna);
}

TEST(Directory, DuplicateGroupNameIsRejected) {
  company c;
  auto first = c.dir.create_group(c.root, "hr", users{c.anna}).value();
  auto dup = c.dir.create_group(c.root, "hr", users{c.ben});
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error(), errc::duplicate_name);
  auto admins = c.dir.create_group(c.root, "Administrators", users{c.ben});
  ASSERT_FALSE(admins.has_value());
  EXPECT_EQ(admins.error(), errc::duplicate_name);
  EXPECT_EQ(c.dir.groups().size(), 2u);
  EXPECT_EQ(c.dir.get(first).members, users{c.anna});
  EXPECT_TRUE(c.dir.groups_of(c.ben).empty());
}

TEST(Directory, EmptyNamesAreRejected) {
  company c;
  auto u = c.dir.add_user("");
  ASSERT_FALSE(u.has_value());
  EXPECT_EQ(u.error(), errc::invalid_argument);
  auto g = c.dir.create_group(c.root, "", users{});
  ASSERT_FALSE(g.has_value());
  EXPECT_EQ(g.error(), errc::invalid_argument);
  EXPECT_EQ(c.dir.users().size(), 4u);
  EXPECT_EQ(c.dir.groups().size(), 1u);
}

TEST(Directory, GroupWithUnknownMemberIsNotCreated) {
  company c;
  auto bad = c.dir.create_group(c.root, "team", users{c.anna, user_id{99}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error(), errc::unknown_user);
  EXPECT_EQ(c.dir.groups().size(), 1u);
  EXPECT_FALSE(c.dir.find_group("team").has_value());
  EXPECT_TRUE(c.dir.groups_of(c.anna).empty());
  auto invalid = c.dir.create_group(c.root, "team", users{user_id{}});
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error(), errc::unknown_user);
}

TEST(Directory, UnknownGroupOrUserIsReported) {
  company c;
  auto g = c.dir.create_group(c.root, "team", users{}).value();
  auto add_group = c.dir.add_member(c.root, group_id{42}, c.anna);
  ASSERT_FALSE(add_group.has_value());
  EXPECT_EQ(add_group.error(), errc::unknown_group);
  auto add_user = c.dir.add_member(c.root, g, user_id{42});
  ASSERT_FALSE(add_user.has_value());
  EXPECT_EQ(add_user.error(), errc::unknown_user);
  auto remove_group = c.dir.remove_member(c.root, group_id{}, c.anna);
  ASSERT_FALSE(remove_group.has_value());
  EXPECT_EQ(remove_group.error(), errc::unknown_group);
  auto remove_user = c.dir.remove_member(c.root, g, user_id{});
  ASSERT_FALSE(remove_user.has_value());
  EXPECT_EQ(remove_user.error(), errc::unknown_user);
  EXPECT_TRUE(c.dir.get(g).members.empty());
}

TEST(Directory, UnknownActorIsNotPermitted) {
  company c;
  auto g = c.dir.create_group(user_id{99}, "team", users{});
  ASSERT_FALSE(g.has_value());
  EXPECT_EQ(g.error(), errc::not_permitted);
}

TEST(Directory, FindsUsersAndGroupsByExactName) {
  company c;
  auto hr = c.dir.create_group(c.root, "hr", users{}).value();
  EXPECT_EQ(c.dir.find_user("ben").value(), c.ben);
  EXPECT_EQ(c.dir.find_group("hr").value(), hr);
  auto no_user = c.dir.find_user("dora");
  ASSERT_FALSE(no_user.has_value());
  EXPECT_EQ(no_user.error(), errc::unknown_user);
  auto no_group = c.dir.find_group("HR");
  ASSERT_FALSE(no_group.has_value());
  EXPECT_EQ(no_group.error(), errc::unknown_group);
  EXPECT_FALSE(c.dir.find_user("").has_value());
}

TEST(Directory, MembershipQueriesOnUnknownIdsAreFalse) {
  company c;
  EXPECT_FALSE(c.dir.is_member(user_id{99}, c.dir.administrators()));
  EXPECT_FALSE(c.dir.is_member(c.root, group_id{99}));
  EXPECT_FALSE(c.dir.is_administrator(user_id{}));
  EXPECT_FALSE(c.dir.contains(user_id{4}));
  EXPECT_TRUE(c.dir.contains(user_id{3}));
  EXPECT_FALSE(c.dir.contains(group_id{}));
  EXPECT_TRUE(c.dir.contains(group_id{0}));
}

} // namespace directory_test
