// Memory grows with concurrent sessions, not with total sessions: a runtime
// that has seen 100,000 sessions, one at a time, holds no more than one that
// has seen 10,000. (A customer actor that monitored its domain once left
// ~1.2 KB behind per session, forever.)
#include "actors/runtime.hpp"
#include "core/contacts.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <string>

namespace livechat {
namespace runtime_memory_test {

long resident_kb() {
  std::ifstream status{"/proc/self/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stol(line.substr(6));
  return -1;
}

TEST(RuntimeMemory, ResidentSizeDoesNotGrowWithTotalSessions) {
#if defined(LIVECHAT_ASAN) || defined(LIVECHAT_TSAN)
  GTEST_SKIP() << "sanitizers keep freed memory in quarantine";
#endif
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  std::vector<user_id> ops{dir.add_user("olga").value(),
                           dir.add_user("oleg").value()};
  auto g = dir.create_group(admin, "general", ops).value();
  live_chat_definition def;
  def.name = "external";
  def.channel = "whatsapp";
  def.operator_groups = {g};
  auto rt = runtime::create({std::move(dir), admin, {def}}).value();
  for (auto op : ops)
    ASSERT_TRUE(rt->set_status(op, operator_status::online));
  std::uint32_t next = 0;
  auto cycle = [&](int sessions) {
    for (int i = 0; i < sessions; ++i, ++next) {
      auto t = rt->open_session(customer_of(contact_id{next}), chat_id{0});
      ASSERT_TRUE(t);
      ASSERT_TRUE(rt->leave(customer_of(contact_id{next}), t->id));
    }
  };
  cycle(10'000);
  auto after_warmup = resident_kb();
  cycle(90'000);
  auto after_all = resident_kb();
  ASSERT_GT(after_warmup, 0);
  // A leak of even 100 bytes per session would add ~9 MB here.
  EXPECT_LT(after_all - after_warmup, 4 * 1024)
    << "RSS grew from " << after_warmup << " KB to " << after_all << " KB";
}

} // namespace runtime_memory_test
} // namespace livechat
