#include "core/audience.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace audience_test {

using livechat::operator_id;
using livechat::operator_status;
using livechat::session_event;
using livechat::session_event_kind;
using livechat::status_event;
using livechat::user_id;
using users = std::vector<user_id>;

const operator_id olga{1};
const operator_id oleg{2};
const user_id anna{3};
const user_id sveta{4};
const user_id semyon{5};

session_event event(session_event_kind k, operator_id op,
                    operator_id previous = {}, user_id target = {}) {
  session_event e{};
  e.kind = k;
  e.op = op;
  e.previous_op = previous;
  e.target_user = target;
  return e;
}

TEST(SessionAudience, TellsOperatorPreviousHolderExpertThenSupervisors) {
  users out;
  users sups{sveta, semyon};
  livechat::session_audience(
    event(session_event_kind::assigned, olga, oleg, anna), sups, out);
  EXPECT_EQ(out, (users{olga, oleg, anna, sveta, semyon}));
}

TEST(SessionAudience, SkipsInvalidIds) {
  users out;
  livechat::session_audience(event(session_event_kind::queued, {}), {}, out);
  EXPECT_TRUE(out.empty());
}

TEST(SessionAudience, TellsEachPersonOnce) {
  users out;
  users sups{olga, sveta, sveta};
  livechat::session_audience(
    event(session_event_kind::assigned, olga, {}, olga), sups, out);
  EXPECT_EQ(out, (users{olga, sveta}));
}

TEST(SessionAudience, ClearsWhatTheLastEventLeft) {
  users out{semyon, semyon};
  livechat::session_audience(event(session_event_kind::closed, oleg), {}, out);
  EXPECT_EQ(out, (users{oleg}));
}

TEST(StatusAudience, TellsTheOperatorThenEverySupervisorOnce) {
  users out;
  std::vector<users> per_chat{{sveta}, {semyon, sveta}, {}};
  status_event e{};
  e.op = olga;
  e.status = operator_status::online;
  livechat::status_audience(e, per_chat, out);
  EXPECT_EQ(out, (users{olga, sveta, semyon}));
}

TEST(StatusAudience, AnOperatorWhoSupervisesIsToldOnce) {
  users out;
  std::vector<users> per_chat{{olga, sveta}};
  status_event e{};
  e.op = olga;
  livechat::status_audience(e, per_chat, out);
  EXPECT_EQ(out, (users{olga, sveta}));
}

} // namespace audience_test
