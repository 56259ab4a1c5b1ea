// `livechat validate FILE`: checks a scenario file without running it.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/number_options.hpp"
#include "cli/scenario_input.hpp"
#include "scenarios/units.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <ostream>
#include <thread>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

struct validate_options {
  std::string file;
};

po::options_description validate_description() {
  po::options_description desc{
    "usage: livechat validate FILE\n\n"
    "Checks a scenario file: YAML syntax, known keys, units, references\n"
    "between groups, live chats and workloads. Prints every problem as\n"
    "file:line:column: message and exits 2, or prints a summary and exits 0.\n"
    "Also estimates the work of `livechat run` on the file (its own\n"
    "replications) and exits 2 when that is beyond the limits below, as run\n"
    "would. The format and its ranges: docs/scenario-format.md.\n\noptions"};
  desc.add_options()("help,h", po::bool_switch(), "show this help");
  add_work_limit_options(desc);
  return desc;
}

int run_validate(const std::vector<std::string>& args, std::ostream& out,
                 std::ostream& err) {
  auto desc = validate_description();
  validate_options opts;
  po::variables_map vm;
  if (auto done = parse_command_line("validate", args, desc, vm, opts.file, out,
                                     err))
    return *done;
  scenarios::work_limits work_limits;
  if (!read_work_limits(vm, "validate", err, work_limits))
    return exit_bad_input;
  scenarios::work_estimate estimate;
  auto gate = [&](scenarios::scenario& sc,
                  const std::vector<std::size_t>& trace_arrivals) {
    estimate = scenarios::estimate_work(
      sc, {.replications = static_cast<std::uint64_t>(sc.replications),
           .threads = std::max(1u, std::thread::hardware_concurrency()),
           .trace_arrivals = trace_arrivals});
    return check_work(estimate, work_limits, "validate", false, err);
  };
  auto input = load_scenario_input(opts.file, err, gate);
  if (!input)
    return exit_bad_input;
  const auto& sc = input->sc;
  const auto& ws = input->ws;
  auto count = [](std::size_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  out << opts.file << ": ok: scenario '" << sc.name << "', "
      << count(ws.dir.groups().size(), "group") << ", "
      << count(ws.dir.users().size(), "user") << ", "
      << count(ws.chats.size(), "live chat") << ", "
      << count(sc.workload.size(), "workload") << ", horizon "
      << scenarios::format_duration(sc.horizon) << ", " << sc.replications
      << " replications; run: " << scenarios::describe(estimate) << '\n';
  return exit_ok;
}

} // namespace

command make_validate_command() {
  return command{"validate", "check a scenario file without running it",
                 run_validate};
}

} // namespace livechat::cli
