// Command-line forms of `livechat load`: the server's URL and the range of
// local source addresses.
#pragma once

#include "load/net.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace livechat::load {

/// `http://HOST:PORT` (HOST an IPv4 address; PORT defaults to 80) as an
/// endpoint, or nullopt with `why` set.
std::optional<endpoint> parse_target(std::string_view url, std::string& why);

/// `127.0.0.2-127.0.0.9` (an inclusive range within one /24), or one
/// address, as the list of addresses; nullopt with `why` set.
std::optional<std::vector<std::string>>
parse_source_addresses(std::string_view text, std::string& why);

} // namespace livechat::load
