// Before a load run: the scenario's users, groups and live chats on the
// server, through its admin API, and a token for every user a bot plays.
//
// `provision` reads the server's directory and chats. What the scenario
// names and the server lacks is created (users, then groups with their
// members, then live chats); what both have must agree (a group's members,
// a chat's kind, groups and channel), or nothing runs and the answer says
// which name differs. So a load run works against a server started with
// `livechat serve --scenario FILE` (everything there already) as well as
// against one with only its administrator.
//
// Requests the server rate-limits (429) are retried after its Retry-After;
// every request is bounded (load/http_client.hpp), so provisioning ends.
#pragma once

#include "load/net.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/workspace.hpp"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace livechat::load {

/// The server's ids of the scenario's names.
struct server_ids {
  std::map<std::string, std::uint64_t, std::less<>> users;
  std::map<std::string, std::uint64_t, std::less<>> groups;
  std::map<std::string, std::uint64_t, std::less<>> chats;
  /// What provisioning created (0 each when the server had everything).
  std::size_t created_users = 0, created_groups = 0, created_chats = 0;
};

/// Why provisioning stopped: a sentence naming what and where.
struct provision_error {
  std::string message;
};

/// Makes the server hold the scenario's directory and chats (see the top of
/// this file). `admin_token` is an Administrator's. Progress lines go to
/// `progress`.
std::variant<server_ids, provision_error>
provision(const endpoint& target, const std::string& admin_token,
          const scenarios::scenario_workspace& ws, std::ostream& progress);

/// A token for each user in `names` (server user ids in `ids`), minted
/// with `admin_token`; a progress line every 100.
std::variant<std::map<std::string, std::string, std::less<>>, provision_error>
mint_tokens(const endpoint& target, const std::string& admin_token,
            const server_ids& ids, const std::vector<std::string>& names,
            std::ostream& progress);

} // namespace livechat::load
