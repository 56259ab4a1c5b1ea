#include "scenarios/validate.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace validate_test {

using namespace std::chrono_literals;
using livechat::scenarios::chat_spec;
using livechat::scenarios::distribution_spec;
using livechat::scenarios::group_spec;
using livechat::scenarios::scenario;
using livechat::scenarios::shift_spec;
using livechat::scenarios::validate;
using livechat::scenarios::workload_spec;

using lines = std::vector<std::string>;

// A valid scenario built in code (no source locations).
scenario small() {
  scenario s;
  s.name = "small";
  s.horizon = 1h;
  s.groups.push_back({.name = "general", .size = 3});
  s.groups.push_back({.name = "experts", .members = {{"anna"}, {"ben"}}});
  s.live_chats.push_back({.name = "web",
                          .channel = "web",
                          .operators = {{"general"}},
                          .experts = {{"experts"}}});
  workload_spec w;
  w.live_chat = {"web"};
  w.handle_time = distribution_spec::exponential(5min);
  s.workload.push_back(w);
  return s;
}

lines messages(const scenario& s) {
  lines out;
  for (const auto& d : validate(s))
    out.push_back(d.message);
  return out;
}

TEST(ValidateScenario, AcceptsAValidScenarioBuiltInCode) {
  EXPECT_TRUE(validate(small()).empty());
}

TEST(ValidateScenario, RejectsImpossibleDistributionParameters) {
  auto s = small();
  s.workload[0].handle_time = distribution_spec::gamma(5min, 0s);
  s.workload[0].patience = distribution_spec::constant(-1s);
  EXPECT_EQ(messages(s),
            (lines{"'handle_time' of workload for live chat 'web': gamma sd "
                   "must be positive",
                   "'patience' of workload for live chat 'web': constant must "
                   "not be negative"}));
}

TEST(ValidateScenario, RejectsManualRoutingWithoutSupervisors) {
  auto s = small();
  s.live_chats[0].routing = livechat::routing_policy_kind::manual;
  EXPECT_EQ(messages(s), lines{"live chat 'web' uses manual routing but has "
                               "no supervisor groups"});
}

TEST(ValidateScenario, RejectsUnorderedShiftStepsAndDuplicateShifts) {
  auto s = small();
  shift_spec shift{.group = {"general"},
                   .online = {{.from = 2h, .count = 1},
                              {.from = 1h, .count = 2}}};
  s.shifts = {shift, shift};
  EXPECT_EQ(messages(s),
            (lines{"shift for group 'general' must list steps with increasing "
                   "'from' times",
                   "group 'general' has a second shift",
                   "shift for group 'general' must list steps with increasing "
                   "'from' times"}));
}

TEST(ValidateScenario, RejectsZeroReplicationsAndZeroQueueLimit) {
  auto s = small();
  s.replications = 0;
  s.live_chats[0].queue_limit = 0;
  EXPECT_EQ(messages(s),
            (lines{"'replications' must be between 1 and 1000000, got 0",
                   "'queue_limit' of live chat 'web' must be between 1 and "
                   "1000000000, got 0"}));
}

TEST(ValidateScenario, RejectsAdministratorsWithoutMembers) {
  auto s = small();
  s.groups.push_back({.name = "Administrators"});
  EXPECT_EQ(messages(s), lines{"group 'Administrators' needs at least one "
                               "member"});
}

} // namespace validate_test
