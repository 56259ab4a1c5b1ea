#include "scenarios/loader.hpp"
#include "scenarios/targets.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace targets_test {

using namespace std::chrono_literals;
using livechat::queueing::service_level_definition;
using livechat::queueing::staffing_metric;
using livechat::scenarios::load_result;
using livechat::scenarios::load_scenario;
using livechat::scenarios::parse_target;
using livechat::scenarios::target_metric;
using livechat::scenarios::target_spec;

/// The target of `text`, which must parse.
target_spec target(std::string_view text) {
  auto t = parse_target(text);
  EXPECT_TRUE(t) << text << ": " << t.error;
  return t ? *t : target_spec{};
}

/// The message of `text`, which must not parse.
std::string error_of(std::string_view text) {
  auto t = parse_target(text);
  EXPECT_FALSE(t) << "expected '" << text << "' to be rejected";
  return t.error;
}

// --- every metric -----------------------------------------------------------

TEST(ParseTarget, ReadsAServiceLevel) {
  auto t = target("service_level.offered >= 0.8 @ 20s");
  EXPECT_EQ(t.metric, target_metric::service_level);
  EXPECT_EQ(t.definition, service_level_definition::offered);
  EXPECT_EQ(t.threshold, 20s);
  EXPECT_DOUBLE_EQ(t.bound, 0.8);
  EXPECT_EQ(t.text, "service_level.offered >= 0.8 @ 20s");
}

TEST(ParseTarget, ReadsEveryServiceLevelDefinition) {
  EXPECT_EQ(target("service_level.offered >= 0.8 @ 20s").definition,
            service_level_definition::offered);
  EXPECT_EQ(target("service_level.answered >= 0.8 @ 20s").definition,
            service_level_definition::answered);
  EXPECT_EQ(target("service_level.excl_short_abandons >= 0.8 @ 20s").definition,
            service_level_definition::excl_short_abandons);
  EXPECT_EQ(target("service_level.virtual >= 0.8 @ 20s").definition,
            service_level_definition::virtual_wait);
}

TEST(ParseTarget, ReadsTheOtherMetrics) {
  auto asa = target("asa_answered_s <= 30");
  EXPECT_EQ(asa.metric, target_metric::asa_answered);
  EXPECT_DOUBLE_EQ(asa.bound, 30.0);
  auto ab = target("abandon_rate <= 0.05");
  EXPECT_EQ(ab.metric, target_metric::abandon_rate);
  EXPECT_DOUBLE_EQ(ab.bound, 0.05);
  auto p90 = target("wait.p90 <= 45s");
  EXPECT_EQ(p90.metric, target_metric::wait_p90);
  EXPECT_DOUBLE_EQ(p90.bound, 45.0);
  auto occ = target("occupancy <= 0.85");
  EXPECT_EQ(occ.metric, target_metric::occupancy);
  EXPECT_DOUBLE_EQ(occ.bound, 0.85);
}

// --- values -----------------------------------------------------------------

TEST(ParseTarget, ReadsPercentagesAsFractions) {
  EXPECT_DOUBLE_EQ(target("service_level.offered >= 80% @ 20s").bound, 0.8);
  EXPECT_DOUBLE_EQ(target("abandon_rate <= 5%").bound, 0.05);
  EXPECT_DOUBLE_EQ(target("occupancy <= 85 %").bound, 0.85);
  EXPECT_DOUBLE_EQ(target("occupancy <= 100%").bound, 1.0);
  EXPECT_DOUBLE_EQ(target("abandon_rate <= 0").bound, 0.0);
}

TEST(ParseTarget, ReadsDurationsAndBareSeconds) {
  EXPECT_EQ(target("service_level.offered >= 0.8 @ 1.5m").threshold, 90s);
  EXPECT_EQ(target("service_level.offered >= 0.8 @ 30").threshold, 30s);
  EXPECT_EQ(target("service_level.offered >= 0.8 @ 250ms").threshold, 250ms);
  EXPECT_EQ(target("service_level.offered >= 0.8 @ 0").threshold, 0s);
  EXPECT_DOUBLE_EQ(target("asa_answered_s <= 1.5m").bound, 90.0);
  EXPECT_DOUBLE_EQ(target("asa_answered_s <= 12.5").bound, 12.5);
  EXPECT_DOUBLE_EQ(target("wait.p90 <= 2m").bound, 120.0);
  EXPECT_DOUBLE_EQ(target("wait.p90 <= 90").bound, 90.0);
}

