#include "util/status.h"

#include "gtest/gtest.h"
#include "reentry/status.h"

namespace reentry::internal {
namespace {

TEST(InvalidField, NamesTheFieldInMessageAndPayload) {
  const absl::Status status = InvalidField("responses[2].number", "count ", -1, " is negative");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "responses[2].number: count -1 is negative");
  EXPECT_EQ(ErrorField(status), "responses[2].number");
}

TEST(Annotate, KeepsCodeAndField) {
  const absl::Status status = Annotate(InvalidField("x", "bad"), "row 4: ");
  EXPECT_EQ(status.message(), "row 4: x: bad");
  EXPECT_EQ(ErrorField(status), "x");
  EXPECT_TRUE(Annotate(absl::OkStatus(), "row 4: ").ok());
  EXPECT_EQ(ErrorField(absl::OkStatus()), "");
}

TEST(FormatNumber, WritesNumbersAsPeopleDo) {
  EXPECT_EQ(FormatNumber(18), "18");
  EXPECT_EQ(FormatNumber(-1), "-1");
  EXPECT_EQ(FormatNumber(2.5), "2.5");
  EXPECT_EQ(FormatNumber(1e6), "1000000");
}

}  // namespace
}  // namespace reentry::internal
TEST(FormatNumber, UsesTheShortestExactForm) {
  EXPECT_EQ(reentry::internal::FormatNumber(0.1), "0.1");
}

TEST(ValidUtf8, KeepsValidTextAndEscapesTheRest) {
  EXPECT_EQ(reentry::internal::ValidUtf8("Ren\xc3\xa9"
                                         "e \xe2\x80\xa8 \xf0\x9f\x98\x80"),
            "Ren\xc3\xa9"
            "e \xe2\x80\xa8 \xf0\x9f\x98\x80");
  EXPECT_EQ(reentry::internal::ValidUtf8("a\xff"
                                         "b"),
            "a\\xffb");
  EXPECT_EQ(reentry::internal::ValidUtf8("\xc3"), "\\xc3");                    // truncated
  EXPECT_EQ(reentry::internal::ValidUtf8("\xc0\xaf"), "\\xc0\\xaf");           // overlong
  EXPECT_EQ(reentry::internal::ValidUtf8("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
}
