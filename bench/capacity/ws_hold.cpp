// ws_hold: how many WebSocket connections a server on this machine holds,
// what each costs it in memory, and how fast it answers over all of them
// (the capacity section of docs/BENCHMARKS.md; the floor is
// bench/capacity/echo_server.cpp, measured the same way).
//
//   ws_hold --target 127.0.0.1:18301 --token-file admin.token
//           --connections 19000 --server-pid 4242 --round-trips 3
//
// It opens --connections WebSockets, --batch at a time, holds them, reads
// the server's memory (/proc/PID/status VmRSS, /proc/PID/smaps_rollup Pss)
// before and once all are open, then runs --round-trips rounds: in each,
// every connection sends {"id":1,"type":"ping"} and waits for its answer.
// A frame is the answer when it is the sent text itself (an echo server)
// or a JSON object with "type":"reply" and "id":1 (livechat's reply to a
// ping); anything else (livechat's hello, snapshots) is read and passed
// over. Then it closes them all and reads the memory once more.
//
// One io_context on one thread, asynchronous Beast WebSockets over
// tcp_stream, TCP_NODELAY. Only loopback targets; the whole run is bounded
// by --timeout-seconds. Exit 0 if every connection opened and every round
// trip was answered, 1 otherwise, 2 on bad input.
#include "bench/capacity/descriptors.hpp"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <variant>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace po = boost::program_options;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

constexpr int exit_ok = 0;
constexpr int exit_incomplete = 1;
constexpr int exit_bad_input = 2;
constexpr int exit_internal_error = 3;

/// Descriptors kept free for the process itself (stdio, epoll, timers).
constexpr rlim_t descriptor_margin = 64;
/// Bounds of the steps; the whole run is bounded by --timeout-seconds too.
constexpr std::chrono::seconds open_timeout{30};
constexpr std::chrono::seconds round_timeout{30};
constexpr std::chrono::seconds close_timeout{30};
/// Before measuring "all open": frames (livechat's hello) must have
/// stopped arriving for this long, but no longer than settle_limit.
constexpr std::chrono::milliseconds settle_quiet{1000};
constexpr std::chrono::seconds settle_limit{10};
/// After closing, the server gets this long before its memory is read.
constexpr std::chrono::seconds after_close_wait{2};
/// Error messages kept per kind.
constexpr std::size_t examples_per_kind = 3;

constexpr std::string_view ping_text = R"({"id":1,"type":"ping"})";

// -- Options and settings -----------------------------------------------

struct options {
  std::string target;
  std::string path = "/api/v1/ws";
  std::string token_file;
  long long connections = 0;
  std::string source_addresses;
  long long server_pid = 0;
  long long batch = 500;
  long long round_trips = 0;
  double hold_seconds = 0;
  double timeout_seconds = 120;
  std::string json_out;
};

/// What the run does, checked.
struct settings {
  tcp::endpoint target;
  std::string host_header; // "127.0.0.1:PORT"
  std::string path;
  std::string token; // empty: no Authorization header
  std::size_t connections = 0;
  std::vector<net::ip::address_v4> sources; // empty: the kernel chooses
  std::optional<long long> server_pid;
  std::size_t batch = 0;
  std::size_t round_trips = 0;
  clock_type::duration hold{}; // after all are open, before round trips
  clock_type::duration timeout{};
  std::string json_out;
  rlim_t descriptor_limit = 0;
};

struct bad_input {
  std::string message;
};

/// A loopback IPv4 address (127.x.x.x), or nullopt.
std::optional<net::ip::address_v4> loopback_v4(const std::string& text) {
  beast::error_code ec;
  auto a = net::ip::make_address(text, ec);
  if (ec || !a.is_v4() || a.to_v4().to_bytes()[0] != 127)
    return std::nullopt;
  return a.to_v4();
}

/// "127.0.0.2-127.0.0.9" (or one address): loopback, within one /24.
std::variant<std::vector<net::ip::address_v4>, bad_input>
parse_sources(const std::string& text) {
  auto dash = text.find('-');
  auto first = loopback_v4(text.substr(0, dash));
  auto last = dash == std::string::npos ? first
                                        : loopback_v4(text.substr(dash + 1));
  if (!first || !last)
    return bad_input{fmt::format(
      "--source-addresses '{}': expected 127.x.y.A-127.x.y.B or one "
      "address, loopback IPv4 only",
      text)};
  auto a = first->to_bytes();
  auto b = last->to_bytes();
  if (a[1] != b[1] || a[2] != b[2] || a[3] > b[3])
    return bad_input{fmt::format(
      "--source-addresses '{}': the range must lie within one /24 and "
      "run upwards (127.x.y.A-127.x.y.B with A <= B)",
      text)};
  std::vector<net::ip::address_v4> out;
  for (int i = a[3]; i <= b[3]; ++i) {
    auto bytes = a;
    bytes[3] = static_cast<unsigned char>(i);
    out.emplace_back(bytes);
  }
  return out;
}

