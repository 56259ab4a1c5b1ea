// Run-time administration of users and groups through the router:
// permissions, the audit trail, and what removals do to sessions and pools.
#include "core/contacts.hpp"
#include "router_admin_fixture.hpp"

namespace livechat::testing {
namespace router_admin_test {

using RouterAdmin = router_admin_fixture;

TEST_F(RouterAdmin, NonAdministratorIsRefusedEveryRunTimeChange) {
  auto chat = define(internal_definition());
  (void)new_admin_events();
  EXPECT_EQ(r.rename_user(at(1s), o1, o2, "x").error(), errc::not_permitted);
  EXPECT_EQ(r.remove_user(at(1s), o1, o2).error(), errc::not_permitted);
  EXPECT_EQ(r.rename_group(at(1s), o1, hr, "x").error(), errc::not_permitted);
  EXPECT_EQ(r.remove_group(at(1s), o1, hr).error(), errc::not_permitted);
  auto def = internal_definition();
  def.capacity = 3;
  EXPECT_EQ(r.edit_live_chat(at(1s), sveta, chat, def).error(),
            errc::not_permitted);
  EXPECT_EQ(r.remove_live_chat(at(1s), sveta, chat).error(),
            errc::not_permitted);
  EXPECT_TRUE(new_admin_events().empty());
  EXPECT_TRUE(r.dir().exists(o2));
  EXPECT_TRUE(r.dir().exists(hr));
  EXPECT_TRUE(r.has_chat(chat));
  EXPECT_EQ(r.definition(chat).capacity, 1);
}

TEST_F(RouterAdmin, EveryAdministrativeChangeIsAnAdminEvent) {
  // The fixture's set-up: 10 users added, 5 groups created.
  auto setup = new_admin_events();
  ASSERT_EQ(setup.size(), 15u);
  EXPECT_EQ(setup[0].kind, admin_event_kind::user_added);
  EXPECT_EQ(setup[0].name, "sveta");
  EXPECT_FALSE(setup[0].actor.valid());
  EXPECT_EQ(setup[10].kind, admin_event_kind::group_created);
  EXPECT_EQ(setup[10].group, supervisors);
  EXPECT_EQ(setup[10].actor, admin);

  auto chat = define(internal_definition());
  ASSERT_TRUE(r.add_member(at(1s), admin, hr, o3));
  ASSERT_TRUE(r.remove_member(at(2s), admin, hr, o3));
  auto def = internal_definition();
  def.capacity = 2;
  ASSERT_TRUE(r.edit_live_chat(at(3s), admin, chat, def));
  ASSERT_TRUE(r.rename_user(at(4s), admin, o3, "olga"));
  ASSERT_TRUE(r.rename_group(at(5s), admin, hr, "people"));
  ASSERT_TRUE(r.remove_live_chat(at(6s), admin, chat));
  ASSERT_TRUE(r.remove_group(at(7s), admin, hr));
  ASSERT_TRUE(r.remove_user(at(8s), admin, o3));
  using k = admin_event_kind;
  auto events = new_admin_events();
  std::vector<k> kinds;
  for (const auto& e : events)
    kinds.push_back(e.kind);
  EXPECT_EQ(kinds,
            (std::vector{k::chat_defined, k::member_added, k::member_removed,
                         k::chat_edited, k::user_renamed, k::group_renamed,
                         k::chat_removed, k::group_removed, k::user_removed}));
  ASSERT_EQ(events.size(), 9u);
  EXPECT_EQ(events[1], (admin_event{k::member_added, at(1s), admin, o3, hr,
                                    chat_id{}, ""}));
  EXPECT_EQ(events[3], (admin_event{k::chat_edited, at(3s), admin, user_id{},
                                    group_id{}, chat, "internal"}));
  EXPECT_EQ(events[4].name, "olga");
  EXPECT_EQ(events[5].name, "people");
  EXPECT_EQ(events[6].chat, chat);
  EXPECT_EQ(events[7].group, hr);
  EXPECT_EQ(events[8], (admin_event{k::user_removed, at(8s), admin, o3,
                                    group_id{}, chat_id{}, "olga"}));
}

TEST_F(RouterAdmin, RenamesChangeNoRouting) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  pump();
  auto before = all.size();
  ASSERT_TRUE(r.rename_user(at(2s), admin, o1, "olga"));
  ASSERT_TRUE(r.rename_group(at(2s), admin, general, "front desk"));
  pump();
  EXPECT_EQ(all.size(), before);
  EXPECT_EQ(r.holder(s), o1);
  EXPECT_EQ(r.dir().find_user("olga").value(), o1);
  EXPECT_EQ(r.dir().find_group("front desk").value(), general);
  EXPECT_EQ(r.rename_group(at(3s), admin, general, "hr").error(),
            errc::duplicate_name);
}

TEST_F(RouterAdmin, RemovingAGroupALiveChatUsesIsRefused) {
  auto chat = define(internal_definition());
  for (auto g : {general, supervisors, accounting, employees})
    EXPECT_EQ(r.remove_group(at(1s), admin, g).error(), errc::in_use);
  EXPECT_EQ(r.remove_group(at(1s), admin, r.dir().administrators()).error(),
            errc::not_permitted);
  EXPECT_TRUE(r.dir().exists(general));
  ASSERT_TRUE(r.remove_live_chat(at(2s), admin, chat));
  EXPECT_TRUE(r.remove_group(at(3s), admin, general));
  EXPECT_FALSE(r.dir().exists(general));
  EXPECT_FALSE(r.dir().is_member(o1, general));
}

TEST_F(RouterAdmin, RemovingAnUnusedGroupChangesNoRouting) {
  auto chat = define(external_definition());
  online(o1);
  auto s = open(chat, customer_of(contact_id{0}), 1s);
  pump();
  auto before = all.size();
  ASSERT_TRUE(r.remove_group(at(2s), admin, accounting));
  pump();
  EXPECT_EQ(all.size(), before);
  EXPECT_EQ(r.holder(s), o1);
  EXPECT_FALSE(r.dir().find_group("accounting").has_value());
}

TEST_F(RouterAdmin, RemovedOperatorsSessionsAreRequeuedAndServedByOthers) {
  auto chat = define(internal_definition());
  online(o1);
  auto s = open(chat, e1, 1s);
  online(o2, 2s);
  ASSERT_TRUE(r.remove_user(at(5s), admin, o1));
  EXPECT_EQ(r.holder(s), o2);
  auto events = events_of(s);
  ASSERT_EQ(events.size(), 4u); // queued, assigned, requeued, assigned
  EXPECT_EQ(events[2].kind, session_event_kind::queued);
  EXPECT_EQ(events[2].reason, transition_reason::operator_offline);
  EXPECT_EQ(events[2].op, o1);
  EXPECT_EQ(events[3].op, o2);
  auto st = statuses();
  ASSERT_FALSE(st.empty());
  EXPECT_EQ(st.back().op, o1);
  EXPECT_EQ(st.back().status, operator_status::offline);
  EXPECT_EQ(r.status_of(o1), operator_status::offline);
  EXPECT_EQ(r.load_of(o1), 0);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterAdmin, RemovedOperatorLeavesThePoolsForGood) {
  auto chat = define(internal_definition());
  ASSERT_TRUE(r.remove_user(at(1s), admin, o1));
  EXPECT_EQ(r.set_status(at(2s), o1, operator_status::online).error(),
            errc::unknown_user);
  online(o2, 3s);
  EXPECT_EQ(r.supervisor_assign(at(4s), sveta, session_id{}, o1).error(),
            errc::unknown_session);
  auto view = r.snapshot(sveta, chat).value();
  for (const auto& op : view.operators)
    EXPECT_NE(op.id, o1);
  auto s = open(chat, e1, 5s);
  EXPECT_EQ(r.holder(s), o2);
}

TEST_F(RouterAdmin, RemovedOperatorsSessionsAreRequeuedEvenUnderKeep) {
  auto def = internal_definition();
  def.on_offline = offline_policy::keep;
  auto chat = define(def);
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.set_status(at(2s), o1, operator_status::offline)); // keeps s
  ASSERT_EQ(r.holder(s), o1);
  ASSERT_TRUE(r.remove_user(at(3s), admin, o1));
  EXPECT_EQ(r.find_session(s)->state(), session_state::waiting);
  EXPECT_EQ(r.load_of(o1), 0);
  EXPECT_EQ(last_of(s).reason, transition_reason::operator_offline);
  online(o2, 4s);
  EXPECT_EQ(r.holder(s), o2);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterAdmin, RemovedOperatorsSessionsAreClosedUnderClose) {
  auto def = internal_definition();
  def.on_offline = offline_policy::close;
  auto chat = define(def);
  online(o1);
  auto s = open(chat, e1, 1s);
  ASSERT_TRUE(r.remove_user(at(2s), admin, o1));
  EXPECT_EQ(r.find_session(s), nullptr);
  auto closed = last_of(s);
  EXPECT_EQ(closed.kind, session_event_kind::closed);
  EXPECT_EQ(closed.reason, transition_reason::operator_offline);
  EXPECT_EQ(closed.op, o1);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterAdmin, RemovedExpertsPersonalTransfersGoToTheGroup) {
  auto chat = define(internal_definition());
  online(o1);
  online(anna);
  auto s = open(chat, e1, 1s);
  ASSERT_EQ(r.holder(s), o1);
  ASSERT_TRUE(r.set_status(at(2s), anna, operator_status::away));
  ASSERT_TRUE(r.transfer(at(3s), o1, s, accounting, anna)); // waits for anna
  online(boris, 4s);
  EXPECT_FALSE(r.holder(s).valid()); // still anna's
  ASSERT_TRUE(r.remove_user(at(5s), admin, anna));
  EXPECT_EQ(r.holder(s), boris);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterAdmin, RemovedCustomersInternalSessionsEndWithAReason) {
  auto internal = define(internal_definition());
  auto external = define(external_definition());
  online(o1);
  auto held = open(internal, e1, 1s);
  auto waiting = open(internal, e1, 2s);
  // An external contact whose number happens to be e1's id is someone else.
  auto contact = open(external, customer_of(contact_id{e1.value}), 3s);
  ASSERT_TRUE(r.remove_user(at(4s), admin, e1));
  auto a = last_of(waiting);
  EXPECT_EQ(a.kind, session_event_kind::abandoned);
  EXPECT_EQ(a.reason, transition_reason::user_removed);
  EXPECT_EQ(a.actor, admin);
  auto c = last_of(held);
  EXPECT_EQ(c.kind, session_event_kind::closed);
  EXPECT_EQ(c.reason, transition_reason::user_removed);
  EXPECT_EQ(c.op, o1);
  EXPECT_EQ(r.find_session(held), nullptr);
  EXPECT_EQ(r.find_session(waiting), nullptr);
  // o1 is free again and takes the external contact.
  EXPECT_EQ(r.holder(contact), o1);
  EXPECT_TRUE(violations().empty());
}

TEST_F(RouterAdmin, RemovedUsersNameIsFreeAndItsIdNotReused) {
  ASSERT_TRUE(r.remove_user(at(1s), admin, o1));
  auto again = r.add_user("o1");
  ASSERT_TRUE(again.has_value());
  EXPECT_NE(*again, o1);
  EXPECT_EQ(again->value, r.dir().users().size() - 1);
  online(*again, 2s); // a user like any other
}

TEST_F(RouterAdmin, LastAdministratorCannotBeRemoved) {
  EXPECT_EQ(r.remove_user(at(1s), admin, admin).error(), errc::not_permitted);
  EXPECT_TRUE(r.dir().exists(admin));
  EXPECT_TRUE(new_admin_events().size() == 15u); // only the set-up's
}

} // namespace router_admin_test
} // namespace livechat::testing
