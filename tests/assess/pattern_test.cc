// PATTERN 1.2 at the cut points of its four tables.
//
// Points and cut points as transcribed in instruments/pattern.textproto (DOJ
// January 2020 UPDATE, Appendix II, with the January 2021 corrections, via the
// Urban Institute calculator). Every total below is added up by hand in the
// comment beside it; items not listed take their zero-point answer.

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace reentry {
namespace {

using testing::Answers;
using testing::Builtin;
using testing::Request;
using testing::ScaleOf;

// The zero-point answer of every item, overridden by `changes`.
Answers Person(const std::map<std::string, testing::Answer>& changes, bool male) {
  std::map<std::string, testing::Answer> answers = {
      {"age_at_assessment", 65.0},
      {"current_violent_offense", false},
      {"criminal_history_score", 0.0},
      {"infractions_all", 0.0},
      {"infractions_serious_violent", 0.0},
      {"time_since_last_infraction", std::string("none_or_over_12_months")},
      {"time_since_last_serious_violent_infraction", std::string("none_or_over_12_months")},
      {"programs_completed", 0.0},
      {"work_programming", 0.0},
      {"drug_treatment_while_incarcerated", std::string("need_no_treatment")},
      {"education", std::string("none")},
      {"noncompliance_with_financial_responsibility", false},
      {"history_of_violence", std::string("none")},
      {"history_of_escapes", std::string("none")},
  };
  if (male) answers["sex_offense_conviction"] = false;
  for (const auto& [item, answer] : changes) answers[item] = answer;
  return Answers(answers.begin(), answers.end());
}

struct Case {
  std::string name;
  std::string group;  // "male" or "female"
  std::string scale;  // "general" or "violent"
  std::map<std::string, testing::Answer> changes;
  int raw;
  std::string level;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class PatternCase : public ::testing::TestWithParam<Case> {};

TEST_P(PatternCase, ScoresAndLevelsAtTheCutPoint) {
  const Case& c = GetParam();
  auto pattern = Builtin("pattern");
  ASSERT_NE(pattern, nullptr);
  auto result = ScoreAssessment(*pattern, Request(Person(c.changes, c.group == "male"), c.group));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->instrument_version(), "1.2");
  EXPECT_EQ(result->norm_group(), c.group);
  const auto& scale = ScaleOf(*result, c.scale);
  EXPECT_EQ(scale.raw_score(), c.raw);
  EXPECT_EQ(scale.level(), c.level);
}

using Changes = std::map<std::string, testing::Answer>;

INSTANTIATE_TEST_SUITE_P(
    CutPoints, PatternCase,
    ::testing::Values(
        // Male general: minimum -23..8, low 9..30, medium 31..43, high 44+.
        Case{"MaleGeneralFloor", "male", "general",
             Changes{{"programs_completed", 11.0},
                     {"work_programming", 2.0},
                     {"drug_treatment_while_incarcerated", std::string("no_need")},
                     {"education", std::string("verified_high_school_or_ged")}},
             -23, "minimum"},  // -8 -2 -9 -4
        Case{"MaleGeneral8", "male", "general",
             Changes{{"age_at_assessment", 55.0},
                     {"noncompliance_with_financial_responsibility", true}},
             8, "minimum"},  // 7 + 1
        Case{"MaleGeneral9", "male", "general",
             Changes{{"age_at_assessment", 55.0}, {"infractions_all", 2.0}}, 9, "low"},  // 7 + 2
        Case{"MaleGeneral30", "male", "general",
             Changes{{"age_at_assessment", 25.0},
                     {"drug_treatment_while_incarcerated", std::string("completed_residential")},
                     {"noncompliance_with_financial_responsibility", true}},
             30, "low"},  // 35 - 6 + 1
        Case{"MaleGeneral31", "male", "general",
             Changes{{"age_at_assessment", 25.0},
                     {"drug_treatment_while_incarcerated", std::string("completed_residential")},
                     {"infractions_all", 2.0}},
             31, "medium"},  // 35 - 6 + 2
        Case{"MaleGeneral43", "male", "general",
             Changes{{"age_at_assessment", 18.0}, {"criminal_history_score", 3.0}}, 43,
             "medium"},  // 35 + 8
        Case{"MaleGeneral44", "male", "general",
             Changes{{"age_at_assessment", 18.0},
                     {"criminal_history_score", 3.0},
                     {"sex_offense_conviction", true}},
             44, "high"},  // 35 + 8 + 1
        Case{"MaleGeneralCeiling", "male", "general",
             Changes{{"age_at_assessment", 20.0},
                     {"current_violent_offense", true},
                     {"sex_offense_conviction", true},
                     {"criminal_history_score", 13.0},
                     {"infractions_all", 3.0},
                     {"infractions_serious_violent", 7.0},
                     {"time_since_last_infraction", std::string("under_3_months")},
                     {"time_since_last_serious_violent_infraction", std::string("under_3_months")},
                     {"noncompliance_with_financial_responsibility", true},
                     {"history_of_violence", std::string("serious_under_5_years")},
                     {"history_of_escapes", std::string("minor_under_5_years_or_any_serious")}},
             113, "high"},  // 35+5+1+40+3+6+6+3+1+7+6
        // Male violent: minimum -11..6, low 7..24, medium 25..30, high 31+.
        Case{"MaleViolent6", "male", "violent",
             Changes{{"age_at_assessment", 51.0}, {"infractions_all", 2.0}}, 6,
             "minimum"},  // 4 + 2
        Case{"MaleViolent7", "male", "violent",
             Changes{{"age_at_assessment", 60.0}, {"infractions_all", 3.0}}, 7, "low"},  // 4 + 3
        Case{"MaleViolent24", "male", "violent",
             Changes{{"age_at_assessment", 25.0}, {"criminal_history_score", 2.0}}, 24,
             "low"},  // 20 + 4
        Case{"MaleViolent25", "male", "violent",
             Changes{{"age_at_assessment", 25.0},
                     {"criminal_history_score", 2.0},
                     {"noncompliance_with_financial_responsibility", true}},
             25, "medium"},  // 20 + 4 + 1
        Case{"MaleViolent30", "male", "violent",
             Changes{{"age_at_assessment", 25.0},
                     {"criminal_history_score", 6.0},
                     {"infractions_all", 2.0}},
             30, "medium"},  // 20 + 8 + 2
        Case{"MaleViolent31", "male", "violent",
             Changes{{"age_at_assessment", 25.0},
                     {"criminal_history_score", 4.0},
                     {"infractions_all", 4.0}},
             31, "high"},  // 20 + 8 + 3
        // Female general: minimum -24..5, low 6..31, medium 32..49, high 50+.
        Case{"FemaleGeneral5", "female", "general", Changes{{"age_at_assessment", 51.0}}, 5,
             "minimum"},  // 5
        Case{"FemaleGeneral6", "female", "general",
             Changes{{"age_at_assessment", 60.0}, {"infractions_all", 1.0}}, 6, "low"},  // 5 + 1
        Case{"FemaleGeneral31", "female", "general",
             Changes{{"age_at_assessment", 18.0},
                     {"infractions_all", 1.0},
                     {"infractions_serious_violent", 1.0},
                     {"time_since_last_infraction", std::string("3_to_6_months")}},
             31, "low"},  // 25 + 1 + 1 + 4
        Case{"FemaleGeneral32", "female", "general",
             Changes{{"age_at_assessment", 18.0},
                     {"infractions_all", 3.0},
                     {"time_since_last_infraction", std::string("3_to_6_months")}},
             32, "medium"},  // 25 + 3 + 4
        Case{"FemaleGeneral49", "female", "general",
             Changes{{"age_at_assessment", 25.0},
                     {"criminal_history_score", 3.0},
                     {"noncompliance_with_financial_responsibility", true},
                     {"history_of_escapes", std::string("minor_5_to_10_years")},
                     {"infractions_all", 3.0},
                     {"time_since_last_serious_violent_infraction", std::string("3_to_6_months")}},
             49, "medium"},  // 25 + 8 + 3 + 6 + 3 + 4
        Case{"FemaleGeneral50", "female", "general",
             Changes{{"age_at_assessment", 25.0},
                     {"criminal_history_score", 4.0},
                     {"history_of_escapes", std::string("minor_under_5_years_or_any_serious")}},
             50, "high"},  // 25 + 16 + 9
        Case{"FemaleGeneralFloor", "female", "general",
             Changes{{"programs_completed", 20.0},
                     {"work_programming", 3.0},
                     {"drug_treatment_while_incarcerated", std::string("no_need")},
                     {"education", std::string("verified_high_school_or_ged")}},
             -24, "minimum"},  // -4 -2 -12 -6
        // Female violent: minimum -11..2, low 3..19, medium 20..25, high 26+.
        Case{"FemaleViolent2", "female", "violent", Changes{{"infractions_all", 2.0}}, 2,
             "minimum"},
        Case{"FemaleViolent3", "female", "violent", Changes{{"infractions_all", 3.0}}, 3, "low"},
        Case{"FemaleViolent19", "female", "violent",
             Changes{{"age_at_assessment", 25.0},
                     {"criminal_history_score", 12.0},
                     {"history_of_violence", std::string("minor_under_5_years")},
                     {"infractions_all", 1.0}},
             19, "low"},  // 5 + 8 + 5 + 1
        Case{"FemaleViolent20", "female", "violent",
             Changes{{"age_at_assessment", 25.0},
                     {"criminal_history_score", 10.0},
                     {"history_of_violence", std::string("minor_under_5_years")},
                     {"infractions_all", 2.0}},
             20, "medium"},  // 5 + 8 + 5 + 2
        Case{"FemaleViolent25", "female", "violent",
             Changes{{"age_at_assessment", 19.0},
                     {"criminal_history_score", 13.0},
                     {"history_of_violence", std::string("serious_under_5_years")},
                     {"current_violent_offense", true}},
             25, "medium"},  // 5 + 10 + 7 + 3
        Case{"FemaleViolent26", "female", "violent",
             Changes{{"age_at_assessment", 19.0},
                     {"criminal_history_score", 13.0},
                     {"history_of_violence", std::string("serious_under_5_years")},
                     {"current_violent_offense", true},
                     {"infractions_all", 1.0}},
             26, "high"},  // 5 + 10 + 7 + 3 + 1
        // The published table prints 33 as the female violent maximum; the
        // points give 43: 5+3+10+3+3+3+3+7+6.
        Case{"FemaleViolentCeiling", "female", "violent",
             Changes{{"age_at_assessment", 18.0},
                     {"current_violent_offense", true},
                     {"criminal_history_score", 20.0},
                     {"infractions_all", 3.0},
                     {"infractions_serious_violent", 3.0},
                     {"time_since_last_infraction", std::string("under_3_months")},
                     {"time_since_last_serious_violent_infraction", std::string("under_3_months")},
                     {"history_of_violence", std::string("serious_under_5_years")},
                     {"history_of_escapes", std::string("minor_under_5_years_or_any_serious")}},
             43, "high"}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(Pattern, NeedsTheNormGroupNamed) {
  auto result = ScoreAssessment(*Builtin("pattern"), Request(Person({}, true)));
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()),
              ::testing::HasSubstr("norm_group: is required"));
}

TEST(Pattern, ScoresWomenWithoutTheMaleOnlyItem) {
  // sex_offense_conviction is scored only in the male general table, so a
  // woman's assessment does not need it, and a man's does.
  auto female = ScoreAssessment(*Builtin("pattern"), Request(Person({}, false), "female"));
  EXPECT_TRUE(female.ok()) << female.status();
  auto male = ScoreAssessment(*Builtin("pattern"), Request(Person({}, false), "male"));
  ASSERT_EQ(male.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(male.status().message()),
              ::testing::HasSubstr("item 'sex_offense_conviction' is missing"));
}

TEST(Pattern, RejectsAnUnknownNormGroup) {
  auto result = ScoreAssessment(*Builtin("pattern"), Request(Person({}, true), "other"));
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()),
              ::testing::HasSubstr("'other' is not a norm group of instrument pattern 1.2"));
}

}  // namespace
}  // namespace reentry
