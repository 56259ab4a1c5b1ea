// libFuzzer target for the scenario loader, validator and workspace builder.
//
// Each input is a scenario file. It goes through `load_scenario` (YAML
// parsing, key reading, units, `validate`); when that accepts it, through
// the work estimate (work_estimate.hpp) and, within its default limits as
// the CLI requires, `to_workspace` and `format_duration` on the horizon.
// What this checks:
//   - no exception escapes (loader.hpp promises it; one that escapes aborts
//     the fuzzer: that is a finding, so nothing here catches);
//   - no memory error, leak or undefined behaviour (built with ASan + UBSan);
//   - no hang (-timeout) or runaway allocation (-rss_limit_mb), e.g. from a
//     huge group size, count or duration that passes validation;
//   - a rejected file has at least one diagnostic, an accepted one none;
//   - an accepted file builds a workspace (workspace.hpp's precondition).
// Run it with scripts/fuzz.sh; see docs/TESTING.md.
#include "scenarios/loader.hpp"
#include "scenarios/units.hpp"
#include "scenarios/work_estimate.hpp"
#include "scenarios/workspace.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace livechat::scenarios;
  std::istringstream in{std::string{reinterpret_cast<const char*>(data), size}};
  auto loaded = load_scenario(in, "fuzz.yaml");
  if (loaded.ok() != loaded.errors.empty())
    std::abort(); // load_result's contract: errors empty iff value set
  if (!loaded.ok())
    return 0;
  const scenario& s = *loaded.value;
  auto estimate = estimate_work(
    s, {.replications = static_cast<std::uint64_t>(s.replications)});
  if (!(estimate.sessions >= 0 && estimate.memory_bytes >= 0))
    std::abort(); // NaN or negative: the estimate must be a number
  if (!exceeded(estimate, work_limits{}).empty())
    return 0; // refused before anything is built, as the CLI does
  if (!to_workspace(s))
    std::abort(); // validated, so the core must accept the topology
  auto horizon = format_duration(s.horizon);
  if (horizon.empty())
    std::abort();
  return 0;
}
