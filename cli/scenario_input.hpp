// What subcommands that take a scenario FILE share: parsing their options
// with FILE as the positional argument, and loading the file or reporting
// every problem in it.
#pragma once

#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"

#include <boost/program_options.hpp>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace livechat::cli {

/// Parses `args` against `desc` plus one positional FILE (stored in
/// `file`); `desc` must have a `help` switch. Returns the exit code when the
/// command is done already: 0 after printing the help to `out` (--help), 2
/// after printing `livechat <command>: <what>` and the help to `err` (a
/// usage error, or no FILE). Nothing: go on.
std::optional<int>
parse_command_line(const std::string& command,
                   const std::vector<std::string>& args,
                   const boost::program_options::options_description& desc,
                   boost::program_options::variables_map& vm, std::string& file,
                   std::ostream& out, std::ostream& err);

struct scenario_input {
  scenarios::scenario sc;
  scenarios::scenario_workspace ws;
  /// Arrival times of trace workloads, aligned with `sc.workload`.
  std::vector<std::vector<duration>> trace_times;
};

/// Decides, from the loaded scenario and the arrivals counted in each trace
/// workload, whether to go on (see cli/number_options.hpp `check_work`);
/// prints why not. Runs before the workspace, whose users it counts, exists.
using work_gate
  = std::function<bool(scenarios::scenario&, const std::vector<std::size_t>&)>;

/// Loads and validates `file`, reads its trace files, passes `gate` (if
/// set; it may apply command-line overrides to the scenario) and builds the
/// workspace. On failure prints every problem as file:line:column: message,
/// then a count, to `err`.
std::optional<scenario_input> load_scenario_input(const std::string& file,
                                                  std::ostream& err,
                                                  const work_gate& gate = {});

} // namespace livechat::cli
