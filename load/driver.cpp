#include "load/driver.hpp"

#include "load/event_json.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace livechat::load {

void latency_window::merge(const latency_window& other) {
  time_to_assign.merge(other.time_to_assign);
  delivery_to_operator.merge(other.delivery_to_operator);
  delivery_to_customer.merge(other.delivery_to_customer);
  arrivals += other.arrivals;
  errors += other.errors;
}

namespace {

using clock = net_loop::clock;
using nlohmann::json;
constexpr auto npos = std::numeric_limits<std::size_t>::max();

/// A bot's connection and its commands waiting for their replies.
struct bot {
  std::string name;
  std::uint64_t user = 0;
  std::shared_ptr<ws_link> link;
  bool ready = false;  ///< the server's hello came
  bool failed = false; ///< the connection ended
  int next_command = 1;
  std::unordered_map<int, std::function<void(const json&)>> waiting;
  // Operators only.
  bool online = false;
  shift_schedule schedule;
};

struct session_state {
  const planned_arrival* arrival = nullptr;
  session_script script;
  clock::time_point intended;
  std::uint64_t id = 0;
  bool known = false;
  bool assigned = false;
  bool transferring = false; ///< a switch to the expert group was sent
  bool with_expert = false;
  bool ended = false;
  bool leave_when_known = false;
  std::size_t customer = npos; ///< internal: its bot
  std::size_t holder = npos;   ///< the operator bot holding it
  std::int64_t customer_sent = 0;
  std::int64_t operator_replied = 0;
  clock::time_point customer_message_intended;
  clock::time_point operator_message_intended;
};

class load_run {
public:
  load_run(const scenarios::scenario& sc,
           const scenarios::scenario_workspace& ws,
           const std::vector<planned_arrival>& arrivals, const endpoint& target,
           const std::vector<std::string>& sources, const bot_credentials& who,
           const load_settings& settings, std::ostream& progress)
      : sc_(sc),
        ws_(ws),
        arrivals_(arrivals),
        loop_(target, sources),
        who_(who),
        settings_(settings),
        progress_(progress) {
    result_.speed = settings.speed;
    result_.arrival_seconds
      = std::chrono::duration<double>(settings.arrival_window).count();
    result_.snapshot_seconds
      = std::chrono::duration<double>(settings.snapshot_every).count();
    for (const auto& def : ws.chats) {
      chat_measure m;
      m.name = def.name;
      m.external = !def.channel.empty();
      result_.chats.push_back(std::move(m));
    }
    bool external_patience = false;
    for (const auto& w : sc.workload)
      if (w.patience
          && !ws.chats[ws.chat_index.at(w.live_chat.text)].channel.empty())
        external_patience = true;
    if (external_patience)
      result_.notes.push_back(
        "external contacts cannot leave through the channel endpoint: their "
        "patience is not played");
    for (const auto& def : ws.chats)
      if (!def.channel.empty()) {
        result_.notes.push_back(
          "replies to external contacts go out through the server's channel "
          "adapter: their delivery is not measured");
        break;
      }
  }

  load_result run() {
    if (!set_up())
      return std::move(result_);
    start_ = loop_.now() + std::chrono::milliseconds{100};
    origin_ms_ = wall_ms() + 100;
    sessions_.reserve(arrivals_.size());
    schedule_next_arrival();
    schedule_shifts();
    schedule_progress(start_ + settings_.progress_every);
    auto deadline = start_ + settings_.arrival_window + settings_.drain_limit;
    loop_.run_until(
      [this] {
        return cancelled()
               || (next_arrival_ == arrivals_.size()
                   && ended_ == sessions_.size());
      },
      deadline);
    result_.interrupted = cancelled();
    result_.wall_seconds = seconds_since_start();
    result_.end = timestamp{std::chrono::duration_cast<duration>(
      std::chrono::duration<double>(result_.wall_seconds * settings_.speed))};
    collect_events();
    result_.unfinished = sessions_.size() - ended_;
    for (auto& c : result_.chats)
      for (const auto& s : c.snapshots)
        c.total.merge(s.figures);
    shut_down();
    return std::move(result_);
  }

private:
  // -- set-up ---------------------------------------------------------------

