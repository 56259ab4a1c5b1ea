// `livechat load FILE --target URL --token-file PATH`: the scenario played
// against a running server by bots over real connections (load/).
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/number_options.hpp"
#include "cli/scenario_input.hpp"
#include "load/driver.hpp"
#include "load/prediction.hpp"
#include "load/provision.hpp"
#include "load/report.hpp"
#include "load/report_html.hpp"
#include "load/target.hpp"
#include "scenarios/units.hpp"
#include "sim/parallel.hpp"

#include <boost/program_options.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fstream>
#include <ostream>
#include <sstream>
#include <thread>
#include <vector>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

struct load_options {
  std::string file;
  std::string target = "http://127.0.0.1:8080";
  std::string token_file;
  std::optional<double> speed;
  std::string duration;
  std::string drain = "2m";
  std::string json_out;
  std::string html_out;
  std::string ledger;
  std::string source_addresses;
  long long predict_replications = 40;
  bool quiet = false;
};

po::options_description load_description(load_options& o) {
  po::options_description desc{
    "usage: livechat load FILE --token-file PATH [options]\n\n"
    "Plays the scenario against a running `livechat serve`: customer bots\n"
    "arrive at the scenario's rates whatever the server does (open model),\n"
    "operator bots take, answer and close or switch sessions as the\n"
    "scenario's handle times, messages and transfers say, going Online and\n"
    "Offline by its shifts. Before the run the scenario's users, groups and\n"
    "live chats are created through the admin API, or checked if the server\n"
    "has them. Measures time to assignment and message delivery from each\n"
    "event's intended time (a stalled server shows as latency), per live\n"
    "chat, and checks the scenario's thresholds on what it measured\n"
    "(e.g. \"time_to_assign.p99 < 50ms\"). Prints progress every 5 s.\n"
    "Exit codes: 0 ok, 1 a threshold breached, 2 bad input or a server\n"
    "that could not be provisioned, 130 interrupted.\n\noptions"};
  desc.add_options()("help,h", po::bool_switch(), "show this help")(
    "target", po::value(&o.target)->default_value(o.target),
    "the server's URL, http://HOST:PORT (HOST an IPv4 address)")(
    "token-file", po::value(&o.token_file),
    "file holding an Administrator's token (`livechat serve "
    "--admin-token-file`)")(
    "speed", po::value<std::string>(),
    ("scenario seconds per wall second, " + limits::speed.describe()
     + " (default 1: real time); rates are multiplied, durations divided")
      .c_str())("duration", po::value(&o.duration),
                "wall time of arrivals, e.g. 20s (default: the scenario's "
                "horizon at --speed)")(
    "drain", po::value(&o.drain)->default_value(o.drain),
    "after the arrivals, how long open sessions may take to end")(
    "json", po::value(&o.json_out),
    "write the JSON report (docs/report-format.md) to this file")(
    "html", po::value(&o.html_out),
    "write a self-contained HTML page (latency over time, percentile "
    "curves, the prediction beside the measurement) to this file")(
    "ledger", po::value(&o.ledger),
    "write one JSON line per write the server acknowledged (sessions and "
    "messages) to this file, as it happens")(
    "source-addresses", po::value(&o.source_addresses),
    "local addresses the WebSockets bind to in turn, e.g. "
    "127.0.0.2-127.0.0.9 (more client ports for many connections)")(
    "predict",
    po::value(&o.predict_replications)->default_value(o.predict_replications),
    "replications of the simulation whose prediction is set beside the "
    "measurement (the same scenario and window); 0: none")(
    "quiet,q", po::bool_switch(&o.quiet), "print nothing but errors");
  return desc;
}

/// A report file named on the command line.
struct output_path {
  std::string option; ///< "--json", "--html"
  std::string path;
};

/// True if `a` and `b` name the same file (as far as the paths tell).
bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  auto x = std::filesystem::weakly_canonical(a, ec1);
  auto y = std::filesystem::weakly_canonical(b, ec2);
  return ec1 || ec2 ? a == b : x == y;
}

/// Whether `r` can be written, found out without touching what is there:
/// an earlier run's report stays until this run has its own. A file that
/// did not exist is not left behind.
bool check_writable(const output_path& r, std::ostream& err) {
  std::error_code ec;
  bool existed = std::filesystem::exists(r.path, ec);
  {
    std::ofstream probe{r.path, std::ios::app};
    if (!probe) {
      err << "livechat load: " << r.option << ": cannot write " << r.path
          << "\n";
      return false;
    }
  }
  if (!existed)
    std::filesystem::remove(r.path, ec);
  return true;
}

