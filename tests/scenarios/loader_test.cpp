#include "example_scenario.hpp"
#include "scenarios/loader.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace livechat::scenarios {

// Readable failure output for locations.
void PrintTo(const source_location& at, std::ostream* os) {
  *os << at.file << ':' << at.line << ':' << at.column;
}

} // namespace livechat::scenarios

namespace loader_test {

using namespace std::chrono_literals;
using livechat::offline_policy;
using livechat::routing_policy_kind;
using livechat::scenarios::arrival_kind;
using livechat::scenarios::comparator;
using livechat::scenarios::distribution_kind;
using livechat::scenarios::distribution_spec;
using livechat::scenarios::load_result;
using livechat::scenarios::load_scenario;
using livechat::scenarios::load_scenario_file;
using livechat::scenarios::scenario;
using livechat::scenarios::source_location;
using livechat::scenarios::testing::internal_and_external;

using lines = std::vector<std::string>;

load_result load(std::string_view text, std::string file = "s.yaml") {
  std::istringstream in{std::string{text}};
  return load_scenario(in, std::move(file));
}

/// The diagnostics of loading `text`, as `file:line:column: message` lines.
lines errors_of(std::string_view text) {
  auto loaded = load(text);
  EXPECT_FALSE(loaded.ok()) << "expected problems in:\n" << text;
  lines out;
  for (const auto& d : loaded.errors)
    out.push_back(d.to_string());
  return out;
}

/// A valid scenario of seven lines; `more` starts at line 8.
std::string minimal(std::string_view more = "") {
  std::string text = R"(name: t
horizon: 1h
groups:
  - {name: general, size: 2}
  - {name: accounting, members: [anna]}
live_chats:
  - {name: web, channel: web, operators: [general], experts: [accounting]}
)";
  text += more;
  return text;
}

// --- the full example -------------------------------------------------------

TEST(LoadScenario, ReadsTheFullExample) {
  auto loaded = load(internal_and_external, "internal-and-external.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const scenario& s = *loaded.value;
  EXPECT_EQ(s.name, "internal-and-external");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.horizon, 8h);
  EXPECT_EQ(s.warmup, 0s);
  EXPECT_EQ(s.replications, 20);
  EXPECT_EQ(s.service_level_threshold, 20s);
  ASSERT_EQ(s.groups.size(), 6u);
  EXPECT_EQ(s.groups[1].name, "general");
  EXPECT_EQ(s.groups[1].size, 12u);
  ASSERT_EQ(s.groups[2].members.size(), 2u);
  EXPECT_EQ(s.groups[2].members[1].text, "boris");
  ASSERT_EQ(s.live_chats.size(), 2u);
  const auto& internal = s.live_chats[0];
  EXPECT_EQ(internal.name, "internal");
  ASSERT_EQ(internal.customers.size(), 1u);
  EXPECT_EQ(internal.customers[0].text, "employees");
  EXPECT_EQ(internal.experts.size(), 2u);
  EXPECT_EQ(internal.routing, routing_policy_kind::least_busy);
  EXPECT_EQ(internal.capacity, 2);
  EXPECT_EQ(internal.queue_limit, 200u);
  const auto& external = s.live_chats[1];
  EXPECT_EQ(external.channel, "whatsapp");
  EXPECT_EQ(external.routing, routing_policy_kind::longest_idle);
  ASSERT_EQ(s.workload.size(), 1u);
  const auto& w = s.workload[0];
  EXPECT_EQ(w.live_chat.text, "internal");
  EXPECT_EQ(w.arrivals.kind, arrival_kind::poisson);
  EXPECT_DOUBLE_EQ(w.arrivals.poisson.per_hour(), 60.0);
  EXPECT_TRUE(w.handle_time.same_as(distribution_spec::exponential(6min)));
  ASSERT_TRUE(w.patience.has_value());
  EXPECT_TRUE(w.patience->same_as(distribution_spec::exponential(5min)));
  ASSERT_EQ(w.transfers.size(), 1u);
  EXPECT_EQ(w.transfers[0].to.text, "accounting");
  EXPECT_DOUBLE_EQ(w.transfers[0].probability, 0.10);
  ASSERT_TRUE(w.transfers[0].handle_time.has_value());
  EXPECT_EQ(w.transfers[0].handle_time->first, 10min);
  ASSERT_EQ(s.shifts.size(), 1u);
  ASSERT_EQ(s.shifts[0].online.size(), 2u);
  EXPECT_EQ(s.shifts[0].online[1].from, 4h);
  EXPECT_EQ(s.shifts[0].online[1].count, 8);
  EXPECT_TRUE(
    s.supervision.reaction_time.same_as(distribution_spec::exponential(20s)));
  ASSERT_EQ(s.thresholds.size(), 3u);
  EXPECT_EQ(s.thresholds[0].metric, "wait.p99");
  EXPECT_EQ(s.thresholds[0].op, comparator::less);
  EXPECT_DOUBLE_EQ(s.thresholds[0].value, 120.0);
  EXPECT_EQ(s.thresholds[2].op, comparator::greater_equal);
}

