#include "core/domain_partition.hpp"

#include <algorithm>
#include <numeric>

namespace livechat {

namespace {

/// Union-find over chat indices; the smaller index becomes the root so that
/// the partition does not depend on union order.
class disjoint_sets {
public:
  explicit disjoint_sets(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), std::size_t{0});
  }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x)
      x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a == b)
      return;
    if (b < a)
      std::swap(a, b);
    parent_[b] = a;
  }

private:
  std::vector<std::size_t> parent_;
};

bool contains(const std::vector<group_id>& groups, group_id g) {
  return std::find(groups.begin(), groups.end(), g) != groups.end();
}

bool serves_with(const live_chat_definition& chat, group_id g) {
  return contains(chat.operator_groups, g) || contains(chat.expert_groups, g);
}

void add_once(std::vector<std::size_t>& out, std::size_t d) {
  if (std::find(out.begin(), out.end(), d) == out.end())
    out.push_back(d);
}

} // namespace

std::vector<user_id> serving_users(const directory& dir,
                                   const live_chat_definition& chat) {
  std::vector<user_id> out;
  std::vector<bool> seen(dir.users().size(), false);
  for (const auto* groups : {&chat.operator_groups, &chat.expert_groups})
    for (auto g : *groups)
      for (auto u : dir.get(g).members)
        if (!seen[u.value]) {
          seen[u.value] = true;
          out.push_back(u);
        }
  return out;
}

std::vector<routing_domain>
partition_domains(const directory& dir,
                  const std::vector<live_chat_definition>& chats) {
  disjoint_sets sets{chats.size()};
  constexpr auto none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> first_chat_of_user(dir.users().size(), none);
  for (std::size_t c = 0; c < chats.size(); ++c)
    for (auto u : serving_users(dir, chats[c])) {
      auto& first = first_chat_of_user[u.value];
      if (first == none)
        first = c;
      else
        sets.unite(first, c);
    }
  std::vector<routing_domain> out;
  std::vector<std::size_t> domain_of_root(chats.size(), none);
  for (std::size_t c = 0; c < chats.size(); ++c) {
    auto root = sets.find(c);
    if (domain_of_root[root] == none) {
      domain_of_root[root] = out.size();
      out.emplace_back();
    }
    out[domain_of_root[root]].chats.push_back(c);
  }
  return out;
}

std::vector<std::size_t>
domains_using(std::span<const live_chat_definition> chats,
              std::span<const std::size_t> domain_of_chat, group_id g) {
  std::vector<std::size_t> out;
  for (std::size_t c = 0; c < chats.size(); ++c) {
    const auto& def = chats[c];
    if (serves_with(def, g) || contains(def.supervisor_groups, g)
        || contains(def.customer_groups, g))
      add_once(out, domain_of_chat[c]);
  }
  return out;
}

std::vector<std::size_t>
domains_connected_by(const directory& dir,
                     std::span<const live_chat_definition> chats,
                     std::span<const std::size_t> domain_of_chat, group_id g,
                     user_id member) {
  std::vector<std::size_t> out;
  for (std::size_t c = 0; c < chats.size(); ++c)
    if (serves_with(chats[c], g))
      add_once(out, domain_of_chat[c]);
  if (out.empty())
    return out; // `g` serves no chat: joining it connects nothing
  for (std::size_t c = 0; c < chats.size(); ++c) {
    auto users = serving_users(dir, chats[c]);
    if (std::find(users.begin(), users.end(), member) != users.end())
      add_once(out, domain_of_chat[c]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t>
domains_touched_by(const directory& dir,
                   std::span<const live_chat_definition> chats,
                   std::span<const std::size_t> domain_of_chat,
                   const live_chat_definition& def) {
  std::vector<bool> serves(dir.users().size(), false);
  for (auto u : serving_users(dir, def))
    serves[u.value] = true;
  std::vector<std::size_t> out;
  for (std::size_t c = 0; c < chats.size(); ++c)
    for (auto u : serving_users(dir, chats[c]))
      if (serves[u.value]) {
        add_once(out, domain_of_chat[c]);
        break;
      }
  std::sort(out.begin(), out.end());
  return out;
}

expected<void>
check_domain_crossing(const directory& dir,
                      std::span<const live_chat_definition> chats,
                      std::span<const std::size_t> domain_of_chat, group_id g,
                      user_id member) {
  if (domains_connected_by(dir, chats, domain_of_chat, g, member).size() > 1)
    return errc::crosses_domains;
  return {};
}

} // namespace livechat
