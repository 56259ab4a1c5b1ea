#include "tests/server/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace livechat::server_testing {

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

http_reply send(std::uint16_t port, const http_call& call) {
  net::io_context io;
  beast::tcp_stream stream{io};
  stream.expires_after(std::chrono::seconds{10});
  beast::error_code ec;
  stream.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port}, ec);
  if (ec)
    return {};
  http::request<http::string_body> req{http::string_to_verb(call.method),
                                       call.path, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!call.authorization.empty())
    req.set(http::field::authorization, call.authorization);
  else if (!call.token.empty())
    req.set(http::field::authorization, "Bearer " + call.token);
  if (!call.body.empty())
    req.set(http::field::content_type, "application/json");
  req.body() = call.body;
  req.prepare_payload();
  http::write(stream, req, ec);
  if (ec)
    return {};
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser, ec);
  if (ec)
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
  stream.expires_after(std::chrono::seconds{10});
  beast::error_code ec;
  stream.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port}, ec);
  if (ec)
    return {};
  net::write(stream, net::buffer(bytes), ec);
  if (ec)
    return {};
  std::string out;
  char chunk[4096];
  for (int reads = 0; reads < 64; ++reads) { // bounded
    auto n = stream.read_some(net::buffer(chunk), ec);
    out.append(chunk, n);
    if (ec)
      break;
  }
  return out;
}

} // namespace livechat::server_testing