  bool set_up() {
    for (const auto& name : operator_names(ws_)) {
      auto& b = operators_.emplace_back();
      b.name = name;
      b.user = who_.ids.users.at(name);
      b.schedule = operator_schedule(sc_, ws_, name);
    }
    std::set<std::string, std::less<>> seen;
    for (const auto& a : arrivals_)
      if (ws_.chats[a.chat].channel.empty() && seen.insert(a.customer).second) {
        auto& b = customers_.emplace_back();
        b.name = a.customer;
        b.user = who_.ids.users.at(a.customer);
        customer_index_[a.customer] = customers_.size() - 1;
      }
    for (std::size_t i = 0; i < operators_.size(); ++i)
      connect(operators_[i], [this, i](const json& f) {
        operator_frame(i, f);
      });
    for (std::size_t i = 0; i < customers_.size(); ++i)
      connect(customers_[i], [this, i](const json& f) {
        customer_frame(i, f);
      });
    // Supervisors' streams: the server's own routing events, from which
    // the simulation's figures are measured (load/prediction.hpp).
    for (const auto& name : watcher_names(ws_)) {
      auto& b = watchers_.emplace_back();
      b.name = name;
      b.user = who_.ids.users.at(name);
    }
    for (std::size_t i = 0; i < watchers_.size(); ++i)
      connect(watchers_[i], [this, i](const json& f) {
        watcher_frame(i, f);
      });
    fmt::print(progress_,
               "livechat load: connecting {} operators, {} customers and {} "
               "supervisors\n",
               operators_.size(), customers_.size(), watchers_.size());
    auto setup_deadline = loop_.now() + std::chrono::seconds{30};
    auto all_ready = [this] {
      for (const auto* group : {&operators_, &customers_, &watchers_})
        for (const auto& b : *group)
          if (!b.ready && !b.failed)
            return false;
      return true;
    };
    loop_.run_until(
      [&] {
        return all_ready() || cancelled();
      },
      setup_deadline);
    std::size_t failed = 0;
    for (const auto* group : {&operators_, &customers_, &watchers_})
      for (const auto& b : *group)
        failed += !b.ready;
    if (failed > 0 || cancelled()) {
      result_.errors["setup_failed"] += failed;
      result_.interrupted = cancelled();
      return false;
    }
    // Everyone's status at time 0, answered before the first arrival.
    std::size_t answered = 0, wanted = 0;
    for (std::size_t i = 0; i < operators_.size(); ++i) {
      ++wanted;
      set_status(i, online_at(operators_[i].schedule, duration{}), [&answered] {
        ++answered;
      });
    }
    loop_.run_until(
      [&] {
        return answered == wanted || cancelled();
      },
      setup_deadline);
    if (answered != wanted) {
      result_.errors["setup_failed"] += wanted - answered;
      return false;
    }
    return true;
  }

  void connect(bot& b, std::function<void(const json&)> on_frame) {
    auto token = who_.tokens.find(b.name);
    if (token == who_.tokens.end()) {
      b.failed = true;
      return;
    }
    ws_handlers h;
    h.frame = std::move(on_frame);
    h.closed = [this, &b](const std::string& why) {
      b.failed = true;
      if (!shutting_down_) {
        ++result_.errors["connection_lost"];
        fmt::print(progress_, "livechat load: {}: {}\n", b.name, why);
      }
    };
    b.link = loop_.open_ws(token->second, std::move(h));
  }

  // -- commands -------------------------------------------------------------

  void command(bot& b, json cmd, std::function<void(const json&)> on_reply) {
    int id = b.next_command++;
    cmd["id"] = id;
    b.waiting[id] = std::move(on_reply);
    b.link->send(cmd.dump());
  }

  /// A reply frame for `b`: true if it was one.
  static bool take_reply(bot& b, const json& f) {
    if (f.value("type", "") != "reply" || !f.contains("id")
        || !f["id"].is_number_integer())
      return false;
    auto it = b.waiting.find(f["id"].get<int>());
    if (it == b.waiting.end())
      return true;
    auto fn = std::move(it->second);
    b.waiting.erase(it);
    fn(f);
    return true;
  }

  void count_error(std::size_t chat, const std::string& kind) {
    auto& c = result_.chats[chat];
    ++c.errors[kind];
    ++window(c).errors;
  }

