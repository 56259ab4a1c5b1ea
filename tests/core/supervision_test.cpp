#include "core/supervision.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace supervision_test {

using livechat::chat_snapshot;
using livechat::operator_entry;
using livechat::operator_id;
using livechat::operator_status;
using livechat::session_id;
using livechat::user_id;
using livechat::waiting_entry;
using ops = std::vector<operator_id>;

const session_id waiting_one{7};
const session_id personal{8};
const user_id anna{6};

chat_snapshot snapshot() {
  chat_snapshot snap;
  snap.waiting.push_back(
    waiting_entry{waiting_one, user_id{100}, {}, {}, {}, {}});
  snap.waiting.push_back(
    waiting_entry{personal, user_id{101}, {}, {}, {}, anna});
  auto op = [](std::uint32_t id, operator_status st, int load) {
    return operator_entry{operator_id{id}, st, load, {}};
  };
  snap.operators = {op(1, operator_status::online, 2),
                    op(2, operator_status::away, 0),
                    op(3, operator_status::online, 1),
                    op(4, operator_status::online, 2),
                    op(5, operator_status::offline, 0),
                    op(anna.value, operator_status::online, 1)};
  return snap;
}

TEST(AssignmentCandidates, OnlineOperatorsLeastLoadedFirst) {
  auto c = livechat::assignment_candidates(snapshot(), waiting_one);
  ASSERT_TRUE(c);
  // Loads 1 (3 and anna, list order), then 2 (1 and 4, list order).
  EXPECT_EQ(*c, (ops{operator_id{3}, anna, operator_id{1}, operator_id{4}}));
}

TEST(AssignmentCandidates, PersonalTransferTriesOnlyItsExpert) {
  auto c = livechat::assignment_candidates(snapshot(), personal);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, (ops{anna}));
}

TEST(AssignmentCandidates, PersonalTransferToAnAbsentExpertHasNoCandidate) {
  auto snap = snapshot();
  snap.operators.back().status = operator_status::away;
  auto c = livechat::assignment_candidates(snap, personal);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->empty());
}

TEST(AssignmentCandidates, NoneForASessionThatNoLongerWaits) {
  EXPECT_FALSE(livechat::assignment_candidates(snapshot(), session_id{99}));
}

} // namespace supervision_test
