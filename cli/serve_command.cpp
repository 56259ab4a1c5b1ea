// `livechat serve`: runs the server until SIGINT or SIGTERM (server/).
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/scenario_input.hpp"
#include "server/server.hpp"

#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <mutex>
#include <ostream>
#include <sys/resource.h>
#include <thread>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

struct serve_options {
  std::string listen = "127.0.0.1:8080";
  std::string db = "livechat.db";
  std::string scenario;
  std::string config;
  std::string admin_token_file;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  int read_timeout_seconds = 30;
  double rate_per_second = 50;
  double rate_burst = 100;
  std::size_t io_threads = 2;
  std::size_t runtime_threads = 0;
  std::size_t max_frame_bytes = 64 * 1024;
  double presence_grace_seconds = 30;
  std::string tls_cert;
  std::string tls_key;
};

po::options_description serve_description(serve_options& o) {
  po::options_description desc{
    "usage: livechat serve [options]\n\n"
    "Runs the live chat server: the routing runtime behind an HTTP/1.1 and\n"
    "WebSocket API (docs/api.md), durable in an SQLite database. A new\n"
    "database is provisioned from --scenario (its groups, users and live\n"
    "chats), or with a lone administrator 'admin'; its administrator's token\n"
    "is printed once (and written to --admin-token-file). A database already\n"
    "provisioned is reopened as it was left: --scenario is then ignored.\n"
    "Stops on SIGINT or SIGTERM after committing every acknowledged write.\n"
    "Options may also come from --config FILE (lines 'name = value', the\n"
    "names below without '--'); the command line overrides the file.\n\n"
    "options"};
  // clang-format off
  desc.add_options()
    ("help,h", po::bool_switch(), "show this help")
    ("listen", po::value(&o.listen)->default_value(o.listen),
     "HOST:PORT to listen on (an IP address; port 0: any free port)")
    ("db", po::value(&o.db)->default_value(o.db), "the SQLite database file")
    ("scenario", po::value(&o.scenario),
     "provision a new database from this scenario file")
    ("config", po::value(&o.config), "read options from this file")
    ("admin-token-file", po::value(&o.admin_token_file),
     "on first start, also write the administrator's token here (mode 0600)")
    ("max-body-bytes", po::value(&o.max_body_bytes)->default_value(o.max_body_bytes),
     "largest request body accepted (413 beyond)")
    ("max-header-bytes", po::value(&o.max_header_bytes)->default_value(o.max_header_bytes),
     "largest request header block accepted (431 beyond)")
    ("read-timeout", po::value(&o.read_timeout_seconds)->default_value(o.read_timeout_seconds),
     "seconds a client may take to send a request")
    ("rate-per-second", po::value(&o.rate_per_second)->default_value(o.rate_per_second),
     "requests per second allowed per token (429 beyond)")
    ("rate-burst", po::value(&o.rate_burst)->default_value(o.rate_burst),
     "requests a token may send at once")
    ("max-frame-bytes", po::value(&o.max_frame_bytes)->default_value(o.max_frame_bytes),
     "largest WebSocket message accepted (closed with 1009 beyond)")
    ("presence-grace", po::value(&o.presence_grace_seconds)->default_value(o.presence_grace_seconds),
     "seconds a dropped operator stays Away before going Offline")
    ("io-threads", po::value(&o.io_threads)->default_value(o.io_threads),
     "threads serving connections")
    ("runtime-threads", po::value(&o.runtime_threads)->default_value(o.runtime_threads),
     "the routing runtime's threads (0: one per core)")
    ("tls-cert", po::value(&o.tls_cert),
     "serve HTTPS and WSS with this PEM certificate chain (with --tls-key)")
    ("tls-key", po::value(&o.tls_key), "the PEM private key of --tls-cert");
  // clang-format on
  return desc;
}

/// Splits "HOST:PORT"; nullopt if malformed.
std::optional<std::pair<std::string, std::uint16_t>>
split_listen(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size())
    return std::nullopt;
  unsigned long port = 0;
  try {
    std::size_t used = 0;
    port = std::stoul(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1 || port > 65535)
      return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return std::pair{s.substr(0, colon), static_cast<std::uint16_t>(port)};
}

bool write_token_file(const std::string& path, const std::string& token,
                      std::ostream& err) {
  namespace fs = std::filesystem;
  std::ofstream file{path, std::ios::trunc};
  if (!file || !(file << token << '\n') || !file.flush()) {
    err << fmt::format("livechat serve: cannot write --admin-token-file '{}'\n",
                       path);
    return false;
  }
  std::error_code ignored; // best effort: a filesystem without modes
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace, ignored);
  return true;
}

