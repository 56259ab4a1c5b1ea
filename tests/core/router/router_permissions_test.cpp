#include "core/contacts.hpp"
#include "router_fixture.hpp"

namespace livechat::testing {
namespace router_permissions_test {

using RouterPermissions = router_fixture;

TEST_F(RouterPermissions, OnlyAdministratorsDefineLiveChats) {
  auto denied = r.define_live_chat(at(0s), o1, internal_definition());
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_permitted);
  EXPECT_EQ(r.chat_count(), 0u);
  EXPECT_TRUE(r.define_live_chat(at(0s), admin, internal_definition()));
}

TEST_F(RouterPermissions, OnlyAdministratorsCreateGroupsOrChangeMembers) {
  std::vector<user_id> members{o1};
  auto created = r.create_group(at(0s), sveta, "sales", members);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error(), errc::not_permitted);
  auto added = r.add_member(at(0s), o1, general, e1);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error(), errc::not_permitted);
  EXPECT_FALSE(r.dir().is_member(e1, general));
  auto removed = r.remove_member(at(0s), o1, general, o2);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error(), errc::not_permitted);
  EXPECT_TRUE(r.dir().is_member(o2, general));
}

TEST_F(RouterPermissions, DefinitionWithCustomersAndChannelIsRejected) {
  auto def = internal_definition();
  def.channel = "whatsapp";
  auto result = r.define_live_chat(at(0s), admin, def);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), errc::invalid_definition);
}

TEST_F(RouterPermissions, DuplicateChatNameIsRejected) {
  define(internal_definition());
  auto again = r.define_live_chat(at(0s), admin, internal_definition());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), errc::duplicate_name);
}

TEST_F(RouterPermissions, InternalChatAcceptsOnlyMembersOfCustomerGroups) {
  auto chat = define(internal_definition());
  EXPECT_TRUE(r.open_session(at(1s), e1, chat));
  auto denied = r.open_session(at(1s), outsider, chat);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_permitted);
  auto by_operator = r.open_session(at(1s), o1, chat);
  ASSERT_FALSE(by_operator);
  EXPECT_EQ(by_operator.error(), errc::not_permitted);
}

TEST_F(RouterPermissions, ExternalChatAcceptsContactsOnly) {
  auto chat = define(external_definition());
  EXPECT_TRUE(r.open_session(at(1s), customer_of(contact_id{0}), chat));
  EXPECT_TRUE(r.open_session(at(1s), customer_of(contact_id{90000}), chat));
  // Directory users, known or not, and the invalid id are no contacts.
  for (auto who : {outsider, e1, o1, admin, user_id{90000},
                   user_id{first_contact_customer - 1}, user_id{}}) {
    auto denied = r.open_session(at(1s), who, chat);
    ASSERT_FALSE(denied) << who.value;
    EXPECT_EQ(denied.error(), errc::not_permitted);
  }
}

TEST_F(RouterPermissions, ContactCannotOpenAnInternalChat) {
  auto chat = define(internal_definition());
  auto denied = r.open_session(at(1s), customer_of(contact_id{0}), chat);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_permitted);
}

TEST_F(RouterPermissions, UnknownChatIsAnError) {
  auto result = r.open_session(at(1s), e1, chat_id{7});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), errc::unknown_chat);
}

TEST_F(RouterPermissions, OnlySupervisorsOfTheChatSeeTheSnapshot) {
  auto chat = define(internal_definition());
  EXPECT_TRUE(r.snapshot(sveta, chat));
  for (auto who : {o1, admin, e1}) {
    auto denied = r.snapshot(who, chat);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error(), errc::not_permitted);
  }
}

TEST_F(RouterPermissions, OnlySupervisorsOfTheChatAssignSessions) {
  auto chat = define(internal_definition(routing_policy_kind::manual));
  online(o1);
  auto s = open(chat, e1, 1s);
  for (auto who : {o1, o2, admin, e1}) {
    auto denied = r.supervisor_assign(at(2s), who, s, o1);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error(), errc::not_permitted);
  }
  EXPECT_TRUE(r.supervisor_assign(at(2s), sveta, s, o1));
}

TEST_F(RouterPermissions, StrangersCannotCloseOrLeaveASession) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  auto closed = r.close_session(at(2s), o2, s);
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error(), errc::not_permitted);
  auto left = r.leave(at(2s), e2, s);
  ASSERT_FALSE(left);
  EXPECT_EQ(left.error(), errc::not_permitted);
  EXPECT_EQ(r.find_session(s)->state(), session_state::assigned);
}

TEST_F(RouterPermissions, OnlyTheHolderTransfersASession) {
  auto chat = define(internal_definition());
  online(o1);
  online(o2);
  auto s = open(chat, e1, 1s);
  ASSERT_EQ(holder_of(s), o1);
  auto denied = r.transfer(at(2s), o2, s, accounting);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_assigned_to_you);
}

} // namespace router_permissions_test
} // namespace livechat::testing
