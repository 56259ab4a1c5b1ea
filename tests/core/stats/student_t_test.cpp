// Student's t CDF and quantiles against published table values.
#include "core/stats/running_stats.hpp"
#include "core/stats/student_t.hpp"

#include <gtest/gtest.h>

namespace student_t_test {

using livechat::stats::student_t_cdf;
using livechat::stats::student_t_quantile;

TEST(StudentT, QuantilesMatchTables) {
  EXPECT_NEAR(student_t_quantile(0.975, 3), 3.182446305, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.95, 3), 2.353363435, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.99, 10), 2.763769458, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.9995, 5), 6.868826626, 1e-7);
  EXPECT_NEAR(student_t_quantile(0.95, 1), 6.313751515, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.05, 7), -1.894578605, 1e-8);
  // Large df approach the normal quantile.
  EXPECT_NEAR(student_t_quantile(0.975, 100000), 1.959990, 1e-5);
}

TEST(StudentT, AgreesWithTheTwoSidedTableOfRunningStats) {
  for (std::uint64_t df = 1; df <= 40; ++df)
    EXPECT_NEAR(student_t_quantile(0.975, df),
                livechat::stats::student_t_975(df), 1e-7)
      << df;
}

TEST(StudentT, CdfIsSymmetricAndInvertsTheQuantile) {
  EXPECT_DOUBLE_EQ(student_t_cdf(0.0, 5), 0.5);
  EXPECT_NEAR(student_t_cdf(-2.0, 5) + student_t_cdf(2.0, 5), 1.0, 1e-12);
  for (double p : {0.6, 0.9, 0.99, 0.99999})
    EXPECT_NEAR(student_t_cdf(student_t_quantile(p, 4), 4), p, 1e-9);
}

} // namespace student_t_test