/// Replaces `r`'s contents with `text`; a write that fails (a full disk)
/// is an error, found when the file is closed.
bool write_output(const output_path& r, const std::string& text,
                  std::ostream& err) {
  std::ofstream file{r.path, std::ios::trunc};
  file << text;
  file.close();
  if (!file) {
    err << "livechat load: " << r.option << ": cannot write " << r.path << "\n";
    return false;
  }
  return true;
}

std::optional<std::string> read_token(const std::string& path) {
  std::ifstream in{path};
  std::string token;
  if (!in || !(in >> token))
    return std::nullopt;
  return token;
}

int run_load(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err) {
  load_options opts;
  auto desc = load_description(opts);
  po::variables_map vm;
  if (auto done = parse_command_line("load", args, desc, vm, opts.file, out,
                                     err))
    return *done;
  if (!read_real_option(vm, "speed", limits::speed, "load", err, opts.speed))
    return exit_bad_input;
  double speed = opts.speed.value_or(1.0);
  std::string why;
  auto target = load::parse_target(opts.target, why);
  if (!target) {
    err << "livechat load: --target: " << why << "\n";
    return exit_bad_input;
  }
  std::vector<std::string> sources;
  if (!opts.source_addresses.empty()) {
    auto parsed = load::parse_source_addresses(opts.source_addresses, why);
    if (!parsed) {
      err << "livechat load: --source-addresses: " << why << "\n";
      return exit_bad_input;
    }
    sources = std::move(*parsed);
  }
  if (opts.token_file.empty()) {
    err << "livechat load: --token-file is required (an Administrator's "
           "token, e.g. from `livechat serve --admin-token-file`)\n";
    return exit_bad_input;
  }
  auto admin_token = read_token(opts.token_file);
  if (!admin_token) {
    err << "livechat load: --token-file: cannot read a token from '"
        << opts.token_file << "'\n";
    return exit_bad_input;
  }
  auto drain = scenarios::parse_duration(opts.drain);
  if (!drain) {
    err << "livechat load: --drain: '" << opts.drain << "' is not a duration\n";
    return exit_bad_input;
  }
  auto input = load_scenario_input(opts.file, err);
  if (!input)
    return exit_bad_input;
  const auto& sc = input->sc;
  duration window_wall{
    static_cast<std::int64_t>(static_cast<double>(sc.horizon.count()) / speed)};
  if (!opts.duration.empty()) {
    auto d = scenarios::parse_duration(opts.duration);
    if (!d || *d <= duration::zero()) {
      err << "livechat load: --duration: '" << opts.duration
          << "' is not a positive duration\n";
      return exit_bad_input;
    }
    window_wall = *d;
  }
  duration horizon_wall{
    static_cast<std::int64_t>(static_cast<double>(sc.horizon.count()) / speed)};
  if (window_wall > horizon_wall) {
    fmt::print(err,
               "livechat load: the scenario's horizon ({}) at speed {} ends "
               "the arrivals after {:.1f} s\n",
               scenarios::format_duration(sc.horizon), speed,
               to_seconds(horizon_wall));
    window_wall = horizon_wall;
  }
  std::ostringstream silent;
  std::ostream& progress = opts.quiet ? silent : err;

  // Output paths are checked before anything is done on the server, so
  // that a bad one fails in a second, not after provisioning and the run.
  std::vector<output_path> reports;
  for (auto [option, path] : {std::pair{"--json", &opts.json_out},
                              std::pair{"--html", &opts.html_out}})
    if (!path->empty())
      reports.push_back({option, *path});
  std::vector<const std::string*> outputs{&opts.json_out, &opts.html_out,
                                          &opts.ledger};
  for (std::size_t i = 0; i < outputs.size(); ++i)
    for (std::size_t k = i + 1; k < outputs.size(); ++k)
      if (!outputs[i]->empty() && !outputs[k]->empty()
          && same_file(*outputs[i], *outputs[k])) {
        err << "livechat load: --json, --html and --ledger need different "
               "files ('"
            << *outputs[i] << "' twice)\n";
        return exit_bad_input;
      }
  for (auto& r : reports)
    if (!check_writable(r, err))
      return exit_bad_input;
  std::ofstream ledger;
  if (!opts.ledger.empty()) {
    ledger.open(opts.ledger); // a new run, a new ledger
    if (!ledger) {
      err << "livechat load: --ledger: cannot write " << opts.ledger << "\n";
      return exit_bad_input;
    }
  }

  auto ids = load::provision(*target, *admin_token, input->ws, progress);
  if (auto* e = std::get_if<load::provision_error>(&ids)) {
    err << "livechat load: " << opts.target << ": " << e->message << "\n";
    return exit_bad_input;
  }
  load::bot_credentials who;
  who.ids = std::get<load::server_ids>(std::move(ids));
  who.channel_token = *admin_token;
  duration window_scenario{static_cast<std::int64_t>(
    static_cast<double>(window_wall.count()) * speed)};
  auto arrivals = load::plan_arrivals(sc, input->ws, window_scenario,
                                      input->trace_times);
  if (opts.predict_replications < 0 || opts.predict_replications > 100000) {
    err << "livechat load: --predict: give 0 to 100000 replications\n";
    return exit_bad_input;
  }
  auto names = load::operator_names(input->ws);
  for (const auto& w : load::watcher_names(input->ws))
    names.push_back(w);
  for (const auto& a : arrivals)
    if (input->ws.chats[a.chat].channel.empty())
      names.push_back(a.customer);
  fmt::print(progress, "livechat load: {} arrivals planned; minting tokens\n",
             arrivals.size());
  auto tokens = load::mint_tokens(*target, *admin_token, who.ids, names,
                                  progress);
  if (auto* e = std::get_if<load::provision_error>(&tokens)) {
    err << "livechat load: " << opts.target << ": " << e->message << "\n";
    return exit_bad_input;
  }
  who.tokens = std::get<0>(std::move(tokens));

  load::load_settings settings;
  settings.speed = speed;
  settings.arrival_window
    = std::chrono::duration_cast<std::chrono::milliseconds>(window_wall);
  settings.drain_limit
    = std::chrono::duration_cast<std::chrono::milliseconds>(*drain);
  settings.cancel = &interrupt_flag();
  if (ledger.is_open())
    settings.ledger = &ledger;
  auto result = load::run_load(sc, input->ws, arrivals, *target, sources, who,
                               settings, progress);
  if (result.interrupted) {
    err << "livechat load: interrupted; nothing written\n";
    return exit_interrupted;
  }
  if (auto failed = result.errors.find("setup_failed");
      failed != result.errors.end()) {
    err << fmt::format("livechat load: {}: {} bot connections could not be "
                       "set up within 30 s\n",
                       opts.target, failed->second);
    return exit_bad_input;
  }
  std::optional<load::prediction> predicted;
  if (opts.predict_replications > 0 && result.watched) {
    fmt::print(progress,
               "livechat load: simulating {} replications of the same "
               "window for the prediction\n",
               opts.predict_replications);
    try {
      predicted = load::predict_and_compare(
        sc, input->ws, input->trace_times, window_scenario,
        std::move(result.events), result.end, result.scripted, speed,
        static_cast<std::uint64_t>(opts.predict_replications),
        std::max(1u, std::thread::hardware_concurrency()), &interrupt_flag());
    } catch (const sim::interrupted&) {
      err << "livechat load: interrupted; nothing written\n";
      return exit_interrupted;
    }
  } else if (opts.predict_replications > 0) {
    result.notes.push_back(
      "no prediction: a live chat without supervisors, or a supervisor's "
      "stream cut off, leaves the server's events incomplete");
  }
  const load::prediction* p = predicted ? &*predicted : nullptr;
  auto checks = load::check_thresholds(sc, result);
  if (!opts.quiet)
    load::print_summary(out, sc, result, checks, p);
  for (const auto& r : reports)
    if (!write_output(r,
                      r.option == "--json"
                        ? load::json_report(sc, result, checks, p)
                        : load::html_report(sc, result, checks, p),
                      err))
      return exit_bad_input;
  if (load::breached(checks)) {
    for (const auto& c : checks)
      if (c.measured && !c.holds)
        err << fmt::format("livechat load: threshold breached: {} on {} "
                           "(measured {:.6g})\n",
                           c.threshold, c.chat, c.value);
    return exit_threshold_breached;
  }
  return exit_ok;
}

} // namespace

command make_load_command() {
  return {"load", "drive a running server from a scenario file and measure it",
          run_load};
}

} // namespace livechat::cli
