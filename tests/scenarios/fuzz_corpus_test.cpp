// The fuzzer's seed corpus (tests/fuzz/corpus/) as a regression suite:
// every crash the fuzzer found (`crash-*`) and every hand-written bad input
// (`bad-*`) is rejected with a located diagnostic and no exception; every
// other seed (copies of shipped scenarios) loads. Runs in every build,
// including ASan/UBSan, without clang or libFuzzer.
#include "scenarios/loader.hpp"
#include "scenarios/work_estimate.hpp"
#include "scenarios/workspace.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace fuzz_corpus_test {

namespace fs = std::filesystem;
using namespace livechat::scenarios;

std::vector<fs::path> corpus() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator{LIVECHAT_FUZZ_CORPUS})
    if (entry.is_regular_file())
      out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

TEST(FuzzCorpus, CrashesAndBadInputsAreRejectedWithAPosition) {
  std::size_t bad = 0;
  for (const auto& path : corpus()) {
    auto name = path.filename().string();
    if (!starts_with(name, "crash-") && !starts_with(name, "bad-"))
      continue;
    ++bad;
    auto loaded = load_scenario_file(path);
    ASSERT_FALSE(loaded.ok()) << name << " was accepted";
    for (const auto& d : loaded.errors)
      EXPECT_GT(d.line, 0) << name << ": " << d.to_string();
  }
  EXPECT_GE(bad, 20u) << "the corpus lost its bad inputs";
}

TEST(FuzzCorpus, OtherSeedsLoadAndBuildWithinTheWorkLimits) {
  std::size_t good = 0;
  for (const auto& path : corpus()) {
    auto name = path.filename().string();
    if (starts_with(name, "crash-") || starts_with(name, "bad-"))
      continue;
    auto loaded = load_scenario_file(path);
    if (name.find("bad-scenario") != std::string::npos) {
      EXPECT_FALSE(loaded.ok()) << name; // the CLI tests' bad file
      continue;
    }
    ++good;
    ASSERT_TRUE(loaded.ok()) << name << ":\n" << loaded.error_text();
    auto estimate = estimate_work(
      *loaded.value,
      {.replications = static_cast<std::uint64_t>(loaded.value->replications)});
    EXPECT_TRUE(exceeded(estimate, work_limits{}).empty()) << name;
    EXPECT_TRUE(to_workspace(*loaded.value)) << name;
  }
  EXPECT_GE(good, 5u);
}

} // namespace fuzz_corpus_test
