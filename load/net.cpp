#include "load/net.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <optional>
#include <stdexcept>

namespace livechat::load {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto http_timeout = std::chrono::seconds{10};
constexpr auto connect_timeout = std::chrono::seconds{10};

/// Bots write small frames one after another: without this, Nagle's
/// algorithm holds a frame until the previous one is acknowledged, and the
/// server delays its ACKs (40 ms on Linux) — a latency of the generator,
/// not of the server.
void set_no_delay(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay{true}, ignored);
}

/// One WebSocket. Its async operations hold it alive; the owner's
/// shared_ptr only lets it send and close.
class ws_conn final : public ws_link,
                      public std::enable_shared_from_this<ws_conn> {
public:
  ws_conn(asio::io_context& io, ws_handlers h, std::string token)
      : ws_(io), handlers_(std::move(h)), token_(std::move(token)) {}

  void start(const tcp::endpoint& server,
             const std::optional<asio::ip::address>& source) {
    auto& layer = beast::get_lowest_layer(ws_);
    if (source) {
      beast::error_code ec;
      layer.socket().open(tcp::v4(), ec);
      if (!ec)
        layer.socket().bind(tcp::endpoint{*source, 0}, ec);
      if (ec)
        return post_finish("bind to " + source->to_string() + ": "
                           + ec.message());
    }
    host_ = server.address().to_string() + ":" + std::to_string(server.port());
    layer.expires_after(connect_timeout);
    layer.async_connect(server,
                        [self = shared_from_this()](beast::error_code ec) {
                          self->on_connect(ec);
                        });
  }

  void send(std::string text) override {
    if (done_ || closing_)
      return;
    outbox_.push_back(std::move(text));
    if (open_ && outbox_.size() == 1)
      write_next();
  }

  void close() override {
    if (done_ || closing_)
      return;
    closing_ = true;
    if (open_ && outbox_.empty())
      close_now();
  }

private:
  void on_connect(beast::error_code ec) {
    if (ec)
      return finish("connect: " + ec.message());
    set_no_delay(beast::get_lowest_layer(ws_).socket());
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(
      websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.set_option(websocket::stream_base::decorator(
      [token = token_](websocket::request_type& req) {
        req.set(http::field::authorization, "Bearer " + token);
      }));
    ws_.async_handshake(response_, host_, "/api/v1/ws",
                        [self = shared_from_this()](beast::error_code e) {
                          self->on_handshake(e);
                        });
  }

  void on_handshake(beast::error_code ec) {
    if (ec) {
      auto status = response_.result_int();
      return finish(status != 0 ? "upgrade refused: " + std::to_string(status)
                                : "handshake: " + ec.message());
    }
    open_ = true;
    ws_.text(true);
    if (handlers_.opened)
      handlers_.opened();
    read_next();
    if (closing_ && outbox_.empty())
      close_now();
    else if (!outbox_.empty())
      write_next();
  }

  void read_next() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec,
                                                        std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      if (ec == websocket::error::closed)
        return finish("closed by server: " + std::to_string(ws_.reason().code)
                      + " "
                      + std::string(ws_.reason().reason.data(),
                                    ws_.reason().reason.size()));
      return finish("read: " + ec.message());
    }
    auto text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (handlers_.frame && !done_)
      handlers_.frame(nlohmann::json::parse(text, nullptr, false));
    if (!done_)
      read_next();
  }

  void write_next() {
    writing_ = true;
    ws_.async_write(asio::buffer(outbox_.front()),
                    [self = shared_from_this()](beast::error_code ec,
                                                std::size_t) {
                      self->on_write(ec);
                    });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec)
      return finish("write: " + ec.message());
    outbox_.pop_front();
    if (!outbox_.empty())
      write_next();
    else if (closing_)
      close_now();
  }

  void close_now() {
    if (done_ || writing_)
      return;
    ws_.async_close(websocket::close_code::normal,
                    [self = shared_from_this()](beast::error_code) {
                      self->finish("closed by client");
                    });
  }

  /// Reports the end on the loop, not from inside the caller.
  void post_finish(std::string why) {
    asio::post(ws_.get_executor(),
               [self = shared_from_this(), why = std::move(why)] {
                 self->finish(why);
               });
  }

  void finish(const std::string& why) {
    if (done_)
      return;
    done_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    // Handlers may hold what holds this link: let them go.
    auto closed = std::move(handlers_.closed);
    handlers_ = {};
    if (closed)
      closed(why);
  }

  websocket::stream<beast::tcp_stream> ws_;
  websocket::response_type response_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  ws_handlers handlers_;
  std::string token_;
  std::string host_;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool done_ = false;
};

/// One keep-alive HTTP connection; requests go one at a time, in order.
class http_conn : public std::enable_shared_from_this<http_conn> {
public:
  http_conn(asio::io_context& io, tcp::endpoint server)
      : stream_(io), server_(server) {}

  std::size_t queued() const {
    return queue_.size();
  }

