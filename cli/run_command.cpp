// `livechat run FILE`: replications of a scenario in virtual time, reported
// in the terminal and optionally as JSON, HTML and CSV tables; optionally the
// same workload under several routing policies side by side.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/number_options.hpp"
#include "cli/output.hpp"
#include "cli/scenario_input.hpp"
#include "sim/experiment.hpp"
#include "sim/parallel.hpp"
#include "sim/reports/run_csv.hpp"
#include "sim/reports/run_html.hpp"
#include "sim/reports/run_report.hpp"

#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ostream.h>
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
  std::optional<long long> replications; ///< default: the scenario's
  std::optional<long long> seed;         ///< default: the scenario's
  std::optional<long long> threads;      ///< default: one per core
  std::string json_out;
  std::string html_out;
  std::string csv_dir;
  std::string compare_routing; ///< comma-separated policy names
  std::string mode = "sim";
  std::optional<double> speed;
  bool quiet = false;
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
  desc.add_options()("replications,r", po::value<std::string>(),
                     ("replications, " + limits::replications.describe()
                      + " (default: the scenario's)")
                       .c_str())(
    "seed,s", po::value<std::string>(),
    ("seed, " + limits::seed.describe() + " (default: the scenario's)")
      .c_str())("threads,t", po::value<std::string>(),
                ("parallel replications, " + limits::threads.describe()
                 + " (default: one per core)")
                  .c_str())(
    "json", po::value<std::string>(&o.json_out),
    "write the JSON report (docs/report-format.md) to this file")(
    "html", po::value<std::string>(&o.html_out),
    "write the HTML report (one self-contained file with charts)")(
    "csv", po::value<std::string>(&o.csv_dir),
    "write CSV tables (sessions, live chats, groups, operators, time "
    "series) into this directory")(
    "compare-routing", po::value<std::string>(&o.compare_routing),
    "also run the same workload (common random numbers) with every live "
    "chat routed by each of these policies, e.g. "
    "longest_idle,least_busy,fixed_order; reported side by side")(
    "mode", po::value<std::string>(&o.mode),
    "sim (default): virtual time, as fast as the CPU allows; live: the same "
    "actors on the real-time scheduler, measuring wall-clock routing latency "
    "(replications run one at a time)")(
    "speed", po::value<std::string>(),
    ("live mode: run seconds per wall second, " + limits::speed.describe()
     + " (e.g. 600 runs an 8-hour day in 48 s; default 1, real time)")
      .c_str())("quiet,q", po::bool_switch(&o.quiet),
                "print nothing but errors")("help,h", po::bool_switch(),
                                            "show this help");
  add_work_limit_options(desc);
  return desc;
}

