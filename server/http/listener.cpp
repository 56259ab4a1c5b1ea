#include "server/http/listener.hpp"

#include "server/api/errors.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <optional>

namespace livechat::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct http_listener::impl : std::enable_shared_from_this<http_listener::impl> {
  impl(net::io_context& context, http_limits l, http_handler h, http_observer o)
      : io(context),
        acceptor(net::make_strand(context)),
        limits(l),
        handler(std::move(h)),
        observer(std::move(o)) {}

  void accept();

  net::io_context& io;
  tcp::acceptor acceptor;
  http_limits limits;
  http_handler handler;
  http_observer observer;
  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopped{false};
};

namespace {

/// One client connection: read a request, answer it, repeat while the
/// client keeps the connection alive.
class connection : public std::enable_shared_from_this<connection> {
public:
  connection(tcp::socket socket, std::shared_ptr<http_listener::impl> owner)
      : stream_(std::move(socket)), owner_(std::move(owner)) {
    ++owner_->open;
  }
  ~connection() {
    --owner_->open;
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->read();
    });
  }

private:
  void read() {
    parser_.emplace();
    parser_->body_limit(owner_->limits.max_body_bytes);
    parser_->header_limit(
      static_cast<std::uint32_t>(owner_->limits.max_header_bytes));
    stream_.expires_after(owner_->limits.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec,
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
    auto version = msg.version();
    bool keep_alive = msg.keep_alive();
    stream_.expires_never(); // the handler may take a while (store commits)
    owner_->handler(req, [self = shared_from_this(), version,
                          keep_alive](http_response r) {
      net::post(self->stream_.get_executor(),
                [self, r = std::move(r), version, keep_alive]() mutable {
                  self->send(std::move(r), version, keep_alive);
                });
    });
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
    stream_.expires_after(owner_->limits.read_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec,
                                                       std::size_t) {
                        if (ec || !res->keep_alive()) {
                          self->close();
                          return;
                        }
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http_listener::impl> owner_;
};

} // namespace

void http_listener::impl::accept() {
  acceptor.async_accept(
    net::make_strand(io),
    [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (self->stopped)
        return;
      if (!ec)
        std::make_shared<connection>(std::move(socket), self)->start();
      self->accept();
    });
}

std::variant<std::unique_ptr<http_listener>, std::string>
http_listener::bind(net::io_context& io, const std::string& host,
                    std::uint16_t port, http_limits limits,
                    http_handler handler, http_observer observer) {
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec)
    return fmt::format("--listen: '{}' is not an IP address", host);
  auto p = std::make_shared<impl>(io, limits, std::move(handler),
                                  std::move(observer));
  tcp::endpoint endpoint{address, port};
  auto& a = p->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec)
    a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec)
    a.bind(endpoint, ec);
  if (!ec)
    a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return fmt::format("cannot listen on {}:{}: {}", host, port, ec.message());
  return std::unique_ptr<http_listener>{new http_listener{std::move(p)}};
}

http_listener::http_listener(std::shared_ptr<impl> p) : impl_(std::move(p)) {}

http_listener::~http_listener() {
  stop();
}

void http_listener::start() {
  net::dispatch(impl_->acceptor.get_executor(), [p = impl_] {
    p->accept();
  });
}

void http_listener::stop() {
  if (impl_->stopped.exchange(true))
    return;
  net::dispatch(impl_->acceptor.get_executor(), [p = impl_] {
    beast::error_code ignored;
    p->acceptor.close(ignored);
  });
}

std::uint16_t http_listener::port() const noexcept {
  beast::error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

std::size_t http_listener::connections() const noexcept {
  return impl_->open.load();
}

} // namespace livechat::server
