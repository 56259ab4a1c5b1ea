#include "server/api/client_session.hpp"

#include "server/api/errors.hpp"
#include "server/api/stream_json.hpp"
#include "server/json_reader.hpp"

#include <fmt/format.h>

namespace livechat::server {
namespace {

/// Stream items a client may fall behind by before it is cut off.
constexpr std::size_t stream_buffer = 1024;

/// Reads an id field: a non-negative integer below 2^32 - 1.
std::uint32_t read_id(json_reader& r, const char* field) {
  auto v = r.required_int(field);
  if (r.ok() && (v < 0 || v >= 0xffffffffLL))
    r.fail(field, "expected an id (a non-negative integer)");
  return static_cast<std::uint32_t>(v);
}

} // namespace

client_session::client_session(api_context ctx, presence& who_is_here,
                               user_id user, std::shared_ptr<ws_peer> peer)
    : ctx_(ctx), presence_(who_is_here), user_(user), peer_(std::move(peer)) {}

bool client_session::send(std::string frame) {
  auto peer = peer_.lock();
  return peer && peer->send(std::move(frame));
}

void client_session::start() {
  send(nlohmann::json{{"type", "hello"}, {"user", user_.value}}.dump());
  watch(watched::kind::operator_, user_.value);
  for (const auto& chat : ctx_.cat.chats_json()) {
    auto id = chat["id"].get<std::uint32_t>();
    auto def = ctx_.cat.chat(chat_id{id});
    if (def && ctx_.cat.member_of_any(user_, def->supervisor_groups))
      watch(watched::kind::chat, id);
  }
}

void client_session::watch(watched::kind what, std::uint64_t id) {
  std::weak_ptr<client_session> weak = weak_from_this();
  auto peer = peer_.lock();
  if (!peer)
    return;
  // Weak: the routing domain keeps a stream (and so this callback) until
  // its next push, which must not keep a closed connection alive.
  std::weak_ptr<ws_peer> weak_peer = peer_;
  auto ready = [weak, weak_peer] {
    if (auto p = weak_peer.lock())
      p->post([weak] {
        if (auto self = weak.lock())
          self->drain();
      });
  };
  stream_options options{.buffer = stream_buffer, .on_ready = ready};
  auto subscribed = [weak, peer, what,
                     id](expected<std::shared_ptr<event_stream>> s) {
    if (!s)
      return; // not this role (e.g. not an operator), or gone meanwhile
    peer->post([weak, what, id, stream = s.value()] {
      auto self = weak.lock();
      if (!self || self->closed_) {
        stream->cancel();
        return;
      }
      if (what == watched::kind::operator_ && !self->is_operator_) {
        self->is_operator_ = true;
        self->presence_.connected(self->user_);
      }
      self->streams_.push_back({what, id, stream});
      self->drain();
    });
  };
  switch (what) {
    case watched::kind::operator_:
      ctx_.rt.watch_operator(user_, options, subscribed);
      break;
    case watched::kind::chat:
      ctx_.rt.watch_chat(user_, chat_id{static_cast<std::uint32_t>(id)},
                         options, subscribed);
      break;
    case watched::kind::session:
      ctx_.rt.watch_session(user_, session_id{id}, options, subscribed);
      break;
  }
}

void client_session::drain() {
  if (closed_)
    return;
  std::vector<watched> resubscribe;
  for (auto it = streams_.begin(); it != streams_.end();) {
    for (auto& item : it->stream->take())
      if (!send(to_text(stream_item_json(item))))
        return; // the connection is closing
    auto end = it->stream->end();
    if (!end) {
      ++it;
      continue;
    }
    if (*end == stream_end::cut_off) {
      send(nlohmann::json{
        {"type", "stream_end"}, {"reason", "cut_off"}, {"resubscribed", true}}
             .dump());
      resubscribe.push_back(*it);
    }
    it = streams_.erase(it);
  }
  for (auto& w : resubscribe)
    watch(w.what, w.id);
}

void client_session::on_closed() {
  if (closed_)
    return;
  closed_ = true;
  for (auto& w : streams_)
    w.stream->cancel();
  streams_.clear();
  if (is_operator_)
    presence_.disconnected(user_);
}

void client_session::reply(const nlohmann::json& id, nlohmann::json body) {
  body["type"] = "reply";
  body["id"] = id;
  body["ok"] = true;
  send(to_text(body));
}

void client_session::fail(const nlohmann::json& id, int status,
                          std::string code, std::string message) {
  send(to_text({{"type", "reply"},
                {"id", id},
                {"ok", false},
                {"status", status},
                {"error", {{"code", code}, {"message", message}}}}));
}

void client_session::fail(const nlohmann::json& id, errc e) {
  fail(id, status_of(e), std::string{code_of(e)}, std::string{to_string(e)});
}

void client_session::reply_durable(const nlohmann::json& id,
                                   nlohmann::json body) {
  std::weak_ptr<client_session> weak = weak_from_this();
  // First the sink: a call's events reach the recorder after its answer.
  auto answer = [weak, id, body](db_expected<void> ok) {
    auto self = weak.lock();
    if (!self)
      return;
    if (!ok)
      self->fail(id, 500, "store_failed", ok.error().message);
    else
      self->reply(id, body);
  };
  auto& writer = ctx_.writer;
  auto drained = [&writer, answer](expected<void>) {
    writer.submit(nullptr, answer);
  };
  if (!ctx_.gate.run([&] {
        ctx_.rt.drain_events(drained);
      }))
    answer(sqlite_error{"the server is stopping"});
}

std::function<void(expected<void>)>
client_session::durable(const nlohmann::json& id, nlohmann::json body) {
  std::weak_ptr<client_session> weak = weak_from_this();
  return [weak, id, body](expected<void> r) {
    auto self = weak.lock();
    if (!self)
      return;
    if (!r) // a session no domain owns (ended, or from before a restart)
      self->fail(id, r.error() == errc::unavailable && body.contains("session")
                       ? errc::unknown_session
                       : r.error());
    else
      self->reply_durable(id, body);
  };
}

void client_session::on_text(const std::string& text) {
  nlohmann::json frame;
  try {
    frame = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    fail(nullptr, 400, "malformed_json",
         fmt::format("the frame is not valid JSON (at byte {})", e.byte));
    return;
  }
  if (!frame.is_object()) {
    fail(nullptr, 400, "malformed_json", "a command is a JSON object");
    return;
  }
  nlohmann::json id = frame.contains("id") ? frame["id"] : nlohmann::json{};
  if (!id.is_null() && !id.is_number_integer() && !id.is_string()) {
    fail(nullptr, 400, "invalid_field",
         "field 'id': expected a number or a string");
    return;
  }
  json_reader r{frame};
  r.allow("id"); // echoed in the reply, not interpreted
  auto type = r.required_string("type");
  auto bad = [this, &id](const std::string& e) {
    fail(id, 400, "invalid_field", e);
  };
  auto finish = [&r] {
    return r.finish();
  };
  if (!r.ok()) {
    if (auto e = finish())
      bad(*e);
    return;
  }
  if (type == "ping") {
    if (auto e = finish())
      return bad(*e);
    reply(id, {{"pong", true}});
  } else if (type == "set_status") {
    auto name = r.required_string("status");
    auto status = parse_operator_status(name);
    if (r.ok() && !status)
      r.fail("status",
             fmt::format("expected online, away or offline, not '{}'", name));
    if (auto e = finish())
      return bad(*e);
    // Through presence: in turn with its own changes, and it wins over a
    // pending restore.
    presence_.chosen_by_operator(user_, *status,
                                 durable(id, {{"status", name}}));
  } else if (type == "open_session") {
    chat_id chat{read_id(r, "chat")};
    if (auto e = finish())
      return bad(*e);
    std::weak_ptr<client_session> weak = weak_from_this();
    auto peer = peer_.lock();
    if (!peer)
      return;
    ctx_.rt.open_session(
      user_, chat, {}, [weak, peer, id](expected<session_ticket> t) {
        peer->post([weak, id, t] {
          auto self = weak.lock();
          if (!self)
            return;
          if (!t) {
            self->fail(id, t.error());
            return;
          }
          if (t.value().state != session_state::rejected)
            self->watch(watched::kind::session, t.value().id.value);
          self->reply_durable(id, {{"session", t.value().id.value},
                                   {"state", to_string(t.value().state)}});
        });
      });
  } else if (type == "post" || type == "leave" || type == "close") {
    session_id s{read_id(r, "session")};
    std::string message;
    if (type == "post") {
      message = r.required_string("text");
      if (r.ok() && (message.empty() || message.size() > max_text_bytes))
        r.fail("text", fmt::format("must have 1 to {} bytes", max_text_bytes));
    }
    if (auto e = finish())
      return bad(*e);
    nlohmann::json body{{"session", s.value}};
    if (type == "post")
      ctx_.rt.post_message(user_, s, message, durable(id, body));
    else if (type == "leave")
      ctx_.rt.leave(user_, s, durable(id, body));
    else
      ctx_.rt.close_session(user_, s, durable(id, body));
  } else if (type == "transfer") {
    session_id s{read_id(r, "session")};
    group_id g{read_id(r, "group")};
    auto expert = r.optional_int("expert", -1);
    if (r.ok() && expert < -1)
      r.fail("expert", "expected an id");
    if (auto e = finish())
      return bad(*e);
    user_id to = expert < 0 ? user_id{}
                            : user_id{static_cast<std::uint32_t>(expert)};
    ctx_.rt.transfer(user_, s, g, to, durable(id, {{"session", s.value}}));
  } else if (type == "assign") {
    session_id s{read_id(r, "session")};
    operator_id op{read_id(r, "operator")};
    if (auto e = finish())
      return bad(*e);
    ctx_.rt.assign(user_, s, op, durable(id, {{"session", s.value}}));
  } else if (type == "snapshot") {
    chat_id chat{read_id(r, "chat")};
    if (auto e = finish())
      return bad(*e);
    std::weak_ptr<client_session> weak = weak_from_this();
    ctx_.rt.snapshot(user_, chat, [weak, id](expected<chat_snapshot> s) {
      auto self = weak.lock();
      if (!self)
        return;
      if (!s)
        self->fail(id, s.error());
      else
        self->reply(id, {{"snapshot", snapshot_json(s.value())}});
    });
  } else {
    fail(id, 400, "unknown_command", fmt::format("unknown command '{}'", type));
  }
}

ws_acceptor make_ws_acceptor(api_context ctx, presence& who_is_here) {
  return
    [ctx, &who_is_here](const http_request& req, std::shared_ptr<ws_peer> peer)
      -> std::variant<std::shared_ptr<ws_handler>, http_response> {
      auto authorization = req.authorization;
      // Browsers cannot set headers on a WebSocket: ?access_token=... too.
      constexpr std::string_view key = "access_token=";
      if (authorization.empty()) {
        std::string_view q = req.query;
        while (!q.empty()) {
          auto amp = q.find('&');
          auto part = q.substr(0, amp);
          if (part.starts_with(key))
            authorization = "Bearer " + std::string{part.substr(key.size())};
          if (amp == std::string_view::npos)
            break;
          q.remove_prefix(amp + 1);
        }
      }
      auto who = ctx.tokens.authenticate(authorization);
      if (auto* why = std::get_if<std::string>(&who)) {
        auto r = error_response(401, "unauthorized", *why);
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
      }
      auto user = std::get<user_id>(who);
      if (!ctx.cat.user_exists(user))
        return error_response(401, "unauthorized",
                              "the token's user has been removed");
      ctx.tokens.track(user, peer);
      auto session = std::make_shared<client_session>(ctx, who_is_here, user,
                                                      std::move(peer));
      session->start();
      return std::shared_ptr<ws_handler>{session};
    };
}

} // namespace livechat::server