  void submit(const http_call& call,
              std::function<void(int, std::string)> done) {
    pending p;
    p.req.method(http::string_to_verb(call.method));
    p.req.target(call.path);
    p.req.version(11);
    p.req.set(http::field::host, server_.address().to_string());
    p.req.set(http::field::content_type, "application/json");
    if (!call.token.empty())
      p.req.set(http::field::authorization, "Bearer " + call.token);
    p.req.body() = call.body;
    p.req.prepare_payload();
    p.done = std::move(done);
    queue_.push_back(std::move(p));
    if (!busy_)
      next();
  }

private:
  struct pending {
    http::request<http::string_body> req;
    std::function<void(int, std::string)> done;
    bool retried = false;
  };

  void next() {
    busy_ = !queue_.empty();
    if (!busy_)
      return;
    if (connected_)
      return write();
    stream_.expires_after(connect_timeout);
    stream_.async_connect(server_,
                          [self = shared_from_this()](beast::error_code ec) {
                            if (ec)
                              return self->fail(false);
                            set_no_delay(self->stream_.socket());
                            self->connected_ = true;
                            self->fresh_ = true;
                            self->write();
                          });
  }

  void write() {
    stream_.expires_after(http_timeout);
    http::async_write(stream_, queue_.front().req,
                      [self = shared_from_this()](beast::error_code ec,
                                                  std::size_t) {
                        if (ec)
                          return self->fail(!self->fresh_);
                        self->read();
                      });
  }

  void read() {
    response_ = {};
    http::async_read(stream_, buffer_, response_,
                     [self = shared_from_this()](beast::error_code ec,
                                                 std::size_t) {
                       if (ec)
                         return self->fail(!self->fresh_);
                       self->answered();
                     });
  }

  void answered() {
    fresh_ = false;
    auto p = std::move(queue_.front());
    queue_.pop_front();
    if (!response_.keep_alive())
      reset();
    p.done(static_cast<int>(response_.result_int()),
           std::move(response_.body()));
    next();
  }

  /// The connection failed. A request that went out on a reused
  /// connection (which the server may have closed as idle) is sent once
  /// more on a new one; otherwise it is answered with status 0.
  void fail(bool reused) {
    reset();
    auto& front = queue_.front();
    if (reused && !front.retried) {
      front.retried = true;
      return next();
    }
    auto p = std::move(front);
    queue_.pop_front();
    p.done(0, "");
    next();
  }

  void reset() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    connected_ = false;
    buffer_.clear();
  }

  beast::tcp_stream stream_;
  tcp::endpoint server_;
  beast::flat_buffer buffer_;
  http::response<http::string_body> response_;
  std::deque<pending> queue_;
  bool busy_ = false;
  bool connected_ = false;
  bool fresh_ = false; ///< connected for the request in flight
};

tcp::endpoint to_endpoint(const endpoint& e) {
  beast::error_code ec;
  auto address = asio::ip::make_address(e.host, ec);
  if (ec)
    throw std::invalid_argument("'" + e.host + "' is not an IP address");
  return {address, e.port};
}

} // namespace

struct net_loop::impl {
  asio::io_context io{1};
  tcp::endpoint server;
  std::vector<asio::ip::address> sources;
  std::size_t next_source = 0;
  std::vector<std::shared_ptr<http_conn>> pool;
};

net_loop::net_loop(endpoint target, std::vector<std::string> source_addresses,
                   std::size_t http_connections)
    : impl_(std::make_unique<impl>()) {
  impl_->server = to_endpoint(target);
  for (const auto& s : source_addresses)
    impl_->sources.push_back(to_endpoint({s, 0}).address());
  for (std::size_t i = 0; i < std::max<std::size_t>(1, http_connections); ++i)
    impl_->pool.push_back(
      std::make_shared<http_conn>(impl_->io, impl_->server));
}

net_loop::~net_loop() = default;

void net_loop::at(clock::time_point when, std::function<void()> fn) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->io, when);
  timer->async_wait([timer, fn = std::move(fn)](beast::error_code ec) {
    if (!ec)
      fn();
  });
}

std::shared_ptr<ws_link> net_loop::open_ws(const std::string& token,
                                           ws_handlers h) {
  auto conn = std::make_shared<ws_conn>(impl_->io, std::move(h), token);
  std::optional<asio::ip::address> source;
  if (!impl_->sources.empty()) {
    source = impl_->sources[impl_->next_source];
    impl_->next_source = (impl_->next_source + 1) % impl_->sources.size();
  }
  conn->start(impl_->server, source);
  return conn;
}

void net_loop::http(http_call call,
                    std::function<void(int status, std::string body)> done) {
  auto best = impl_->pool.front();
  for (const auto& c : impl_->pool)
    if (c->queued() < best->queued())
      best = c;
  best->submit(call, std::move(done));
}

bool net_loop::run_until(const std::function<bool()>& finished,
                         clock::time_point deadline) {
  auto guard = asio::make_work_guard(impl_->io);
  while (!finished()) {
    auto now = clock::now();
    if (now >= deadline)
      return false;
    impl_->io.run_one_until(
      std::min(deadline, now + std::chrono::milliseconds{50}));
    if (impl_->io.stopped())
      impl_->io.restart();
  }
  return true;
}

} // namespace livechat::load