/// The first line of `path`, trimmed; it must be a plausible token.
std::variant<std::string, bad_input> read_token(const std::string& path) {
  std::ifstream in{path};
  std::string line;
  if (!in || !std::getline(in, line))
    return bad_input{fmt::format("--token-file '{}': cannot read it", path)};
  while (!line.empty()
         && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.pop_back();
  if (line.empty())
    return bad_input{
      fmt::format("--token-file '{}': the first line is empty", path)};
  for (char c : line)
    if (c < 0x21 || c > 0x7e)
      return bad_input{fmt::format(
        "--token-file '{}': the token has a character that cannot go in an "
        "HTTP header",
        path)};
  return line;
}

/// The ephemeral port range (ip_local_port_range): the connections one
/// source address can make to one server address and port.
std::optional<long long> local_port_count() {
  std::ifstream in{"/proc/sys/net/ipv4/ip_local_port_range"};
  long long low = 0;
  long long high = 0;
  if (!(in >> low >> high) || high < low)
    return std::nullopt;
  return high - low + 1;
}

std::variant<settings, bad_input> make_settings(const options& o) {
  settings s;
  auto colon = o.target.rfind(':');
  auto address = colon == std::string::npos
                   ? std::nullopt
                   : loopback_v4(o.target.substr(0, colon));
  auto port_text = colon == std::string::npos ? std::string{}
                                              : o.target.substr(colon + 1);
  long port = 0;
  if (!port_text.empty() && port_text.size() <= 5
      && port_text.find_first_not_of("0123456789") == std::string::npos)
    port = std::stol(port_text);
  if (!address || port < 1 || port > 65535)
    return bad_input{fmt::format(
      "--target '{}': expected 127.x.x.x:PORT (a loopback IPv4 address; "
      "no other target is allowed)",
      o.target)};
  s.target = tcp::endpoint{*address, static_cast<std::uint16_t>(port)};
  s.host_header = o.target;
  if (o.path.empty() || o.path[0] != '/'
      || o.path.find_first_of(" \r\n\t") != std::string::npos)
    return bad_input{fmt::format(
      "--path '{}': expected an absolute path such as /api/v1/ws", o.path)};
  s.path = o.path;
  if (!o.token_file.empty()) {
    auto token = read_token(o.token_file);
    if (auto* e = std::get_if<bad_input>(&token))
      return *e;
    s.token = std::get<std::string>(token);
  }
  if (!o.source_addresses.empty()) {
    auto sources = parse_sources(o.source_addresses);
    if (auto* e = std::get_if<bad_input>(&sources))
      return *e;
    s.sources = std::get<0>(std::move(sources));
  }
  s.descriptor_limit = livechat::capacity::raise_descriptor_limit();
  auto most = s.descriptor_limit > descriptor_margin
                ? static_cast<long long>(s.descriptor_limit - descriptor_margin)
                : 0LL;
  if (o.connections < 1 || o.connections > most)
    return bad_input{fmt::format(
      "--connections {}: must be 1 to {} here: this process's descriptor "
      "limit (RLIMIT_NOFILE, raised to its hard limit) is {}, less a margin "
      "of {}; a server process is capped the same way",
      o.connections, most, s.descriptor_limit, descriptor_margin)};
  s.connections = static_cast<std::size_t>(o.connections);
  if (auto ports = local_port_count()) {
    auto sources
      = static_cast<long long>(std::max<std::size_t>(s.sources.size(), 1));
    if (o.connections > *ports * sources)
      return bad_input{
        fmt::format("--connections {}: more than the {} ephemeral ports "
                    "(ip_local_port_range) x {} source address(es) allow; add "
                    "--source-addresses",
                    o.connections, *ports, sources)};
  }
  if (o.server_pid != 0) {
    if (o.server_pid < 1
        || !std::ifstream{fmt::format("/proc/{}/status", o.server_pid)})
      return bad_input{
        fmt::format("--server-pid {}: no such process", o.server_pid)};
    s.server_pid = o.server_pid;
  }
  if (o.batch < 1 || o.batch > 100000)
    return bad_input{fmt::format("--batch {}: must be 1 to 100000", o.batch)};
  s.batch = static_cast<std::size_t>(o.batch);
  if (o.round_trips < 0 || o.round_trips > 1000)
    return bad_input{
      fmt::format("--round-trips {}: must be 0 to 1000", o.round_trips)};
  s.round_trips = static_cast<std::size_t>(o.round_trips);
  if (!(o.hold_seconds >= 0 && o.hold_seconds <= 3600))
    return bad_input{
      fmt::format("--hold-seconds {}: must be 0 to 3600", o.hold_seconds)};
  s.hold = std::chrono::duration_cast<clock_type::duration>(
    std::chrono::duration<double>{o.hold_seconds});
  if (!(o.timeout_seconds >= 1 && o.timeout_seconds <= 3600))
    return bad_input{fmt::format("--timeout-seconds {}: must be 1 to 3600",
                                 o.timeout_seconds)};
  s.timeout = std::chrono::duration_cast<clock_type::duration>(
    std::chrono::duration<double>{o.timeout_seconds});
  s.json_out = o.json_out;
  return s;
}

// -- Server memory ---------------------------------------------------------

struct memory_sample {
  std::optional<long long> rss_kib; // VmRSS in /proc/PID/status
  std::optional<long long> pss_kib; // Pss in /proc/PID/smaps_rollup
};

/// The value in kB of the line "`field`:   123 kB" of `path`.
std::optional<long long> read_kib(const std::string& path,
                                  std::string_view field) {
  std::ifstream in{path};
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > field.size() && line.compare(0, field.size(), field) == 0
        && line[field.size()] == ':') {
      try {
        return std::stoll(line.substr(field.size() + 1));
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

memory_sample read_memory(long long pid) {
  return {read_kib(fmt::format("/proc/{}/status", pid), "VmRSS"),
          read_kib(fmt::format("/proc/{}/smaps_rollup", pid), "Pss")};
}

// -- The run ---------------------------------------------------------------

/// Latencies in microseconds; percentiles by nearest rank.
struct latency_stats {
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
};

latency_stats summarize(std::vector<double> us) {
  latency_stats s;
  if (us.empty())
    return s;
  std::sort(us.begin(), us.end());
  auto rank = [&](double q) {
    auto i = static_cast<std::size_t>(q * static_cast<double>(us.size()));
    return us[std::min(i, us.size() - 1)];
  };
  s.p50_us = rank(0.50);
  s.p99_us = rank(0.99);
  s.max_us = us.back();
  return s;
}

struct error_kind {
  std::size_t count = 0;
  std::vector<std::string> examples;
};

class holder {
public:
  explicit holder(const settings& s)
      : s_(s),
        deadline_timer_(io_),
        phase_timer_(io_),
        signals_(io_, SIGINT, SIGTERM) {}

  /// Runs every phase to its end, or until the deadline or a signal.
  void run() {
    start_ = clock_type::now();
    deadline_timer_.expires_after(s_.timeout);
    deadline_timer_.async_wait([this](beast::error_code ec) {
      if (!ec)
        abort(
          fmt::format("the run reached --timeout-seconds while {}", phase_));
    });
    signals_.async_wait([this](beast::error_code ec, int) {
      if (!ec)
        abort(fmt::format("interrupted while {}", phase_));
    });
    if (s_.server_pid)
      before_ = read_memory(*s_.server_pid);
    conns_.reserve(s_.connections);
    for (std::size_t i = 0; i < s_.connections; ++i)
      conns_.push_back(std::make_unique<connection>(io_));
    phase_ = "opening";
    open_started_ = clock_type::now();
    open_more();
    io_.run();
  }

  int report(std::ostream& out) const;

private:
  enum class state { idle, opening, open, closing, done };

  struct connection {
    explicit connection(net::io_context& io) : ws{io} {}
    websocket::stream<beast::tcp_stream> ws;
    beast::flat_buffer buffer;
    /// The upgrade's answer, kept while the handshake runs.
    std::unique_ptr<websocket::response_type> response;
    state st = state::idle;
    bool awaiting = false; // a ping is out, its answer not yet in
    bool writing = false;
    bool send_pending = false; // a ping waits for the previous write
    clock_type::time_point sent_at{};
  };

  void note_error(const std::string& kind, const std::string& example) {
    auto& k = errors_[kind];
    ++k.count;
    if (k.examples.size() < examples_per_kind && !example.empty())
      k.examples.push_back(example);
  }

  // Opening: a window of --batch handshakes in flight.

  void open_more() {
    while (in_flight_ < s_.batch && next_ < conns_.size() && !stopped_) {
      auto i = next_++;
      ++in_flight_;
      start_open(i);
    }
    if (in_flight_ == 0 && next_ == conns_.size() && !stopped_)
      opened_all();
  }

  void start_open(std::size_t i) {
    auto& c = *conns_[i];
    c.st = state::opening;
    auto& stream = beast::get_lowest_layer(c.ws);
    auto& socket = stream.socket();
    beast::error_code ec;
    socket.open(tcp::v4(), ec);
    if (ec)
      return open_failed(i, "socket: " + ec.message(), "");
    if (!s_.sources.empty()) {
      // The port is chosen at connect, per destination: with a plain bind
      // each source address would run out of ports at the port range.
      int one = 1;
      ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT,
                   &one, sizeof one);
      socket.bind(tcp::endpoint{s_.sources[i % s_.sources.size()], 0}, ec);
      if (ec)
        return open_failed(i, "bind: " + ec.message(), "");
    }
    stream.expires_after(open_timeout);
    stream.async_connect(s_.target, [this, i](beast::error_code e) {
      on_connect(i, e);
    });
  }

  void on_connect(std::size_t i, beast::error_code ec) {
    if (stopped_)
      return;
    if (ec)
      return open_failed(i, "connect: " + ec.message(), "");
    auto& c = *conns_[i];
    auto& stream = beast::get_lowest_layer(c.ws);
    beast::error_code ignored;
    stream.socket().set_option(tcp::no_delay{true}, ignored);
    stream.expires_never();
    auto timeouts
      = websocket::stream_base::timeout::suggested(beast::role_type::client);
    timeouts.handshake_timeout = open_timeout;
    c.ws.set_option(timeouts);
    if (!s_.token.empty())
      c.ws.set_option(websocket::stream_base::decorator(
        [auth = "Bearer " + s_.token](websocket::request_type& req) {
          req.set(beast::http::field::authorization, auth);
        }));
    c.response = std::make_unique<websocket::response_type>();
    c.ws.async_handshake(*c.response, s_.host_header, s_.path,
                         [this, i](beast::error_code e) {
                           on_handshake(i, e);
                         });
  }

  void on_handshake(std::size_t i, beast::error_code ec) {
    if (stopped_)
      return;
    auto& c = *conns_[i];
    if (ec) {
      if (ec == websocket::error::upgrade_declined && c.response) {
        auto body = c.response->body().substr(0, 160);
        return open_failed(
          i, fmt::format("upgrade refused: HTTP {}", c.response->result_int()),
          body);
      }
      return open_failed(i, "handshake: " + ec.message(), "");
    }
    c.response.reset();
    c.ws.text(true);
    c.st = state::open;
    ++opened_;
    --in_flight_;
    read(i);
    open_more();
  }

  void open_failed(std::size_t i, const std::string& kind,
                   const std::string& example) {
    auto& c = *conns_[i];
    c.response.reset();
    c.st = state::done;
    beast::error_code ignored;
    beast::get_lowest_layer(c.ws).socket().close(ignored);
    note_error(kind, example.empty()
                       ? std::string{}
                       : fmt::format("connection {}: {}", i, example));
    ++open_failed_;
    --in_flight_;
    // Not from within open_more's loop: a failure there returns here,
    // and the loop goes on by itself.
    net::post(io_, [this] {
      open_more();
    });
  }

  void opened_all() {
    if (phase_ != "opening")
      return; // posted twice
    open_seconds_ = seconds_since(open_started_);
    phase_ = "waiting for the first frames";
    settle_started_ = clock_type::now();
    last_frames_ = frames_;
    last_change_ = settle_started_;
    settle();
  }

  /// Waits until the frames the server sends on its own (hello,
  /// snapshots) stop coming, then reads the memory.
  void settle() {
    auto now = clock_type::now();
    if (frames_ != last_frames_) {
      last_frames_ = frames_;
      last_change_ = now;
    }
    if (now - last_change_ < settle_quiet
        && now - settle_started_ < settle_limit) {
      phase_timer_.expires_after(std::chrono::milliseconds{100});
      phase_timer_.async_wait([this](beast::error_code ec) {
        if (!ec && !stopped_)
          settle();
      });
      return;
    }
    frames_before_ = frames_;
    if (s_.server_pid)
      all_open_ = read_memory(*s_.server_pid);
    if (s_.hold == clock_type::duration::zero())
      return start_round_trips();
    phase_ = "holding";
    phase_timer_.expires_after(s_.hold);
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (ec || stopped_)
        return;
      if (s_.server_pid)
        after_hold_ = read_memory(*s_.server_pid);
      start_round_trips();
    });
  }

  void start_round_trips() {
    round_ = 0;
    round_trips_started_ = clock_type::now();
    next_round();
  }

  // Round trips.

  void next_round() {
    if (stopped_)
      return;
    if (round_ == s_.round_trips) {
      if (s_.round_trips > 0) {
        round_trip_seconds_ = seconds_since(round_trips_started_);
        if (s_.server_pid)
          after_round_trips_ = read_memory(*s_.server_pid);
      }
      return close_all();
    }
    ++round_;
    phase_ = fmt::format("running round trip {} of {}", round_, s_.round_trips);
    outstanding_ = 0;
    for (std::size_t i = 0; i < conns_.size(); ++i) {
      auto& c = *conns_[i];
      if (c.st != state::open)
        continue;
      ++outstanding_;
      c.awaiting = true;
      if (c.writing)
        c.send_pending = true;
      else
        send_ping(i);
    }
    if (outstanding_ == 0)
      return close_all();
    phase_timer_.expires_after(round_timeout);
    phase_timer_.async_wait([this, r = round_](beast::error_code ec) {
      if (ec || stopped_ || r != round_)
        return;
      for (auto& c : conns_)
        if (c->awaiting) {
          c->awaiting = false;
          ++round_trip_failed_;
          note_error("round trip: no answer within 30 s", "");
        }
      outstanding_ = 0;
      next_round();
    });
  }

  void send_ping(std::size_t i) {
    auto& c = *conns_[i];
    c.writing = true;
    c.send_pending = false;
    c.sent_at = clock_type::now();
    c.ws.async_write(net::buffer(ping_text.data(), ping_text.size()),
                     [this, i](beast::error_code ec, std::size_t) {
                       auto& w = *conns_[i];
                       w.writing = false;
                       if (stopped_)
                         return;
                       if (ec) {
                         note_error("write: " + ec.message(), "");
                         if (w.awaiting) {
                           w.awaiting = false;
                           ++round_trip_failed_;
                           answered_one();
                         }
                         return;
                       }
                       if (w.send_pending && w.st == state::open)
                         send_ping(i);
                     });
  }

  void answered_one() {
    if (outstanding_ > 0 && --outstanding_ == 0) {
      phase_timer_.cancel();
      // The next round from a fresh handler, after those already queued.
      net::post(io_, [this] {
        next_round();
      });
    }
  }

  /// Whether `text` answers the ping: the echo itself, or livechat's
  /// {"type":"reply","id":1,...}. Sets `*not_ok` for a reply with
  /// "ok":false (its error message in `*why`).
  static bool is_answer(const std::string& text, bool* not_ok,
                        std::string* why) {
    if (text == ping_text)
      return true;
    if (text.find("\"reply\"") == std::string::npos)
      return false;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("type") || j["type"] != "reply"
        || !j.contains("id") || j["id"] != 1)
      return false;
    if (j.contains("ok") && j["ok"] != true) {
      *not_ok = true;
      *why = text.substr(0, 200);
    }
    return true;
  }

  // Every open connection reads all the time: frames the server sends on
  // its own are counted and passed over, pings from the server answered
  // (Beast does that inside the read), a drop is noticed.

  void read(std::size_t i) {
    auto& c = *conns_[i];
    c.ws.async_read(c.buffer, [this, i](beast::error_code ec, std::size_t) {
      on_read(i, ec);
    });
  }

  void on_read(std::size_t i, beast::error_code ec) {
    auto& c = *conns_[i];
    if (stopped_)
      return;
    if (ec) {
      if (c.st == state::closing)
        return; // the close handshake completes in on_closed
      if (c.st == state::open) {
        c.st = state::done;
        ++lost_;
        note_error(fmt::format("connection lost while held: {}", ec.message()),
                   fmt::format("connection {}: close code {} '{}'", i,
                               static_cast<int>(c.ws.reason().code),
                               std::string{c.ws.reason().reason.c_str()}));
        if (c.awaiting) {
          c.awaiting = false;
          ++round_trip_failed_;
          answered_one();
        }
      }
      return;
    }
    ++frames_;
    auto text = beast::buffers_to_string(c.buffer.data());
    c.buffer.consume(c.buffer.size());
    if (c.awaiting) {
      bool not_ok = false;
      std::string why;
      if (is_answer(text, &not_ok, &why)) {
        latencies_us_.push_back(std::chrono::duration<double, std::micro>(
                                  clock_type::now() - c.sent_at)
                                  .count());
        c.awaiting = false;
        if (not_ok) {
          ++round_trip_not_ok_;
          note_error("round trip answered with an error", why);
        }
        answered_one();
      } else {
        ++other_frames_during_round_trips_;
      }
    }
    read(i);
  }

  // Closing.

  void close_all() {
    phase_ = "closing";
    closing_ = 0;
    for (std::size_t i = 0; i < conns_.size(); ++i) {
      auto& c = *conns_[i];
      if (c.st != state::open)
        continue;
      c.st = state::closing;
      ++closing_;
      c.ws.async_close(websocket::close_code::normal,
                       [this, i](beast::error_code ec) {
                         on_closed(i, ec);
                       });
    }
    close_started_ = clock_type::now();
    if (closing_ == 0)
      return closed_all();
    phase_timer_.expires_after(close_timeout);
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (ec || stopped_)
        return;
      // Whatever has not closed in time is cut.
      for (auto& c : conns_)
        if (c->st == state::closing) {
          beast::error_code ignored;
          beast::get_lowest_layer(c->ws).socket().close(ignored);
        }
    });
  }

  void on_closed(std::size_t i, beast::error_code ec) {
    auto& c = *conns_[i];
    if (stopped_ || c.st != state::closing)
      return;
    c.st = state::done;
    ++closed_;
    if (ec && ec != websocket::error::closed)
      note_error("close: " + ec.message(), "");
    if (--closing_ == 0) {
      phase_timer_.cancel();
      net::post(io_, [this] {
        closed_all();
      });
    }
  }

  void closed_all() {
    if (stopped_)
      return;
    close_seconds_ = seconds_since(close_started_);
    if (!s_.server_pid)
      return finish();
    phase_ = "waiting before the last memory reading";
    phase_timer_.expires_after(after_close_wait);
    phase_timer_.async_wait([this](beast::error_code ec) {
      if (ec || stopped_)
        return;
      after_close_ = read_memory(*s_.server_pid);
      finish();
    });
  }

  void finish() {
    completed_ = true;
    stop();
  }

  void abort(std::string why) {
    if (stopped_)
      return;
    aborted_ = std::move(why);
    stop();
  }

  void stop() {
    stopped_ = true;
    total_seconds_ = seconds_since(start_);
    beast::error_code ignored;
    deadline_timer_.cancel();
    phase_timer_.cancel();
    signals_.cancel(ignored);
    io_.stop();
  }

  static double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
  }

  const settings& s_;
  net::io_context io_{1};
  net::steady_timer deadline_timer_;
  net::steady_timer phase_timer_;
  net::signal_set signals_;
  std::vector<std::unique_ptr<connection>> conns_;
  std::string phase_ = "starting";
  bool stopped_ = false;
  bool completed_ = false;
  std::optional<std::string> aborted_;
  clock_type::time_point start_{};

  std::size_t next_ = 0;
  std::size_t in_flight_ = 0;
  std::size_t opened_ = 0;
  std::size_t open_failed_ = 0;
  std::size_t lost_ = 0;
  clock_type::time_point open_started_{};
  std::optional<double> open_seconds_;

  std::size_t frames_ = 0;
  std::size_t last_frames_ = 0;
  std::size_t frames_before_ = 0;
  clock_type::time_point settle_started_{};
  clock_type::time_point last_change_{};

  std::size_t round_ = 0;
  std::size_t outstanding_ = 0;
  std::size_t round_trip_failed_ = 0;
  std::size_t round_trip_not_ok_ = 0;
  std::size_t other_frames_during_round_trips_ = 0;
  std::vector<double> latencies_us_;
  clock_type::time_point round_trips_started_{};
  std::optional<double> round_trip_seconds_;

  std::size_t closing_ = 0;
  std::size_t closed_ = 0;
  clock_type::time_point close_started_{};
  std::optional<double> close_seconds_;
  double total_seconds_ = 0;

  std::optional<memory_sample> before_;
  std::optional<memory_sample> all_open_;
  std::optional<memory_sample> after_hold_;
  std::optional<memory_sample> after_round_trips_;
  std::optional<memory_sample> after_close_;

  std::map<std::string, error_kind> errors_;
};

