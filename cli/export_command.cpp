// `livechat export --db PATH [--json OUT]`: the stored sessions, with their
// events and messages, as JSON lines.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "server/store/store.hpp"

#include <boost/program_options.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <ostream>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

int run_export(const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err) {
  std::string db;
  std::string json_path;
  po::options_description desc{
    "usage: livechat export --db PATH [--json OUT]\n\n"
    "Writes every session stored in a server's database, oldest first, as\n"
    "one JSON object per line: id, chat, customer, state, operator, times,\n"
    "its events and its messages (docs/api.md, \"Sessions\"). Works while the\n"
    "server runs (it reads a consistent snapshot) or is stopped.\n\noptions"};
  desc.add_options()("help,h", po::bool_switch(), "show this help")(
    "db", po::value(&db), "the server's SQLite database")(
    "json", po::value(&json_path), "write to this file instead of stdout");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "livechat export: " << e.what() << "\n\n" << desc << '\n';
    return exit_bad_input;
  }
  if (vm["help"].as<bool>()) {
    out << desc << '\n';
    return exit_ok;
  }
  if (db.empty()) {
    err << "livechat export: --db is required\n\n" << desc << '\n';
    return exit_bad_input;
  }
  // Opening creates a missing file: refuse first, so a typo is an error.
  if (!std::filesystem::exists(db)) {
    err << fmt::format("livechat export: no database at '{}'\n", db);
    return exit_bad_input;
  }
  auto store = server::store::open(db);
  if (!store) {
    err << "livechat export: " << store.error().message << '\n';
    return exit_bad_input;
  }
  std::ofstream file;
  std::ostream* sink = &out;
  if (!json_path.empty()) {
    file.open(json_path, std::ios::trunc);
    if (!file) {
      err << fmt::format("livechat export: cannot write '{}'\n", json_path);
      return exit_bad_input;
    }
    sink = &file;
  }
  // One read transaction: a snapshot even while the server writes.
  if (auto began = store->db().exec("BEGIN"); !began) {
    err << "livechat export: " << began.error().message << '\n';
    return exit_internal_error;
  }
  std::size_t sessions = 0;
  auto done = store->each_session([&](const nlohmann::json& s) {
    *sink << s.dump() << '\n';
    ++sessions;
  });
  store->db().rollback();
  if (!done) {
    err << "livechat export: " << done.error().message << '\n';
    return exit_internal_error;
  }
  if (!sink->flush()) {
    err << "livechat export: writing failed\n";
    return exit_internal_error;
  }
  if (!json_path.empty())
    out << fmt::format("livechat export: {} sessions written to {}\n", sessions,
                       json_path);
  return exit_ok;
}

} // namespace

command make_export_command() {
  return command{"export", "write a server database's sessions as JSON lines",
                 run_export};
}

} // namespace livechat::cli
