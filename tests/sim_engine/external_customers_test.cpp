// The simulator's external customers are contacts (core/contacts.hpp), never
// directory users: each workload numbers its fresh contacts in a range of its
// own, and the domains, which refuse a directory user as the customer of an
// external chat, serve every one of them.
#include "core/contacts.hpp"
#include "sim/engine.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

namespace livechat {
namespace external_customers_test {

using testing::load_text;

using namespace std::chrono_literals;

/// `chats` external chats (plus an internal one when `with_internal`), each
/// with one trace workload, all served by one group of agents.
std::string scenario_yaml(int chats, bool with_internal) {
  std::string yaml = "name: contacts\nseed: 3\nhorizon: 1h\ngroups:\n"
                     "  - {name: agents, size: 4}\n"
                     "  - {name: employees, size: 5}\nlive_chats:\n";
  for (int c = 0; c < chats; ++c)
    yaml += "  - {name: ext" + std::to_string(c)
            + ", channel: web, operators: [agents]}\n";
  if (with_internal)
    yaml += "  - {name: int, customers: [employees], operators: [agents]}\n";
  yaml += "workload:\n";
  auto workload = [&](const std::string& chat) {
    yaml += "  - live_chat: " + chat + "\n    arrivals: {trace: unused.csv}\n"
            + "    handle_time: {constant: 10s}\n";
  };
  for (int c = 0; c < chats; ++c)
    workload("ext" + std::to_string(c));
  if (with_internal)
    workload("int");
  return yaml;
}

/// Three arrivals, a minute apart, for each of `workloads`.
std::vector<std::vector<duration>> three_arrivals_each(std::size_t workloads) {
  return std::vector<std::vector<duration>>(workloads, {0s, 60s, 120s});
}

TEST(SimExternalCustomers, AreContactsNumberedInTheirWorkloadsRange) {
  auto [sc, ws] = load_text(scenario_yaml(2, true));
  auto traces = three_arrivals_each(3);
  auto rep = sim::run_replication(
    sc, ws, 0, {.keep_sessions = true, .trace_times = &traces});
  ASSERT_EQ(rep.sessions.size(), 9u);
  auto directory_users = static_cast<std::uint32_t>(ws.dir.users().size());
  std::vector<std::vector<std::uint32_t>> numbers(2);
  for (const auto& s : rep.sessions) {
    auto c = contact_of(s.customer);
    if (s.chat == chat_id{2}) { // the internal chat: employees
      EXPECT_FALSE(c) << s.customer.value;
      EXPECT_TRUE(ws.dir.contains(s.customer));
      continue;
    }
    ASSERT_TRUE(c) << "a directory-range customer " << s.customer.value;
    numbers[s.chat.value].push_back(c->value);
  }
  // Workload w's contacts count on from w * 100 million plus the number of
  // directory users (the numbers `contact-N` in sessions.csv).
  for (std::uint32_t w = 0; w < 2; ++w) {
    auto first = w * 100'000'000u + directory_users;
    EXPECT_EQ(numbers[w], (std::vector{first, first + 1, first + 2}));
  }
}

class SimManyExternalWorkloads
    : public ::testing::TestWithParam<sim::people_path> {};

TEST_P(SimManyExternalWorkloads, AllOpenTheirSessionsWithDistinctContacts) {
  // More workloads than 100-million ranges fit among the contacts.
  constexpr int chats = 25;
  auto [sc, ws] = load_text(scenario_yaml(chats, false));
  auto traces = three_arrivals_each(chats);
  auto rep = sim::run_replication(
    sc, ws, 0,
    {.keep_sessions = true, .trace_times = &traces, .people = GetParam()});
  std::set<user_id> customers;
  for (const auto& s : rep.sessions) {
    EXPECT_TRUE(contact_of(s.customer)) << s.customer.value;
    customers.insert(s.customer);
  }
  EXPECT_EQ(customers.size(), 3u * chats);
  for (std::uint32_t c = 0; c < chats; ++c) {
    const auto& chat = rep.stats.chat(chat_id{c});
    EXPECT_EQ(chat.offered, 3u) << "chat " << c;
    EXPECT_EQ(chat.answered, 3u) << "chat " << c;
  }
}

INSTANTIATE_TEST_SUITE_P(
  BothPaths, SimManyExternalWorkloads,
  ::testing::Values(sim::people_path::direct,
                    sim::people_path::production_actors));

} // namespace external_customers_test
} // namespace livechat
