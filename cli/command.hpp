// Subcommands of `livechat`, registered by an explicit call.
//
// Each subcommand parses its own options (Boost.Program_options) into a
// typed options struct and returns an exit code (cli/exit_codes.hpp). Usage
// errors print the subcommand's help to stderr.
//
// Example:
//   livechat::cli::command_registry reg;
//   livechat::cli::register_commands(reg);
//   return reg.dispatch(argc, argv, std::cout, std::cerr);
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace livechat::cli {

struct command {
  std::string name;
  std::string summary;
  /// Runs with the arguments after the subcommand name.
  std::function<int(const std::vector<std::string>& args, std::ostream& out,
                    std::ostream& err)>
    run;
};

class command_registry {
public:
  void add(command c);
  /// Dispatches `livechat <command> args...`; prints the overview for
  /// `livechat`, `livechat --help` and `livechat help`.
  int dispatch(int argc, const char* const* argv, std::ostream& out,
               std::ostream& err) const;
  void print_overview(std::ostream& out) const;

private:
  std::vector<command> commands_;
};

/// Registers every built-in subcommand.
void register_commands(command_registry& reg);

/// `livechat validate FILE`.
command make_validate_command();
/// `livechat run FILE [options]`.
command make_run_command();

/// `livechat plan FILE`: capacity planning (cli/plan_command.cpp).
command make_plan_command();

/// `livechat serve`: the server (cli/serve_command.cpp, server/).
command make_serve_command();
/// `livechat client`: the server's WebSocket from a shell.
command make_client_command();
/// `livechat export`: a server database's sessions (cli/export_command.cpp).
command make_export_command();
/// `livechat load FILE`: a scenario against a running server (load/).
command make_load_command();

} // namespace livechat::cli
