// External customers through the channel endpoint, shaped like a
// messenger's webhook: POST /api/v1/channels/{channel}/messages with the
// contact's address and text. The first message of a contact opens its
// session in the chat that takes the channel; later ones go into it.
// Concurrent webhooks of one contact share one session: while it is being
// opened, the others wait for it. A session that ended is replaced by a
// new one on the contact's next message.
#include "server/api/api.hpp"
#include "server/api/errors.hpp"
#include "server/json_reader.hpp"

#include <fmt/format.h>

namespace livechat::server {

void api::resume_contact_session(const contact& who, session_id s) {
  std::lock_guard guard{contacts_mutex_};
  contact_sessions_[{who.channel, who.address}].session = s;
}

void api::channels(call& c) {
  auto& p = c.path;
  if (p.size() != 3 || p[2] != "messages") {
    c.respond(not_found(c.req));
    return;
  }
  if (c.req.method != "POST") {
    c.respond(method_not_allowed(c.req, "POST"));
    return;
  }
  // The messenger's bridge calls this: an Administrator's token or one of
  // the `Integrations` group.
  if (!ctx_.cat.is_administrator(c.caller)
      && !ctx_.cat.member_of_named(c.caller, "Integrations")) {
    c.respond(forbidden("only Administrators and members of Integrations "
                        "post on a channel"));
    return;
  }
  std::string channel{p[1]};
  auto chat = ctx_.cat.chat_of_channel(channel);
  if (!chat) {
    c.respond(
      error_response(404, "unknown_channel",
                     fmt::format("no live chat takes channel '{}'", channel)));
    return;
  }
  auto body = parse_body(c.req, c.respond);
  if (!body)
    return;
  json_reader r{*body};
  auto address = r.required_string("contact");
  if (r.ok() && address.empty())
    r.fail("contact", "must not be empty");
  auto text = read_text(r);
  if (auto e = r.finish()) {
    c.respond(error_response(400, "invalid_field", *e));
    return;
  }
  channel_post(contact{channel, address}, *chat, std::move(*text), c.respond,
               true);
}

void api::channel_post(const contact& who, chat_id chat, std::string text,
                       respond_fn respond, bool may_reopen) {
  std::optional<session_id> open;
  {
    std::lock_guard guard{contacts_mutex_};
    auto& entry = contact_sessions_[{who.channel, who.address}];
    if (entry.opening) {
      // Another message of this contact is opening its session: this one
      // goes into it once it is open.
      entry.waiting.push_back([this, who, chat, text,
                               respond](std::optional<session_id> s) {
        if (s)
          channel_post(who, chat, text, respond, false);
        else
          respond(error_response(409, "rejected",
                                 "the contact's session could not be opened"));
      });
      return;
    }
    if (entry.session)
      open = entry.session;
    else
      entry.opening = true;
  }
  if (!open) {
    channel_open(who, chat, std::move(text), std::move(respond));
    return;
  }
  auto s = *open;
  auto posted = [this, who, chat, text, respond, s,
                 may_reopen](expected<void> r) {
    if (!r && r.error() == errc::unknown_session && may_reopen) {
      // Its session ended: forget it, and open a new one (once).
      {
        std::lock_guard guard{contacts_mutex_};
        auto& entry = contact_sessions_[{who.channel, who.address}];
        if (entry.session == s)
          entry.session.reset();
      }
      if (!ctx_.gate.run([&] {
            channel_post(who, chat, text, respond, false);
          }))
        respond(error_response(errc::unavailable));
      return;
    }
    channel_posted(s, false, respond)(r);
  };
  // Called from completions too: through the gate.
  if (!ctx_.gate.run([&] {
        ctx_.rt.post_message(who, s, text, posted);
      }))
    respond(error_response(errc::unavailable));
}

std::function<void(expected<void>)>
api::channel_posted(session_id s, bool opened, respond_fn respond) {
  return [this, s, opened, respond](expected<void> r) {
    if (!r) {
      respond(error_response(r.error(), fmt::format("session {}", s.value)));
      return;
    }
    when_durable([s, opened, respond](db_expected<void> ok) {
      if (!ok)
        respond(error_response(500, "store_failed", ok.error().message));
      else
        respond(json_response(opened ? 201 : 200,
                              {{"session", s.value}, {"opened", opened}}));
    });
  };
}

void api::channel_open(const contact& who, chat_id chat, std::string text,
                       respond_fn respond) {
  // Ends the open: records the session (or none) and hands it to the
  // messages that waited for it.
  auto opened = [this, who](std::optional<session_id> s) {
    std::vector<std::function<void(std::optional<session_id>)>> waiting;
    {
      std::lock_guard guard{contacts_mutex_};
      auto& entry = contact_sessions_[{who.channel, who.address}];
      entry.opening = false;
      if (s)
        entry.session = s;
      waiting.swap(entry.waiting);
    }
    for (auto& w : waiting)
      w(s);
  };
  auto first_post = [this, who, text = std::move(text), respond](session_id s) {
    auto posted = channel_posted(s, true, respond);
    if (!ctx_.gate.run([&] {
          ctx_.rt.post_message(who, s, text, posted);
        }))
      respond(error_response(errc::unavailable));
  };
  auto done = [who, opened, first_post, respond](expected<session_ticket> t) {
    if (!t) {
      opened(std::nullopt);
      respond(
        error_response(t.error(), fmt::format("channel '{}'", who.channel)));
      return;
    }
    if (t.value().state == session_state::rejected) {
      opened(std::nullopt);
      respond(error_response(409, "rejected",
                             "the chat refused a new session (queue full or "
                             "nobody online)"));
      return;
    }
    opened(t.value().id);
    first_post(t.value().id);
  };
  if (!ctx_.gate.run([&] {
        ctx_.rt.open_session(who, chat, {}, done);
      })) {
    opened(std::nullopt);
    respond(error_response(errc::unavailable));
  }
}

} // namespace livechat::server