std::string kib_text(const std::optional<long long>& kib) {
  if (!kib)
    return "-";
  return fmt::format("{:.1f} MiB", static_cast<double>(*kib) / 1024.0);
}

nlohmann::json kib_json(const std::optional<long long>& kib) {
  return kib ? nlohmann::json(*kib) : nlohmann::json();
}

/// (after - before) / n in bytes, if both readings exist.
std::optional<double> per_connection(const std::optional<long long>& before,
                                     const std::optional<long long>& after,
                                     std::size_t n) {
  if (!before || !after || n == 0)
    return std::nullopt;
  return static_cast<double>(*after - *before) * 1024.0
         / static_cast<double>(n);
}

int holder::report(std::ostream& out) const {
  auto requested = s_.connections;
  out << fmt::format("ws_hold: ws://{}{}{}\n", s_.host_header, s_.path,
                     s_.token.empty() ? "" : " (with a bearer token)");
  if (aborted_)
    out << fmt::format("stopped early: {}\n", *aborted_);
  out << fmt::format(
    "connections: requested {}, opened {}, failed {} (batch {}, source "
    "address {})\n",
    requested, opened_, requested - opened_, s_.batch,
    s_.sources.empty()
      ? std::string{"chosen by the kernel"}
      : fmt::format("{} to {}, {} in turn", s_.sources.front().to_string(),
                    s_.sources.back().to_string(), s_.sources.size()));
  if (open_seconds_)
    out << fmt::format(
      "time to open: {:.3f} s ({:.0f} connections/s)\n", *open_seconds_,
      *open_seconds_ > 0 ? static_cast<double>(opened_) / *open_seconds_ : 0.0);
  out << fmt::format("frames the server sent before the round trips: {}\n",
                     frames_before_);
  if (lost_ > 0)
    out << fmt::format("connections lost while held: {}\n", lost_);
  if (s_.server_pid) {
    out << fmt::format("server memory (pid {}):      {:>12} {:>12}\n",
                       *s_.server_pid, "VmRSS", "Pss");
    auto row = [&](const char* name, const std::optional<memory_sample>& m) {
      if (m)
        out << fmt::format("  {:<27}{:>12} {:>12}\n", name,
                           kib_text(m->rss_kib), kib_text(m->pss_kib));
    };
    row("before opening", before_);
    row("all open", all_open_);
    row("after --hold-seconds", after_hold_);
    row("after the round trips", after_round_trips_);
    row("2 s after closing", after_close_);
    if (before_ && all_open_) {
      auto rss = per_connection(before_->rss_kib, all_open_->rss_kib, opened_);
      auto pss = per_connection(before_->pss_kib, all_open_->pss_kib, opened_);
      out << fmt::format(
        "per connection ((all open - before) / opened): VmRSS {}, Pss {}\n",
        rss ? fmt::format("{:.0f} B", *rss) : "-",
        pss ? fmt::format("{:.0f} B", *pss) : "-");
    }
  }
  if (s_.round_trips > 0) {
    auto answered = latencies_us_.size();
    auto stats = summarize(latencies_us_);
    out << fmt::format("round trips: {} rounds requested, {} ran; {} answered "
                       "({} with an error reply), {} failed\n",
                       s_.round_trips, round_, answered, round_trip_not_ok_,
                       round_trip_failed_);
    if (round_trip_seconds_ && *round_trip_seconds_ > 0)
      out << fmt::format("  {:.0f} round trips/s ({} in {:.3f} s, one round "
                         "after the other)\n",
                         static_cast<double>(answered) / *round_trip_seconds_,
                         answered, *round_trip_seconds_);
    if (answered > 0)
      out << fmt::format(
        "  latency: p50 {:.3f} ms, p99 {:.3f} ms, max {:.3f} ms\n",
        stats.p50_us / 1000, stats.p99_us / 1000, stats.max_us / 1000);
    if (other_frames_during_round_trips_ > 0)
      out << fmt::format("  other frames passed over meanwhile: {}\n",
                         other_frames_during_round_trips_);
  }
  if (close_seconds_)
    out << fmt::format("closed {} in {:.3f} s\n", closed_, *close_seconds_);
  if (!errors_.empty()) {
    out << "errors by kind:\n";
    for (const auto& [kind, k] : errors_) {
      out << fmt::format("  {:>7}  {}\n", k.count, kind);
      for (const auto& e : k.examples)
        out << fmt::format("           e.g. {}\n", e);
    }
  }
  out << fmt::format("total: {:.3f} s\n", total_seconds_);

  if (!s_.json_out.empty()) {
    nlohmann::json j;
    j["target"] = s_.host_header;
    j["path"] = s_.path;
    j["connections_requested"] = requested;
    j["connections_opened"] = opened_;
    j["connections_failed"] = requested - opened_;
    j["connections_lost_while_held"] = lost_;
    j["batch"] = s_.batch;
    j["source_addresses"] = s_.sources.size();
    j["open_seconds"] = open_seconds_ ? nlohmann::json(*open_seconds_)
                                      : nlohmann::json();
    j["frames_before_round_trips"] = frames_before_;
    j["completed"] = completed_;
    j["stopped_early"] = aborted_ ? nlohmann::json(*aborted_)
                                  : nlohmann::json();
    if (s_.server_pid) {
      auto m = [](const std::optional<memory_sample>& x) {
        if (!x)
          return nlohmann::json();
        return nlohmann::json{{"vmrss_kib", kib_json(x->rss_kib)},
                              {"pss_kib", kib_json(x->pss_kib)}};
      };
      j["server_pid"] = *s_.server_pid;
      j["server_memory"] = {{"before", m(before_)},
                            {"all_open", m(all_open_)},
                            {"after_hold", m(after_hold_)},
                            {"after_round_trips", m(after_round_trips_)},
                            {"after_close", m(after_close_)}};
      if (before_ && all_open_) {
        auto rss = per_connection(before_->rss_kib, all_open_->rss_kib,
                                  opened_);
        auto pss = per_connection(before_->pss_kib, all_open_->pss_kib,
                                  opened_);
        j["bytes_per_connection"]
          = {{"vmrss", rss ? nlohmann::json(*rss) : nlohmann::json()},
             {"pss", pss ? nlohmann::json(*pss) : nlohmann::json()}};
      }
    }
    if (s_.round_trips > 0) {
      auto stats = summarize(latencies_us_);
      auto answered = latencies_us_.size();
      j["round_trips"] = {
        {"rounds_requested", s_.round_trips},
        {"rounds_run", round_},
        {"answered", answered},
        {"answered_with_error", round_trip_not_ok_},
        {"failed", round_trip_failed_},
        {"seconds", round_trip_seconds_ ? nlohmann::json(*round_trip_seconds_)
                                        : nlohmann::json()},
        {"per_second", round_trip_seconds_ && *round_trip_seconds_ > 0
                         ? nlohmann::json(static_cast<double>(answered)
                                          / *round_trip_seconds_)
                         : nlohmann::json()},
        {"latency_ms",
         {{"p50", stats.p50_us / 1000},
          {"p99", stats.p99_us / 1000},
          {"max", stats.max_us / 1000}}}};
    }
    nlohmann::json errors = nlohmann::json::object();
    for (const auto& [kind, k] : errors_)
      errors[kind] = {{"count", k.count}, {"examples", k.examples}};
    j["errors"] = errors;
    j["total_seconds"] = total_seconds_;
    std::ofstream file{s_.json_out};
    file << j.dump(2) << '\n';
    if (!file) {
      std::cerr << fmt::format("ws_hold: cannot write --json '{}'\n",
                               s_.json_out);
      return exit_bad_input;
    }
  }
  bool all_opened = opened_ == requested;
  bool all_answered = round_trip_failed_ == 0 && round_trip_not_ok_ == 0
                      && round_ == s_.round_trips;
  return all_opened && all_answered && !aborted_ ? exit_ok : exit_incomplete;
}

