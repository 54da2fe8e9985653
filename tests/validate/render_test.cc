// The HTML and text renderings of a validation report: self-contained, every
// label escaped, the plots present, undefined values shown as such.

#include "reentry/validate/render.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/validate/validate.h"

namespace reentry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::ValidationReport Report(const std::vector<std::string>& names) {
  // Four people per group, scores 1 to 4, two outcomes each; group 0 also has
  // a row that makes its rates differ.
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  std::vector<int32_t> groups;
  for (size_t g = 0; g < names.size(); ++g) {
    for (int s = 1; s <= 4; ++s) {
      scores.push_back(s);
      outcomes.push_back(s % 2 == 0);
      groups.push_back(static_cast<int32_t>(g));
    }
  }
  scores.push_back(4);
  outcomes.push_back(0);
  groups.push_back(0);
  ValidateOptions options;
  options.positive_from = 3;
  auto report = ValidateColumns(scores, outcomes, groups, names, options);
  EXPECT_TRUE(report.ok()) << report.status();
  return *report;
}

int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(RenderValidationHtml, EscapesEveryLabelAndTheTitle) {
  const std::string evil = "<script>alert(\"x\")</script>&'";
  const std::string html = RenderValidationHtml(Report({evil, "plain"}), "Title <b>&");
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("alert(\"x\")")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"));
  EXPECT_THAT(html, HasSubstr("<title>Title &lt;b&gt;&amp;</title>"));
}

TEST(RenderValidationHtml, LoadsNothingFromAnywhere) {
  const std::string html = RenderValidationHtml(Report({"a", "b"}), "t");
  EXPECT_THAT(html, Not(HasSubstr("http:")));
  EXPECT_THAT(html, Not(HasSubstr("https:")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  EXPECT_THAT(html, HasSubstr("Content-Security-Policy"));
}

TEST(RenderValidationHtml, DrawsOneRocCurveAndCalibrationSeriesPerGroupAndOverall) {
  const std::string html = RenderValidationHtml(Report({"a", "b", "c"}), "t");
  EXPECT_EQ(Count(html, "<svg id=\"roc\""), 1);
  EXPECT_EQ(Count(html, "<svg id=\"calibration\""), 1);
  EXPECT_EQ(Count(html, "class=\"roc-curve\""), 4);
  EXPECT_EQ(Count(html, "class=\"calibration-line\""), 4);
  // Overall has scores 1-4; each group 1-4: 16 points with intervals.
  EXPECT_EQ(Count(html, "class=\"calibration-point\""), 16);
  EXPECT_THAT(html, HasSubstr("Chouldechova"));
  EXPECT_THAT(html, HasSubstr("Kleinberg"));
}

TEST(RenderValidationHtml, ShowsUndefinedValuesWithTheirReason) {
  ValidateOptions options;
  options.positive_from = 5;
  auto report = ValidateColumns(std::vector<double>{1, 2, 7, 8}, std::vector<uint8_t>{1, 1, 1, 0},
                                std::vector<int32_t>{0, 0, 1, 1},
                                std::vector<std::string>{"only positives", "mixed"}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string html = RenderValidationHtml(*report, "t");
  EXPECT_THAT(html, HasSubstr("title=\"undefined: no negative outcomes (FP + TN = 0) in group "
                              "&#39;only positives&#39;\""));
  EXPECT_THAT(html, HasSubstr("only positives: auc: undefined: no negative outcomes"));
}

TEST(RenderValidationHtml, SaysWhyCalibrationIsMissing) {
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  for (int i = 0; i < 50; ++i) {
    scores.push_back(i * 0.1);
    outcomes.push_back(i % 2);
  }
  ValidateOptions options;
  options.positive_from = 2;
  options.max_calibration_scores = 10;
  auto report = ValidateColumns(scores, outcomes, {}, {}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string html = RenderValidationHtml(*report, "t");
  EXPECT_THAT(html, Not(HasSubstr("<svg id=\"calibration\"")));
  EXPECT_THAT(html, HasSubstr("No calibration plot: calibration: 50 distinct scores exceed"));
}

TEST(RenderValidationHtml, PlotsLevelsByTheirLabels) {
  ValidateOptions options;
  options.positive_from = 3;
  options.levels = {{"low", 0}, {"<high>", 3}};
  auto report = ValidateColumns(std::vector<double>{1, 2, 3, 4}, std::vector<uint8_t>{0, 1, 0, 1},
                                {}, {}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string html = RenderValidationHtml(*report, "t");
  EXPECT_THAT(html, HasSubstr(">&lt;high&gt;</text>"));
  EXPECT_THAT(html, HasSubstr("observed outcome rate per level"));
}

TEST(RenderValidationText, TabulatesGroupsAndEscapesControlCharacters) {
  const std::string text = RenderValidationText(Report({"a\x1b[31m", "b"}));
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));
  EXPECT_THAT(text, HasSubstr("a\\x1b[31m"));
  EXPECT_THAT(text, HasSubstr("predicted positive when score >= 3"));
  EXPECT_THAT(text, HasSubstr("AUC [95% CI]"));
  EXPECT_THAT(text, HasSubstr("Calibration: observed rate [Wilson 95%]"));
}

}  // namespace
}  // namespace reentry
