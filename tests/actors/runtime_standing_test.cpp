// Queue position and expected wait in a customer's session stream: told
// while the session waits, again whenever it moves, and no more once it is
// assigned.
#include "actors/runtime.hpp"
#include "core/contacts.hpp"

#include <gtest/gtest.h>

namespace livechat {
namespace runtime_standing_test {

using namespace std::chrono_literals;

TEST(RuntimeStanding, WaitingCustomerIsToldItsPositionAndExpectedWait) {
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  auto olga = dir.add_user("olga").value();
  std::vector<user_id> ops{olga};
  auto general = dir.create_group(admin, "general", ops).value();
  live_chat_definition chat{
    .name = "external", .operator_groups = {general}, .channel = "whatsapp"};
  auto rt = runtime::create({std::move(dir), admin, {chat}}).value();
  ASSERT_TRUE(rt->set_status(olga, operator_status::online));
  std::vector<session_id> ids;
  for (std::uint32_t c = 0; c < 4; ++c)
    ids.push_back(
      rt->open_session(customer_of(contact_id{c}), chat_id{0}).value().id);
  // ids[0] is with olga; ids[1..3] wait in that order.
  auto last = rt->watch_session(customer_of(contact_id{3}), ids[3]).value();
  for (int served = 0; served < 3; ++served) {
    rt->advance_to(rt->now() + 3min); // every handling takes 3 minutes
    ASSERT_TRUE(rt->close_session(olga, ids[served]));
  }
  std::vector<std::size_t> positions;
  std::vector<std::optional<duration>> waits;
  bool assigned = false;
  for (const auto& item : last->take()) {
    if (auto* st = std::get_if<queue_standing>(&item)) {
      EXPECT_FALSE(assigned) << "told a standing after the assignment";
      EXPECT_EQ(st->session, ids[3]);
      EXPECT_EQ(st->chat, chat_id{0});
      EXPECT_EQ(st->slots, 1u);
      positions.push_back(st->position);
      waits.push_back(st->expected_wait);
    }
    if (auto* e = std::get_if<session_event>(&item))
      assigned = assigned || e->kind == session_event_kind::assigned;
  }
  EXPECT_TRUE(assigned);
  EXPECT_EQ(positions, (std::vector<std::size_t>{2, 1, 0}));
  ASSERT_EQ(waits.size(), 3u);
  EXPECT_FALSE(waits[0]) << "no handling has ended yet: no estimate";
  // After handlings of exactly 3 minutes: (position + 1) * 3 min / 1 slot.
  EXPECT_EQ(waits[1], std::optional<duration>{duration{6min}});
  EXPECT_EQ(waits[2], std::optional<duration>{duration{3min}});
}

} // namespace runtime_standing_test
} // namespace livechat
