// TLS: with --tls-cert/--tls-key the server speaks HTTPS and WSS, checked by
// a real TLS client that trusts only the test certificate; a plain client
// is dropped and harms no one; bad files stop the start with a clear message.
#include "tests/server/server_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace livechat::server_testing {
namespace tls_test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::string tls_file(const char* name) {
  return std::string{LIVECHAT_SOURCE_DIR} + "/tests/server/tls/" + name;
}

/// Runs one asynchronous step to its end, or for at most 10 s (then
/// `timed_out`): every client step below is bounded in time.
template <class Start>
beast::error_code step(net::io_context& io, Start start) {
  beast::error_code result = net::error::timed_out;
  bool done = false;
  start([&](beast::error_code ec, auto&&...) {
    result = ec;
    done = true;
  });
  io.restart();
  io.run_for(std::chrono::seconds{10});
  return done ? result : beast::error_code{net::error::timed_out};
}

/// A TLS client context that trusts only the test certificate, for
/// 127.0.0.1.
std::unique_ptr<ssl::context> client_context() {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  ctx->load_verify_file(tls_file("cert.pem"));
  ctx->set_verify_mode(ssl::verify_peer);
  ctx->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
  return ctx;
}

class tls : public server_fixture {
protected:
  void start_tls() {
    server::server_settings s;
    s.tls = server::tls_files{tls_file("cert.pem"), tls_file("key.pem")};
    start(s);
  }
  tcp::endpoint endpoint() const {
    return {net::ip::make_address("127.0.0.1"), port_};
  }

  /// GET `path` over HTTPS; the status, or 0 if the exchange failed.
  int https_get(const std::string& path, std::string* body = nullptr) {
    net::io_context io;
    auto ctx = client_context();
    beast::ssl_stream<beast::tcp_stream> stream{io, *ctx};
    auto& lowest = beast::get_lowest_layer(stream);
    if (step(io, [&](auto done) {
          lowest.async_connect(endpoint(), done);
        }))
      return 0;
    if (step(io, [&](auto done) {
          stream.async_handshake(ssl::stream_base::client, done);
        }))
      return 0;
    http::request<http::empty_body> req{http::verb::get, path, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + admin_token_);
    if (step(io, [&](auto done) {
          http::async_write(stream, req, done);
        }))
      return 0;
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    if (step(io, [&](auto done) {
          http::async_read(stream, buffer, res, done);
        }))
      return 0;
    if (body != nullptr)
      *body = res.body();
    return static_cast<int>(res.result_int());
  }
};

TEST_F(tls, HttpsAndWssServeWithTheGivenCertificate) {
  start_tls();
  std::string body;
  EXPECT_EQ(https_get("/healthz", &body), 200);
  EXPECT_NE(body.find("serving"), std::string::npos) << body;
  EXPECT_EQ(https_get("/api/v1/users/0"), 200);

  net::io_context io;
  auto ctx = client_context();
  beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws{io, *ctx};
  auto& lowest = beast::get_lowest_layer(ws);
  ASSERT_FALSE(step(io, [&](auto done) {
    lowest.async_connect(endpoint(), done);
  }));
  ASSERT_FALSE(step(io, [&](auto done) {
    ws.next_layer().async_handshake(ssl::stream_base::client, done);
  }));
  ws.set_option(beast::websocket::stream_base::decorator(
    [token = admin_token_](beast::websocket::request_type& req) {
      req.set(http::field::authorization, "Bearer " + token);
    }));
  ASSERT_FALSE(step(io, [&](auto done) {
    ws.async_handshake("127.0.0.1", "/api/v1/ws", done);
  }));
  beast::flat_buffer frame;
  ASSERT_FALSE(step(io, [&](auto done) {
    ws.async_read(frame, done);
  }));
  auto hello = nlohmann::json::parse(beast::buffers_to_string(frame.data()));
  EXPECT_EQ(hello["type"], "hello");
}

TEST_F(tls, APlainClientIsDroppedAndOthersAreStillServed) {
  start_tls();
  auto plain = get("/healthz", admin_token_); // plain HTTP to the TLS port
  EXPECT_NE(plain.status, 200);
  EXPECT_EQ(https_get("/healthz"), 200);
}

TEST_F(tls, BadFilesStopTheStartWithAMessageNamingThem) {
  stop();
  auto start_with = [&](const std::string& cert, const std::string& key) {
    server::server_settings s;
    s.port = 0;
    s.db_path = db_;
    s.tls = server::tls_files{cert, key};
    auto started = server::server::start(s, std::nullopt,
                                         [](std::string_view) {});
    auto* message = std::get_if<std::string>(&started);
    return message != nullptr ? *message : std::string{"started"};
  };
  auto missing = tls_file("missing.pem");
  EXPECT_NE(start_with(missing, tls_file("key.pem")).find(missing),
            std::string::npos);
  EXPECT_NE(
    start_with(tls_file("cert.pem"), tls_file("cert.pem")).find("--tls-key"),
    std::string::npos);
  auto wrong = start_with(tls_file("cert.pem"), tls_file("other-key.pem"));
  EXPECT_NE(wrong.find("--tls-key"), std::string::npos) << wrong;
  EXPECT_NE(wrong.find("mismatch"), std::string::npos) << wrong;
}

} // namespace tls_test
} // namespace livechat::server_testing
