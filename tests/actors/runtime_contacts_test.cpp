// External customers through the runtime: a contact (channel, address) opens
// sessions in external chats of its channel, under a customer id no directory
// user has.
#include "actors/runtime.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace livechat {
namespace runtime_contacts_test {

/// Chats: 0 external "whatsapp", 1 external "sms", 2 internal (customers
/// e1). Operator o1 serves all three.
struct workspace {
  user_id admin, o1, e1;

  workspace_definition make() {
    directory dir{"admin"};
    admin = dir.find_user("admin").value();
    o1 = dir.add_user("o1").value();
    e1 = dir.add_user("e1").value();
    std::vector<user_id> gm{o1}, em{e1};
    auto general = dir.create_group(admin, "general", gm).value();
    auto employees = dir.create_group(admin, "employees", em).value();
    live_chat_definition whatsapp{
      .name = "wa", .operator_groups = {general}, .channel = "whatsapp"};
    live_chat_definition sms{
      .name = "sms", .operator_groups = {general}, .channel = "sms"};
    live_chat_definition internal{.name = "internal",
                                  .operator_groups = {general},
                                  .customer_groups = {employees}};
    return {std::move(dir), admin, {whatsapp, sms, internal}};
  }
};

constexpr chat_id whatsapp_chat{0};
constexpr chat_id sms_chat{1};
constexpr chat_id internal_chat{2};

const contact anna_wa{"whatsapp", "+49 151 2345678"};
const contact anna_sms{"sms", "+49 151 2345678"};

std::vector<std::string> texts(const transcript& t) {
  std::vector<std::string> out;
  for (const auto& m : t.messages)
    out.push_back(m.text);
  return out;
}

TEST(RuntimeContacts, ContactWritesAndItsSessionStreamSeesTheOperatorsAnswer) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  ASSERT_TRUE(rt->set_status(ws.o1, operator_status::online));
  auto ticket = rt->open_session(anna_wa, whatsapp_chat).value();
  EXPECT_EQ(ticket.state, session_state::assigned);
  auto mine = rt->watch_session(anna_wa, ticket.id).value();
  ASSERT_TRUE(rt->post_message(anna_wa, ticket.id, "where is my parcel?"));
  ASSERT_TRUE(rt->post_message(ws.o1, ticket.id, "on its way"));
  std::vector<std::string> answers;
  for (const auto& item : mine->take())
    if (auto* m = std::get_if<chat_message>(&item); m && m->from == ws.o1)
      answers.push_back(m->text);
  EXPECT_EQ(answers, std::vector<std::string>{"on its way"});
  auto said = rt->read_transcript(anna_wa, ticket.id).value();
  EXPECT_EQ(texts(said),
            (std::vector<std::string>{"where is my parcel?", "on its way"}));
  EXPECT_EQ(said.messages[0].from, customer_of(contact_id{0}));
  ASSERT_TRUE(rt->leave(anna_wa, ticket.id));
  EXPECT_EQ(mine->end(), stream_end::finished);
}

TEST(RuntimeContacts, SameAddressOnTwoChannelsIsTwoContacts) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  std::vector<user_id> queued;
  rt->subscribe([&](const routing_event& e) {
    if (auto* s = std::get_if<session_event>(&e);
        s && s->kind == session_event_kind::queued)
      queued.push_back(s->customer);
  });
  auto wa = rt->open_session(anna_wa, whatsapp_chat).value().id;
  (void)rt->open_session(anna_sms, sms_chat).value();
  rt->drain_events();
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_NE(queued[0], queued[1]);
  EXPECT_EQ(rt->contact_of_customer(queued[0]).value(), anna_wa);
  EXPECT_EQ(rt->contact_of_customer(queued[1]).value(), anna_sms);
  auto other = rt->post_message(anna_sms, wa, "it is me");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error(), errc::not_permitted);
}