TEST(ParseTarget, SpacesAreOptional) {
  auto t = target("service_level.answered>=80%@20s");
  EXPECT_EQ(t.definition, service_level_definition::answered);
  EXPECT_DOUBLE_EQ(t.bound, 0.8);
  EXPECT_EQ(t.threshold, 20s);
  EXPECT_DOUBLE_EQ(target("abandon_rate<=0.05").bound, 0.05);
  EXPECT_DOUBLE_EQ(target("wait.p90<=2m").bound, 120.0);
  EXPECT_DOUBLE_EQ(target("  occupancy   <=   0.9  ").bound, 0.9);
  EXPECT_EQ(target("service_level.offered >=0.8@ 20s").threshold, 20s);
  EXPECT_EQ(target("service_level.offered>= 0.8 @20s").threshold, 20s);
}

// --- errors -----------------------------------------------------------------

TEST(ParseTargetErrors, EmptyOrNoMetric) {
  EXPECT_EQ(error_of(""), "invalid target '': expected 'metric op bound', e.g. "
                          "'service_level.offered >= 0.8 @ 20s'");
  EXPECT_EQ(error_of(">= 0.8"),
            "invalid target '>= 0.8': expected 'metric op bound', e.g. "
            "'service_level.offered >= 0.8 @ 20s'");
}

TEST(ParseTargetErrors, UnknownMetric) {
  EXPECT_EQ(error_of("wait.p42 <= 2m"),
            "invalid target 'wait.p42 <= 2m': unknown metric 'wait.p42' (use "
            "service_level.<definition>, asa_answered_s, abandon_rate, "
            "wait.p90, occupancy)");
  EXPECT_EQ(error_of("asa_answerd <= 30s"),
            "invalid target 'asa_answerd <= 30s': unknown metric "
            "'asa_answerd' (use service_level.<definition>, asa_answered_s, "
            "abandon_rate, wait.p90, occupancy)");
}

TEST(ParseTargetErrors, AMetricThePlannerCannotTarget) {
  // In the registry (a threshold may name it) but not a plan target.
  EXPECT_EQ(error_of("wait.p99 <= 2m"),
            "invalid target 'wait.p99 <= 2m': metric 'wait.p99' cannot be "
            "planned for (use service_level.<definition>, asa_answered_s, "
            "abandon_rate, wait.p90, occupancy)");
  EXPECT_EQ(error_of("service_levels.offered >= 0.8 @ 20s"),
            "invalid target 'service_levels.offered >= 0.8 @ 20s': unknown "
            "metric 'service_levels.offered' (use service_level.<definition>, "
            "asa_answered_s, abandon_rate, wait.p90, occupancy)");
}

TEST(ParseTargetErrors, UnknownOrMissingServiceLevelDefinition) {
  EXPECT_EQ(error_of("service_level.abandoned >= 0.8 @ 20s"),
            "invalid target 'service_level.abandoned >= 0.8 @ 20s': unknown "
            "service-level definition 'abandoned' (use offered, answered, "
            "excl_short_abandons, virtual)");
  EXPECT_EQ(error_of("service_level.virtual_wait >= 0.8 @ 20s"),
            "invalid target 'service_level.virtual_wait >= 0.8 @ 20s': "
            "unknown service-level definition 'virtual_wait' (use offered, "
            "answered, excl_short_abandons, virtual)");
  EXPECT_EQ(error_of("service_level >= 0.8 @ 20s"),
            "invalid target 'service_level >= 0.8 @ 20s': missing "
            "service-level definition: write service_level.<definition> "
            "(use offered, answered, excl_short_abandons, virtual)");
}

TEST(ParseTargetErrors, MissingAtForServiceLevel) {
  EXPECT_EQ(error_of("service_level.offered >= 0.8"),
            "invalid target 'service_level.offered >= 0.8': "
            "service_level.offered needs '@ t', the t of \"answered within "
            "t\" (e.g. 'service_level.offered >= 0.8 @ 20s')");
  EXPECT_EQ(error_of("service_level.offered >= 0.8 @"),
            "invalid target 'service_level.offered >= 0.8 @': missing time "
            "after '@'");
  EXPECT_EQ(error_of("service_level.offered >= 0.8 @ 20s @ 30s"),
            "invalid target 'service_level.offered >= 0.8 @ 20s @ 30s': more "
            "than one '@'");
}

