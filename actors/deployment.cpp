#include "actors/deployment.hpp"

#include "actors/domain_actor.hpp"
#include "actors/participants.hpp"
#include "actors/protocol.hpp"
#include "core/domain_partition.hpp"
#include "core/router.hpp"

#include <caf/scoped_actor.hpp>
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
  hooks_ = std::move(hooks);
  spawn_domains(hooks_);
  chats_now_ = chats_;
  chat_live_.assign(chats_.size(), true);
  users_ = dir_.users().size();
  auto attached = initial_domain_of_users(dir_, chats_, domain_of_chat_);
  place_participants(dir_, chats_, chat_live_, attached);
  if (hooks_.administration)
    workspace_ = spawn_admin(
      sys_, workspace_config{dir_, admin_id_, chats_, domains_, domain_of_chat_,
                             time(), hooks_.on_admin_event,
                             [this](const workspace_topology& now) {
                               follow(now);
                             }});
  return {};
}

void deployment::spawn_domains(const deployment_hooks& hooks) {
  auto parts = partition_domains(dir_, chats_);
  // At least one domain: chats defined later need one to join.
  if (parts.empty())
    parts.emplace_back();
  domain_of_chat_.assign(chats_.size(), 0);
  auto stride = static_cast<std::uint64_t>(parts.size());
  for (std::size_t k = 0; k < parts.size(); ++k) {
    domain_config dc{dir_,
                     {},
                     admin_id_,
                     options_.session_id_floor + k + 1,
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

void deployment::place_participants(
  const directory& dir, const std::vector<live_chat_definition>& chats,
  const std::vector<bool>& live,
  const std::vector<std::optional<std::size_t>>& domain_of_user) {
  users_ = dir.users().size();
  place_operators(domain_of_user);
  place_supervisors(dir, chats, live);
}

void deployment::place_operators(
  const std::vector<std::optional<std::size_t>>& domain_of_user) {
  // An operator serves one domain (a user who serves chats of two makes
  // the workspace merge them). In ascending user id: deterministic.
  operators_.resize(users_);
  domain_of_user_.resize(users_, 0);
  for (std::size_t u = 0; u < domain_of_user.size(); ++u) {
    if (!domain_of_user[u])
      continue;
    auto d = *domain_of_user[u];
    const auto& domain = domains_[d];
    if (!operators_[u]) {
      user_id id{static_cast<user_id::value_type>(u)};
      operators_[u]
        = hooks_.play_operator
            ? hooks_.play_operator(sys_, id, domain)
            : caf::actor_cast<caf::actor>(spawn_operator(sys_, id, domain));
    } else if (domain_of_user_[u] != d) {
      caf::anon_send(caf::actor_cast<operator_actor>(operators_[u]),
                     join_atom_v, caf::actor_cast<caf::actor>(domain));
    }
    domain_of_user_[u] = d;
  }
}

void deployment::place_supervisors(
  const directory& dir, const std::vector<live_chat_definition>& chats,
  const std::vector<bool>& live) {
  supervisors_.resize(users_);
  supervised_.resize(users_);
  for (const auto& u : dir.users()) {
    supervision now;
    for (std::size_t c = 0; c < chats.size(); ++c) {
      if (!live[c] || !dir.is_member_of_any(u.id, chats[c].supervisor_groups))
        continue;
      chat_id id{static_cast<std::uint32_t>(c)};
      now.chats.push_back(id);
      if (chats[c].routing == routing_policy_kind::manual)
        now.distributes.push_back(id);
    }
    auto& current = supervisors_[u.id.value];
    if (now == supervised_[u.id.value])
      continue;
    supervised_[u.id.value] = now;
    if (current)
      caf::anon_send_exit(current, caf::exit_reason::user_shutdown);
    current = nullptr;
    if (now.distributes.empty()
        && (now.chats.empty() || !hooks_.watching_supervisors))
      continue;
    supervisor_config sc;
    sc.id = u.id;
    sc.clock = time();
    for (auto c : now.chats)
      sc.chats.emplace_back(c, domains_[domain_of_chat_[c.value]]);
    sc.distributes = std::move(now.distributes);
    if (hooks_.supervisor_reaction && !sc.distributes.empty())
      sc.reaction_time = hooks_.supervisor_reaction(u.id);
    current = spawn_supervisor(sys_, std::move(sc));
  }
}

void deployment::follow(const workspace_topology& now) {
  std::lock_guard lock{mutex_};
  if (stopped_)
    return;
  const auto& ws = now.workspace;
  auto chats = now.domain_of_chat.size();
  domain_of_chat_ = now.domain_of_chat;
  chats_now_.resize(chats);
  chat_live_.resize(chats);
  for (std::size_t c = 0; c < chats; ++c) {
    chat_id id{static_cast<std::uint32_t>(c)};
    chat_live_[c] = ws.has_chat(id);
    chats_now_[c] = ws.definition(id);
  }
  place_participants(ws.dir(), chats_now_, chat_live_, now.domain_of_user);
}

void deployment::stop() {
  auto exit = [](const auto& h) {
    if (h)
      caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
  };
  {
    std::lock_guard lock{mutex_};
    stopped_ = true;
    for (auto& d : domains_)
      exit(d);
    for (auto& o : operators_)
      exit(o);
    for (auto& s : supervisors_)
      exit(s);
    exit(workspace_); // its group actors are linked to it
  }
  // In real time the workspace may be calling `follow` on a scheduler
  // thread: wait until it is gone, so that it never outlives this object.
  // (Virtual time: it runs only inside the clock driver's calls.)
  if (workspace_ && options_.mode == clock_mode::real_time) {
    caf::scoped_actor self{sys_};
    self->wait_for(workspace_);
  }
  clock_.settle();
}

std::vector<std::size_t> deployment::domain_of_chats() const {
  std::lock_guard lock{mutex_};
  return domain_of_chat_;
}

live_chat_actor deployment::domain_of_chat(chat_id c) const {
  std::lock_guard lock{mutex_};
  if (c.value >= domain_of_chat_.size() || !chat_live_[c.value])
    return {};
  return domains_[domain_of_chat_[c.value]];
}

std::optional<live_chat_definition> deployment::chat(chat_id c) const {
  std::lock_guard lock{mutex_};
  if (c.value >= chats_now_.size() || !chat_live_[c.value])
    return std::nullopt;
  return chats_now_[c.value];
}

bool deployment::knows_user(user_id u) const {
  std::lock_guard lock{mutex_};
  return u.valid() && u.value < users_;
}

live_chat_actor deployment::domain_of_session(session_id s) const {
  // Domain k hands out ids F+k+1, F+k+1+D, ... (F the session id floor, D
  // domains, fixed at start; a merged domain forwards to the one that
  // absorbed it). Ids up to F were handed out before this start.
  auto floor = options_.session_id_floor;
  if (s.value == 0 || domains_.empty())
    return {};
  if (s.value <= floor) {
    std::lock_guard lock{mutex_};
    auto i = restored_domain_.find(s.value);
    return i == restored_domain_.end() ? live_chat_actor{}
                                       : domains_[i->second];
  }
  return domains_[(s.value - floor - 1) % domains_.size()];
}

live_chat_actor deployment::adopt_restored_session(session_id s, chat_id c) {
  std::lock_guard lock{mutex_};
  if (s.value == 0 || s.value > options_.session_id_floor
      || c.value >= domain_of_chat_.size() || !chat_live_[c.value])
    return {};
  auto k = domain_of_chat_[c.value];
  restored_domain_[s.value] = k;
  return domains_[k];
}

bool deployment::serves(user_id u) const {
  std::lock_guard lock{mutex_};
  return u.value < operators_.size() && static_cast<bool>(operators_[u.value]);
}

std::size_t deployment::domain_of_operator(user_id u) const {
  std::lock_guard lock{mutex_};
  return domain_of_user_.at(u.value);
}

caf::actor deployment::operator_of(user_id u) const {
  std::lock_guard lock{mutex_};
  return u.value < operators_.size() ? operators_[u.value] : caf::actor{};
}

supervisor_actor deployment::supervisor_of(user_id u) const {
  std::lock_guard lock{mutex_};
  return u.value < supervisors_.size() ? supervisors_[u.value]
                                       : supervisor_actor{};
}

} // namespace livechat::actors