int run(int argc, char** argv) {
  options o;
  po::options_description desc{
    "usage: ws_hold --target 127.0.0.1:PORT --connections N [options]\n\n"
    "Opens N WebSocket connections to a server on this machine (--batch at\n"
    "a time), holds them, reads the server's memory (--server-pid: VmRSS\n"
    "from /proc/PID/status, Pss from /proc/PID/smaps_rollup) before and\n"
    "once all are open, runs --round-trips rounds in which every connection\n"
    "sends {\"id\":1,\"type\":\"ping\"} and waits for the answer (the text\n"
    "echoed, or a frame with \"type\":\"reply\" and \"id\":1 as livechat\n"
    "answers; other frames, like livechat's hello, are passed over), then\n"
    "closes them all. Prints a summary; --json writes it as JSON.\n\n"
    "Descriptor limit: every connection is a descriptor on each side. This\n"
    "program raises its soft RLIMIT_NOFILE to the hard limit and refuses\n"
    "more connections than that limit less 64. The server is capped by its\n"
    "own limit the same way: on a machine whose hard limit is 20000 (and\n"
    "cannot be raised without CAP_SYS_RESOURCE), one server process holds\n"
    "at most about 19,900 connections, whatever the target of 50,000 says.\n"
    "Each source address gives one ephemeral port range\n"
    "(ip_local_port_range) of connections to one server port;\n"
    "--source-addresses adds more.\n\n"
    "Exit codes: 0 every connection opened and every round trip was\n"
    "answered, 1 otherwise (or stopped by --timeout-seconds or a signal),\n"
    "2 bad input.\n\noptions"};
  desc.add_options()("help,h", po::bool_switch(), "show this help")(
    "target", po::value(&o.target),
    "the server, 127.x.x.x:PORT (loopback only: any other is refused)")(
    "path", po::value(&o.path)->default_value(o.path), "the WebSocket's path")(
    "token-file", po::value(&o.token_file),
    "file whose first line is a token, sent as 'Authorization: Bearer "
    "TOKEN' (default: no header)")("connections", po::value(&o.connections),
                                   "how many connections to open and hold")(
    "source-addresses", po::value(&o.source_addresses),
    "local addresses the connections bind to in turn, e.g. "
    "127.0.0.2-127.0.0.9 (loopback, within one /24; default: the "
    "kernel's choice)")("server-pid", po::value(&o.server_pid),
                        "the server's process id, to read its memory")(
    "batch", po::value(&o.batch)->default_value(o.batch),
    "connections being opened at a time")(
    "hold-seconds", po::value(&o.hold_seconds)->default_value(0),
    "once all are open (and measured), hold them this long before the "
    "round trips (bounded by --timeout-seconds too)")(
    "round-trips", po::value(&o.round_trips)->default_value(o.round_trips),
    "rounds of one ping per connection once all are open")(
    "timeout-seconds",
    po::value(&o.timeout_seconds)->default_value(o.timeout_seconds),
    "bound on the whole run; what is unfinished then is reported")(
    "json", po::value(&o.json_out), "also write the figures to this file");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "ws_hold: " << e.what() << "\n\n" << desc << '\n';
    return exit_bad_input;
  }
  if (vm["help"].as<bool>()) {
    std::cout << desc << '\n';
    return exit_ok;
  }
  if (o.target.empty() || !vm.count("connections")) {
    std::cerr << "ws_hold: need --target and --connections\n\n" << desc << '\n';
    return exit_bad_input;
  }
  auto s = make_settings(o);
  if (auto* e = std::get_if<bad_input>(&s)) {
    std::cerr << "ws_hold: " << e->message << '\n';
    return exit_bad_input;
  }
  holder h{std::get<settings>(s)};
  h.run();
  return h.report(std::cout);
}

} // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "ws_hold: " << e.what() << '\n';
    return exit_internal_error;
  }
}
