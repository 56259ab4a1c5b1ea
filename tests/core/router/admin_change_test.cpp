// Administrative changes as values (core/admin_change.hpp): each applies as
// the router call of the same name, says what it created, and run-time
// user creation is Administrators only.
#include "core/admin_change.hpp"
#include "router_admin_fixture.hpp"

namespace livechat::testing {
namespace admin_change_test {

using AdminChange = router_admin_fixture;

TEST_F(AdminChange, EachChangeAppliesAndSaysWhatItCreated) {
  auto user = apply_change(r, at(1s), admin, add_user_change{"nina"});
  ASSERT_TRUE(user);
  auto nina = std::get<user_id>(*user);
  EXPECT_EQ(r.dir().get(nina).name, "nina");
  auto group = apply_change(r, at(1s), admin,
                            create_group_change{"night", {nina}});
  ASSERT_TRUE(group);
  auto night = std::get<group_id>(*group);
  EXPECT_TRUE(r.dir().is_member(nina, night));
  auto def = internal_definition();
  def.name = "night chat";
  def.operator_groups = {night};
  auto chat = apply_change(r, at(1s), admin, define_chat_change{def});
  ASSERT_TRUE(chat);
  EXPECT_TRUE(r.has_chat(std::get<chat_id>(*chat)));
  auto renamed = apply_change(r, at(2s), admin, rename_user_change{nina, "n."});
  ASSERT_TRUE(renamed);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(*renamed));
  EXPECT_TRUE(apply_change(r, at(2s), admin,
                           remove_chat_change{std::get<chat_id>(*chat)}));
  EXPECT_TRUE(apply_change(r, at(2s), admin, remove_group_change{night}));
  EXPECT_FALSE(r.dir().exists(night));
}

TEST_F(AdminChange, AddingAUserAtRunTimeIsAuditedWithItsAdministrator) {
  (void)new_admin_events();
  EXPECT_EQ(apply_change(r, at(1s), o1, add_user_change{"eve"}).error(),
            errc::not_permitted);
  ASSERT_TRUE(apply_change(r, at(1s), admin, add_user_change{"eve"}));
  auto events = new_admin_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, admin_event_kind::user_added);
  EXPECT_EQ(events[0].actor, admin);
  EXPECT_EQ(events[0].at, at(1s));
}

TEST_F(AdminChange, ChatChangesAreToldApartFromDirectoryChanges) {
  EXPECT_TRUE(changes_directory(add_member_change{general, o1}));
  EXPECT_TRUE(changes_directory(remove_user_change{o1}));
  EXPECT_FALSE(changes_directory(define_chat_change{}));
  EXPECT_FALSE(changes_directory(remove_chat_change{chat_id{3}}));
  EXPECT_EQ(chat_of(edit_chat_change{chat_id{2}, {}}), chat_id{2});
  EXPECT_EQ(chat_of(remove_chat_change{chat_id{3}}), chat_id{3});
  EXPECT_FALSE(chat_of(define_chat_change{}).valid());
  EXPECT_FALSE(chat_of(rename_group_change{general, "x"}).valid());
}

} // namespace admin_change_test
} // namespace livechat::testing
