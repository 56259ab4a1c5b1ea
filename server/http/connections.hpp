// The connections behind http_listener (server/http/listener.hpp), shared
// by its plain and TLS front doors: one template per connection kind over
// the stream type, `beast::tcp_stream` (listener.cpp) or
// `beast::ssl_stream<beast::tcp_stream>` (listener_tls.cpp, which also
// includes the TLS teardown Beast's WebSocket needs). Private to
// server/http/.
#pragma once

#include "server/api/errors.hpp"
#include "server/http/listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <fmt/format.h>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace livechat::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct http_listener::impl : std::enable_shared_from_this<http_listener::impl> {
  impl(net::io_context& context, http_limits l, http_handler h, http_observer o)
      : io(context),
        acceptor(net::make_strand(context)),
        retry(acceptor.get_executor()),
        limits(l),
        handler(std::move(h)),
        observer(std::move(o)) {}

  void accept();

  net::io_context& io;
  tcp::acceptor acceptor;
  /// Waits before accepting again after an accept error.
  net::steady_timer retry;
  http_limits limits;
  http_handler handler;
  http_observer observer;
  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopped{false};
  std::string ws_path;
  ws_acceptor ws;
  /// Open WebSockets, closed with 1001 when the listener stops.
  std::mutex sockets_mutex;
  std::vector<std::weak_ptr<ws_peer>> sockets;
  /// Set: every connection speaks TLS (listener_tls.cpp).
  std::shared_ptr<net::ssl::context> tls;
};

namespace http_detail {

/// Serves one accepted socket over TLS: the handshake (within the read
/// timeout), then HTTP as over a plain socket (listener_tls.cpp).
void serve_tls(tcp::socket socket, std::shared_ptr<http_listener::impl> owner);

/// The TLS context for `files`, or a message naming the file that failed.
std::variant<std::shared_ptr<net::ssl::context>, std::string>
load_tls(const tls_files& files);

/// One WebSocket: reads text frames into its handler, writes queued frames
/// in order, closes once with a code and a reason. Everything runs on the
/// connection's strand; `send`, `close` and `post` may come from any thread.
template <class Stream>
class ws_connection
    : public ws_peer,
      public std::enable_shared_from_this<ws_connection<Stream>> {
public:
  ws_connection(Stream stream, std::shared_ptr<http_listener::impl> owner)
      : ws_(std::move(stream)), owner_(std::move(owner)) {
    ++owner_->open;
  }
  ~ws_connection() override {
    --owner_->open;
  }

  void start(http::request<http::string_body> req,
             std::shared_ptr<ws_handler> handler) {
    handler_ = std::move(handler);
    // A client that vanishes without closing (a dropped network) is found
    // by pings: no answer within the idle timeout closes the connection.
    auto timeouts
      = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.idle_timeout = std::chrono::seconds{60};
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(
      websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(http::field::server, "livechat");
      }));
    ws_.read_message_max(owner_->limits.max_frame_bytes);
    beast::get_lowest_layer(ws_).expires_never();
    ws_.async_accept(req,
                     [self = this->shared_from_this()](beast::error_code ec) {
                       if (ec) {
                         self->closed();
                         return;
                       }
                       self->accepted_ = true;
                       self->read();
                       self->write_next();
                     });
  }

  /// Answers a refused upgrade over plain HTTP, then shuts the socket.
  void refuse(std::shared_ptr<http::response<http::string_body>> res) {
    closing_ = true;
    auto& stream = beast::get_lowest_layer(ws_);
    stream.expires_after(owner_->limits.read_timeout);
    http::async_write(ws_.next_layer(), *res,
                      [self = this->shared_from_this(), res](beast::error_code,
                                                             std::size_t) {
                        beast::error_code ignored;
                        beast::get_lowest_layer(self->ws_).socket().shutdown(
                          tcp::socket::shutdown_send, ignored);
                      });
  }

  bool send(std::string text) override {
    if (closing_.load())
      return false;
    if (++queued_ > owner_->limits.max_queued_frames) {
      --queued_;
      close(ws_close::try_again_later,
            "client too slow: too many queued frames");
      return false;
    }
    net::post(ws_.get_executor(), [self = this->shared_from_this(),
                                   text = std::move(text)]() mutable {
      if (self->close_sent_ || self->closing_) {
        --self->queued_; // too late: the close frame is out
        return;
      }
      self->outbox_.push_back(std::move(text));
      self->write_next();
    });
    return true;
  }

  /// Frames queued before (and while) the close is pending still go out
  /// first: replies during the server's drain reach their clients.
  void close(std::uint16_t code, std::string reason) override {
    if (close_requested_.exchange(true))
      return;
    net::post(ws_.get_executor(), [self = this->shared_from_this(), code,
                                   reason = std::move(reason)] {
      self->close_reason_ = websocket::close_reason{
        static_cast<websocket::close_code>(code), reason};
      // A client too slow to read loses its backlog (all but a
      // frame being written): that is why it is closed.
      if (code == ws_close::try_again_later) {
        auto keep = self->writing_ ? std::size_t{1} : std::size_t{0};
        while (self->outbox_.size() > keep) {
          self->outbox_.pop_back();
          --self->queued_;
        }
      }
      self->write_next();
    });
  }

  void post(std::function<void()> fn) override {
    net::post(ws_.get_executor(), std::move(fn));
  }

