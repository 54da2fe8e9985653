// The reentry needs screen: domain levels, ranked needs, strengths,
// responsivity, prorating and reassessment, worked by hand from
// instruments/reentry_needs_screen.textproto (cut points in every domain:
// 0-1 low, 2-3 moderate, 4+ high).

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace reentry {
namespace {

using testing::Answer;
using testing::Answers;
using testing::Builtin;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Request;
using testing::ScaleOf;

const std::string S(const char* s) { return s; }

// Every item at its no-need answer (0 points), protective answers where the
// item is only a strength or responsivity factor.
std::map<std::string, Answer> NoNeeds() {
  return {
      {"housing_address_at_release", S("stable")},
      {"housing_at_risk", false},
      {"housing_restrictions", false},
      {"employment_job_at_release", S("job_or_offer")},
      {"employment_work_history", S("most")},
      {"employment_marketable_skill", true},
      {"employment_kept_job_a_year", true},
      {"education_highest_level", S("diploma_or_higher")},
      {"education_basic_skills_help", false},
      {"education_training", S("credential")},
      {"substance_use_frequency", S("never_or_rarely")},
      {"substance_use_problems", false},
      {"substance_use_control", false},
      {"substance_use_offense_link", false},
      {"mental_health_symptoms", S("not_at_all")},
      {"mental_health_medication", false},
      {"mental_health_care_after_release", S("not_needed")},
      {"mental_health_self_harm", false},
      {"physical_health_ongoing_treatment", false},
      {"physical_health_coverage", S("active")},
      {"physical_health_untreated", false},
      {"physical_health_limits", false},
      {"family_support", S("strong")},
      {"family_criminal_involvement", false},
      {"family_conflict_or_violence", false},
      {"family_trusted_prosocial_person", true},
      {"id_documents_at_release", S("photo_id")},
      {"finances_income_first_month", S("enough")},
      {"finances_benefits_help", false},
      {"finances_unmanageable_debt", false},
      {"transportation_means", S("reliable")},
      {"transportation_license_needed", false},
      {"transportation_cost", false},
      {"transportation_travel_time", false},
      {"cognition_responsibility", S("takes_responsibility")},
      {"cognition_crime_justified", false},
      {"cognition_acts_without_thinking", false},
      {"cognition_sees_value_in_supervision", true},
      {"peers_involved_in_crime", S("none")},
      {"peers_prosocial_friends", true},
      {"peers_gang_or_crew", false},
      {"peers_expects_pressure", false},
      {"legal_fines_fees", S("none")},
      {"legal_child_support", false},
      {"legal_open_matters", 0.0},
      {"legal_conditions_understood", true},
      {"prosocial_activity_planned", true},
      {"literacy_reading_difficulty", false},
      {"language_preferred", S("english")},
      {"cognitive_difficulty", false},
      {"motivation_readiness", S("ready")},
      {"trauma_affects_today", false},
      {"childcare_needed", false},
  };
}

// Leaving on temporary housing at risk, no job, using weekly, on psychiatric
// medication without care arranged, without ID or income.
std::map<std::string, Answer> TypicalRelease() {
  auto answers = NoNeeds();
  answers["housing_address_at_release"] = S("temporary");                  // housing 2
  answers["housing_at_risk"] = true;                                       //   +1 = 3: moderate
  answers["employment_job_at_release"] = S("none");                        // employment 2
  answers["employment_work_history"] = S("little_or_none");                //   +2
  answers["employment_marketable_skill"] = false;                          //   +1 = 5: high
  answers["substance_use_frequency"] = S("weekly_or_more");                // substance use 2
  answers["substance_use_problems"] = true;                                //   +2 = 4: high
  answers["mental_health_medication"] = true;                              // mental health 2
  answers["mental_health_care_after_release"] = S("needed_not_arranged");  // +2 = 4: high
  answers["id_documents_at_release"] = S("documents_only");                // finances/ID 1
  answers["finances_income_first_month"] = S("none");                      //   +2 = 3: moderate
  return answers;
}

absl::StatusOr<v1::AssessmentResult> Score(const std::map<std::string, Answer>& answers) {
  v1::ScoreRequest request = Request(Answers(answers.begin(), answers.end()));
  request.set_assessed_on("2026-11-23");
  return ScoreAssessment(*Builtin("reentry_needs_screen"), request);
}

TEST(NeedsScreen, FindsNoNeedsAndEveryStrengthWhenThereAreNone) {
  auto result = Score(NoNeeds());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->scales_size(), 12);
  for (const auto& scale : result->scales()) {
    EXPECT_EQ(scale.raw_score(), 0) << scale.scale_id();
    EXPECT_EQ(scale.level(), "low") << scale.scale_id();
  }
  EXPECT_EQ(result->needs_size(), 0);
  std::vector<std::string> strengths;
  for (const auto& s : result->strengths()) strengths.push_back(s.id());
  EXPECT_THAT(strengths,
              ElementsAre("prosocial_family_support", "stable_housing_arranged",
                          "employment_or_job_offer", "education_completed", "motivation_to_change",
                          "prosocial_activities", "prosocial_mentor", "prosocial_friends"));
  EXPECT_EQ(result->responsivity_size(), 0);
  // Every domain low: reassess in 365 days.
  EXPECT_EQ(result->next_reassessment_on(), "2027-11-23");
}

TEST(NeedsScreen, RanksATypicalReleasesNeeds) {
  auto result = Score(TypicalRelease());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(ScaleOf(*result, "housing").raw_score(), 3);
  EXPECT_EQ(ScaleOf(*result, "employment").raw_score(), 5);
  EXPECT_EQ(ScaleOf(*result, "substance_use").raw_score(), 4);
  EXPECT_EQ(ScaleOf(*result, "mental_health").raw_score(), 4);
  EXPECT_EQ(ScaleOf(*result, "finances_id").raw_score(), 3);
  // High first, by share of the domain's maximum: employment 5/6, substance
  // use 4/6, mental health 4/8; then moderate: housing 3/6 and finances/ID
  // 3/6, tied and neither criminogenic, in definition order.
  std::vector<std::string> ranked;
  for (const auto& need : result->needs()) {
    ranked.push_back(absl::StrCat(need.rank(), ":", need.domain(), ":", need.level()));
  }
  EXPECT_THAT(ranked,
              ElementsAre("1:employment:high", "2:substance_use:high", "3:mental_health:high",
                          "4:housing:moderate", "5:finances_id:moderate"));
  EXPECT_TRUE(result->needs(2).survival());
  EXPECT_FALSE(result->needs(2).criminogenic());
  // Psychiatric medication makes mental illness a responsivity factor.
  ASSERT_EQ(result->responsivity_size(), 1);
  EXPECT_EQ(result->responsivity(0).id(), "mental_illness");
  EXPECT_FALSE(result->responsivity(0).adaptation().empty());
  // A high domain: reassess in 90 days.
  EXPECT_EQ(result->next_reassessment_on(), "2027-02-21");
}

TEST(NeedsScreen, AdaptsToLanguageAndLiteracy) {
  auto answers = NoNeeds();
  answers["language_preferred"] = S("spanish");
  answers["literacy_reading_difficulty"] = true;
  answers["childcare_needed"] = true;
  auto result = Score(answers);
  ASSERT_TRUE(result.ok()) << result.status();
  std::vector<std::string> factors;
  for (const auto& f : result->responsivity()) factors.push_back(f.id());
  EXPECT_THAT(factors, ElementsAre("literacy", "language", "childcare"));
  ASSERT_EQ(result->responsivity(1).evidence_size(), 1);
  EXPECT_EQ(result->responsivity(1).evidence(0).answer(), "spanish");
}

TEST(NeedsScreen, ProratesADomainWithOneMissingItem) {
  auto answers = TypicalRelease();
  answers.erase("employment_kept_job_a_year");
  auto result = Score(answers);
  ASSERT_TRUE(result.ok()) << result.status();
  // Observed 5 of the answered maximum 5 (2 + 2 + 1), of 6 in all: 5 * 6 / 5 = 6.
  const auto& employment = ScaleOf(*result, "employment");
  EXPECT_TRUE(employment.prorated());
  EXPECT_EQ(employment.observed_raw_score(), 5);
  EXPECT_EQ(employment.raw_score(), 6);
  EXPECT_EQ(employment.level(), "high");
  EXPECT_THAT(result->missing_items(), ElementsAre("employment_kept_job_a_year"));
}

TEST(NeedsScreen, RefusesADomainWithTwoMissingItems) {
  auto answers = NoNeeds();
  answers.erase("transportation_cost");
  answers.erase("transportation_travel_time");
  auto result = Score(answers);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()),
              HasSubstr("scale 'transportation' of instrument reentry_needs_screen 1.0 cannot be "
                        "scored: 2 items are missing"));
}

TEST(NeedsScreen, RequiresTheHousingPlan) {
  auto answers = NoNeeds();
  answers.erase("housing_address_at_release");
  auto result = Score(answers);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()),
              HasSubstr("item 'housing_address_at_release' is missing"));
}

TEST(NeedsScreen, ScoresWithoutTheResponsivityItems) {
  auto answers = NoNeeds();
  answers.erase("language_preferred");
  answers.erase("trauma_affects_today");
  auto result = Score(answers);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(result->missing_items(), ElementsAre("language_preferred", "trauma_affects_today"));
}

}  // namespace
}  // namespace reentry