TEST(ParseTargetErrors, AtOnAMetricThatTakesNone) {
  EXPECT_EQ(error_of("abandon_rate <= 0.05 @ 20s"),
            "invalid target 'abandon_rate <= 0.05 @ 20s': abandon_rate takes "
            "no '@ t' (only service levels do)");
  EXPECT_EQ(error_of("wait.p90 <= 1m @ 20s"),
            "invalid target 'wait.p90 <= 1m @ 20s': wait.p90 takes no '@ t' "
            "(only service levels do)");
  EXPECT_FALSE(parse_target("asa_answered_s <= 30 @ 20s"));
  EXPECT_FALSE(parse_target("occupancy <= 0.85@"));
}

TEST(ParseTargetErrors, WrongComparatorDirection) {
  EXPECT_EQ(error_of("abandon_rate >= 0.1"),
            "invalid target 'abandon_rate >= 0.1': abandon_rate is a maximum: "
            "use <=");
  EXPECT_EQ(error_of("service_level.offered <= 0.8 @ 20s"),
            "invalid target 'service_level.offered <= 0.8 @ 20s': "
            "service_level.offered is a minimum: use >=");
  EXPECT_EQ(error_of("wait.p90 > 2m"),
            "invalid target 'wait.p90 > 2m': wait.p90 is a maximum: use <=");
  EXPECT_EQ(error_of("occupancy < 0.9"),
            "invalid target 'occupancy < 0.9': occupancy is a maximum: use <=");
  EXPECT_EQ(error_of("asa_answered_s == 30"),
            "invalid target 'asa_answered_s == 30': asa_answered_s is a "
            "maximum: use <=");
}

TEST(ParseTargetErrors, MissingComparatorOrBound) {
  EXPECT_EQ(error_of("abandon_rate 0.05"),
            "invalid target 'abandon_rate 0.05': expected <= after "
            "'abandon_rate'");
  EXPECT_EQ(error_of("service_level.offered 0.8 @ 20s"),
            "invalid target 'service_level.offered 0.8 @ 20s': expected >= "
            "after 'service_level.offered'");
  EXPECT_EQ(error_of("abandon_rate <="),
            "invalid target 'abandon_rate <=': missing bound after <=");
  EXPECT_EQ(error_of("service_level.offered >= @ 20s"),
            "invalid target 'service_level.offered >= @ 20s': missing bound "
            "after >=");
}

TEST(ParseTargetErrors, FractionOutsideZeroToOne) {
  EXPECT_EQ(error_of("abandon_rate <= 1.2"),
            "invalid target 'abandon_rate <= 1.2': fraction '1.2' is outside "
            "[0, 1]");
  EXPECT_EQ(error_of("service_level.offered >= 120% @ 20s"),
            "invalid target 'service_level.offered >= 120% @ 20s': fraction "
            "'120%' is outside [0, 1]");
  EXPECT_EQ(error_of("occupancy <= -0.1"),
            "invalid target 'occupancy <= -0.1': fraction '-0.1' is outside "
            "[0, 1]");
}

TEST(ParseTargetErrors, InvalidFraction) {
  EXPECT_EQ(error_of("abandon_rate <= 5s"),
            "invalid target 'abandon_rate <= 5s': invalid fraction '5s' "
            "(expected e.g. 0.8 or 80%)");
  EXPECT_EQ(error_of("occupancy <= high"),
            "invalid target 'occupancy <= high': invalid fraction 'high' "
            "(expected e.g. 0.8 or 80%)");
  EXPECT_FALSE(parse_target("occupancy <= %"));
}

TEST(ParseTargetErrors, NegativeTimes) {
  EXPECT_EQ(error_of("asa_answered_s <= -5"),
            "invalid target 'asa_answered_s <= -5': time '-5' is negative");
  EXPECT_EQ(error_of("wait.p90 <= -1m"),
            "invalid target 'wait.p90 <= -1m': time '-1m' is negative");
  EXPECT_EQ(error_of("service_level.offered >= 0.8 @ -20s"),
            "invalid target 'service_level.offered >= 0.8 @ -20s': time "
            "'-20s' is negative");
}

