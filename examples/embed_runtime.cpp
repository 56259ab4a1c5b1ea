// Embedding livechat: one live chat, two operators, three customers, run in
// virtual time. Prints every session event as it happens.
#include <fmt/format.h>
#include <livechat/actors/runtime.hpp>

using namespace livechat;
using namespace std::chrono_literals;

int main() {
  directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  auto olga = dir.add_user("olga").value();
  auto oleg = dir.add_user("oleg").value();
  std::vector<user_id> staff{olga, oleg};
  auto general = dir.create_group(admin, "general", staff).value();

  live_chat_definition chat;
  chat.name = "external";
  chat.channel = "whatsapp";
  chat.operator_groups = {general};
  chat.routing = routing_policy_kind::least_busy;

  auto rt = runtime::create({std::move(dir), admin, {chat}},
                            {.mode = clock_mode::virtual_time});
  if (!rt) {
    fmt::print(stderr, "cannot start: {}\n", to_string(rt.error()));
    return 1;
  }
  auto& live = **rt;
  live.subscribe([](const routing_event& e) {
    if (auto* s = std::get_if<session_event>(&e))
      fmt::print("{:6.1f} s  session {} {:<10} op {}\n",
                 to_seconds(s->at.time_since_epoch()), s->session.value,
                 to_string(s->kind), s->op.value);
  });

  (void)live.set_status(olga, operator_status::online);
  std::vector<session_id> sessions;
  for (int i = 0; i < 3; ++i) { // customers are WhatsApp contacts
    contact customer{"whatsapp", fmt::format("+49 151 000000{}", i)};
    auto ticket = live.open_session(customer, chat_id{0}, {.patience = 2min});
    if (ticket)
      sessions.push_back(ticket->id);
    live.advance_to(live.now() + 30s);
  }
  (void)live.set_status(oleg, operator_status::online); // takes the next one
  live.advance_to(live.now() + 1min);
  (void)live.close_session(olga, sessions[0]); // olga takes the last one
  live.run_until_idle();
  return 0;
}