private:
  void read() {
    ws_.async_read(buffer_, [self = this->shared_from_this()](
                              beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      // Beast has already answered a frame over the limit with 1009.
      closed();
      return;
    }
    if (!ws_.got_text()) {
      buffer_.consume(buffer_.size());
      close(ws_close::protocol_error, "text frames only (JSON)");
      return;
    }
    auto text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (handler_ && !closing_.load())
      handler_->on_text(text);
    read();
  }

  void write_next() {
    if (!accepted_ || writing_)
      return;
    if (!outbox_.empty()) {
      writing_ = true;
      ws_.text(true);
      ws_.async_write(net::buffer(outbox_.front()),
                      [self = this->shared_from_this()](beast::error_code ec,
                                                        std::size_t) {
                        self->writing_ = false;
                        self->outbox_.pop_front();
                        --self->queued_;
                        if (ec) {
                          self->closed();
                          return;
                        }
                        self->write_next();
                      });
      return;
    }
    if (close_reason_ && !close_sent_ && outbox_.empty()) {
      close_sent_ = true;
      ws_.async_close(*close_reason_,
                      [self = this->shared_from_this()](beast::error_code) {
                        self->closed();
                      });
    }
  }

  /// Tells the handler once, and drops it (it may hold streams).
  void closed() {
    closing_ = true;
    if (auto h = std::move(handler_))
      h->on_closed();
  }

  websocket::stream<Stream> ws_;
  std::shared_ptr<http_listener::impl> owner_;
  std::shared_ptr<ws_handler> handler_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  std::atomic<std::size_t> queued_{0};
  std::atomic<bool> closing_{false};         ///< the connection is gone
  std::atomic<bool> close_requested_{false}; ///< close() was called
  std::optional<websocket::close_reason> close_reason_;
  bool accepted_ = false;
  bool writing_ = false;
  bool close_sent_ = false;
};

/// One client connection: read a request, answer it, repeat while the
/// client keeps the connection alive.
template <class Stream>
class connection : public std::enable_shared_from_this<connection<Stream>> {
public:
  connection(Stream stream, std::shared_ptr<http_listener::impl> owner)
      : stream_(std::move(stream)), owner_(std::move(owner)) {
    ++owner_->open;
  }
  ~connection() {
    --owner_->open;
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      self->read();
    });
  }