/// Raises the soft limit on open descriptors to the hard one (each
/// connection holds one; many systems start processes at 1024 soft) and
/// returns the limit now in force, 0 when unlimited or unknown.
std::uint64_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    auto raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
      limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? 0 : limit.rlim_cur;
}

int run_serve(const std::vector<std::string>& args, std::ostream& out,
              std::ostream& err) {
  serve_options o;
  auto desc = serve_description(o);
  po::variables_map vm;
  auto usage = [&](const std::string& what) {
    err << "livechat serve: " << what << "\n\n" << desc << '\n';
    return exit_bad_input;
  };
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    if (vm.count("config")) {
      auto path = vm["config"].as<std::string>();
      std::ifstream file{path};
      if (!file)
        return usage(fmt::format("cannot read --config '{}'", path));
      po::store(po::parse_config_file(file, desc), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return usage(e.what());
  }
  if (vm["help"].as<bool>()) {
    out << desc << '\n';
    return exit_ok;
  }
  auto listen = split_listen(o.listen);
  if (!listen)
    return usage(fmt::format("--listen '{}': expected HOST:PORT", o.listen));
  if (o.rate_per_second <= 0 || o.rate_burst < 1 || o.max_body_bytes == 0
      || o.max_frame_bytes == 0 || !(o.presence_grace_seconds >= 0)
      || o.read_timeout_seconds <= 0 || o.io_threads == 0)
    return usage("limits must be positive");
  if (o.tls_cert.empty() != o.tls_key.empty())
    return usage("--tls-cert and --tls-key go together");

  std::optional<server::workspace_origin> provision;
  if (!o.scenario.empty()) {
    auto input = load_scenario_input(o.scenario, err);
    if (!input)
      return exit_bad_input;
    provision = server::workspace_origin{
      std::move(input->ws.dir), input->ws.admin, std::move(input->ws.chats)};
  }
  server::server_settings settings;
  settings.host = listen->first;
  settings.port = listen->second;
  settings.db_path = o.db;
  settings.http = {.max_body_bytes = o.max_body_bytes,
                   .max_header_bytes = o.max_header_bytes,
                   .read_timeout = std::chrono::seconds{o.read_timeout_seconds},
                   .max_frame_bytes = o.max_frame_bytes};
  settings.presence_grace = std::chrono::milliseconds{
    static_cast<std::int64_t>(o.presence_grace_seconds * 1000)};
  settings.rate = {.per_second = o.rate_per_second, .burst = o.rate_burst};
  settings.io_threads = o.io_threads;
  settings.runtime_threads = o.runtime_threads;
  if (!o.tls_cert.empty())
    settings.tls = server::tls_files{o.tls_cert, o.tls_key};

  const auto& stop = interrupt_flag();
  std::mutex log_mutex;
  auto log = [&log_mutex](std::string_view line) {
    std::lock_guard guard{log_mutex};
    std::clog << line << std::endl;
  };
  auto descriptors = raise_descriptor_limit();
  auto started = server::server::start(settings, std::move(provision), log);
  if (auto* e = std::get_if<std::string>(&started)) {
    err << "livechat serve: " << *e << '\n';
    return exit_bad_input;
  }
  auto& srv = *std::get<0>(started);
  if (const auto& token = srv.first_admin_token()) {
    out << "livechat serve: new database '" << o.db
        << "'; the administrator's token (shown once):\n"
        << *token << '\n';
    if (!o.admin_token_file.empty()
        && !write_token_file(o.admin_token_file, *token, err))
      return exit_internal_error;
  }
  out << fmt::format("livechat serve: listening on {}://{}:{}/ ({}Ctrl-C or "
                     "SIGTERM stops)\n",
                     settings.tls ? "https" : "http", settings.host, srv.port(),
                     descriptors == 0
                       ? std::string{}
                       : fmt::format("at most {} open descriptors, one per "
                                     "connection; ",
                                     descriptors))
      << std::flush;
  // The signal handler only sets a flag; look at it a few times a second.
  while (!stop.load())
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  srv.stop();
  out << "livechat serve: stopped\n";
  return exit_ok;
}

} // namespace

command make_serve_command() {
  return command{"serve", "run the live chat server (HTTP/WebSocket API)",
                 run_serve};
}

} // namespace livechat::cli