TEST(LoadScenario, RecordsWhereEachItemWasWritten) {
  auto loaded = load(internal_and_external, "ie.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const scenario& s = *loaded.value;
  EXPECT_EQ(s.live_chats[0].where, (source_location{"ie.yaml", 15, 5}));
  EXPECT_EQ(s.live_chats[0].keys.of("capacity", {}),
            (source_location{"ie.yaml", 21, 15}));
  EXPECT_EQ(s.live_chats[0].operators[0].where,
            (source_location{"ie.yaml", 17, 17}));
  EXPECT_EQ(s.workload[0].transfers[0].to.where,
            (source_location{"ie.yaml", 30, 14}));
  EXPECT_EQ(s.thresholds[1].where, (source_location{"ie.yaml", 34, 31}));
}

// --- defaults ---------------------------------------------------------------

TEST(LoadScenario, AppliesDocumentedDefaults) {
  auto loaded = load(minimal());
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const scenario& s = *loaded.value;
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.warmup, 0s);
  EXPECT_EQ(s.replications, 1);
  EXPECT_EQ(s.service_level_threshold, 20s);
  EXPECT_TRUE(s.workload.empty());
  EXPECT_TRUE(s.shifts.empty());
  EXPECT_TRUE(s.thresholds.empty());
  EXPECT_TRUE(s.targets.empty());
  EXPECT_TRUE(
    s.supervision.reaction_time.same_as(distribution_spec::constant(0s)));
  const auto& c = s.live_chats[0];
  EXPECT_EQ(c.routing, routing_policy_kind::round_robin);
  EXPECT_EQ(c.capacity, 1);
  EXPECT_FALSE(c.queue_limit.has_value());
  EXPECT_EQ(c.on_offline, offline_policy::requeue);
  EXPECT_TRUE(c.transfers_first);
  EXPECT_FALSE(c.reject_when_nobody_online);
}

