// Test support: a scenario written inline as YAML text, loaded and turned into
// its workspace, for tests of the simulator and the planner.
//
// Example:
//   auto [sc, ws] = livechat::testing::load_text(R"(name: t ...)");
#pragma once

#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"

#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <string>

namespace livechat::testing {

struct loaded_scenario {
  scenarios::scenario sc;
  scenarios::scenario_workspace ws;
};

/// Loads `yaml`; a problem fails the test and throws (nothing to run on).
inline loaded_scenario load_text(const std::string& yaml,
                                 const std::string& file = "test.yaml") {
  std::istringstream in{yaml};
  auto result = scenarios::load_scenario(in, file);
  EXPECT_TRUE(result.ok()) << result.error_text();
  if (!result.ok())
    throw std::runtime_error(result.error_text());
  auto ws = scenarios::to_workspace(*result.value);
  EXPECT_TRUE(ws.has_value());
  if (!ws)
    throw std::runtime_error("the scenario has no workspace");
  return {std::move(*result.value), std::move(*ws)};
}

} // namespace livechat::testing