  static std::string error_kind(const json& reply) {
    if (reply.contains("error") && reply["error"].is_object())
      return reply["error"].value("code", "error");
    return "error";
  }

  void set_status(std::size_t op, bool online, std::function<void()> done) {
    auto& b = operators_[op];
    b.online = online;
    command(b,
            {{"type", "set_status"}, {"status", online ? "online" : "offline"}},
            [this, done = std::move(done)](const json& r) {
              if (!r.value("ok", false))
                ++result_.errors["set_status_" + error_kind(r)];
              if (done)
                done();
            });
  }

  // -- arrivals -------------------------------------------------------------

  clock::time_point wall(duration scenario_time) const {
    auto wall_ns = static_cast<double>(scenario_time.count()) / settings_.speed;
    return start_
           + std::chrono::nanoseconds{static_cast<std::int64_t>(wall_ns)};
  }

  clock::time_point after(clock::time_point from,
                          duration scenario_time) const {
    auto wall_ns = static_cast<double>(scenario_time.count()) / settings_.speed;
    return from + std::chrono::nanoseconds{static_cast<std::int64_t>(wall_ns)};
  }

  void schedule_next_arrival() {
    if (next_arrival_ == arrivals_.size())
      return;
    auto when = wall(arrivals_[next_arrival_].at);
    if (when > start_ + settings_.arrival_window) {
      next_arrival_ = arrivals_.size(); // past the window: planned, not sent
      return;
    }
    loop_.at(when, [this] {
      // Everything due by now goes out, each measured from its own time.
      auto now = loop_.now();
      while (next_arrival_ < arrivals_.size()
             && wall(arrivals_[next_arrival_].at) <= now
             && wall(arrivals_[next_arrival_].at)
                  <= start_ + settings_.arrival_window)
        arrive(arrivals_[next_arrival_++], now);
      schedule_next_arrival();
    });
  }

  void arrive(const planned_arrival& a, clock::time_point now) {
    auto& s = sessions_.emplace_back();
    auto index = sessions_.size() - 1;
    s.arrival = &a;
    s.script = draw_script(sc_, a);
    s.intended = wall(a.at);
    auto& chat = result_.chats[a.chat];
    ++chat.offered;
    ++window(chat).arrivals;
    if (now - s.intended > settings_.late_after)
      ++chat.late;
    auto chat_id = who_.ids.chats.at(ws_.chats[a.chat].name);
    const auto& channel = ws_.chats[a.chat].channel;
    if (channel.empty()) {
      s.customer = customer_index_.at(a.customer);
      auto& c = customers_[s.customer];
      if (c.failed)
        return end(index, end_kind::failed, "connection_lost");
      command(c, {{"type", "open_session"}, {"chat", chat_id}},
              [this, index](const json& r) {
                opened(index, r);
              });
      if (s.script.patience)
        loop_.at(after(s.intended, *s.script.patience), [this, index] {
          patience_over(index);
        });
    } else {
      s.customer_sent = 1; // the arrival is the contact's first message
      s.customer_message_intended = s.intended;
      auto n = next_message_++;
      loop_.http(
        http_call{
          "POST", fmt::format("/api/v1/channels/{}/messages", channel),
          json{{"contact", a.customer}, {"text", message_text(n)}}.dump(),
          who_.channel_token, ""},
        [this, index, n](int status, std::string body) {
          auto reply = json::parse(body, nullptr, false);
          if (status != 200 && status != 201) {
            auto kind = status == 0 ? std::string{"no_answer"}
                                    : fmt::format("http_{}", status);
            return end(index, end_kind::failed, kind);
          }
          ++result_.chats[sessions_[index].arrival->chat].messages;
          auto id = reply.value("session", std::uint64_t{0});
          record_session(id);
          record_message(id, n);
          learned_id(index, id);
        });
    }
  }

  void opened(std::size_t index, const json& r) {
    if (!r.value("ok", false))
      return end(index, end_kind::failed, error_kind(r));
    record_session(r.value("session", std::uint64_t{0}));
    learned_id(index, r.value("session", std::uint64_t{0}));
    if (r.value("state", "") == "rejected")
      end(index, end_kind::rejected);
  }