TEST(ParseTargetErrors, InvalidTimes) {
  EXPECT_EQ(error_of("wait.p90 <= 2q"),
            "invalid target 'wait.p90 <= 2q': unknown unit 'q' in duration "
            "'2q' (use ms, s, m, min, h, d)");
  EXPECT_EQ(error_of("service_level.offered >= 0.8 @ soon"),
            "invalid target 'service_level.offered >= 0.8 @ soon': invalid "
            "duration 'soon' (expected a number and a unit: ms, s, m, min, h, "
            "d)");
  EXPECT_EQ(error_of("asa_answered_s <= 1e300"),
            "invalid target 'asa_answered_s <= 1e300': time '1e300' is out of "
            "range");
}

// --- holds, name, staffing --------------------------------------------------

TEST(TargetSpec, ServiceLevelsHoldAtOrAboveTheBound) {
  auto t = target("service_level.offered >= 0.8 @ 20s");
  EXPECT_TRUE(t.holds(0.83));
  EXPECT_TRUE(t.holds(0.8));
  EXPECT_FALSE(t.holds(0.79));
}

TEST(TargetSpec, OtherMetricsHoldAtOrBelowTheBound) {
  auto ab = target("abandon_rate <= 0.05");
  EXPECT_TRUE(ab.holds(0.04));
  EXPECT_TRUE(ab.holds(0.05));
  EXPECT_FALSE(ab.holds(0.06));
  auto asa = target("asa_answered_s <= 30s");
  EXPECT_TRUE(asa.holds(29.0));
  EXPECT_FALSE(asa.holds(31.0));
  auto p90 = target("wait.p90 <= 1m");
  EXPECT_TRUE(p90.holds(60.0));
  EXPECT_FALSE(p90.holds(61.0));
  auto occ = target("occupancy <= 0.85");
  EXPECT_TRUE(occ.holds(0.85));
  EXPECT_FALSE(occ.holds(0.9));
}

TEST(TargetSpec, NameIsStable) {
  EXPECT_EQ(target("service_level.offered >= 0.8 @ 20s").name(),
            "service_level.offered@20s");
  EXPECT_EQ(target("service_level.virtual>=80%@1.5m").name(),
            "service_level.virtual@90s");
  EXPECT_EQ(target("service_level.excl_short_abandons >= 0.8 @ 2m").name(),
            "service_level.excl_short_abandons@2m");
  EXPECT_EQ(target("asa_answered_s <= 30").name(), "asa_answered_s");
  EXPECT_EQ(target("abandon_rate <= 5%").name(), "abandon_rate");
  EXPECT_EQ(target("wait.p90 <= 1m").name(), "wait.p90_s");
  EXPECT_EQ(target("occupancy <= 0.85").name(), "occupancy");
}

TEST(TargetSpec, MapsToStaffingTargets) {
  auto sl = target("service_level.answered >= 0.8 @ 20s").to_staffing_target();
  ASSERT_TRUE(sl.has_value());
  EXPECT_EQ(sl->metric, staffing_metric::service_level);
  EXPECT_DOUBLE_EQ(sl->value, 0.8);
  EXPECT_DOUBLE_EQ(sl->threshold_s, 20.0);
  EXPECT_EQ(sl->definition, service_level_definition::answered);

  auto asa = target("asa_answered_s <= 30s").to_staffing_target();
  ASSERT_TRUE(asa.has_value());
  EXPECT_EQ(asa->metric, staffing_metric::asa);
  EXPECT_DOUBLE_EQ(asa->value, 30.0);

  auto ab = target("abandon_rate <= 5%").to_staffing_target();
  ASSERT_TRUE(ab.has_value());
  EXPECT_EQ(ab->metric, staffing_metric::abandon_rate);
  EXPECT_DOUBLE_EQ(ab->value, 0.05);

  auto p90 = target("wait.p90 <= 1m").to_staffing_target();
  ASSERT_TRUE(p90.has_value());
  EXPECT_EQ(p90->metric, staffing_metric::service_level);
  EXPECT_DOUBLE_EQ(p90->value, 0.9);
  EXPECT_DOUBLE_EQ(p90->threshold_s, 60.0);
  EXPECT_EQ(p90->definition, service_level_definition::answered);

  EXPECT_FALSE(target("occupancy <= 0.85").to_staffing_target().has_value());
}

