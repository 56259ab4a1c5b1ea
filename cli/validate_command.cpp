// `livechat validate FILE`: checks a scenario file without running it.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/workspace.hpp"

#include <boost/program_options.hpp>
#include <ostream>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

struct validate_options {
  std::string file;
  bool help = false;
};

po::options_description validate_description() {
  po::options_description desc{
    "usage: livechat validate FILE\n\n"
    "Checks a scenario file: YAML syntax, known keys, units, references\n"
    "between groups, live chats and workloads. Prints every problem as\n"
    "file:line:column: message and exits 2, or prints a summary and exits 0.\n"
    "The format: docs/scenario-format.md.\n\noptions"};
  desc.add_options()("help,h", "show this help");
  return desc;
}

int run_validate(const std::vector<std::string>& args, std::ostream& out,
                 std::ostream& err) {
  auto desc = validate_description();
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(), "scenario file");
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("file", 1);
  validate_options opts;
  try {
    po::variables_map vm;
    po::store(
      po::command_line_parser(args).options(all).positional(positional).run(),
      vm);
    po::notify(vm);
    opts.help = vm.count("help") > 0;
    if (vm.count("file"))
      opts.file = vm["file"].as<std::string>();
  } catch (const po::error& e) {
    err << "livechat validate: " << e.what() << "\n\n" << desc << '\n';
    return exit_bad_input;
  }
  if (opts.help) {
    out << desc << '\n';
    return exit_ok;
  }
  if (opts.file.empty()) {
    err << "livechat validate: missing FILE\n\n" << desc << '\n';
    return exit_bad_input;
  }
  auto loaded = scenarios::load_scenario_file(opts.file);
  if (!loaded.ok()) {
    err << loaded.error_text();
    if (!loaded.error_text().empty() && loaded.error_text().back() != '\n')
      err << '\n';
    err << opts.file << ": " << loaded.errors.size() << " problem"
        << (loaded.errors.size() == 1 ? "" : "s") << ", nothing was run\n";
    return exit_bad_input;
  }
  auto ws = scenarios::to_workspace(*loaded.value);
  if (!ws) {
    err << opts.file
        << ": cannot build the workspace: " << to_string(ws.error()) << '\n';
    return exit_bad_input;
  }
  const auto& sc = *loaded.value;
  out << opts.file << ": ok: scenario '" << sc.name << "', "
      << ws->dir.groups().size() << " groups, " << ws->dir.users().size()
      << " users, " << ws->chats.size() << " live chats, " << sc.workload.size()
      << " workloads, horizon " << scenarios::format_duration(sc.horizon)
      << ", " << sc.replications << " replications\n";
  return exit_ok;
}

} // namespace

command make_validate_command() {
  return command{"validate", "check a scenario file without running it",
                 run_validate};
}

} // namespace livechat::cli
