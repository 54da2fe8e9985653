// Ids and versions, as every kind of definition uses them.
#include "util/ids.h"

#include <string>

#include "gtest/gtest.h"

namespace reentry::internal {
namespace {

TEST(Versions, CompareNumerically) {
  EXPECT_GT(CompareVersions(*ParseVersion("1.10"), *ParseVersion("1.9")), 0);
  EXPECT_EQ(CompareVersions(*ParseVersion("1.0"), *ParseVersion("1")), 0);
  EXPECT_LT(CompareVersions(*ParseVersion("1.2"), *ParseVersion("1.3")), 0);
  EXPECT_GT(CompareVersions(*ParseVersion("2022"), *ParseVersion("1.3")), 0);
}

TEST(Versions, RejectWhatIsNotDottedNumbers) {
  EXPECT_FALSE(ParseVersion("1..2").has_value());
  EXPECT_FALSE(ParseVersion("").has_value());
  EXPECT_FALSE(ParseVersion("1.a").has_value());
  EXPECT_FALSE(ParseVersion("-1").has_value());
  EXPECT_FALSE(ParseVersion("1.").has_value());
  EXPECT_FALSE(ParseVersion("1234567890").has_value());  // ten digits: beyond an int's nine
  EXPECT_TRUE(ParseVersion("123456789").has_value());
}

TEST(Ids, AreLowerSnakeCaseStartingWithALetter) {
  EXPECT_TRUE(IsIdentifier("prior_fta_past_two_years"));
  EXPECT_TRUE(IsIdentifier("a1"));
  EXPECT_FALSE(IsIdentifier("1a"));
  EXPECT_FALSE(IsIdentifier("Psa"));
  EXPECT_FALSE(IsIdentifier("psa-2"));
  EXPECT_FALSE(IsIdentifier(""));
  EXPECT_TRUE(IsIdentifier(std::string(kMaxIdLength, 'a')));
  EXPECT_FALSE(IsIdentifier(std::string(kMaxIdLength + 1, 'a')));
}

TEST(Ids, AnswerIdsMayStartWithADigit) {
  EXPECT_TRUE(IsAnswerId("2_to_3"));
  EXPECT_TRUE(IsAnswerId("20_or_younger"));
  EXPECT_FALSE(IsAnswerId("2 to 3"));
}

}  // namespace
}  // namespace reentry::internal
