// ScoreAssessment: results beyond the raw scores (levels, needs, strengths,
// responsivity, prorating, overrides, change, reassessment) and every kind of
// bad request, on the toy instrument (tests/assess/toy_instrument.h) and PSA.

#include "reentry/assess/scorer.h"

#include <cmath>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/status.h"
#include "test_util.h"
#include "toy_instrument.h"

namespace reentry {
namespace {

using testing::Answers;
using ::testing::HasSubstr;
using testing::Request;
using testing::ScaleOf;

std::shared_ptr<const Instrument> Toy() {
  auto toy = Instrument::ParseText(testing::kToyInstrument, "toy");
  EXPECT_TRUE(toy.ok()) << toy.status();
  return toy.ok() ? *toy : nullptr;
}

// Homeless, never worked, unemployed, 20, reads poorly, supportive family.
Answers PersonA() {
  return {{"housing_status", std::string("homeless")},
          {"jobs_held", 0.0},
          {"employed", false},
          {"age", 20.0},
          {"reads_well", false},
          {"family_support", true}};
}

// Stably housed, never worked but employed now, 30.
Answers PersonB() {
  return {{"housing_status", std::string("stable")},
          {"jobs_held", 0.0},
          {"employed", true},
          {"age", 30.0},
          {"reads_well", true},
          {"family_support", false}};
}

absl::StatusOr<v1::AssessmentResult> Score(const Answers& answers,
                                           const std::string& assessed_on = "") {
  v1::ScoreRequest request = Request(answers);
  request.set_assessed_on(assessed_on);
  return ScoreAssessment(*Toy(), request);
}

void ExpectInvalid(const absl::StatusOr<v1::AssessmentResult>& result, const std::string& field,
                   const std::string& message) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_EQ(ErrorField(result.status()), field) << result.status();
  EXPECT_THAT(std::string(result.status().message()), HasSubstr(message));
}

TEST(Scorer, ScoresLevelsScaledScoresAndNeeds) {
  auto result = Score(PersonA(), "2026-01-31");
  ASSERT_TRUE(result.ok()) << result.status();
  // risk: young 2 + no jobs 2 + unemployed 1 = 5 -> scaled 3, high.
  const auto& risk = ScaleOf(*result, "risk");
  EXPECT_EQ(risk.raw_score(), 5);
  EXPECT_EQ(risk.scaled_score(), 3);
  EXPECT_EQ(risk.level(), "high");
  EXPECT_EQ(risk.final_level(), "high");
  EXPECT_EQ(risk.level_index(), 2);
  // housing: homeless 3 -> high; employment: unemployed 2 + no jobs 1 = 3 -> high.
  EXPECT_EQ(ScaleOf(*result, "housing").level(), "high");
  EXPECT_EQ(ScaleOf(*result, "employment").raw_score(), 3);
  // Both needs are high and at their scale's maximum; the criminogenic one ranks first.
  ASSERT_EQ(result->needs_size(), 2);
  EXPECT_EQ(result->needs(0).domain(), "employment");
  EXPECT_EQ(result->needs(0).rank(), 1);
  EXPECT_TRUE(result->needs(0).criminogenic());
  EXPECT_EQ(result->needs(1).domain(), "housing");
  EXPECT_TRUE(result->needs(1).survival());
  ASSERT_EQ(result->strengths_size(), 1);
  EXPECT_EQ(result->strengths(0).id(), "family_support");
  ASSERT_EQ(result->responsivity_size(), 1);
  EXPECT_EQ(result->responsivity(0).id(), "literacy");
  EXPECT_EQ(result->responsivity(0).adaptation(), "Read documents aloud and check understanding.");
  // High risk: reassess 90 days after 2026-01-31.
  EXPECT_EQ(result->next_reassessment_on(), "2026-05-01");
  // hours_volunteered is optional and unanswered.
  EXPECT_THAT(result->missing_items(), ::testing::ElementsAre("hours_volunteered"));
}

TEST(Scorer, RanksNeedsByLevelBeforeShareOfTheScale) {
  // Temporary housing (1 of 3: moderate) and unemployed with jobs (2 of 3: high).
  Answers answers = PersonB();
  answers[0].second = std::string("temporary");
  answers[1].second = 2.0;
  answers[2].second = false;
  auto result = Score(answers);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->needs_size(), 2);
  EXPECT_EQ(result->needs(0).domain(), "employment");
  EXPECT_EQ(result->needs(0).level(), "high");
  EXPECT_EQ(result->needs(1).domain(), "housing");
  EXPECT_EQ(result->needs(1).level(), "moderate");
}

TEST(Scorer, ReassessesByMonthsClampedToTheMonthEnd) {
  // Person B: risk = no jobs 2 -> moderate: six months after Aug 31 is Feb 28.
  auto result = Score(PersonB(), "2026-08-31");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(ScaleOf(*result, "risk").level(), "moderate");
  EXPECT_EQ(result->next_reassessment_on(), "2027-02-28");
}