TEST(RuntimeContacts, EmployeeWithTheContactsNumberCannotActAsTheContact) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  (void)rt->open_session(contact{"whatsapp", "+1"}, whatsapp_chat).value();
  auto s = rt->open_session(anna_wa, whatsapp_chat).value().id;
  // anna is contact 1; o1 has user id 1.
  ASSERT_EQ(ws.o1, user_id{1});
  user_id same_number{1};
  auto posted = rt->post_message(same_number, s, "hi");
  ASSERT_FALSE(posted);
  EXPECT_EQ(posted.error(), errc::not_permitted);
  auto left = rt->leave(same_number, s);
  ASSERT_FALSE(left);
  EXPECT_EQ(left.error(), errc::not_permitted);
  auto watched = rt->watch_session(same_number, s);
  ASSERT_FALSE(watched);
  EXPECT_EQ(watched.error(), errc::not_permitted);
  EXPECT_TRUE(rt->post_message(anna_wa, s, "hi"));
}

TEST(RuntimeContacts, ContactCannotOpenAnInternalChat) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  auto denied = rt->open_session(anna_wa, internal_chat);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_permitted);
}

TEST(RuntimeContacts, EmployeeCannotOpenAnExternalChat) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  for (auto who : {ws.e1, ws.o1, user_id{500}}) {
    auto denied = rt->open_session(who, whatsapp_chat);
    ASSERT_FALSE(denied) << who.value;
    EXPECT_EQ(denied.error(), errc::not_permitted);
  }
}

TEST(RuntimeContacts, ContactCannotOpenAChatOfAnotherChannel) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  auto denied = rt->open_session(anna_wa, sms_chat);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error(), errc::not_permitted);
  // A refused contact is not numbered.
  auto none = rt->contact_of_customer(customer_of(contact_id{0}));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), errc::unknown_user);
}

TEST(RuntimeContacts, ContactWithoutASessionIsNobodysCustomer) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  auto s = rt->open_session(anna_wa, whatsapp_chat).value().id;
  auto stranger = rt->post_message(contact{"whatsapp", "+2"}, s, "hi");
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error(), errc::not_permitted);
}

TEST(RuntimeContacts, MalformedContactIsAnInvalidArgument) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  auto r = rt->open_session(contact{"whatsapp", "+1\n"}, whatsapp_chat);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::invalid_argument);
}

TEST(RuntimeContacts, DirectoryUsersHaveNoContact) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  auto r = rt->contact_of_customer(ws.e1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::unknown_user);
}

TEST(RuntimeContacts, AsynchronousFormsActForTheContact) {
  workspace ws;
  auto rt = runtime::create(ws.make()).value();
  std::optional<expected<session_ticket>> ticket;
  rt->open_session(anna_wa, whatsapp_chat, {}, [&](expected<session_ticket> t) {
    ticket = std::move(t);
  });
  rt->settle();
  ASSERT_TRUE(ticket && *ticket);
  auto s = (*ticket)->id;
  std::optional<expected<void>> posted;
  rt->post_message(anna_wa, s, "hello", [&](expected<void> ok) {
    posted = ok;
  });
  rt->settle();
  ASSERT_TRUE(posted && *posted);
  std::optional<expected<transcript>> said;
  rt->read_transcript(anna_wa, s, [&](expected<transcript> t) {
    said = std::move(t);
  });
  rt->settle();
  ASSERT_TRUE(said && *said);
  EXPECT_EQ(texts(**said), std::vector<std::string>{"hello"});
  std::optional<expected<std::shared_ptr<event_stream>>> watched;
  rt->watch_session(anna_wa, s, {},
                    [&](expected<std::shared_ptr<event_stream>> w) {
                      watched = std::move(w);
                    });
  rt->settle();
  ASSERT_TRUE(watched && *watched);
  std::optional<expected<void>> left;
  rt->leave(anna_wa, s, [&](expected<void> ok) {
    left = ok;
  });
  rt->settle();
  ASSERT_TRUE(left && *left);
}

} // namespace runtime_contacts_test
} // namespace livechat