TEST(LoadScenario, WorkloadWithoutPatienceWaitsForever) {
  auto loaded = load(minimal(R"(workload:
  - {live_chat: web, arrivals: {poisson: 1/h}, handle_time: 5m}
)"));
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const auto& w = loaded.value->workload[0];
  EXPECT_FALSE(w.patience.has_value());
  EXPECT_TRUE(w.transfers.empty());
  EXPECT_FALSE(w.messages.has_value());
  EXPECT_TRUE(w.handle_time_factor_by_load.empty());
  // A bare duration is a constant distribution.
  EXPECT_TRUE(w.handle_time.same_as(distribution_spec::constant(5min)));
}

TEST(LoadScenario, WithAMessageModelHandleTimeIsAnOptionalWrapUp) {
  auto loaded = load(minimal(R"(workload:
  - live_chat: web
    arrivals: {poisson: 1/h}
    messages: {per_session: 3, customer_think: 20s, operator_reply: 10s}
)"));
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const auto& w = loaded.value->workload[0];
  ASSERT_TRUE(w.messages.has_value());
  EXPECT_TRUE(w.handle_time.same_as(distribution_spec::constant(0s)));
  // Without a message model it stays required.
  auto errors = errors_of(minimal(R"(workload:
  - {live_chat: web, arrivals: {poisson: 1/h}}
)"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("handle_time"), std::string::npos) << errors[0];
}

// --- optional keys ----------------------------------------------------------

TEST(LoadScenario, ReadsChatPoliciesAndFlags) {
  auto loaded = load(R"(name: t
horizon: 1h
groups: [{name: g, size: 1}, {name: s, size: 1}]
live_chats:
  - name: c
    channel: web
    operators: [g]
    supervisors: [s]
    routing: manual
    on_offline: close
    transfers_first: false
    reject_when_nobody_online: true
)");
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const auto& c = loaded.value->live_chats[0];
  EXPECT_EQ(c.routing, routing_policy_kind::manual);
  EXPECT_EQ(c.on_offline, offline_policy::close);
  EXPECT_FALSE(c.transfers_first);
  EXPECT_TRUE(c.reject_when_nobody_online);
}

TEST(LoadScenario, ReadsEveryDistributionKind) {
  auto loaded = load(minimal(R"(workload:
  - {live_chat: web, arrivals: {poisson: 1/h}, handle_time: {constant: 1m}}
  - {live_chat: web, arrivals: {poisson: 1/h}, handle_time: {exponential: 2m}}
  - {live_chat: web, arrivals: {poisson: 1/h}, handle_time: {lognormal: {mean: 3m, sd: 1m}}}
  - {live_chat: web, arrivals: {poisson: 1/h}, handle_time: {gamma: {mean: 4m, sd: 2m}}}
  - {live_chat: web, arrivals: {poisson: 1/h}, handle_time: {uniform: {min: 1m, max: 5m}}}
)"));
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const auto& w = loaded.value->workload;
  EXPECT_TRUE(w[0].handle_time.same_as(distribution_spec::constant(1min)));
  EXPECT_TRUE(w[1].handle_time.same_as(distribution_spec::exponential(2min)));
  EXPECT_TRUE(
    w[2].handle_time.same_as(distribution_spec::lognormal(3min, 1min)));
  EXPECT_TRUE(w[3].handle_time.same_as(distribution_spec::gamma(4min, 2min)));
  EXPECT_TRUE(w[4].handle_time.same_as(distribution_spec::uniform(1min, 5min)));
  EXPECT_EQ(w[4].handle_time.mean(), 3min);
  EXPECT_EQ(w[4].handle_time.kind, distribution_kind::uniform);
}

TEST(LoadScenario, ReadsProfileAndTraceArrivals) {
  auto loaded = load(minimal(R"(workload:
  - live_chat: web
    arrivals: {profile: [{from: 0h, rate: 30/h}, {from: 2h, rate: 90/h}]}
    handle_time: 5m
  - {live_chat: web, arrivals: {trace: arrivals.csv}, handle_time: 5m}
)"));
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const auto& a = loaded.value->workload[0].arrivals;
  EXPECT_EQ(a.kind, arrival_kind::profile);
  ASSERT_EQ(a.profile.size(), 2u);
  EXPECT_EQ(a.profile[1].from, 2h);
  EXPECT_DOUBLE_EQ(a.profile[1].value.per_hour(), 90.0);
  const auto& t = loaded.value->workload[1].arrivals;
  EXPECT_EQ(t.kind, arrival_kind::trace);
  EXPECT_EQ(t.trace, "arrivals.csv");
}

TEST(LoadScenario, ReadsMessageModelLoadFactorsAndTargets) {
  auto loaded = load(minimal(R"(workload:
  - live_chat: web
    arrivals: {poisson: 4/min}
    handle_time: {exponential: 6m}
    messages: {per_session: {constant: 4}, customer_think: {exponential: 30s}, operator_reply: {exponential: 20s}}
    handle_time_factor_by_load: [1.0, 1.17, 1.33]
targets: ["service_level.offered >= 80% @ 20s", "asa_answered_s <= 30s"]
)"));
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const auto& w = loaded.value->workload[0];
  ASSERT_TRUE(w.messages.has_value());
  EXPECT_EQ(w.messages->per_session.kind, distribution_kind::constant);
  EXPECT_DOUBLE_EQ(w.messages->per_session.first, 4.0);
  EXPECT_EQ(w.messages->customer_think.first, 30s);
  EXPECT_EQ(w.messages->operator_reply.first, 20s);
  EXPECT_EQ(w.handle_time_factor_by_load,
            (std::vector<double>{1.0, 1.17, 1.33}));
  const auto& targets = loaded.value->targets;
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].text, "service_level.offered >= 80% @ 20s");
  EXPECT_EQ(targets[0].where, (source_location{"s.yaml", 14, 11}));
}

// --- bad input: one problem each -------------------------------------------

TEST(LoadScenarioErrors, YamlSyntaxErrorNamesItsPosition) {
  EXPECT_EQ(errors_of("name: x\n  horizon: [1\n"),
            lines{"s.yaml:2:10: invalid yaml: illegal map value"});
  EXPECT_EQ(errors_of("name: [x\n"),
            lines{"s.yaml:2:1: invalid yaml: end of sequence flow not found"});
}

TEST(LoadScenarioErrors, EmptyFileAndNonMappingAreRejected) {
  EXPECT_EQ(errors_of(""), lines{"s.yaml:1:1: scenario file is empty"});
  EXPECT_EQ(errors_of("- a\n"),
            lines{"s.yaml:1:1: a scenario must be a mapping with keys such as "
                  "name, horizon, groups and live_chats"});
}

TEST(LoadScenarioErrors, UnknownTopLevelKey) {
  EXPECT_EQ(errors_of(minimal("colour: blue\n")),
            lines{"s.yaml:8:1: unknown key 'colour' in scenario"});
}

TEST(LoadScenarioErrors, UnknownKeyInLiveChat) {
  EXPECT_EQ(
    errors_of(minimal("  - {name: w2, channel: x, operators: [general], "
                      "capacty: 2}\n")),
    lines{"s.yaml:8:50: unknown key 'capacty' in live chat #2"});
}

TEST(LoadScenarioErrors, DuplicateKey) {
  EXPECT_EQ(errors_of(minimal("horizon: 2h\n")),
            lines{"s.yaml:8:1: duplicate key 'horizon' in scenario"});
}

TEST(LoadScenarioErrors, WrongUnit) {
  EXPECT_EQ(errors_of(minimal("warmup: 5x\n")),
            lines{"s.yaml:8:9: 'warmup': unknown unit 'x' in duration '5x' "
                  "(use ms, s, m, min, h, d)"});
}

TEST(LoadScenarioErrors, RateWithoutUnit) {
  EXPECT_EQ(
    errors_of(minimal(
      "workload: [{live_chat: web, arrivals: {poisson: 60}, handle_time: "
      "5m}]\n")),
    lines{"s.yaml:8:49: 'poisson' of 'arrivals' of workload for live chat "
          "'web': rate '60' needs a unit, e.g. 60/h"});
}

TEST(LoadScenarioErrors, MissingRequiredKey) {
  EXPECT_EQ(errors_of("name: t\ngroups: []\nlive_chats: []\n"),
            (lines{"s.yaml:1:1: scenario is missing required key 'horizon'",
                   "s.yaml:3:13: 'live_chats' must list at least one live "
                   "chat"}));
  EXPECT_EQ(errors_of(minimal("  - {name: w2, channel: x}\n")),
            lines{"s.yaml:8:5: live chat 'w2' is missing required key "
                  "'operators'"});
}

TEST(LoadScenarioErrors, WrongValueType) {
  EXPECT_EQ(errors_of(minimal("replications: many\n")),
            lines{"s.yaml:8:15: 'replications' must be a whole number, got "
                  "'many'"});
  EXPECT_EQ(errors_of(minimal("  - {name: w2, channel: x, operators: general, "
                              "transfers_first: yes}\n")),
            (lines{"s.yaml:8:39: 'operators' of live chat 'w2' must be a list",
                   "s.yaml:8:65: 'transfers_first' of live chat 'w2' must be "
                   "true or false"}));
}

TEST(LoadScenarioErrors, UnknownGroupInLiveChat) {
  EXPECT_EQ(
    errors_of(minimal("  - {name: internal, customers: [general], operators: "
                      "[general], experts: [hr2]}\n")),
    lines{"s.yaml:8:76: live chat 'internal' names unknown group 'hr2'"});
}

TEST(LoadScenarioErrors, ChatWithBothCustomersAndChannel) {
  EXPECT_EQ(
    errors_of(minimal("  - {name: both, customers: [general], channel: web, "
                      "operators: [general]}\n")),
    lines{"s.yaml:8:49: live chat 'both' has both customers and a channel"});
}

TEST(LoadScenarioErrors, ChatWithNeitherCustomersNorChannel) {
  EXPECT_EQ(errors_of(minimal("  - {name: neither, operators: [general]}\n")),
            lines{"s.yaml:8:5: live chat 'neither' needs either customers "
                  "(internal chat) or a channel (external chat)"});
}

TEST(LoadScenarioErrors, TransferProbabilitiesSummingAboveOne) {
  EXPECT_EQ(errors_of(minimal(R"(workload:
  - live_chat: web
    arrivals: {poisson: 1/h}
    handle_time: 5m
    transfers:
      - {to: accounting, probability: 0.6}
      - {to: accounting, probability: 0.5}
)")),
            lines{"s.yaml:13:7: transfer probabilities of workload for live "
                  "chat 'web' sum to 1.1, above 1"});
}

TEST(LoadScenarioErrors, NegativeDurations) {
  EXPECT_EQ(
    errors_of(minimal(
      "workload: [{live_chat: web, arrivals: {poisson: 1/h}, handle_time: "
      "{exponential: -5m}}]\n")),
    lines{"s.yaml:8:82: 'handle_time' of workload for live chat 'web': "
          "duration '-5m' is negative"});
}

TEST(LoadScenarioErrors, UnknownRoutingPolicy) {
  EXPECT_EQ(
    errors_of(minimal("  - {name: w2, channel: x, operators: [general], "
                      "routing: fastest}\n")),
    lines{"s.yaml:8:59: unknown routing policy 'fastest' for live chat 'w2' "
          "(use round_robin, least_busy, longest_idle, random, fixed_order, "
          "manual)"});
}

TEST(LoadScenarioErrors, WorkloadNamingUnknownChat) {
  EXPECT_EQ(
    errors_of(minimal("workload: [{live_chat: mobile, arrivals: {poisson: "
                      "1/h}, handle_time: 5m}]\n")),
    lines{"s.yaml:8:24: workload names unknown live chat 'mobile'"});
}

TEST(LoadScenarioErrors, TransferToGroupThatIsNotAnExpertGroup) {
  EXPECT_EQ(
    errors_of(minimal(R"(workload:
  - live_chat: web
    arrivals: {poisson: 1/h}
    handle_time: 5m
    transfers: [{to: general, probability: 0.1}, {to: legal, probability: 0.1}]
)")),
    (lines{"s.yaml:12:22: workload for live chat 'web' transfers to 'general', "
           "which is not an expert group of that chat",
           "s.yaml:12:55: workload for live chat 'web' transfers to unknown "
           "group 'legal'"}));
}

TEST(LoadScenarioErrors, ShiftNamingUnknownGroup) {
  EXPECT_EQ(
    errors_of(minimal("shifts: [{group: night, online: [{from: 0h, count: "
                      "1}]}]\n")),
    lines{"s.yaml:8:18: shift names unknown group 'night'"});
}

TEST(LoadScenarioErrors, ShiftCountAboveGroupSize) {
  EXPECT_EQ(
    errors_of(minimal("shifts: [{group: general, online: [{from: 0h, count: "
                      "3}]}]\n")),
    lines{"s.yaml:8:36: shift for group 'general' has count 3, above the "
          "group's size 2"});
}

TEST(LoadScenarioErrors, CapacityBelowOne) {
  EXPECT_EQ(
    errors_of(minimal("  - {name: w2, channel: x, operators: [general], "
                      "capacity: 0}\n")),
    lines{"s.yaml:8:60: 'capacity' of live chat 'w2' must be between 1 and "
          "100, got 0"});
}

TEST(LoadScenarioErrors, DuplicateGroupAndChatNames) {
  auto text = minimal("  - {name: web, channel: x, operators: [general]}\n");
  text.insert(text.find("live_chats:"), "  - {name: general, size: 4}\n");
  EXPECT_EQ(errors_of(text),
            (lines{"s.yaml:6:12: duplicate group 'general' (first declared at "
                   "line 4)",
                   "s.yaml:9:12: duplicate live chat 'web' (first declared at "
                   "line 8)"}));
}

TEST(LoadScenarioErrors, UnparseableThreshold) {
  EXPECT_EQ(errors_of(minimal("thresholds: [\"wait.p99 < 2q\", \"< 3\"]\n")),
            (lines{"s.yaml:8:14: invalid threshold 'wait.p99 < 2q': value '2q' "
                   "is neither a number nor a duration",
                   "s.yaml:8:31: invalid threshold '< 3': expected 'metric op "
                   "value', e.g. 'wait.p99 < 2m'"}));
}

TEST(LoadScenarioErrors, UnknownDistribution) {
  EXPECT_EQ(
    errors_of(minimal(
      "workload: [{live_chat: web, arrivals: {poisson: 1/h}, handle_time: "
      "{weibull: 5m}}]\n")),
    lines{"s.yaml:8:69: 'handle_time' of workload for live chat 'web': "
          "unknown distribution 'weibull' (use constant, exponential, "
          "lognormal, gamma, uniform)"});
}

TEST(LoadScenarioErrors, WarmupNotBeforeHorizon) {
  EXPECT_EQ(errors_of(minimal("warmup: 2h\n")),
            lines{"s.yaml:8:9: 'warmup' (2h) must be shorter than 'horizon' "
                  "(1h)"});
}

// --- all problems at once ---------------------------------------------------

TEST(LoadScenarioErrors, ReportsEveryProblemSortedByPosition) {
  auto text = R"(name: bad
horizon: 8x
colour: blue
groups:
  - {name: general, size: 2}
  - {name: general, members: [a]}
live_chats:
  - name: internal
    customers: [employees]
    channel: web
    operators: [general, hr2]
    routing: fastest
    capacity: 0
workload:
  - live_chat: nowhere
    arrivals: {poisson: 1/h}
    handle_time: 5m
shifts:
  - {group: general, online: [{from: 0h, count: 3}]}
thresholds: ["wait.p99 < 2q"]
)";
  EXPECT_EQ(
    errors_of(text),
    (lines{
      "s.yaml:2:10: 'horizon': unknown unit 'x' in duration '8x' (use ms, s, "
      "m, min, h, d)",
      "s.yaml:3:1: unknown key 'colour' in scenario",
      "s.yaml:6:12: duplicate group 'general' (first declared at line 5)",
      "s.yaml:9:17: live chat 'internal' names unknown group 'employees'",
      "s.yaml:10:14: live chat 'internal' has both customers and a channel",
      "s.yaml:11:26: live chat 'internal' names unknown group 'hr2'",
      "s.yaml:12:14: unknown routing policy 'fastest' for live chat "
      "'internal' (use round_robin, least_busy, longest_idle, random, "
      "fixed_order, manual)",
      "s.yaml:13:15: 'capacity' of live chat 'internal' must be between 1 "
      "and 100, got 0",
      "s.yaml:15:16: workload names unknown live chat 'nowhere'",
      "s.yaml:19:31: shift for group 'general' has count 3, above the "
      "group's size 2",
      "s.yaml:20:14: invalid threshold 'wait.p99 < 2q': value '2q' is "
      "neither a number nor a duration",
    }));
}

TEST(LoadScenarioFile, MissingFileIsOneDiagnosticNamingThePath) {
  auto loaded = load_scenario_file("/nonexistent/dir/x.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error_text(), "/nonexistent/dir/x.yaml: cannot open file\n");
}

} // namespace loader_test
