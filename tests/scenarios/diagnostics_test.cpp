#include "scenarios/diagnostics.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace diagnostics_test {

using livechat::scenarios::diagnostic;
using livechat::scenarios::make_diagnostic;
using livechat::scenarios::sort_by_location;

TEST(Diagnostic, PrintsFileLineColumnAndMessage) {
  auto d = make_diagnostic({"internal-external.yaml", 12, 7},
                           "live chat 'internal' names unknown group 'hr2'");
  EXPECT_EQ(d.to_string(), "internal-external.yaml:12:7: live chat "
                           "'internal' names unknown group 'hr2'");
}

TEST(Diagnostic, WithoutALinePrintsFileAndMessage) {
  EXPECT_EQ(make_diagnostic({"x.yaml", 0, 0}, "cannot open file").to_string(),
            "x.yaml: cannot open file");
}

TEST(Diagnostic, SortsByLineThenColumnKeepingTies) {
  std::vector<diagnostic> ds{
    {"f", 3, 1, "c"}, {"f", 1, 9, "b"}, {"f", 1, 2, "a"}, {"f", 3, 1, "d"}};
  sort_by_location(ds);
  EXPECT_EQ(ds[0].message, "a");
  EXPECT_EQ(ds[1].message, "b");
  EXPECT_EQ(ds[2].message, "c");
  EXPECT_EQ(ds[3].message, "d");
}

} // namespace diagnostics_test
