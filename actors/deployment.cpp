#include "actors/deployment.hpp"

#include "actors/domain_actor.hpp"
#include "actors/participants.hpp"
#include "actors/protocol.hpp"
#include "core/domain_partition.hpp"
#include "core/router.hpp"

#include <caf/send.hpp>

namespace livechat::actors {

deployment::config::config(const deployment_options& options) {
  register_protocol(*this);
  if (options.mode == clock_mode::virtual_time)
    set("scheduler.policy", caf::atom("testing"));
  else if (options.threads > 0)
    set("scheduler.max-threads", options.threads);
}

deployment::deployment(const directory& dir, user_id admin,
                       const std::vector<live_chat_definition>& chats,
                       deployment_options options)
    : dir_(dir),
      admin_id_(admin),
      chats_(chats),
      options_(options),
      cfg_(options_),
      sys_(cfg_),
      clock_(sys_, time_mapping{sys_.clock().now(),
                                options_.mode == clock_mode::real_time
                                  ? options_.speed
                                  : 1.0}) {}

deployment::~deployment() {
  stop();
  // Customers still waiting go with their domains' references; fire their
  // timers so that nothing keeps them alive.
  clock_.run_until_idle();
}

expected<void> deployment::start(deployment_hooks hooks) {
  if (!dir_.is_administrator(admin_id_))
    return errc::not_permitted;
  router probe{dir_};
  for (const auto& chat : chats_)
    if (auto ok = probe.define_live_chat(timestamp{}, admin_id_, chat); !ok)
      return ok.error();
  spawn_domains(hooks);
  spawn_operators(hooks);
  spawn_supervisors(hooks);
  if (hooks.administration)
    admin_ = spawn_admin(sys_, workspace_config{dir_, chats_, domains_,
                                                domain_of_chat_});
  return {};
}

void deployment::spawn_domains(const deployment_hooks& hooks) {
  auto parts = partition_domains(dir_, chats_);
  domain_of_chat_.assign(chats_.size(), 0);
  auto stride = static_cast<std::uint64_t>(parts.size());
  for (std::size_t k = 0; k < parts.size(); ++k) {
    domain_config dc{dir_,
                     {},
                     admin_id_,
                     k + 1,
                     stride,
                     time(),
                     hooks.on_event,
                     hooks.on_message,
                     hooks.transcripts};
    for (auto c : parts[k].chats) {
      dc.chats.emplace_back(chat_id{static_cast<std::uint32_t>(c)}, chats_[c]);
      domain_of_chat_[c] = k;
    }
    domains_.push_back(spawn_domain(sys_, std::move(dc)));
  }
}

void deployment::spawn_operators(const deployment_hooks& hooks) {
  // An operator serves one domain: domains are the connected components of
  // chats sharing operators.
  auto users = dir_.users().size();
  std::vector<bool> serving(users, false);
  domain_of_user_.assign(users, 0);
  for (std::size_t c = 0; c < chats_.size(); ++c)
    for (auto u : serving_users(dir_, chats_[c])) {
      serving[u.value] = true;
      domain_of_user_[u.value] = domain_of_chat_[c];
    }
  operators_.resize(users);
  for (std::uint32_t u = 0; u < users; ++u) {
    if (!serving[u])
      continue;
    const auto& domain = domains_[domain_of_user_[u]];
    operators_[u] = hooks.play_operator
                      ? hooks.play_operator(sys_, user_id{u}, domain)
                      : caf::actor_cast<caf::actor>(
                        spawn_operator(sys_, user_id{u}, domain));
  }
}

void deployment::spawn_supervisors(const deployment_hooks& hooks) {
  supervisors_.resize(dir_.users().size());
  for (const auto& u : dir_.users()) {
    supervisor_config sc;
    sc.id = u.id;
    sc.clock = time();
    for (std::size_t c = 0; c < chats_.size(); ++c) {
      const auto& chat = chats_[c];
      if (!dir_.is_member_of_any(u.id, chat.supervisor_groups))
        continue;
      chat_id id{static_cast<std::uint32_t>(c)};
      sc.chats.emplace_back(id, domains_[domain_of_chat_[c]]);
      if (chat.routing == routing_policy_kind::manual)
        sc.distributes.push_back(id);
    }
    if (sc.distributes.empty()
        && (sc.chats.empty() || !hooks.watching_supervisors))
      continue;
    if (hooks.supervisor_reaction && !sc.distributes.empty())
      sc.reaction_time = hooks.supervisor_reaction(u.id);
    supervisors_[u.id.value] = spawn_supervisor(sys_, std::move(sc));
  }
}

void deployment::stop() {
  auto exit = [](const auto& h) {
    if (h)
      caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
  };
  for (auto& d : domains_)
    exit(d);
  for (auto& o : operators_)
    exit(o);
  for (auto& s : supervisors_)
    exit(s);
  for (auto& g : admin_.groups)
    exit(g);
  exit(admin_.workspace);
  clock_.settle();
}

live_chat_actor deployment::domain_of_chat(chat_id c) const {
  if (c.value >= domain_of_chat_.size())
    return {};
  return domains_[domain_of_chat_[c.value]];
}

live_chat_actor deployment::domain_of_session(session_id s) const {
  // Domain k hands out ids k+1, k+1+D, k+1+2D, ... (D domains).
  if (s.value == 0 || domains_.empty())
    return {};
  return domains_[(s.value - 1) % domains_.size()];
}

bool deployment::serves(user_id u) const noexcept {
  return u.value < operators_.size() && static_cast<bool>(operators_[u.value]);
}

std::size_t deployment::domain_of_operator(user_id u) const {
  return domain_of_user_.at(u.value);
}

caf::actor deployment::operator_of(user_id u) const {
  return serves(u) ? operators_[u.value] : caf::actor{};
}

supervisor_actor deployment::supervisor_of(user_id u) const {
  return u.value < supervisors_.size() ? supervisors_[u.value]
                                       : supervisor_actor{};
}

} // namespace livechat::actors
