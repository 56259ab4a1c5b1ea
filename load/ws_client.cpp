#include "load/ws_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>

namespace livechat::load {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct ws_client::impl {
  net::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
  bool closed = false;

  /// Runs until `done` or the deadline; on the deadline, or if the
  /// operation failed, the connection counts as closed.
  bool run(const bool& done, std::chrono::milliseconds limit) {
    io.restart();
    io.run_for(limit);
    if (done)
      return true;
    beast::get_lowest_layer(ws).close();
    io.restart();
    io.run();
    closed = true;
    return false;
  }
};

ws_client::ws_client(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

ws_client::~ws_client() {
  if (!impl_->closed) {
    beast::error_code ignored;
    beast::get_lowest_layer(impl_->ws).socket().close(ignored);
  }
}

std::unique_ptr<ws_client>
ws_client::connect(const std::string& host, std::uint16_t port,
                   const std::string& token, int* refused_status,
                   bool token_in_query) {
  auto p = std::make_unique<impl>();
  bool done = false;
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec)
    return nullptr;
  auto& tcp_layer = beast::get_lowest_layer(p->ws);
  tcp_layer.async_connect(tcp::endpoint{address, port},
                          [&](beast::error_code e) {
                            ec = e;
                            done = true;
                          });
  if (!p->run(done, std::chrono::seconds{5}) || ec)
    return nullptr;
  p->ws.set_option(websocket::stream_base::decorator(
    [token, token_in_query](websocket::request_type& req) {
      if (!token.empty() && !token_in_query)
        req.set(beast::http::field::authorization, "Bearer " + token);
    }));
  websocket::response_type res;
  std::string target = "/api/v1/ws";
  if (token_in_query)
    target += "?access_token=" + token;
  done = false;
  p->ws.async_handshake(res, host, target, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  if (!p->run(done, std::chrono::seconds{5}) || ec) {
    if (refused_status)
      *refused_status = static_cast<int>(res.result_int());
    return nullptr;
  }
  return std::unique_ptr<ws_client>{new ws_client{std::move(p)}};
}

void ws_client::send_text(const std::string& text) {
  if (impl_->closed)
    return;
  bool done = false;
  impl_->ws.text(true);
  impl_->ws.async_write(net::buffer(text), [&](beast::error_code, std::size_t) {
    done = true;
  });
  impl_->run(done, std::chrono::seconds{5});
}

bool ws_client::closed() const {
  return impl_->closed;
}

std::optional<nlohmann::json> ws_client::next(std::chrono::milliseconds wait) {
  if (!kept_.empty()) {
    auto frame = std::move(kept_.front());
    kept_.pop_front();
    return frame;
  }
  if (impl_->closed)
    return std::nullopt;
  bool done = false;
  beast::error_code ec;
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!impl_->run(done, wait))
    return std::nullopt;
  if (ec) {
    impl_->closed = true;
    return std::nullopt;
  }
  auto text = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  return nlohmann::json::parse(text, nullptr, false);
}

std::optional<nlohmann::json>
ws_client::until(const std::function<bool(const nlohmann::json&)>& match,
                 int max_frames) {
  for (auto it = kept_.begin(); it != kept_.end(); ++it)
    if (match(*it)) {
      auto frame = std::move(*it);
      kept_.erase(it);
      return frame;
    }
  for (int i = 0; i < max_frames; ++i) {
    std::optional<nlohmann::json> frame;
    {
      // Read a new frame, past the kept ones.
      std::deque<nlohmann::json> kept;
      kept.swap(kept_);
      frame = next();
      kept.swap(kept_);
    }
    if (!frame)
      return std::nullopt;
    if (match(*frame))
      return frame;
    kept_.push_back(std::move(*frame));
  }
  return std::nullopt;
}

nlohmann::json ws_client::command(nlohmann::json command) {
  auto id = next_id_++;
  command["id"] = id;
  send(command);
  auto reply = until([id](const nlohmann::json& f) {
    return f.value("type", "") == "reply" && f.value("id", -1) == id;
  });
  return reply ? *reply : nlohmann::json{};
}

void ws_client::drop() {
  beast::error_code ignored;
  auto& socket = beast::get_lowest_layer(impl_->ws).socket();
  socket.set_option(net::socket_base::linger{true, 0}, ignored); // RST
  socket.close(ignored);
  impl_->closed = true;
}

std::uint16_t ws_client::close_code() const {
  return impl_->ws.reason().code;
}

std::string ws_client::close_reason() const {
  return std::string{impl_->ws.reason().reason.c_str()};
}

} // namespace livechat::load
