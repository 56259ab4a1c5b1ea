#include "cli/command.hpp"

#include "cli/exit_codes.hpp"

#include <ostream>

namespace livechat::cli {

void command_registry::add(command c) {
  commands_.push_back(std::move(c));
}

void command_registry::print_overview(std::ostream& out) const {
  out << "livechat: live chat routing, simulation and capacity planning\n\n"
         "usage: livechat <command> [options]\n\ncommands:\n";
  for (const auto& c : commands_) {
    out << "  " << c.name;
    for (auto i = c.name.size(); i < 12; ++i)
      out << ' ';
    out << c.summary << '\n';
  }
  out << "\n'livechat <command> --help' explains a command.\n"
         "exit codes: 0 ok, 1 a threshold was breached, 2 bad input\n";
}

int command_registry::dispatch(int argc, const char* const* argv,
                               std::ostream& out, std::ostream& err) const {
  if (argc < 2) {
    print_overview(out);
    return exit_ok;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_overview(out);
    return exit_ok;
  }
  for (const auto& c : commands_)
    if (c.name == name)
      return c.run(std::vector<std::string>(argv + 2, argv + argc), out, err);
  err << "livechat: unknown command '" << name << "'\n\n";
  print_overview(err);
  return exit_bad_input;
}

void register_commands(command_registry& reg) {
  reg.add(make_run_command());
  reg.add(make_plan_command());
  reg.add(make_validate_command());
  reg.add(make_serve_command());
  reg.add(make_export_command());
  reg.add(make_client_command());
  reg.add(make_load_command());
}

} // namespace livechat::cli
