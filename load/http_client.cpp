#include "load/http_client.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>

namespace livechat::load {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string http_reply::error_code() const {
  auto j = json();
  if (!j.is_object() || !j.contains("error") || !j["error"].contains("code"))
    return "";
  return j["error"]["code"].get<std::string>();
}

std::string http_reply::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (beast::iequals(k, name))
      return v;
  return "";
}

namespace {

/// Runs `io` until `done` or the deadline; on the deadline closes `stream`
/// so every pending operation ends. Synchronous Beast calls ignore
/// tcp_stream's timeouts, so the client is asynchronous underneath.
bool run_until(net::io_context& io, beast::tcp_stream& stream, const bool& done,
               std::chrono::seconds limit = std::chrono::seconds{10}) {
  io.restart();
  io.run_for(limit);
  if (done)
    return true;
  stream.close();
  io.restart();
  io.run();
  return false;
}

} // namespace

http_reply send(const std::string& host, std::uint16_t port,
                const http_call& call) {
  net::io_context io;
  beast::tcp_stream stream{io};
  bool done = false;
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec)
    return {};
  stream.async_connect(tcp::endpoint{address, port}, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!run_until(io, stream, done) || ec)
    return {};
  http::request<http::string_body> req;
  req.version(11);
  req.target(call.path);
  // Any method, also one Beast has no name for (a server must answer 405
  // or 501, not hang): sent as written.
  if (auto verb = http::string_to_verb(call.method);
      verb != http::verb::unknown)
    req.method(verb);
  else
    req.method_string(call.method);
  req.set(http::field::host, host);
  if (!call.authorization.empty())
    req.set(http::field::authorization, call.authorization);
  else if (!call.token.empty())
    req.set(http::field::authorization, "Bearer " + call.token);
  if (!call.body.empty())
    req.set(http::field::content_type, "application/json");
  req.body() = call.body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  done = false;
  // A server may answer before it read the whole request (413 for a body
  // too large) and close: the write then fails, yet its answer is there to
  // read. So read after the write whatever became of it.
  http::async_write(stream, req, [&](beast::error_code, std::size_t) {
    http::async_read(stream, buffer, parser,
                     [&](beast::error_code e2, std::size_t) {
                       ec = e2;
                       done = true;
                     });
  });
  if (!run_until(io, stream, done) || ec)
    return {};
  auto& res = parser.get();
  http_reply reply;
  reply.status = static_cast<int>(res.result_int());
  reply.body = res.body();
  for (const auto& f : res)
    reply.headers.emplace_back(std::string{f.name_string()},
                               std::string{f.value()});
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return reply;
}

std::string send_raw(std::uint16_t port, const std::string& bytes) {
  net::io_context io;
  beast::tcp_stream stream{io};
  bool done = false;
  beast::error_code ec;
  stream.async_connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port},
                       [&](beast::error_code e) {
                         ec = e;
                         done = true;
                       });
  if (!run_until(io, stream, done) || ec)
    return {};
  std::string out;
  std::array<char, 4096> chunk{};
  done = false;
  // Write, then read until the server closes (or the deadline).
  std::function<void()> read_more = [&] {
    stream.async_read_some(net::buffer(chunk),
                           [&](beast::error_code e, std::size_t n) {
                             out.append(chunk.data(), n);
                             if (e || out.size() > 1024 * 1024) {
                               done = true;
                               return;
                             }
                             read_more();
                           });
  };
  net::async_write(stream, net::buffer(bytes),
                   [&](beast::error_code e, std::size_t) {
                     if (e) {
                       done = true;
                       return;
                     }
                     read_more();
                   });
  run_until(io, stream, done);
  return out;
}

} // namespace livechat::load
