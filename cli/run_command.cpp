// `livechat run FILE`: replications of a scenario in virtual time, reported
// in the terminal and optionally as JSON.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/scenario_input.hpp"
#include "sim/experiment.hpp"
#include "sim/report.hpp"

#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <optional>
#include <ostream>
#include <thread>
#include <unistd.h>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

/// Options of `livechat run`, with their defaults.
struct run_options {
  std::string file;
  std::optional<std::uint64_t> replications; ///< default: the scenario's
  std::optional<std::uint64_t> seed;         ///< default: the scenario's
  std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::string json_out;
  bool quiet = false;
  bool help = false;
};

po::options_description run_description(run_options& o) {
  po::options_description desc{
    "usage: livechat run FILE [options]\n\n"
    "Simulates the scenario in virtual time (deterministic: the same file\n"
    "and seed give the same report, whatever --threads) and reports waits,\n"
    "service levels and fairness per live chat and group, each as the mean\n"
    "over replications with its 95 % confidence interval.\n"
    "Exit codes: 0 ok, 1 a threshold of the scenario was breached (each\n"
    "breach is printed), 2 bad input.\n\noptions"};
  desc.add_options()("replications,r", po::value<std::uint64_t>(),
                     "replications (default: the scenario's)")(
    "seed,s", po::value<std::uint64_t>(), "seed (default: the scenario's)")(
    "threads,t", po::value<std::size_t>(&o.threads),
    "parallel replications (default: one per core)")(
    "json", po::value<std::string>(&o.json_out),
    "write the JSON report (docs/report-format.md) to this file")(
    "quiet,q", po::bool_switch(&o.quiet), "print nothing but errors")(
    "help,h", po::bool_switch(&o.help), "show this help");
  return desc;
}

/// A progress bar on stderr, only when stderr is a terminal.
class progress_bar {
public:
  explicit progress_bar(bool enabled) : enabled_(enabled && isatty(2)) {}
  void operator()(std::size_t done, std::size_t total) const {
    if (!enabled_)
      return;
    constexpr int width = 30;
    auto filled
      = static_cast<int>(width * done / std::max<std::size_t>(total, 1));
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu replications", filled,
                 "##############################", width - filled, "", done,
                 total);
    if (done == total)
      std::fprintf(stderr, "\n");
  }

private:
  bool enabled_;
};

int run_run(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  run_options opts;
  auto desc = run_description(opts);
  po::variables_map vm;
  if (!parse_command_line("run", args, desc, vm, opts.file, err))
    return exit_bad_input;
  if (vm.count("replications"))
    opts.replications = vm["replications"].as<std::uint64_t>();
  if (vm.count("seed"))
    opts.seed = vm["seed"].as<std::uint64_t>();
  if (opts.help) {
    out << desc << '\n';
    return exit_ok;
  }
  if (opts.file.empty()) {
    err << "livechat run: missing FILE\n\n" << desc << '\n';
    return exit_bad_input;
  }
  if ((opts.replications && *opts.replications == 0) || opts.threads == 0) {
    err << "livechat run: --replications and --threads must be at least 1\n";
    return exit_bad_input;
  }
  auto input = load_scenario_input(opts.file, err);
  if (!input)
    return exit_bad_input;
  auto& sc = input->sc;
  if (opts.seed)
    sc.seed = *opts.seed;
  auto replications
    = opts.replications.value_or(static_cast<std::uint64_t>(sc.replications));
  for (const auto& w : sc.workload)
    if (w.arrivals.kind == scenarios::arrival_kind::trace) {
      err << w.arrivals.where.file << ":" << w.arrivals.where.line << ":"
          << w.arrivals.where.column
          << ": trace arrivals are not supported by 'run' yet\n";
      return exit_bad_input;
    }
  progress_bar bar{!opts.quiet};
  auto result
    = sim::run_experiment(sc, input->ws,
                          {.replications = replications,
                           .threads = opts.threads,
                           .progress = [&bar](std::size_t d, std::size_t t) {
                             bar(d, t);
                           }});
  std::vector<scenarios::diagnostic> errors;
  auto checks = sim::check_thresholds(sc, result, errors);
  if (!errors.empty()) {
    err << scenarios::to_string(errors);
    return exit_bad_input;
  }
  if (!opts.json_out.empty()) {
    std::ofstream file{opts.json_out};
    file << sim::json_report(sc, replications, result, checks);
    if (!file) {
      err << "livechat run: cannot write '" << opts.json_out << "'\n";
      return exit_bad_input;
    }
  }
  if (!opts.quiet)
    sim::write_text_report(out, sc, replications, result, checks);
  bool breached = false;
  for (const auto& c : checks)
    if (!c.holds) {
      breached = true;
      err << "threshold breached: " << c.threshold << " on " << c.entity
          << " (measured " << c.measured << ")\n";
    }
  return breached ? exit_threshold_breached : exit_ok;
}

} // namespace

command make_run_command() {
  return command{"run", "simulate a scenario and report waits and fairness",
                 run_run};
}

} // namespace livechat::cli
