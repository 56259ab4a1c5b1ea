// `livechat client`: a WebSocket client for the server, for scripts and the
// worked session in docs/api.md.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "load/ws_client.hpp"

#include <boost/program_options.hpp>
#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <istream>
#include <ostream>
#include <string>

namespace livechat::cli {

namespace po = boost::program_options;

namespace {

int run_client(const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err) {
  std::string server = "127.0.0.1:8080";
  std::string token;
  double wait = 2;
  po::options_description desc{
    "usage: livechat client --token TOKEN [--server HOST:PORT] [--wait S]\n\n"
    "Opens the server's WebSocket (/api/v1/ws) as the token's user, sends\n"
    "each line of standard input as one frame (a JSON command, see\n"
    "docs/api.md), and prints every frame the server sends, one per line.\n"
    "After the input ends it keeps printing for --wait seconds, then\n"
    "closes. Exits 2 if the server refuses the connection.\n\noptions"};
  desc.add_options()("help,h", po::bool_switch(), "show this help")(
    "server", po::value(&server)->default_value(server),
    "the server's HOST:PORT (an IP address)")(
    "token", po::value(&token), "the bearer token to connect with")(
    "wait", po::value(&wait)->default_value(wait),
    "seconds to keep printing after the input ends");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "livechat client: " << e.what() << "\n\n" << desc << '\n';
    return exit_bad_input;
  }
  if (vm["help"].as<bool>()) {
    out << desc << '\n';
    return exit_ok;
  }
  auto colon = server.rfind(':');
  int port = 0;
  try {
    port = colon == std::string::npos ? -1
                                      : std::stoi(server.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port <= 0 || port > 65535 || token.empty() || !(wait >= 0)) {
    err << "livechat client: need --token, --server HOST:PORT and --wait >= 0"
        << "\n\n"
        << desc << '\n';
    return exit_bad_input;
  }
  int refused = 0;
  auto ws = load::ws_client::connect(
    server.substr(0, colon), static_cast<std::uint16_t>(port), token, &refused);
  if (!ws) {
    err << fmt::format("livechat client: cannot connect to {}{}\n", server,
                       refused ? fmt::format(" (HTTP {})", refused) : "");
    return exit_bad_input;
  }
  std::string line;
  while (std::getline(std::cin, line))
    if (!line.empty())
      ws->send_text(line);
  auto deadline = std::chrono::steady_clock::now()
                  + std::chrono::milliseconds{static_cast<long>(wait * 1000)};
  while (!ws->closed()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      break;
    auto frame = ws->next(left);
    if (!frame)
      break;
    out << frame->dump() << '\n' << std::flush;
  }
  return exit_ok;
}

} // namespace

command make_client_command() {
  return command{"client",
                 "send JSON commands over the server's WebSocket and print "
                 "what it pushes",
                 run_client};
}

} // namespace livechat::cli
