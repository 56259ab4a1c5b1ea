// The `livechat` command: see cli/command.hpp for the subcommands.
#include "cli/command.hpp"

#include <iostream>

int main(int argc, char** argv) {
  livechat::cli::command_registry commands;
  livechat::cli::register_commands(commands);
  return commands.dispatch(argc, argv, std::cout, std::cerr);
}
