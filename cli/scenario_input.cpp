#include "cli/scenario_input.hpp"

#include "cli/exit_codes.hpp"
#include "scenarios/loader.hpp"
#include "sim/arrivals.hpp"

#include <ostream>

namespace livechat::cli {

namespace po = boost::program_options;

std::optional<int> parse_command_line(const std::string& command,
                                      const std::vector<std::string>& args,
                                      const po::options_description& desc,
                                      po::variables_map& vm, std::string& file,
                                      std::ostream& out, std::ostream& err) {
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(&file));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("file", 1);
  try {
    po::store(
      po::command_line_parser(args).options(all).positional(positional).run(),
      vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "livechat " << command << ": " << e.what() << "\n\n" << desc << '\n';
    return exit_bad_input;
  }
  if (vm.count("help") && vm["help"].as<bool>()) {
    out << desc << '\n';
    return exit_ok;
  }
  if (file.empty()) {
    err << "livechat " << command << ": missing FILE\n\n" << desc << '\n';
    return exit_bad_input;
  }
  return std::nullopt;
}

std::optional<scenario_input> load_scenario_input(const std::string& file,
                                                  std::ostream& err,
                                                  const work_gate& gate) {
  auto loaded = scenarios::load_scenario_file(file);
  if (!loaded.ok()) {
    err << loaded.error_text();
    err << file << ": " << loaded.errors.size() << " problem"
        << (loaded.errors.size() == 1 ? "" : "s") << ", nothing was run\n";
    return std::nullopt;
  }
  auto traces = sim::load_traces(*loaded.value, file);
  if (!traces) {
    err << scenarios::to_string(traces.errors);
    err << file << ": " << traces.errors.size() << " problem"
        << (traces.errors.size() == 1 ? "" : "s")
        << " in trace files, nothing was run\n";
    return std::nullopt;
  }
  if (gate) {
    std::vector<std::size_t> trace_arrivals;
    for (const auto& t : *traces)
      trace_arrivals.push_back(t.size());
    if (!gate(*loaded.value, trace_arrivals))
      return std::nullopt;
  }
  auto ws = scenarios::to_workspace(*loaded.value);
  if (!ws) {
    err << file << ": cannot build the workspace: " << to_string(ws.error())
        << '\n';
    return std::nullopt;
  }
  return scenario_input{std::move(*loaded.value), std::move(*ws),
                        std::move(*traces)};
}

} // namespace livechat::cli
