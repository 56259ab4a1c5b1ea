// Session ids above a floor: a server restarting on a database that holds
// ids up to it gets new ids above them, and every call still reaches the
// domain that owns the session.
#include "actors/runtime.hpp"
#include "core/contacts.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace runtime_session_ids_test {

/// Operators a (chat "one") and b (chat "two"), customer anna of both:
/// two chats without shared operators, so two routing domains; session ids
/// above 1000.
struct two_domains {
  user_id a, b, anna;
  std::unique_ptr<runtime> rt;

  two_domains() {
    directory dir{"admin"};
    auto admin = dir.find_user("admin").value();
    a = dir.add_user("a").value();
    b = dir.add_user("b").value();
    anna = dir.add_user("anna").value();
    auto ga = dir.create_group(admin, "ga", std::vector{a}).value();
    auto gb = dir.create_group(admin, "gb", std::vector{b}).value();
    auto employees
      = dir.create_group(admin, "employees", std::vector{anna}).value();
    live_chat_definition one{
      .name = "one", .operator_groups = {ga}, .customer_groups = {employees}};
    live_chat_definition two{
      .name = "two", .operator_groups = {gb}, .customer_groups = {employees}};
    rt = runtime::create({dir, admin, {one, two}},
                         {.mode = clock_mode::virtual_time,
                          .session_id_floor = 1000})
           .value();
  }
};

TEST(RuntimeSessionIds, StartAboveTheFloorAndReachTheirDomains) {
  two_domains w;
  auto& rt = w.rt;
  auto a = w.a, b = w.b, anna = w.anna;
  ASSERT_EQ(rt->domain_count(), 2u);
  ASSERT_TRUE(rt->set_status(a, operator_status::online));
  ASSERT_TRUE(rt->set_status(b, operator_status::online));
  std::vector<session_id> ids;
  for (int i = 0; i < 3; ++i)
    for (auto chat : {chat_id{0}, chat_id{1}}) {
      auto t = rt->open_session(anna, chat, {});
      ASSERT_TRUE(t);
      EXPECT_GT(t.value().id.value, 1000u);
      ids.push_back(t.value().id);
      ASSERT_TRUE(rt->post_message(anna, t.value().id, "hello"));
      ASSERT_TRUE(rt->leave(anna, t.value().id));
    }
  std::sort(ids.begin(), ids.end(), [](session_id x, session_id y) {
    return x.value < y.value;
  });
  EXPECT_TRUE(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  // An id from before the floor belongs to no domain of this runtime.
  EXPECT_EQ(rt->post_message(anna, session_id{999}, "old").error(),
            errc::unavailable);
}

TEST(RuntimeSessionIds, RestoredSessionsKeepTheirIdsAndReachTheirChatsDomain) {
  two_domains w;
  auto& rt = w.rt;
  auto b = w.b, anna = w.anna;
  ASSERT_EQ(rt->domain_count(), 2u);
  // Session 7 waited in chat two, session 4 was held by b in chat two.
  ASSERT_TRUE(rt->set_status(b, operator_status::away));
  ASSERT_TRUE(rt->restore_session(
    {.id = session_id{7}, .chat = chat_id{1}, .customer = anna}));
  ASSERT_TRUE(rt->restore_session(
    {.id = session_id{4}, .chat = chat_id{1}, .customer = anna, .holder = b}));
  EXPECT_EQ(rt->view(b).value().sessions, std::vector{session_id{4}});
  ASSERT_TRUE(rt->post_message(b, session_id{4}, "still here"));
  ASSERT_TRUE(rt->close_session(b, session_id{4}));
  ASSERT_TRUE(rt->set_status(b, operator_status::online));
  EXPECT_EQ(rt->view(b).value().sessions, std::vector{session_id{7}});
  // Above the floor, or in an unknown chat: refused, nothing routed.
  EXPECT_EQ(rt->restore_session(
                {.id = session_id{1001}, .chat = chat_id{0}, .customer = anna})
              .error(),
            errc::invalid_argument);
  EXPECT_EQ(rt->restore_session(
                {.id = session_id{9}, .chat = chat_id{5}, .customer = anna})
              .error(),
            errc::unknown_chat);
}

} // namespace runtime_session_ids_test
} // namespace livechat
