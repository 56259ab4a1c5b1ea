// The simulator's fast path and the production actors give the same day.
//
// `livechat run` lets its bots talk to the routing domains directly. A
// server's clients will instead act through the production `operator_actor`
// and a `customer_actor` per session. Both paths drive the same scenario day
// here, in virtual time, and must publish the same events in the same order:
// that is what lets `run` keep the faster path (sim/engine.hpp,
// `people_path`).
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"
#include "sim/engine.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace livechat {
namespace paths_agree_test {

struct day {
  std::vector<routing_event> events;
  sim::replication_result result;
};

day simulate(const scenarios::scenario& sc, sim::people_path people) {
  auto ws = scenarios::to_workspace(sc);
  EXPECT_TRUE(ws.has_value());
  std::vector<routing_event> events;
  auto result = sim::run_replication(
    sc, *ws, /*replication=*/1,
    {.keep_sessions = true, .people = people, .event_log = &events});
  return {std::move(events), std::move(result)};
}

scenarios::scenario shipped(const std::string& name) {
  auto loaded = scenarios::load_scenario_file(std::string{LIVECHAT_SOURCE_DIR}
                                              + "/scenarios/" + name);
  EXPECT_TRUE(loaded.ok()) << loaded.error_text();
  return *loaded.value;
}

/// Counts events of one kind (to show the day exercised it).
std::size_t count(const std::vector<routing_event>& events,
                  session_event_kind kind) {
  std::size_t n = 0;
  for (const auto& e : events)
    if (const auto* s = std::get_if<session_event>(&e); s && s->kind == kind)
      ++n;
  return n;
}

void expect_same_day(const scenarios::scenario& sc) {
  auto direct = simulate(sc, sim::people_path::direct);
  auto production = simulate(sc, sim::people_path::production_actors);
  ASSERT_EQ(direct.events.size(), production.events.size());
  for (std::size_t i = 0; i < direct.events.size(); ++i)
    ASSERT_TRUE(direct.events[i] == production.events[i])
      << "the paths part at event " << i << " of " << direct.events.size();
  // The production path really went through more actors: every command
  // takes one hop more, every event one more delivery.
  EXPECT_GT(production.result.jobs, direct.result.jobs + direct.events.size());
  EXPECT_EQ(direct.result.end, production.result.end);
  EXPECT_EQ(direct.result.stranded, production.result.stranded);
  EXPECT_EQ(direct.result.operator_messages,
            production.result.operator_messages);
  // The day exercised what the actors carry: opens, assignments,
  // transfers, closes, patience running out, status changes.
  EXPECT_GT(count(direct.events, session_event_kind::assigned), 100u);
  EXPECT_GT(count(direct.events, session_event_kind::closed), 100u);
  EXPECT_GT(count(direct.events, session_event_kind::transferred), 10u);
  EXPECT_GT(count(direct.events, session_event_kind::abandoned), 0u);
  std::size_t statuses = 0;
  for (const auto& e : direct.events)
    statuses += std::holds_alternative<status_event>(e) ? 1 : 0;
  EXPECT_GT(statuses, 10u);
}

TEST(PathsAgree, SeedScenarioDayIsTheSameThroughProductionActors) {
  // Conversations, transfers to experts, patience, shifts, two domains'
  // worth of chats sharing operators.
  expect_same_day(shipped("internal-external.yaml"));
}

TEST(PathsAgree, PeakDayIsTheSameThroughProductionActors) {
  expect_same_day(shipped("peak-day.yaml"));
}

TEST(PathsAgree, ManualDistributionIsTheSameThroughProductionActors) {
  // Supervisors distribute every session of the internal chat: operator
  // bots then finish through their own timers, not delayed closes.
  auto sc = shipped("internal-external.yaml");
  sc.horizon = std::chrono::hours{4};
  for (auto& chat : sc.live_chats)
    if (chat.name == "internal")
      chat.routing = routing_policy_kind::manual;
  expect_same_day(sc);
}

} // namespace paths_agree_test
} // namespace livechat
