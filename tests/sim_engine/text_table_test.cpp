// The terminal table writer shared by the run and plan reports.
#include "sim/reports/text_table.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace livechat::sim {
namespace text_table_test {

std::string written(const text_table& t, std::string_view indent = "") {
  std::ostringstream out;
  t.write(out, indent);
  return out.str();
}

TEST(TextTable, TextColumnsAlignLeftNumbersRightTwoSpacesApart) {
  text_table t{1};
  t.add({"live chat", "offered", "abandon"});
  t.add({"internal", "412.0", "3.1%"});
  t.add({"ext", "7.5", "12.0%"});
  EXPECT_EQ(written(t, "  "), "  live chat  offered  abandon\n"
                              "  internal     412.0     3.1%\n"
                              "  ext            7.5    12.0%\n");
}

TEST(TextTable, WidthCountsCodePointsSoPlusMinusTakesOneColumn) {
  EXPECT_EQ(display_width("12.3±0.4"), 8u);
  EXPECT_EQ(display_width("5 µs"), 4u);
  text_table t{0};
  t.add({"12.3±0.4"});
  t.add({"1.0"});
  EXPECT_EQ(written(t), "12.3±0.4\n     1.0\n");
}

TEST(TextTable, ShortRowsAndEmptyLastCellsLeaveNoTrailingSpaces) {
  text_table t{2};
  t.add({"100 %", "3 of 4", "internal", "ok"});
  t.add({"", "", "external", ""});
  t.add({"90 %"});
  EXPECT_EQ(written(t), "100 %  3 of 4  internal  ok\n"
                        "               external\n"
                        "90 %\n");
}

TEST(TextTable, ALaterTextColumnCanAlignLeft) {
  text_table t{1};
  t.align_left(2);
  t.add({"group", "max/min", "busiest"});
  t.add({"hr", "1.31", "hr-2 0.20"});
  EXPECT_EQ(written(t), "group  max/min  busiest\n"
                        "hr        1.31  hr-2 0.20\n");
}

} // namespace text_table_test
} // namespace livechat::sim