TEST(Scorer, ProratesWithHalvesRoundedUp) {
  // Employed missing: observed 2 (no jobs) of the answered maximum 4 (age 2 +
  // jobs 2); 2 * 5 / 4 = 2.5 -> 3.
  Answers answers = PersonB();
  answers.erase(answers.begin() + 2);
  auto result = Score(answers);
  ASSERT_TRUE(result.ok()) << result.status();
  const auto& risk = ScaleOf(*result, "risk");
  EXPECT_TRUE(risk.prorated());
  EXPECT_EQ(risk.observed_raw_score(), 2);
  EXPECT_EQ(risk.raw_score(), 3);
  EXPECT_EQ(risk.scaled_score(), 2);
  EXPECT_EQ(risk.level(), "moderate");
  EXPECT_THAT(risk.missing_items(), ::testing::ElementsAre("employed"));
  // Employment: observed no jobs 1 of answered maximum 1; 1 * 3 / 1 = 3.
  EXPECT_EQ(ScaleOf(*result, "employment").raw_score(), 3);
}

TEST(Scorer, RefusesAScaleWithTooManyMissingItems) {
  Answers answers = PersonB();
  answers.erase(answers.begin() + 1, answers.begin() + 3);  // jobs_held, employed
  auto result = Score(answers);
  ExpectInvalid(result, "responses", "scale 'risk' of instrument toy 1.0 cannot be scored");
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("(jobs_held, employed)"));
}

TEST(Scorer, RefusesAMissingItemOfAScaleThatAllowsNone) {
  Answers answers = PersonB();
  answers.erase(answers.begin());  // housing_status
  ExpectInvalid(Score(answers), "responses", "scale 'housing'");
}

TEST(Scorer, KeepsAnOverrideBesideTheComputedLevel) {
  v1::ScoreRequest request = Request(PersonA());
  request.set_assessed_on("2026-01-31");
  v1::Override* override_level = request.mutable_override();
  override_level->set_scale_id("risk");
  override_level->set_level("moderate");
  override_level->set_reason("Stable placement confirmed with family");
  override_level->set_author("J. Rivera");
  auto result = ScoreAssessment(*Toy(), request);
  ASSERT_TRUE(result.ok()) << result.status();
  const auto& risk = ScaleOf(*result, "risk");
  EXPECT_EQ(risk.level(), "high");
  EXPECT_EQ(risk.final_level(), "moderate");
  EXPECT_EQ(risk.override().author(), "J. Rivera");
  EXPECT_EQ(risk.override_level_steps(), -1);
  // The final level sets the schedule: moderate -> six months.
  EXPECT_EQ(result->next_reassessment_on(), "2026-07-31");
}

TEST(Scorer, RejectsOverridesWithoutReasonAuthorOrChange) {
  auto with_override = [](const std::string& level, const std::string& reason,
                          const std::string& author, const std::string& scale = "risk") {
    v1::ScoreRequest request = Request(PersonA());
    request.mutable_override()->set_scale_id(scale);
    request.mutable_override()->set_level(level);
    request.mutable_override()->set_reason(reason);
    request.mutable_override()->set_author(author);
    return ScoreAssessment(*Toy(), request);
  };
  ExpectInvalid(with_override("moderate", "", "J. Rivera"), "override.reason", "reason");
  ExpectInvalid(with_override("moderate", "why", ""), "override.author", "person who made it");
  ExpectInvalid(with_override("severe", "why", "J. Rivera"), "override.level",
                "'severe' is not a level of scale 'risk' (levels: low, moderate, high)");
  ExpectInvalid(with_override("high", "why", "J. Rivera"), "override.level",
                "already the computed level");
  ExpectInvalid(with_override("low", "why", "J. Rivera", "nope"), "override.scale_id",
                "unknown scale 'nope'");
}

TEST(Scorer, ReportsChangeAgainstThePreviousResult) {
  auto before = Score(PersonB(), "2026-01-01");
  ASSERT_TRUE(before.ok()) << before.status();
  v1::ScoreRequest request = Request(PersonA());
  request.set_assessed_on("2026-03-02");
  *request.mutable_previous() = *before;
  auto after = ScoreAssessment(*Toy(), request);
  ASSERT_TRUE(after.ok()) << after.status();
  const v1::Change& change = after->change();
  EXPECT_EQ(change.previous_assessed_on(), "2026-01-01");
  EXPECT_EQ(change.days_between(), 60);
  ASSERT_EQ(change.scales_size(), 3);
  EXPECT_EQ(change.scales(0).scale_id(), "risk");
  EXPECT_EQ(change.scales(0).previous_raw_score(), 2);
  EXPECT_EQ(change.scales(0).raw_score_delta(), 3);
  EXPECT_EQ(change.scales(0).level_steps(), 1);
  EXPECT_EQ(change.scales(0).direction(), v1::Change::DIRECTION_INCREASED);
  // Employment was a moderate need (no jobs 1) and is now high; housing is new.
  ASSERT_EQ(change.needs_size(), 2);
  EXPECT_EQ(change.needs(0).domain(), "employment");
  EXPECT_EQ(change.needs(0).previous_level(), "moderate");
  EXPECT_EQ(change.needs(0).level(), "high");
  EXPECT_EQ(change.needs(1).domain(), "housing");
  EXPECT_EQ(change.needs(1).previous_level(), "");
  EXPECT_EQ(change.needs(1).direction(), v1::Change::DIRECTION_INCREASED);
}

