// TLS for http_listener: the server context from PEM files, and each
// connection's handshake before it serves HTTP and WebSocket as a plain one
// does (the connection templates of server/http/connections.hpp, over
// beast::ssl_stream). Modern TLS only (1.2 and later).
#include "server/http/connections.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <openssl/ssl.h>

namespace livechat::server::http_detail {

using tls_stream = beast::ssl_stream<beast::tcp_stream>;

std::variant<std::shared_ptr<net::ssl::context>, std::string>
load_tls(const tls_files& files) {
  namespace ssl = net::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds
                       | ssl::context::no_sslv2 | ssl::context::no_sslv3
                       | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1
                       | ssl::context::single_dh_use);
  beast::error_code ec;
  context->use_certificate_chain_file(files.cert_path, ec);
  if (ec)
    return fmt::format("--tls-cert '{}': not a readable PEM certificate "
                       "chain ({})",
                       files.cert_path, ec.message());
  // OpenSSL also checks here that the key belongs to the certificate.
  context->use_private_key_file(files.key_path, ssl::context::pem, ec);
  if (ec)
    return fmt::format("--tls-key '{}': not a readable PEM private key of "
                       "the certificate in --tls-cert '{}' ({})",
                       files.key_path, files.cert_path, ec.message());
  if (SSL_CTX_check_private_key(context->native_handle()) != 1)
    return fmt::format("--tls-key '{}' does not belong to the certificate "
                       "in --tls-cert '{}'",
                       files.key_path, files.cert_path);
  return context;
}

void serve_tls(tcp::socket socket, std::shared_ptr<http_listener::impl> owner) {
  auto stream = std::make_shared<tls_stream>(
    beast::tcp_stream{std::move(socket)}, *owner->tls);
  // A client that never completes the handshake is dropped like one that
  // never sends its request.
  beast::get_lowest_layer(*stream).expires_after(owner->limits.read_timeout);
  stream->async_handshake(
    net::ssl::stream_base::server,
    [stream, owner = std::move(owner)](beast::error_code ec) mutable {
      if (ec) { // not TLS (plain HTTP, say), or a failed handshake
        beast::get_lowest_layer(*stream).close();
        return;
      }
      std::make_shared<connection<tls_stream>>(std::move(*stream),
                                               std::move(owner))
        ->start();
    });
}

} // namespace livechat::server::http_detail
