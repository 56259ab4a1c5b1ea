// ws_echo_server: the smallest honest asynchronous Boost.Beast WebSocket
// echo server, the floor that `livechat serve` is measured against in the
// capacity section of docs/BENCHMARKS.md (bench/capacity/ws_hold.cpp
// measures both the same way).
//
// One io_context on one thread, in the style of Beast's
// websocket_server_async example: each accepted socket becomes a session
// that completes the upgrade (any Authorization header is accepted and
// ignored), then reads a message and writes it back, text as text, until
// the peer closes. Nothing else: no routing, no storage, no logging per
// connection.
//
//   ws_echo_server --listen 127.0.0.1:18300
//   listening on 127.0.0.1:18300 pid 4242
//
// Loopback addresses (127.x.x.x) only. SIGINT or SIGTERM stops it (exit 0).
#include "bench/capacity/descriptors.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <string>
#include <unistd.h>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace po = boost::program_options;
using tcp = net::ip::tcp;

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;

/// One WebSocket: upgrade, then read a message and echo it, over and over.
/// Owned by the handler of its pending operation (shared_from_this).
class session : public std::enable_shared_from_this<session> {
public:
  explicit session(tcp::socket&& socket) : ws_(std::move(socket)) {}

  void run() {
    ws_.set_option(
      websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(
      websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(http::field::server, "ws_echo_server");
      }));
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (!ec)
        self->read();
    });
  }

private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec,
                                                        std::size_t) {
      if (ec) // closed by the peer, dropped or timed out: the session ends
        return;
      self->ws_.text(self->ws_.got_text());
      self->ws_.async_write(self->buffer_.data(),
                            [self](beast::error_code write_ec, std::size_t) {
                              if (write_ec)
                                return;
                              self->buffer_.consume(self->buffer_.size());
                              self->read();
                            });
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
};

/// Accepts connections until stopped. Out of descriptors (EMFILE), say,
/// it tries again 100 ms later instead of spinning, as livechat's
/// listener does.
class listener {
public:
  listener(net::io_context& io, tcp::acceptor& acceptor)
      : io_(io), acceptor_(acceptor), retry_(io) {}

  void accept() {
    acceptor_.async_accept(io_, [this](beast::error_code ec,
                                       tcp::socket socket) {
      if (!acceptor_.is_open())
        return;
      if (ec) {
        ++accept_errors_;
        retry_.expires_after(std::chrono::milliseconds{100});
        retry_.async_wait([this](beast::error_code timer_ec) {
          if (!timer_ec && acceptor_.is_open())
            accept();
        });
        return;
      }
      ++accepted_;
      beast::error_code ignored;
      socket.set_option(tcp::no_delay{true}, ignored);
      std::make_shared<session>(std::move(socket))->run();
      accept();
    });
  }

  void stop() {
    beast::error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
  }

  std::uint64_t accepted() const {
    return accepted_;
  }
  std::uint64_t accept_errors() const {
    return accept_errors_;
  }

private:
  net::io_context& io_;
  tcp::acceptor& acceptor_;
  net::steady_timer retry_;
  std::uint64_t accepted_ = 0;
  std::uint64_t accept_errors_ = 0;
};

int run(int argc, char** argv) {
  std::string listen = "127.0.0.1:18300";
  po::options_description desc{
    "usage: ws_echo_server [--listen 127.0.0.1:PORT]\n\n"
    "A minimal Boost.Beast WebSocket echo server (one thread), the floor\n"
    "for the capacity measurements of docs/BENCHMARKS.md: every message\n"
    "comes back as it was sent, text as text. Any path and any\n"
    "Authorization header are accepted. Prints 'listening on ADDRESS:PORT\n"
    "pid N' once it accepts; SIGINT or SIGTERM stops it (exit 0). It raises\n"
    "its soft RLIMIT_NOFILE to the hard limit: that limit caps the\n"
    "connections it can hold. Exit 2 on bad input.\n\noptions"};
  desc.add_options()("help,h", po::bool_switch(), "show this help")(
    "listen", po::value(&listen)->default_value(listen),
    "the address and port to listen on, 127.x.x.x:PORT (loopback only; "
    "port 0 picks a free one)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "ws_echo_server: " << e.what() << "\n\n" << desc << '\n';
    return exit_bad_input;
  }
  if (vm["help"].as<bool>()) {
    std::cout << desc << '\n';
    return exit_ok;
  }
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << fmt::format(
      "ws_echo_server: --listen '{}': expected 127.x.x.x:PORT\n", listen);
    return exit_bad_input;
  }
  beast::error_code ec;
  auto address = net::ip::make_address(listen.substr(0, colon), ec);
  if (ec || !address.is_v4() || address.to_v4().to_bytes()[0] != 127) {
    std::cerr << fmt::format("ws_echo_server: --listen '{}': only a loopback "
                             "IPv4 address (127.x.x.x) is allowed\n",
                             listen);
    return exit_bad_input;
  }
  auto port_text = listen.substr(colon + 1);
  long port = -1;
  if (!port_text.empty() && port_text.size() <= 5
      && port_text.find_first_not_of("0123456789") == std::string::npos)
    port = std::stol(port_text);
  if (port < 0 || port > 65535) {
    std::cerr << fmt::format(
      "ws_echo_server: --listen '{}': the port must be 0 to 65535\n", listen);
    return exit_bad_input;
  }
  livechat::capacity::raise_descriptor_limit();

  net::io_context io{1};
  tcp::endpoint endpoint{address, static_cast<std::uint16_t>(port)};
  tcp::acceptor acceptor{io};
  acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor.set_option(net::socket_base::reuse_address{true}, ec);
  if (!ec)
    acceptor.bind(endpoint, ec);
  if (!ec)
    acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << fmt::format("ws_echo_server: cannot listen on {}: {}\n",
                             listen, ec.message());
    return exit_bad_input;
  }
  auto bound = acceptor.local_endpoint(ec);
  listener l{io, acceptor};
  l.accept();

  net::signal_set signals{io, SIGINT, SIGTERM};
  signals.async_wait([&](beast::error_code, int) {
    l.stop();
    io.stop(); // the sessions end with the io_context
  });

  fmt::print("listening on {}:{} pid {}\n", bound.address().to_string(),
             bound.port(), static_cast<long>(getpid()));
  std::fflush(stdout);
  io.run();
  std::cerr << fmt::format(
    "ws_echo_server: stopped ({} connections accepted, {} accept errors)\n",
    l.accepted(), l.accept_errors());
  return exit_ok;
}

} // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "ws_echo_server: " << e.what() << '\n';
    return 3;
  }
}
