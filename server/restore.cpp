#include "server/restore.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace livechat::server {

db_expected<kept_state> read_kept_state(store& st) {
  kept_state out;
  auto contacts = st.contacts();
  if (!contacts)
    return contacts.error();
  out.contacts = std::move(*contacts);
  auto sessions = st.live_sessions();
  if (!sessions)
    return sessions.error();
  out.sessions = std::move(*sessions);
  return out;
}

void fill_transcripts(const kept_state& kept, transcript_store& transcripts) {
  for (const auto& s : kept.sessions)
    for (const auto& m : s.messages)
      transcripts.append(
        {session_id{s.id}, user_id{m.author}, timestamp{}, m.text});
}

namespace {

restored_session::rank rank_of(const stored_live_session& s) {
  if (s.queued_because == "operator_offline")
    return restored_session::rank::requeued;
  if (s.queued_because == "entered_expert_queue")
    return restored_session::rank::transferred;
  return restored_session::rank::arrival;
}

} // namespace

restore_report restore_kept_state(runtime& rt, const kept_state& kept) {
  restore_report report;
  for (const auto& [customer, who] : kept.contacts)
    if (auto ok = rt.restore_contact(who, user_id{customer}); !ok)
      report.refused.push_back(fmt::format("contact of customer {}: {}",
                                           customer, to_string(ok.error())));
  // Holders first: a held session goes back only to an operator who is
  // not Offline.
  for (const auto& s : kept.sessions) {
    if (!s.holder)
      continue;
    operator_id op{*s.holder};
    if (std::find(report.holders.begin(), report.holders.end(), op)
        != report.holders.end())
      continue;
    if (auto ok = rt.set_status(op, operator_status::away); !ok)
      report.refused.push_back(fmt::format("operator {} as Away: {}", op.value,
                                           to_string(ok.error())));
    else
      report.holders.push_back(op);
  }
  for (const auto& s : kept.sessions) {
    restored_session r{
      .id = session_id{s.id},
      .chat = chat_id{s.chat},
      .customer = user_id{s.customer},
      .holder = s.holder ? operator_id{*s.holder} : operator_id{},
      .expert_group = s.expert_group ? group_id{*s.expert_group} : group_id{},
      .waiting_rank = rank_of(s)};
    if (auto ok = rt.restore_session(r); !ok) {
      report.refused.push_back(
        fmt::format("session {}: {}", s.id, to_string(ok.error())));
      continue;
    }
    ++(s.holder ? report.held : report.waiting);
    if (auto who = rt.contact_of_customer(r.customer))
      report.external.emplace_back(who.value(), r.id);
  }
  return report;
}

} // namespace livechat::server
