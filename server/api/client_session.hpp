// One client's WebSocket (/api/v1/ws): the real-time flows of every role.
//
// On connect the server subscribes the client to what its roles may see
// (docs/api.md, "WebSocket"):
//   - an operator (a member of a chat's operator or expert groups): its own
//     status, sessions, their messages and transcripts (watch_operator);
//   - a supervisor: the live stream of each chat it supervises (watch_chat);
//   - a customer: each session it opens over this socket (watch_session),
//     with its queue position and expected wait while it waits.
// Each stream starts with a snapshot; a client that falls behind is sent
// {"type": "stream_end", "reason": "cut_off"} and resubscribed from a fresh
// snapshot.
//
// Commands are JSON text frames {"id": 7, "type": "...", ...}; each gets one
// {"type": "reply", "id": 7, "ok": true, ...} or {"type": "reply", "id": 7,
// "ok": false, "error": {"code", "message"}}, sent after what it changed is
// committed. Commands: set_status, open_session, post, leave, close,
// transfer, assign, snapshot, ping.
#pragma once

#include "server/api/api.hpp"
#include "server/api/ws_types.hpp"
#include "server/presence.hpp"

#include <memory>
#include <vector>

namespace livechat::server {

class client_session : public ws_handler,
                       public std::enable_shared_from_this<client_session> {
public:
  client_session(api_context ctx, presence& who_is_here, user_id user,
                 std::shared_ptr<ws_peer> peer);

  /// Subscribes the role streams and tells presence (call once).
  void start();

  void on_text(const std::string& text) override;
  void on_closed() override;

private:
  struct watched {
    enum class kind { operator_, chat, session } what;
    std::uint64_t id = 0; ///< chat or session id
    std::shared_ptr<event_stream> stream;
  };
  void watch(watched::kind what, std::uint64_t id);
  void drain();
  void reply(const nlohmann::json& id, nlohmann::json body);
  void fail(const nlohmann::json& id, int status, std::string code,
            std::string message);
  void fail(const nlohmann::json& id, errc e);
  /// Replies ok (with `body`) once the writes so far are committed.
  void reply_durable(const nlohmann::json& id, nlohmann::json body);
  std::function<void(expected<void>)> durable(const nlohmann::json& id,
                                              nlohmann::json body);

  api_context ctx_;
  presence& presence_;
  user_id user_;
  /// Sends a frame if the connection is still there (false otherwise, or
  /// when it is closing).
  bool send(std::string frame);

  /// Weak: the connection owns this session (as its handler) until it
  /// closes; a strong reference back would keep both alive forever if the
  /// server stopped before the connection closed.
  std::weak_ptr<ws_peer> peer_;
  bool is_operator_ = false;
  bool closed_ = false;
  /// Touched on the connection's executor only (drain, commands, close).
  std::vector<watched> streams_;
};

/// The acceptor for /api/v1/ws: authenticates the upgrade request (its
/// Authorization header, or `access_token` in the query for browsers), and
/// starts a client_session.
ws_acceptor make_ws_acceptor(api_context ctx, presence& who_is_here);

} // namespace livechat::server
