// Run-time administration of the directory: renaming and removing users and
// groups, tombstones, name reuse and the Administrators' guards.
#include "core/directory.hpp"
#include "core/live_chat.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace directory_admin_test {

using livechat::directory;
using livechat::errc;
using livechat::group_id;
using livechat::user_id;

using users = std::vector<user_id>;
using groups = std::vector<group_id>;

// A directory with admin "root", three users and two groups.
struct company {
  directory dir{"root"};
  user_id root = dir.find_user("root").value();
  user_id anna = dir.add_user("anna").value();
  user_id ben = dir.add_user("ben").value();
  user_id cleo = dir.add_user("cleo").value();
  group_id hr = dir.create_group(root, "hr", users{anna, ben}).value();
  group_id it = dir.create_group(root, "it", users{ben, cleo}).value();
};

TEST(DirectoryAdmin, NonAdministratorCannotRenameOrRemove) {
  company c;
  EXPECT_EQ(c.dir.rename_user(c.anna, c.ben, "bob").error(),
            errc::not_permitted);
  EXPECT_EQ(c.dir.remove_user(c.anna, c.ben).error(), errc::not_permitted);
  EXPECT_EQ(c.dir.rename_group(c.anna, c.hr, "people").error(),
            errc::not_permitted);
  EXPECT_EQ(c.dir.remove_group(c.anna, c.hr).error(), errc::not_permitted);
  EXPECT_EQ(c.dir.get(c.ben).name, "ben");
  EXPECT_TRUE(c.dir.exists(c.ben));
  EXPECT_EQ(c.dir.get(c.hr).name, "hr");
  EXPECT_TRUE(c.dir.exists(c.hr));
}

TEST(DirectoryAdmin, RenamedUserIsFoundByItsNewNameOnly) {
  company c;
  ASSERT_TRUE(c.dir.rename_user(c.root, c.anna, "annie").has_value());
  EXPECT_EQ(c.dir.get(c.anna).name, "annie");
  EXPECT_EQ(c.dir.find_user("annie").value(), c.anna);
  EXPECT_FALSE(c.dir.find_user("anna").has_value());
  EXPECT_TRUE(c.dir.is_member(c.anna, c.hr)); // same id, same groups
  // The old name is free.
  EXPECT_TRUE(c.dir.add_user("anna").has_value());
}

TEST(DirectoryAdmin, RenameToAnotherLiveNameOrEmptyIsRefused) {
  company c;
  EXPECT_EQ(c.dir.rename_user(c.root, c.anna, "ben").error(),
            errc::duplicate_name);
  EXPECT_EQ(c.dir.rename_user(c.root, c.anna, "").error(),
            errc::invalid_argument);
  EXPECT_EQ(c.dir.rename_group(c.root, c.hr, "it").error(),
            errc::duplicate_name);
  EXPECT_EQ(c.dir.rename_group(c.root, c.hr, "").error(),
            errc::invalid_argument);
  EXPECT_EQ(c.dir.get(c.anna).name, "anna");
  EXPECT_EQ(c.dir.get(c.hr).name, "hr");
  // Its own name is fine: a no-op.
  EXPECT_TRUE(c.dir.rename_user(c.root, c.anna, "anna").has_value());
  EXPECT_EQ(c.dir.find_user("anna").value(), c.anna);
}

TEST(DirectoryAdmin, RemovedUserIsATombstoneInNoGroup) {
  company c;
  ASSERT_TRUE(c.dir.remove_user(c.root, c.ben).has_value());
  EXPECT_TRUE(c.dir.contains(c.ben));
  EXPECT_FALSE(c.dir.exists(c.ben));
  EXPECT_TRUE(c.dir.get(c.ben).removed);
  EXPECT_EQ(c.dir.get(c.ben).name, "ben"); // kept for the audit trail
  EXPECT_FALSE(c.dir.find_user("ben").has_value());
  EXPECT_TRUE(c.dir.groups_of(c.ben).empty());
  EXPECT_EQ(c.dir.get(c.hr).members, users{c.anna});
  EXPECT_EQ(c.dir.get(c.it).members, users{c.cleo});
  EXPECT_FALSE(c.dir.is_member(c.ben, c.hr));
  EXPECT_EQ(c.dir.users().size(), 4u); // ids stay dense
}

TEST(DirectoryAdmin, RemovedUsersNameIsFreeAndIdsStayDense) {
  company c;
  ASSERT_TRUE(c.dir.remove_user(c.root, c.ben).has_value());
  auto again = c.dir.add_user("ben");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, user_id{4});
  EXPECT_EQ(c.dir.find_user("ben").value(), *again);
  EXPECT_FALSE(c.dir.is_member(*again, c.hr)); // a new user, not the old one
}

