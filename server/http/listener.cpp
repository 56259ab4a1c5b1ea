#include "server/http/listener.hpp"

#include "server/http/connections.hpp"

namespace livechat::server {

void http_listener::impl::accept() {
  acceptor.async_accept(
    net::make_strand(io),
    [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (self->stopped)
        return;
      if (ec) {
        // Out of descriptors, say: retrying at once would spin a core.
        // Try again a little later; connections already open go on.
        self->retry.expires_after(std::chrono::milliseconds{100});
        self->retry.async_wait([self](beast::error_code) {
          if (!self->stopped)
            self->accept();
        });
        return;
      }
      // Small frames (a chat message, an event) go out one after another:
      // with Nagle's algorithm a frame written while the previous one is
      // unacknowledged waits for the peer's delayed ACK (40 ms on Linux).
      beast::error_code ignored;
      socket.set_option(tcp::no_delay{true}, ignored);
      if (self->tls)
        http_detail::serve_tls(std::move(socket), self);
      else
        std::make_shared<http_detail::connection<beast::tcp_stream>>(
          beast::tcp_stream{std::move(socket)}, self)
          ->start();
      self->accept();
    });
}

std::variant<std::unique_ptr<http_listener>, std::string>
http_listener::bind(net::io_context& io, const std::string& host,
                    std::uint16_t port, http_limits limits,
                    http_handler handler, http_observer observer,
                    std::string ws_path, ws_acceptor ws,
                    std::optional<tls_files> tls) {
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec)
    return fmt::format("--listen: '{}' is not an IP address", host);
  auto p = std::make_shared<impl>(io, limits, std::move(handler),
                                  std::move(observer));
  if (tls) {
    auto context = http_detail::load_tls(*tls);
    if (auto* e = std::get_if<std::string>(&context))
      return *e;
    p->tls = std::get<0>(std::move(context));
  }
  p->ws_path = std::move(ws_path);
  p->ws = std::move(ws);
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
  {
    std::lock_guard guard{impl_->sockets_mutex};
    for (auto& w : impl_->sockets)
      if (auto peer = w.lock())
        peer->close(ws_close::going_away, "server stopping");
    impl_->sockets.clear();
  }
  net::dispatch(impl_->acceptor.get_executor(), [p = impl_] {
    beast::error_code ignored;
    p->acceptor.close(ignored);
    p->retry.cancel();
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
