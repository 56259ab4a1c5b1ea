// `livechat plan FILE`: how many operators each group needs, interval by
// interval, to meet the targets; found with the simulation, starting from
// the Erlang answers, reported in the terminal and optionally as JSON, HTML
// and CSV (sim/planning/plan.hpp says how).
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/number_options.hpp"
#include "cli/output.hpp"
#include "cli/scenario_input.hpp"
#include "scenarios/targets.hpp"
#include "scenarios/units.hpp"
#include "sim/planning/plan.hpp"
#include "sim/reports/plan_report.hpp"

#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ostream.h>
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
  std::optional<double> shrinkage;           ///< default 0.3
  std::optional<double> max_occupancy;       ///< default 0.85
  std::optional<long long> min_agents;       ///< default 0
  std::optional<long long> max_agents;       ///< default 100
  std::optional<long long> replications;     ///< default 20
  std::optional<long long> max_replications; ///< default 4 x replications
  std::optional<double> confidence;          ///< default 0.95
  std::optional<double> tolerance;           ///< default 0.01
  std::optional<long long> seed;             ///< default: the scenario's
  std::optional<long long> threads;          ///< default: one per core
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
                     ("planning interval, " + limits::plan_interval.describe()
                      + " (default 30m)")
                       .c_str())(
    "target", po::value<std::vector<std::string>>(&o.targets)->composing(),
    "a target, e.g. \"service_level.offered >= 0.8 @ 20s\", "
    "\"asa_answered_s <= 30\", \"abandon_rate <= 0.05\", \"wait.p90 <= 1m\", "
    "\"occupancy <= 0.85\"; repeatable; replaces the scenario's targets")(
    "shrinkage", po::value<std::string>(),
    ("share of paid time not on chats, " + limits::shrinkage.describe()
     + " (default 0.3): positions = ceil(operators / (1 - shrinkage))")
      .c_str())(
    "max-occupancy", po::value<std::string>(),
    ("occupancy cap, " + limits::max_occupancy.describe() + " (default 0.85)")
      .c_str())("min", po::value<std::string>(),
                ("fewest operators per group and interval, "
                 + limits::plan_agents.describe() + " (default 0)")
                  .c_str())(
    "max", po::value<std::string>(),
    ("most operators per group and interval, " + limits::plan_agents.describe()
     + " (default 100)")
      .c_str())("replications,r", po::value<std::string>(),
                ("simulated days per candidate staffing, 2 to "
                 + std::to_string(limits::replications.max) + " (default 20)")
                  .c_str())(
    "max-replications", po::value<std::string>(),
    "most simulated days per staffing while a decision is unclear; more "
    "days are added in steps of --replications (default 4 x "
    "--replications)")(
    "confidence", po::value<std::string>(),
    ("one-sided confidence of every met/not-met decision, over all "
     "intervals decided at once, "
     + limits::plan_confidence.describe() + " (default 0.95)")
      .c_str())("tolerance", po::value<std::string>(),
                ("indifference zone, as a share of each target's bound: a "
                 "staffing whose figure beats the bound by less may get one "
                 "operator more; "
                 + limits::plan_tolerance.describe() + " (default 0.01)")
                  .c_str())(
    "seed,s", po::value<std::string>(),
    ("seed, " + limits::seed.describe() + " (default: the scenario's)")
      .c_str())("threads,t", po::value<std::string>(),
                ("parallel replications, " + limits::threads.describe()
                 + " (default: one per core)")
                  .c_str())(
    "json", po::value<std::string>(&o.json_out),
    "write the JSON plan (docs/report-format.md) to this file")(
    "html", po::value<std::string>(&o.html_out),
    "write the HTML plan (one self-contained file with charts)")(
    "csv", po::value<std::string>(&o.csv_dir),
    "write CSV tables into this directory")(
    "quiet,q", po::bool_switch(&o.quiet),
    "print nothing but errors")("help,h", po::bool_switch(), "show this help");
  add_work_limit_options(desc);
  return desc;
}