  void learned_id(std::size_t index, std::uint64_t id) {
    auto& s = sessions_[index];
    s.id = id;
    s.known = true;
    by_id_[id] = index;
    if (auto e = early_.find(id); e != early_.end()) {
      auto [when, op] = e->second;
      early_.erase(e);
      assigned(index, op, when);
    }
    if (s.leave_when_known)
      patience_over(index);
  }

  void patience_over(std::size_t index) {
    auto& s = sessions_[index];
    if (s.assigned || s.ended)
      return;
    if (!s.known) {
      s.leave_when_known = true;
      return;
    }
    command(customers_[s.customer], {{"type", "leave"}, {"session", s.id}},
            [this, index](const json& r) {
              if (r.value("ok", false))
                end(index, end_kind::abandoned);
              // Not ok: the session was taken meanwhile; it plays on.
            });
  }

  // -- the conversation -----------------------------------------------------

  void operator_frame(std::size_t op, const json& f) {
    auto& b = operators_[op];
    if (take_reply(b, f))
      return;
    auto type = f.value("type", "");
    if (type == "hello") {
      b.ready = true;
      return;
    }
    if (!f.contains("session") || !f["session"].is_number_unsigned())
      return;
    auto id = f["session"].get<std::uint64_t>();
    auto now = loop_.now();
    if (type == "session_event" && f.value("kind", "") == "assigned"
        && f.contains("operator") && f["operator"] == b.user) {
      if (auto it = by_id_.find(id); it != by_id_.end())
        assigned(it->second, op, now);
      else
        early_[id] = {now, op};
      return;
    }
    if (type == "message" && f.value("from", std::uint64_t{0}) != b.user) {
      auto it = by_id_.find(id);
      if (it != by_id_.end() && sessions_[it->second].holder == op)
        customer_message_arrived(it->second, now);
    }
  }

  static std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
  }

  /// A supervisor's frame: routing events are kept (as sent: they are
  /// translated once the run's origin is known); a stream cut off for
  /// falling behind leaves a gap, so the measured figures are incomplete.
  void watcher_frame(std::size_t w, const json& f) {
    auto& b = watchers_[w];
    if (take_reply(b, f))
      return;
    auto type = f.value("type", "");
    if (type == "chat_snapshot")
      b.ready = true;
    else if (type == "session_event" || type == "status_event") {
      // The frames carry the server's routing clock. Its offset from this
      // machine's wall clock is estimated as the smallest (wall time at
      // receipt - event time): the frame delivered fastest bounds it best
      // (within that frame's delivery time, well under a millisecond on
      // loopback when the server is not saturated).
      if (f.contains("at_ms") && f["at_ms"].is_number_integer())
        clock_offset_ms_ = std::min(clock_offset_ms_,
                                    wall_ms() - f["at_ms"].get<std::int64_t>());
      watched_.push_back(f);
    } else if (type == "stream_end") {
      ++result_.errors["stream_cut_off"];
      stream_gap_ = true;
    }
  }

  /// The watched events of this run, each once, in scenario time.
  void collect_events() {
    result_.watched = !watchers_.empty() && !stream_gap_;
    for (const auto& def : ws_.chats)
      if (def.supervisor_groups.empty())
        result_.watched = false;
    // Scenario time 0, on the server's routing clock.
    auto origin = watched_.empty() ? origin_ms_ : origin_ms_ - clock_offset_ms_;
    auto t = make_translation(who_.ids, ws_, origin, settings_.speed);
    std::unordered_set<std::string> seen;
    for (const auto& f : watched_) {
      if (f.value("type", "") == "session_event"
          && !by_id_.contains(f.value("session", std::uint64_t{0})))
        continue; // not a session of this run
      if (!seen.insert(f.dump()).second)
        continue; // shown by two supervisors' streams
      if (auto e = event_from_json(f, t))
        result_.events.push_back(*e);
    }
    watched_.clear();
  }