/// The policies of `--compare-routing` ("" gives none); prints what is wrong
/// and returns nothing for an unknown name.
std::optional<std::vector<routing_policy_kind>>
parse_policies(const std::string& list, std::ostream& err) {
  std::vector<routing_policy_kind> out;
  std::size_t start = 0;
  while (start < list.size()) {
    auto comma = list.find(',', start);
    auto name = list.substr(
      start, comma == std::string::npos ? std::string::npos : comma - start);
    auto policy = parse_routing_policy(name);
    if (!policy) {
      err << "livechat run: --compare-routing: unknown policy '" << name
          << "' (round_robin, least_busy, longest_idle, random, "
             "fixed_order, manual)\n";
      return std::nullopt;
    }
    out.push_back(*policy);
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  return out;
}

/// Live mode runs in wall time: say up front how long, so a slow example is
/// never a silent one.
void print_live_estimate(const scenarios::scenario& sc,
                         std::uint64_t replications, double speed,
                         std::ostream& err) {
  double wall = to_seconds(sc.horizon) / speed * double(replications);
  fmt::print(err,
             "livechat run: live mode, {} replication{} of {} at speed {}: "
             "at least {:.0f} s of wall time (Ctrl-C stops)\n",
             replications, replications == 1 ? "" : "s",
             scenarios::format_duration(sc.horizon), speed, wall);
}

int run_run(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  run_options opts;
  auto desc = run_description(opts);
  po::variables_map vm;
  if (auto done = parse_command_line("run", args, desc, vm, opts.file, out,
                                     err))
    return *done;
  scenarios::work_limits work_limits;
  if (!read_integer_option(vm, "replications", limits::replications, "run", err,
                           opts.replications)
      || !read_integer_option(vm, "seed", limits::seed, "run", err, opts.seed)
      || !read_integer_option(vm, "threads", limits::threads, "run", err,
                              opts.threads)
      || !read_real_option(vm, "speed", limits::speed, "run", err, opts.speed)
      || !read_work_limits(vm, "run", err, work_limits))
    return exit_bad_input;
  auto threads = static_cast<std::size_t>(
    opts.threads.value_or(std::max(1u, std::thread::hardware_concurrency())));
  if (opts.mode != "sim" && opts.mode != "live") {
    err << "livechat run: --mode must be sim or live, not '" << opts.mode
        << "'\n";
    return exit_bad_input;
  }
  bool live = opts.mode == "live";
  if (opts.speed && !live) {
    err << "livechat run: --speed applies to --mode live only\n";
    return exit_bad_input;
  }
  auto policies = parse_policies(opts.compare_routing, err);
  if (!policies)
    return exit_bad_input;
  // Outputs first: a path that cannot be written fails now, not after the
  // simulation.
  if (!prepare_outputs(opts.json_out, opts.html_out, opts.csv_dir, "run", err))
    return exit_bad_input;
  auto gate = [&](scenarios::scenario& sc,
                  const std::vector<std::size_t>& trace_arrivals) {
    if (opts.seed)
      sc.seed = static_cast<std::uint64_t>(*opts.seed);
    auto reps
      = static_cast<std::uint64_t>(opts.replications.value_or(sc.replications));
    auto estimate
      = scenarios::estimate_work(sc, {.replications = reps,
                                      .runs = 1 + policies->size(),
                                      .threads = live ? 1 : threads,
                                      .trace_arrivals = trace_arrivals});
    if (!check_work(estimate, work_limits, "run",
                    !opts.quiet && estimate.cpu_seconds > 5, err))
      return false;
    if (live && !opts.quiet)
      print_live_estimate(sc, reps, opts.speed.value_or(1.0), err);
    return true;
  };
  auto input = load_scenario_input(opts.file, err, gate);
  if (!input)
    return exit_bad_input;
  auto& sc = input->sc;
  auto replications
    = static_cast<std::uint64_t>(opts.replications.value_or(sc.replications));
  std::optional<sim::session_csv_writer> sessions_csv;
  if (!opts.csv_dir.empty())
    sessions_csv.emplace(opts.csv_dir + "/sessions.csv", input->ws);
  if (sessions_csv && !sessions_csv->ok()) {
    auto path = opts.csv_dir + "/sessions.csv";
    fmt::print(err, "livechat run: cannot write '{}': {}\n", path,
               cannot_write(path).value_or("cannot open"));
    return exit_bad_input;
  }

  // Progress over every run: the scenario's, then each compared policy's.
  progress_bar bar{!opts.quiet, "run", "replications"};
  std::size_t runs = 1 + policies->size();
  std::size_t runs_done = 0;
  auto options_for = [&](bool with_sessions) {
    sim::experiment_options o{.replications = replications,
                              .threads = threads,
                              .progress =
                                [&bar, &runs_done, runs](std::size_t d,
                                                         std::size_t t) {
                                  bar(runs_done * t + d, runs * t);
                                },
                              .trace_times = &input->trace_times,
                              .live = live,
                              .speed = opts.speed.value_or(1.0),
                              .cancel = &interrupt_flag()};
    if (with_sessions && sessions_csv)
      o.sessions = [&sessions_csv](std::uint64_t r, const auto& records) {
        sessions_csv->write(r, records);
      };
    return o;
  };
  std::optional<sim::experiment_result> ran;
  try {
    ran = sim::run_experiment(sc, input->ws, options_for(true));
  } catch (const sim::interrupted&) {
    if (sessions_csv) { // streamed: do not leave half a table behind
      sessions_csv.reset();
      std::filesystem::remove(opts.csv_dir + "/sessions.csv");
    }
    throw;
  }
  auto result = std::move(*ran);
  std::vector<sim::policy_run> comparison;
  for (auto policy : *policies) {
    ++runs_done;
    auto variant = sc;
    for (auto& chat : variant.live_chats)
      chat.routing = policy;
    auto ws = scenarios::to_workspace(variant);
    if (!ws) {
      err << "livechat run: cannot build the workspace under '"
          << to_string(policy) << "': " << to_string(ws.error()) << '\n';
      return exit_bad_input;
    }
    comparison.push_back(
      {policy, sim::run_experiment(variant, *ws, options_for(false))});
  }
  std::vector<scenarios::diagnostic> errors;
  sim::run_report report{.sc = &sc,
                         .replications = replications,
                         .mode = opts.mode,
                         .speed = opts.speed.value_or(1.0),
                         .result = std::move(result),
                         .comparison = std::move(comparison)};
  if (live)
    report.routing_latency = sim::summarize_latency(report.result.open_latency);
  report.checks = sim::check_thresholds(sc, report.result, errors);
  const auto& checks = report.checks;
  if (!errors.empty()) {
    err << scenarios::to_string(errors);
    return exit_bad_input;
  }
  auto json = [&] {
    return sim::json_report(report);
  };
  auto html = [&] {
    return sim::html_report(report);
  };
  if (!write_text_file(opts.json_out, json, err)
      || !write_text_file(opts.html_out, html, err))
    return exit_bad_input;
  if (sessions_csv) {
    auto failed = sessions_csv->ok()
                    ? sim::write_summary_csv(opts.csv_dir, report)
                    : opts.csv_dir + "/sessions.csv";
    if (!failed.empty()) {
      err << "livechat run: cannot write '" << failed << "'\n";
      return exit_bad_input;
    }
  }
  if (!opts.quiet)
    sim::write_text_report(out, report);
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