/// Reads the numeric options (core/limits.hpp ranges); prints what is
/// wrong.
bool read_numbers(const po::variables_map& vm, plan_cli_options& o,
                  std::ostream& err) {
  if (!read_real_option(vm, "shrinkage", limits::shrinkage, "plan", err,
                        o.shrinkage)
      || !read_real_option(vm, "max-occupancy", limits::max_occupancy, "plan",
                           err, o.max_occupancy)
      || !read_integer_option(vm, "min", limits::plan_agents, "plan", err,
                              o.min_agents)
      || !read_integer_option(vm, "max", limits::plan_agents, "plan", err,
                              o.max_agents)
      || !read_integer_option(vm, "replications", {2, limits::replications.max},
                              "plan", err, o.replications)
      || !read_integer_option(vm, "max-replications",
                              {2, limits::replications.max}, "plan", err,
                              o.max_replications)
      || !read_real_option(vm, "confidence", limits::plan_confidence, "plan",
                           err, o.confidence)
      || !read_real_option(vm, "tolerance", limits::plan_tolerance, "plan", err,
                           o.tolerance)
      || !read_integer_option(vm, "seed", limits::seed, "plan", err, o.seed)
      || !read_integer_option(vm, "threads", limits::threads, "plan", err,
                              o.threads))
    return false;
  if (o.min_agents.value_or(0) > o.max_agents.value_or(100)
      || o.max_agents.value_or(100) < 1) {
    err << "livechat plan: --min and --max need min <= max and max >= 1\n";
    return false;
  }
  return true;
}

/// Simulated days a plan takes, per --replications, for the work estimate:
/// search rounds (with extra days while unclear), fresh confirmations and
/// the two volume checks. The seed scenario's plan simulates 1220 days at
/// 20 replications, 61 per replication (docs/BENCHMARKS.md).
constexpr std::uint64_t expected_plan_rounds = 64;

int run_plan(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err) {
  plan_cli_options opts;
  auto desc = plan_description(opts);
  po::variables_map vm;
  if (auto done = parse_command_line("plan", args, desc, vm, opts.file, out,
                                     err))
    return *done;
  scenarios::work_limits work_limits;
  if (!read_numbers(vm, opts, err)
      || !read_work_limits(vm, "plan", err, work_limits))
    return exit_bad_input;
  auto interval = scenarios::parse_duration(opts.interval);
  if (!interval || !limits::plan_interval.contains(*interval.value)) {
    fmt::print(err, "livechat plan: --interval '{}' must be {}{}\n",
               opts.interval, limits::plan_interval.describe(),
               interval ? "" : ": " + interval.error);
    return exit_bad_input;
  }
  auto replications
    = static_cast<std::uint64_t>(opts.replications.value_or(20));
  auto threads = static_cast<std::size_t>(
    opts.threads.value_or(std::max(1u, std::thread::hardware_concurrency())));
  std::vector<scenarios::target_spec> cli_targets;
  for (const auto& text : opts.targets) {
    auto t = scenarios::parse_target(text);
    if (!t) {
      err << "livechat plan: --target: " << t.error << '\n';
      return exit_bad_input;
    }
    cli_targets.push_back(std::move(*t.value));
  }
  if (!prepare_outputs(opts.json_out, opts.html_out, opts.csv_dir, "plan", err))
    return exit_bad_input;
  auto gate = [&](scenarios::scenario& sc,
                  const std::vector<std::size_t>& trace_arrivals) {
    if (opts.seed)
      sc.seed = static_cast<std::uint64_t>(*opts.seed);
    auto estimate
      = scenarios::estimate_work(sc, {.replications = replications,
                                      .runs = expected_plan_rounds,
                                      .threads = threads,
                                      .trace_arrivals = trace_arrivals,
                                      .plan_interval = *interval.value});
    return check_work(estimate, work_limits, "plan",
                      !opts.quiet && estimate.cpu_seconds > 5, err);
  };
  auto input = load_scenario_input(opts.file, err, gate);
  if (!input)
    return exit_bad_input;
  auto& sc = input->sc;
  auto targets = cli_targets.empty() ? sc.targets : cli_targets;
  if (targets.empty()) {
    err << opts.file
        << ": no targets to plan for: add a `targets:` block to the "
           "scenario or give --target\n";
    return exit_bad_input;
  }
  progress_bar bar{!opts.quiet, "plan", "simulated days"};
  auto result = sim::planning::make_plan(
    sc, input->ws,
    {.interval = *interval.value,
     .targets = targets,
     .shrinkage = opts.shrinkage.value_or(0.3),
     .max_occupancy = opts.max_occupancy.value_or(0.85),
     .min_agents = static_cast<int>(opts.min_agents.value_or(0)),
     .max_agents = static_cast<int>(opts.max_agents.value_or(100)),
     .search_reps = replications,
     .confirm_reps = replications,
     .max_reps = static_cast<std::uint64_t>(opts.max_replications.value_or(
       4 * static_cast<long long>(replications))),
     .rule = {.confidence = opts.confidence.value_or(0.95),
              .tolerance = opts.tolerance.value_or(0.01)},
     .threads = threads,
     .progress =
       [&bar](std::size_t d, std::size_t t) {
         bar(d, t + 1);
       },
     .trace_times = &input->trace_times,
     .cancel = &interrupt_flag()});
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
