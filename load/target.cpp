#include "load/target.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <charconv>
#include <cstdint>
#include <fmt/format.h>

namespace livechat::load {

namespace {

std::optional<std::uint32_t> ipv4(std::string_view text) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address_v4(std::string{text}, ec);
  if (ec)
    return std::nullopt;
  return a.to_uint();
}

std::string ipv4_text(std::uint32_t host_order) {
  return fmt::format("{}.{}.{}.{}", host_order >> 24, (host_order >> 16) & 255,
                     (host_order >> 8) & 255, host_order & 255);
}

} // namespace

std::optional<endpoint> parse_target(std::string_view url, std::string& why) {
  constexpr std::string_view scheme = "http://";
  if (url.starts_with("https://")) {
    why = "https targets are not supported yet; use http:// (or a plain "
          "listener behind the TLS proxy)";
    return std::nullopt;
  }
  if (!url.starts_with(scheme)) {
    why = fmt::format("'{}' is not an http:// URL", url);
    return std::nullopt;
  }
  auto rest = url.substr(scheme.size());
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/") {
      why = fmt::format("'{}': give the server's root, without a path", url);
      return std::nullopt;
    }
    rest = rest.substr(0, slash);
  }
  endpoint e;
  auto colon = rest.rfind(':');
  auto host = rest.substr(0, colon);
  e.port = 80;
  if (colon != std::string_view::npos) {
    auto port = rest.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(),
                                     value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0
        || value > 65535) {
      why = fmt::format("'{}': the port must be 1-65535", url);
      return std::nullopt;
    }
    e.port = static_cast<std::uint16_t>(value);
  }
  if (!ipv4(host)) {
    why = fmt::format("'{}': the host must be an IPv4 address such as "
                      "127.0.0.1",
                      url);
    return std::nullopt;
  }
  e.host = std::string{host};
  return e;
}

std::optional<std::vector<std::string>>
parse_source_addresses(std::string_view text, std::string& why) {
  auto dash = text.find('-');
  auto first = ipv4(text.substr(0, dash));
  auto last = dash == std::string_view::npos ? first
                                             : ipv4(text.substr(dash + 1));
  if (!first || !last) {
    why = fmt::format("'{}' is not an IPv4 address or a range A-B", text);
    return std::nullopt;
  }
  if (*last < *first || (*first >> 8) != (*last >> 8)) {
    why = fmt::format("'{}': a range runs upwards within one /24", text);
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (auto a = *first; a <= *last; ++a)
    out.push_back(ipv4_text(a));
  return out;
}

} // namespace livechat::load