private:
  void read() {
    parser_.emplace();
    parser_->body_limit(owner_->limits.max_body_bytes);
    parser_->header_limit(
      static_cast<std::uint32_t>(owner_->limits.max_header_bytes));
    beast::get_lowest_layer(stream_).expires_after(owner_->limits.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec,
                                                       std::size_t) {
                       self->on_read(ec);
                     });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout
        || ec == net::error::operation_aborted || ec == net::error::eof
        || ec == net::error::connection_reset) {
      close();
      return;
    }
    if (ec == http::error::body_limit) {
      send(error_response(413, "body_too_large",
                          fmt::format("the request body exceeds {} bytes",
                                      owner_->limits.max_body_bytes)),
           11, false);
      return;
    }
    if (ec == http::error::header_limit) {
      send(error_response(431, "headers_too_large",
                          fmt::format("the request headers exceed {} bytes",
                                      owner_->limits.max_header_bytes)),
           11, false);
      return;
    }
    if (ec) {
      send(
        error_response(400, "bad_request",
                       fmt::format("malformed HTTP request: {}", ec.message())),
        11, false);
      return;
    }
    auto& msg = parser_->get();
    http_request req;
    req.method = std::string{msg.method_string()};
    auto target = std::string_view{msg.target().data(), msg.target().size()};
    auto q = target.find('?');
    req.path = std::string{target.substr(0, q)};
    if (q != std::string_view::npos)
      req.query = std::string{target.substr(q + 1)};
    req.authorization = std::string{msg[http::field::authorization]};
    req.content_type = std::string{msg[http::field::content_type]};
    req.body = std::move(msg.body());
    if (websocket::is_upgrade(msg)) {
      upgrade(std::move(req));
      return;
    }
    auto version = msg.version();
    bool keep_alive = msg.keep_alive();
    beast::get_lowest_layer(stream_)
      .expires_never(); // the handler may take a while (store commits)
    owner_->handler(req, [self = this->shared_from_this(), version,
                          keep_alive](http_response r) {
      net::post(self->stream_.get_executor(),
                [self, r = std::move(r), version, keep_alive]() mutable {
                  self->send(std::move(r), version, keep_alive);
                });
    });
  }

  /// A WebSocket upgrade: the acceptor decides; a refusal is an HTTP
  /// answer, an acceptance hands the socket to a ws_connection.
  void upgrade(http_request req) {
    if (!owner_->ws || req.path != owner_->ws_path) {
      send(error_response(404, "not_found",
                          fmt::format("no WebSocket at {}", req.path)),
           11, false);
      return;
    }
    if (owner_->stopped) {
      send(error_response(503, "unavailable", "the server is stopping"), 11,
           false);
      return;
    }
    auto conn = std::make_shared<ws_connection<Stream>>(std::move(stream_),
                                                        owner_);
    auto decided = owner_->ws(req, conn);
    if (auto* refusal = std::get_if<http_response>(&decided)) {
      // The socket moved to `conn`; answer through a plain write on it.
      auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(refusal->status), 11);
      res->set(http::field::content_type, refusal->content_type);
      for (auto& [name, value] : refusal->headers)
        res->set(name, value);
      res->body() = refusal->body;
      res->keep_alive(false);
      res->prepare_payload();
      if (owner_->observer)
        owner_->observer(refusal->status);
      conn->refuse(res);
      return;
    }
    if (owner_->observer)
      owner_->observer(101);
    // Registered under the lock stop() closes the sockets under: an upgrade
    // that comes too late for that is closed here instead.
    bool stopping = false;
    {
      std::lock_guard guard{owner_->sockets_mutex};
      stopping = owner_->stopped;
      if (!stopping) {
        std::erase_if(owner_->sockets, [](const std::weak_ptr<ws_peer>& w) {
          return w.expired();
        });
        owner_->sockets.push_back(conn);
      }
    }
    conn->start(parser_->release(), std::get<0>(std::move(decided)));
    if (stopping)
      conn->close(ws_close::going_away, "server stopping");
  }

  void send(http_response r, unsigned version, bool keep_alive) {
    if (owner_->observer)
      owner_->observer(r.status);
    auto res = std::make_shared<http::response<http::string_body>>(
      static_cast<http::status>(r.status), version);
    res->set(http::field::server, "livechat");
    res->set(http::field::content_type, r.content_type);
    for (auto& [name, value] : r.headers)
      res->set(name, value);
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(owner_->limits.read_timeout);
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(),
                       res](beast::error_code ec, std::size_t) {
                        if (ec || !res->keep_alive()) {
                          self->close();
                          return;
                        }
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    auto& lowest = beast::get_lowest_layer(stream_);
    lowest.socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest.close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http_listener::impl> owner_;
};

} // namespace http_detail

} // namespace livechat::server