  void customer_frame(std::size_t c, const json& f) {
    auto& b = customers_[c];
    if (take_reply(b, f))
      return;
    auto type = f.value("type", "");
    if (type == "hello") {
      b.ready = true;
      return;
    }
    if (type != "message" || f.value("from", std::uint64_t{0}) == b.user
        || !f.contains("session") || !f["session"].is_number_unsigned())
      return;
    auto it = by_id_.find(f["session"].get<std::uint64_t>());
    if (it == by_id_.end())
      return;
    auto index = it->second;
    auto& s = sessions_[index];
    auto now = loop_.now();
    auto& chat = result_.chats[s.arrival->chat];
    window(chat).delivery_to_customer.record(
      std::chrono::duration_cast<duration>(now - s.operator_message_intended));
    if (s.customer_sent < s.script.messages && !s.ended)
      schedule_customer_message(index, now);
  }

  void assigned(std::size_t index, std::size_t op, clock::time_point now) {
    auto& s = sessions_[index];
    if (s.ended)
      return;
    auto& chat = result_.chats[s.arrival->chat];
    bool first = !s.assigned;
    s.holder = op;
    // The expert's assignment may come before the switch's reply.
    if (s.transferring || s.with_expert) { // the expert handles it, closes
      s.with_expert = true;
      result_.scripted.push_back(
        {s.id, s.arrival->workload, s.script.transfer, s.script.expert_handle});
      loop_.at(after(now, s.script.expert_handle), [this, index] {
        close(index);
      });
      return;
    }
    if (!first) { // taken again (its operator went offline): wrap it up
      loop_.at(after(now, s.script.handle), [this, index] {
        finish(index);
      });
      return;
    }
    s.assigned = true;
    ++chat.answered;
    result_.scripted.push_back(
      {s.id, s.arrival->workload, std::nullopt, scripted_first_hold(s.script)});
    auto waited = std::chrono::duration_cast<duration>(now - s.intended);
    window(chat).time_to_assign.record(waited);
    chat.wait.record(duration{static_cast<std::int64_t>(
      static_cast<double>(waited.count()) * settings_.speed)});
    if (s.script.messages == 0) {
      loop_.at(after(now, s.script.handle), [this, index] {
        finish(index);
      });
      return;
    }
    if (s.customer == npos) // external: the arrival's message is there
      schedule_reply(index, now);
    else
      send_customer_message(index, now);
  }

  void schedule_customer_message(std::size_t index, clock::time_point now) {
    auto& s = sessions_[index];
    auto when = after(
      now, s.script.think[static_cast<std::size_t>(s.customer_sent - 1)]);
    loop_.at(when, [this, index, when] {
      send_customer_message(index, when);
    });
  }

  void send_customer_message(std::size_t index, clock::time_point intended) {
    auto& s = sessions_[index];
    if (s.ended)
      return;
    ++s.customer_sent;
    s.customer_message_intended = intended;
    auto chat = s.arrival->chat;
    auto n = next_message_++;
    auto acknowledged = [this, chat, n, id = s.id](bool ok,
                                                   const std::string& kind) {
      if (!ok)
        return count_error(chat, kind);
      ++result_.chats[chat].messages;
      record_message(id, n);
    };
    if (s.customer != npos) {
      command(customers_[s.customer],
              {{"type", "post"}, {"session", s.id}, {"text", message_text(n)}},
              [acknowledged](const json& r) {
                acknowledged(r.value("ok", false), error_kind(r));
              });
      return;
    }
    const auto& channel = ws_.chats[chat].channel;
    loop_.http(http_call{"POST",
                         fmt::format("/api/v1/channels/{}/messages", channel),
                         json{{"contact", s.arrival->customer},
                              {"text", message_text(n)}}
                           .dump(),
                         who_.channel_token, ""},
               [acknowledged](int status, const std::string&) {
                 acknowledged(status == 200 || status == 201,
                              status == 0 ? "no_answer"
                                          : fmt::format("http_{}", status));
               });
  }

  void customer_message_arrived(std::size_t index, clock::time_point now) {
    auto& s = sessions_[index];
    if (s.ended || s.with_expert || s.customer_sent == 0)
      return;
    // An external contact's first message came with its arrival: it is
    // answered from the assignment on, and its wait is no delivery.
    if (s.customer == npos && s.customer_sent == 1)
      return;
    auto& chat = result_.chats[s.arrival->chat];
    window(chat).delivery_to_operator.record(
      std::chrono::duration_cast<duration>(now - s.customer_message_intended));
    schedule_reply(index, now);
  }