TEST(Scorer, RejectsAPreviousResultOfAnotherInstrument) {
  v1::ScoreRequest request = Request(PersonA());
  request.mutable_previous()->set_instrument_id("psa");
  ExpectInvalid(ScoreAssessment(*Toy(), request), "previous.instrument_id", "'psa'");
}

TEST(Scorer, RejectsUnknownItems) {
  Answers answers = PersonA();
  answers.push_back({"shoe_size", 9.0});
  ExpectInvalid(Score(answers), "responses[6].item_id", "unknown item 'shoe_size'");
}

TEST(Scorer, RejectsItemsAnsweredTwice) {
  Answers answers = PersonA();
  answers.push_back({"age", 30.0});
  ExpectInvalid(Score(answers), "responses[6].item_id", "item 'age' is answered twice");
}

TEST(Scorer, RejectsAnswersOfTheWrongKind) {
  Answers answers = PersonA();
  answers[2].second = 1.0;  // employed is BOOLEAN
  ExpectInvalid(Score(answers), "responses[2].number",
                "item 'employed' is BOOLEAN: answer with boolean, not number");
  answers = PersonA();
  answers[0].second = true;  // housing_status is CHOICE
  ExpectInvalid(Score(answers), "responses[0].boolean", "answer with choice, not boolean");
}

TEST(Scorer, RejectsImpossibleNumbers) {
  auto with_jobs = [](double jobs) {
    Answers answers = PersonA();
    answers[1].second = jobs;
    return Score(answers);
  };
  ExpectInvalid(with_jobs(-1), "responses[1].number", "item 'jobs_held': count -1 is negative");
  ExpectInvalid(with_jobs(1.5), "responses[1].number", "1.5 is not a whole number");
  ExpectInvalid(with_jobs(std::numeric_limits<double>::quiet_NaN()), "responses[1].number",
                "is not a finite number");
  ExpectInvalid(with_jobs(std::numeric_limits<double>::infinity()), "responses[1].number",
                "is not a finite number");
  Answers answers = PersonA();
  answers[3].second = 3.0;
  ExpectInvalid(Score(answers), "responses[3].number", "item 'age': 3 is below the minimum 16");
  answers[3].second = 120.0;
  ExpectInvalid(Score(answers), "responses[3].number", "120 is above the maximum 99");
}

TEST(Scorer, RejectsUnknownChoices) {
  Answers answers = PersonA();
  answers[0].second = std::string("castle");
  ExpectInvalid(Score(answers), "responses[0].choice",
                "'castle' is not a choice of item 'housing_status' (choices: stable, temporary, "
                "homeless)");
}

TEST(Scorer, RejectsMalformedDates) {
  ExpectInvalid(Score(PersonA(), "2026-02-30"), "assessed_on", "is not a calendar date");
  ExpectInvalid(Score(PersonA(), "31/01/2026"), "assessed_on", "YYYY-MM-DD");
  ExpectInvalid(Score(PersonA(), "1850-01-01"), "assessed_on", "outside 1900-2199");
}

TEST(Scorer, RejectsARequestForAnotherInstrument) {
  v1::ScoreRequest request = Request(PersonA());
  request.set_instrument_id("psa");
  ExpectInvalid(ScoreAssessment(*Toy(), request), "instrument_id", "'psa'");
  request.set_instrument_id("toy");
  request.set_instrument_version("9.9");
  ExpectInvalid(ScoreAssessment(*Toy(), request), "instrument_version", "'9.9'");
}

TEST(Scorer, RejectsANormGroupForAnInstrumentWithout) {
  ExpectInvalid(ScoreAssessment(*Toy(), Request(PersonA(), "male")), "norm_group",
                "has no norm groups");
}

TEST(Scorer, TreatsAResponseWithoutAnAnswerAsMissing) {
  v1::ScoreRequest request = Request(PersonA());
  request.add_responses()->set_item_id("hours_volunteered");
  auto result = ScoreAssessment(*Toy(), request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(result->missing_items(), ::testing::ElementsAre("hours_volunteered"));
  EXPECT_EQ(result->responses_size(), 6);
}

TEST(Scorer, EchoesResponsesInDefinitionOrder) {
  Answers answers = PersonA();
  std::reverse(answers.begin(), answers.end());
  auto result = Score(answers);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->responses_size(), 6);
  EXPECT_EQ(result->responses(0).item_id(), "housing_status");
  EXPECT_EQ(result->responses(5).item_id(), "family_support");
}

}  // namespace
}  // namespace reentry
