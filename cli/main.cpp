// The `livechat` command: see cli/command.hpp for the subcommands.
//
// No exception leaves main: every failure becomes a one-line message and an
// exit code (cli/exit_codes.hpp). Bad input is reported where it is found,
// with exit 2; what arrives here is an interruption (130) or a failure of
// livechat itself or of the system (3).
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "sim/parallel.hpp"

#include <exception>
#include <iostream>
#include <new>

int main(int argc, char** argv) {
  using namespace livechat::cli;
  interrupt_flag(); // Ctrl-C from the start: see cli/interrupt.hpp
  try {
    command_registry commands;
    register_commands(commands);
    return commands.dispatch(argc, argv, std::cout, std::cerr);
  } catch (const livechat::sim::interrupted&) {
    std::cerr << "livechat: interrupted; nothing was written\n";
    return exit_interrupted;
  } catch (const std::bad_alloc&) {
    std::cerr << "livechat: out of memory (lower --threads or "
                 "--replications, or see docs/scenario-format.md, "
                 "\"Limits\")\n";
    return exit_internal_error;
  } catch (const std::exception& e) {
    std::cerr << "livechat: internal error: " << e.what() << '\n';
    return exit_internal_error;
  } catch (...) {
    std::cerr << "livechat: internal error: unknown exception\n";
    return exit_internal_error;
  }
}