  void schedule_reply(std::size_t index, clock::time_point now) {
    auto& s = sessions_[index];
    auto k
      = static_cast<std::size_t>(std::max<std::int64_t>(s.operator_replied, 0));
    if (k >= s.script.reply.size())
      return;
    auto when = after(now, s.script.reply[k]);
    loop_.at(when, [this, index, when] {
      send_reply(index, when);
    });
  }

  void send_reply(std::size_t index, clock::time_point intended) {
    auto& s = sessions_[index];
    if (s.ended || s.holder == npos || s.with_expert)
      return;
    s.operator_message_intended = intended;
    auto chat = s.arrival->chat;
    auto n = next_message_++;
    command(operators_[s.holder],
            {{"type", "post"}, {"session", s.id}, {"text", message_text(n)}},
            [this, index, chat, n](const json& r) {
              if (!r.value("ok", false))
                return count_error(chat, error_kind(r));
              ++result_.chats[chat].messages;
              record_message(sessions_[index].id, n);
              auto& st = sessions_[index];
              ++st.operator_replied;
              auto now = loop_.now();
              if (st.operator_replied >= st.script.messages)
                loop_.at(after(now, st.script.handle), [this, index] {
                  finish(index);
                });
              else if (st.customer == npos) // external: nobody sees it
                schedule_customer_message(index, now);
            });
  }

  // -- the ledger of acknowledged writes -------------------------------------

  static std::string message_text(std::uint64_t n) {
    return fmt::format("load message {}", n);
  }

  void record_session(std::uint64_t id) {
    if (settings_.ledger)
      *settings_.ledger << json{{"kind", "session"}, {"session", id}}.dump()
                        << '\n';
  }

  void record_message(std::uint64_t session, std::uint64_t n) {
    if (settings_.ledger)
      *settings_.ledger << json{
        {"kind", "message"},
        {"session", session},
        {"message",
         n}}.dump() << '\n';
  }

  /// The handling is over: a switch to the expert group drawn, or a close.
  void finish(std::size_t index) {
    auto& s = sessions_[index];
    if (s.ended || s.holder == npos)
      return;
    const auto& w = sc_.workload[s.arrival->workload];
    if (!s.script.transfer || s.with_expert)
      return close(index);
    auto group = who_.ids.groups.at(w.transfers[*s.script.transfer].to.text);
    auto chat = s.arrival->chat;
    auto from = s.holder;
    s.transferring = true;
    command(operators_[from],
            {{"type", "transfer"}, {"session", s.id}, {"group", group}},
            [this, index, chat, from](const json& r) {
              auto& st = sessions_[index];
              if (!r.value("ok", false)) {
                st.transferring = false;
                count_error(chat, error_kind(r));
                return close(index);
              }
              ++result_.chats[chat].transferred;
              st.with_expert = true;
              if (st.holder == from) // no expert has it yet
                st.holder = npos;
            });
  }

  void close(std::size_t index) {
    auto& s = sessions_[index];
    if (s.ended || s.holder == npos)
      return;
    command(operators_[s.holder], {{"type", "close"}, {"session", s.id}},
            [this, index](const json& r) {
              if (r.value("ok", false))
                end(index, end_kind::closed);
              else
                end(index, end_kind::failed, error_kind(r));
            });
  }

  enum class end_kind { closed, abandoned, rejected, failed };

  void end(std::size_t index, end_kind kind, const std::string& error = {}) {
    auto& s = sessions_[index];
    if (s.ended)
      return;
    s.ended = true;
    ++ended_;
    auto& chat = result_.chats[s.arrival->chat];
    switch (kind) {
      case end_kind::closed: ++chat.closed; break;
      case end_kind::abandoned: ++chat.abandoned; break;
      case end_kind::rejected: ++chat.rejected; break;
      case end_kind::failed: count_error(s.arrival->chat, error); break;
    }
  }

  // -- shifts, windows, progress --------------------------------------------