TEST(DirectoryAdmin, RemovedUserCannotBeNamedInAChange) {
  company c;
  ASSERT_TRUE(c.dir.remove_user(c.root, c.ben).has_value());
  EXPECT_EQ(c.dir.add_member(c.root, c.hr, c.ben).error(), errc::unknown_user);
  EXPECT_EQ(c.dir.create_group(c.root, "x", users{c.ben}).error(),
            errc::unknown_user);
  EXPECT_EQ(c.dir.rename_user(c.root, c.ben, "b").error(), errc::unknown_user);
  EXPECT_EQ(c.dir.remove_user(c.root, c.ben).error(), errc::unknown_user);
  EXPECT_TRUE(c.dir.get(c.hr).members == users{c.anna});
}

TEST(DirectoryAdmin, LastAdministratorCannotBeRemoved) {
  company c;
  EXPECT_EQ(c.dir.remove_user(c.root, c.root).error(), errc::not_permitted);
  EXPECT_TRUE(c.dir.exists(c.root));
  EXPECT_TRUE(c.dir.is_administrator(c.root));
  // With a second administrator, either may go, even by its own hand.
  ASSERT_TRUE(
    c.dir.add_member(c.root, c.dir.administrators(), c.anna).has_value());
  ASSERT_TRUE(c.dir.remove_user(c.root, c.root).has_value());
  EXPECT_EQ(c.dir.get(c.dir.administrators()).members, users{c.anna});
  EXPECT_EQ(c.dir.remove_user(c.anna, c.anna).error(), errc::not_permitted);
}

TEST(DirectoryAdmin, AdministratorsGroupCannotBeRenamedOrRemoved) {
  company c;
  auto admins = c.dir.administrators();
  EXPECT_EQ(c.dir.rename_group(c.root, admins, "admins").error(),
            errc::not_permitted);
  EXPECT_EQ(c.dir.remove_group(c.root, admins).error(), errc::not_permitted);
  EXPECT_EQ(c.dir.check_remove_group(c.root, admins).error(),
            errc::not_permitted);
  EXPECT_TRUE(c.dir.exists(admins));
  EXPECT_EQ(c.dir.find_group("Administrators").value(), admins);
}

TEST(DirectoryAdmin, RenamedGroupIsFoundByItsNewNameOnly) {
  company c;
  ASSERT_TRUE(c.dir.rename_group(c.root, c.hr, "people").has_value());
  EXPECT_EQ(c.dir.find_group("people").value(), c.hr);
  EXPECT_FALSE(c.dir.find_group("hr").has_value());
  EXPECT_EQ(c.dir.get(c.hr).members, (users{c.anna, c.ben}));
}

TEST(DirectoryAdmin, RemovedGroupIsATombstoneWithoutMembers) {
  company c;
  ASSERT_TRUE(c.dir.remove_group(c.root, c.hr).has_value());
  EXPECT_TRUE(c.dir.contains(c.hr));
  EXPECT_FALSE(c.dir.exists(c.hr));
  EXPECT_TRUE(c.dir.get(c.hr).removed);
  EXPECT_TRUE(c.dir.get(c.hr).members.empty());
  EXPECT_EQ(c.dir.get(c.hr).name, "hr");
  EXPECT_TRUE(c.dir.groups_of(c.anna).empty());
  EXPECT_EQ(c.dir.groups_of(c.ben), groups{c.it});
  EXPECT_FALSE(c.dir.find_group("hr").has_value());
  EXPECT_EQ(c.dir.add_member(c.root, c.hr, c.cleo).error(),
            errc::unknown_group);
  EXPECT_EQ(c.dir.remove_group(c.root, c.hr).error(), errc::unknown_group);
  EXPECT_EQ(c.dir.rename_group(c.root, c.hr, "x").error(), errc::unknown_group);
  // Its name is free; the new group gets the next id.
  auto again = c.dir.create_group(c.root, "hr", users{c.cleo});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, group_id{3});
  EXPECT_EQ(c.dir.groups().size(), 4u);
}

TEST(DirectoryAdmin, ChecksChangeNothing) {
  company c;
  EXPECT_TRUE(c.dir.check_remove_user(c.root, c.anna).has_value());
  EXPECT_TRUE(c.dir.check_remove_group(c.root, c.hr).has_value());
  EXPECT_EQ(c.dir.check_remove_user(c.anna, c.ben).error(),
            errc::not_permitted);
  EXPECT_EQ(c.dir.check_remove_user(c.root, user_id{42}).error(),
            errc::unknown_user);
  EXPECT_EQ(c.dir.check_remove_group(c.root, group_id{42}).error(),
            errc::unknown_group);
  EXPECT_TRUE(c.dir.exists(c.anna));
  EXPECT_TRUE(c.dir.exists(c.hr));
  EXPECT_EQ(c.dir.get(c.hr).members, (users{c.anna, c.ben}));
}

TEST(DirectoryAdmin, ChatDefinitionNamingARemovedGroupIsInvalid) {
  company c;
  livechat::live_chat_definition def;
  def.name = "internal";
  def.operator_groups = {c.it};
  def.customer_groups = {c.hr};
  ASSERT_TRUE(livechat::validate(def, c.dir).has_value());
  ASSERT_TRUE(c.dir.remove_group(c.root, c.hr).has_value());
  EXPECT_EQ(livechat::validate(def, c.dir).error(), errc::unknown_group);
}

} // namespace directory_admin_test