// --- in scenario files ------------------------------------------------------

load_result load(std::string_view text) {
  std::istringstream in{std::string{text}};
  return load_scenario(in, "s.yaml");
}

/// A valid scenario of six lines; `more` starts at line 7.
std::string minimal(std::string_view more) {
  std::string text = R"(name: t
horizon: 1h
groups:
  - {name: general, size: 2}
live_chats:
  - {name: web, channel: web, operators: [general]}
)";
  text += more;
  return text;
}

std::vector<std::string> errors_of(std::string_view text) {
  auto loaded = load(text);
  EXPECT_FALSE(loaded.ok()) << "expected problems in:\n" << text;
  std::vector<std::string> out;
  for (const auto& d : loaded.errors)
    out.push_back(d.to_string());
  return out;
}

TEST(LoadScenarioTargets, ParsesEachTargetWithItsLocation) {
  auto loaded = load(minimal(
    R"(targets: ["service_level.offered >= 0.8 @ 20s", "abandon_rate <= 0.05", "occupancy <= 0.85"]
)"));
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const auto& targets = loaded.value->targets;
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[0].metric, target_metric::service_level);
  EXPECT_EQ(targets[0].threshold, 20s);
  EXPECT_DOUBLE_EQ(targets[0].bound, 0.8);
  EXPECT_EQ(targets[0].text, "service_level.offered >= 0.8 @ 20s");
  EXPECT_EQ(targets[0].where.file, "s.yaml");
  EXPECT_EQ(targets[0].where.line, 7);
  EXPECT_EQ(targets[0].where.column, 11);
  EXPECT_EQ(targets[1].metric, target_metric::abandon_rate);
  EXPECT_EQ(targets[1].where.column, 49);
  EXPECT_EQ(targets[2].metric, target_metric::occupancy);
  EXPECT_DOUBLE_EQ(targets[2].bound, 0.85);
}

TEST(LoadScenarioTargets, BlockListsWork) {
  auto loaded = load(minimal(R"(targets:
  - wait.p90 <= 1m
  - "asa_answered_s <= 30"
)"));
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const auto& targets = loaded.value->targets;
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].metric, target_metric::wait_p90);
  EXPECT_EQ(targets[0].where.line, 8);
  EXPECT_EQ(targets[0].where.column, 5);
  EXPECT_EQ(targets[1].metric, target_metric::asa_answered);
  EXPECT_EQ(targets[1].where.line, 9);
}

TEST(LoadScenarioTargets, BadTargetsAreDiagnosedAtTheirPosition) {
  EXPECT_EQ(
    errors_of(minimal(
      R"(targets: ["abandon_rate >= 0.1", "occupancy <= 0.85", "service_level.offered >= 0.8"]
)")),
    (std::vector<std::string>{
      "s.yaml:7:11: invalid target 'abandon_rate >= 0.1': abandon_rate is a "
      "maximum: use <=",
      "s.yaml:7:55: invalid target 'service_level.offered >= 0.8': "
      "service_level.offered needs '@ t', the t of \"answered within t\" "
      "(e.g. 'service_level.offered >= 0.8 @ 20s')"}));
  EXPECT_EQ(errors_of(minimal("targets:\n  - occupancy <= 0.85\n  - "
                              "service_level.best >= 0.8 @ 20s\n")),
            (std::vector<std::string>{
              "s.yaml:9:5: invalid target 'service_level.best >= 0.8 @ 20s': "
              "unknown service-level definition 'best' (use offered, "
              "answered, excl_short_abandons, virtual)"}));
}

TEST(LoadScenarioTargets, TargetsMustBeAListOfStrings) {
  auto errors = errors_of(minimal("targets: abandon_rate <= 0.05\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with("s.yaml:7:10: ")) << errors[0];
  errors = errors_of(minimal("targets: [[abandon_rate <= 0.05]]\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with("s.yaml:7:11: ")) << errors[0];
}

TEST(LoadScenarioTargets, NoTargetsByDefault) {
  auto loaded = load(minimal(""));
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  EXPECT_TRUE(loaded.value->targets.empty());
}

} // namespace targets_test
