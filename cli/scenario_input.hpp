// What subcommands that take a scenario FILE share: parsing their options
// with FILE as the positional argument, and loading the file or reporting
// every problem in it.
#pragma once

#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"

#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace livechat::cli {

/// Parses `args` against `desc` plus one positional FILE (stored in
/// `file`). On a usage error prints `livechat <command>: <what>` and the help
/// to `err` and returns false.
bool parse_command_line(const std::string& command,
                        const std::vector<std::string>& args,
                        const boost::program_options::options_description& desc,
                        boost::program_options::variables_map& vm,
                        std::string& file, std::ostream& err);

struct scenario_input {
  scenarios::scenario sc;
  scenarios::scenario_workspace ws;
  /// Arrival times of trace workloads, aligned with `sc.workload`.
  std::vector<std::vector<duration>> trace_times;
};

/// Loads and validates `file`, reads its trace files and builds its
/// workspace. On failure prints every problem as file:line:column: message,
/// then a count, to `err`.
std::optional<scenario_input> load_scenario_input(const std::string& file,
                                                  std::ostream& err);

} // namespace livechat::cli