  void schedule_shifts() {
    std::set<duration> times;
    for (const auto& b : operators_)
      for (const auto& [from, online] : b.schedule)
        if (from > duration{})
          times.insert(from);
    for (auto t : times) {
      if (wall(t) > start_ + settings_.arrival_window)
        break;
      loop_.at(wall(t), [this, t] {
        for (std::size_t i = 0; i < operators_.size(); ++i) {
          bool online = online_at(operators_[i].schedule, t);
          if (online != operators_[i].online && !operators_[i].failed)
            set_status(i, online, {});
        }
      });
    }
  }

  latency_window& window(chat_measure& chat) {
    auto since = start_ == clock::time_point{} ? 0.0 : seconds_since_start();
    auto i = static_cast<std::size_t>(std::max(0.0, since)
                                      / result_.snapshot_seconds);
    while (chat.snapshots.size() <= i) {
      snapshot s;
      s.start_s = static_cast<double>(chat.snapshots.size())
                  * result_.snapshot_seconds;
      chat.snapshots.push_back(std::move(s));
    }
    return chat.snapshots[i].figures;
  }

  double seconds_since_start() const {
    return std::chrono::duration<double>(loop_.now() - start_).count();
  }

  void schedule_progress(clock::time_point when) {
    loop_.at(when, [this, when] {
      std::uint64_t offered = 0, errors = 0;
      stats::log_linear_histogram tta;
      for (const auto& c : result_.chats) {
        offered += c.offered;
        for (const auto& s : c.snapshots) {
          tta.merge(s.figures.time_to_assign);
          errors += s.figures.errors;
        }
      }
      auto t = seconds_since_start();
      fmt::print(progress_,
                 "livechat load: {:5.0f} s  {} arrivals ({:.1f}/s)  {} open  "
                 "{} errors  time to assign p99 {:.1f} ms\n",
                 t, offered,
                 static_cast<double>(offered)
                   / std::clamp(t, 1e-3, result_.arrival_seconds),
                 sessions_.size() - ended_, errors,
                 to_seconds(tta.quantile(0.99)) * 1e3);
      schedule_progress(when + settings_.progress_every);
    });
  }

  bool cancelled() const {
    return settings_.cancel && settings_.cancel->load();
  }

  void shut_down() {
    shutting_down_ = true;
    for (auto* group : {&operators_, &customers_, &watchers_})
      for (auto& b : *group)
        if (b.link)
          b.link->close();
    auto all_closed = [this] {
      for (const auto* group : {&operators_, &customers_, &watchers_})
        for (const auto& b : *group)
          if (b.link && !b.failed)
            return false;
      return true;
    };
    loop_.run_until(all_closed, loop_.now() + std::chrono::seconds{2});
  }

  const scenarios::scenario& sc_;
  const scenarios::scenario_workspace& ws_;
  const std::vector<planned_arrival>& arrivals_;
  net_loop loop_;
  const bot_credentials& who_;
  load_settings settings_;
  std::ostream& progress_;
  load_result result_;
  clock::time_point start_;
  std::vector<bot> operators_;
  std::vector<bot> customers_;
  std::vector<bot> watchers_;
  std::vector<json> watched_;
  bool stream_gap_ = false;
  std::int64_t origin_ms_ = 0; ///< scenario time 0, this machine's wall ms
  std::int64_t clock_offset_ms_ = std::numeric_limits<std::int64_t>::max();
  std::uint64_t next_message_ = 1;
  std::map<std::string, std::size_t, std::less<>> customer_index_;
  std::vector<session_state> sessions_;
  std::unordered_map<std::uint64_t, std::size_t> by_id_;
  /// Assignments seen before the session's id came back to its customer.
  std::unordered_map<std::uint64_t, std::pair<clock::time_point, std::size_t>>
    early_;
  std::size_t next_arrival_ = 0;
  std::size_t ended_ = 0;
  bool shutting_down_ = false;
};

} // namespace

load_result
run_load(const scenarios::scenario& sc, const scenarios::scenario_workspace& ws,
         const std::vector<planned_arrival>& arrivals, const endpoint& target,
         const std::vector<std::string>& source_addresses,
         const bot_credentials& who, const load_settings& settings,
         std::ostream& progress) {
  load_run run{sc,  ws,       arrivals, target, source_addresses,
               who, settings, progress};
  return run.run();
}

} // namespace livechat::load
