// `livechat plan FILE`: how many operators each group needs, interval by
// interval, to meet the targets; found with the simulation, starting from
// the Erlang answers, reported in the terminal and optionally as JSON, HTML
// and CSV (sim/planning/plan.hpp says how).
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output.hpp"
#include "cli/scenario_input.hpp"
#include "scenarios/targets.hpp"
#include "scenarios/units.hpp"
#include "sim/planning/plan.hpp"
#include "sim/planning/plan_report.hpp"

#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <optional>
#include <ostream>
#include <thread>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

struct plan_cli_options {
  std::string file;
  std::string interval = "30m";
  std::vector<std::string> targets;
  double shrinkage = 0.3;
  double max_occupancy = 0.85;
  int min_agents = 0;
  int max_agents = 100;
  std::uint64_t replications = 20;
  std::optional<std::uint64_t> seed;
  std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::string json_out;
  std::string html_out;
  std::string csv_dir;
  bool quiet = false;
};

po::options_description plan_description(plan_cli_options& o) {
  po::options_description desc{
    "usage: livechat plan FILE [options]\n\n"
    "Plans how many operators each group needs, interval by interval, to\n"
    "meet the targets (the scenario's `targets:`, or --target). Starts from\n"
    "the Erlang C / Erlang A answer per group and interval, then searches the\n"
    "staffing with the simulation over whole days (the same random numbers\n"
    "for every candidate) and confirms it with confidence intervals; reports\n"
    "the Erlang answers beside the simulated one, positions after shrinkage,\n"
    "operator-hours, and the plan at 90 % and 110 % of the volume.\n"
    "Exit codes: 0 every target met, 1 some target cannot be met within\n"
    "--max (each such interval is reported), 2 bad input.\n\noptions"};
  desc.add_options()("interval,i", po::value<std::string>(&o.interval),
                     "planning interval (default 30m)")(
    "target", po::value<std::vector<std::string>>(&o.targets)->composing(),
    "a target, e.g. \"service_level.offered >= 0.8 @ 20s\", "
    "\"asa_answered_s <= 30\", \"abandon_rate <= 0.05\", \"wait.p90 <= 1m\", "
    "\"occupancy <= 0.85\"; repeatable; replaces the scenario's targets")(
    "shrinkage", po::value<double>(&o.shrinkage),
    "share of paid time not on chats, in [0, 1) (default 0.3): positions = "
    "ceil(operators / (1 - shrinkage))")(
    "max-occupancy", po::value<double>(&o.max_occupancy),
    "occupancy cap, in (0, 1] (default 0.85)")(
    "min", po::value<int>(&o.min_agents),
    "fewest operators per group and interval (default 0)")(
    "max", po::value<int>(&o.max_agents),
    "most operators per group and interval (default 100)")(
    "replications,r", po::value<std::uint64_t>(&o.replications),
    "simulated days per candidate staffing (default 20)")(
    "seed,s", po::value<std::uint64_t>(), "seed (default: the scenario's)")(
    "threads,t", po::value<std::size_t>(&o.threads),
    "parallel replications (default: one per core)")(
    "json", po::value<std::string>(&o.json_out),
    "write the JSON plan (docs/report-format.md) to this file")(
    "html", po::value<std::string>(&o.html_out),
    "write the HTML plan (one self-contained file with charts)")(
    "csv", po::value<std::string>(&o.csv_dir),
    "write CSV tables into this directory")(
    "quiet,q", po::bool_switch(&o.quiet),
    "print nothing but errors")("help,h", po::bool_switch(), "show this help");
  return desc;
}

/// Checks the numeric options; prints what is wrong.
bool valid(const plan_cli_options& o, std::ostream& err) {
  auto bad = [&](const char* what) {
    err << "livechat plan: " << what << '\n';
    return false;
  };
  if (!(o.shrinkage >= 0 && o.shrinkage < 1))
    return bad("--shrinkage must be in [0, 1)");
  if (!(o.max_occupancy > 0 && o.max_occupancy <= 1))
    return bad("--max-occupancy must be in (0, 1]");
  if (o.min_agents < 0 || o.max_agents < 1 || o.min_agents > o.max_agents)
    return bad("--min and --max need 0 <= min <= max and max >= 1");
  if (o.replications < 2)
    return bad("--replications must be at least 2 (confidence intervals)");
  if (o.threads == 0)
    return bad("--threads must be at least 1");
  return true;
}

int run_plan(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err) {
  plan_cli_options opts;
  auto desc = plan_description(opts);
  po::variables_map vm;
  if (auto done = parse_command_line("plan", args, desc, vm, opts.file, out,
                                     err))
    return *done;
  if (vm.count("seed"))
    opts.seed = vm["seed"].as<std::uint64_t>();
  if (!valid(opts, err))
    return exit_bad_input;
  auto interval = scenarios::parse_duration(opts.interval);
  if (!interval || *interval.value <= duration::zero()) {
    err << "livechat plan: --interval '" << opts.interval
        << "': " << (interval ? "must be positive" : interval.error) << '\n';
    return exit_bad_input;
  }
  std::vector<scenarios::target_spec> cli_targets;
  for (const auto& text : opts.targets) {
    auto t = scenarios::parse_target(text);
    if (!t) {
      err << "livechat plan: --target: " << t.error << '\n';
      return exit_bad_input;
    }
    cli_targets.push_back(std::move(*t.value));
  }
  auto input = load_scenario_input(opts.file, err);
  if (!input)
    return exit_bad_input;
  auto& sc = input->sc;
  if (opts.seed)
    sc.seed = *opts.seed;
  auto targets = cli_targets.empty() ? sc.targets : cli_targets;
  if (targets.empty()) {
    err << opts.file
        << ": no targets to plan for: add a `targets:` block to the "
           "scenario or give --target\n";
    return exit_bad_input;
  }
  if (!make_output_directory(opts.csv_dir, "plan", err))
    return exit_bad_input;
  progress_bar bar{!opts.quiet, "simulated days"};
  auto result
    = sim::planning::make_plan(sc, input->ws,
                               {.interval = *interval.value,
                                .targets = targets,
                                .shrinkage = opts.shrinkage,
                                .max_occupancy = opts.max_occupancy,
                                .min_agents = opts.min_agents,
                                .max_agents = opts.max_agents,
                                .search_reps = opts.replications,
                                .confirm_reps = opts.replications,
                                .threads = opts.threads,
                                .progress =
                                  [&bar](std::size_t d, std::size_t t) {
                                    bar(d, t + 1);
                                  },
                                .trace_times = &input->trace_times});
  bar(result.simulated_days, result.simulated_days);
  auto json = [&] {
    return sim::planning::plan_json(sc, result);
  };
  auto html = [&] {
    return sim::planning::plan_html(sc, result);
  };
  if (!write_text_file(opts.json_out, json, err)
      || !write_text_file(opts.html_out, html, err))
    return exit_bad_input;
  if (!opts.csv_dir.empty()) {
    auto failed = sim::planning::write_plan_csv(opts.csv_dir, result);
    if (!failed.empty()) {
      err << "livechat plan: cannot write '" << failed << "'\n";
      return exit_bad_input;
    }
  }
  if (!opts.quiet)
    sim::planning::write_plan_text(out, sc, result);
  for (const auto& note : result.notes)
    err << "not met: " << note << '\n';
  return result.all_met() ? exit_ok : exit_threshold_breached;
}

} // namespace

command make_plan_command() {
  return command{
    "plan", "plan operators per group and interval to meet targets", run_plan};
}

} // namespace livechat::cli
