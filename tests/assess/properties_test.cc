// Properties over many generated people: adding a risk factor never lowers a
// raw score, and the explanation always adds up to the score.

#include <random>
#include <string>

#include "gtest/gtest.h"
#include "test_util.h"

namespace reentry {
namespace {

using testing::Answers;
using testing::Builtin;
using testing::Request;

// Raw scores of every scale, in definition order.
std::vector<double> Raw(const Instrument& instrument, const Answers& answers,
                        const std::string& group = "") {
  auto result = ScoreAssessment(instrument, Request(answers, group));
  EXPECT_TRUE(result.ok()) << result.status();
  std::vector<double> raw;
  if (!result.ok()) return raw;
  for (const auto& scale : result->scales()) {
    raw.push_back(scale.raw_score());
    double sum = 0;
    for (const auto& contribution : scale.contributions()) sum += contribution.points();
    EXPECT_EQ(sum, scale.raw_score()) << scale.scale_id();
  }
  return raw;
}

void ExpectNotLower(const std::vector<double>& before, const std::vector<double>& after,
                    const std::string& what) {
  ASSERT_EQ(before.size(), after.size());
  for (size_t s = 0; s < before.size(); ++s) {
    EXPECT_GE(after[s], before[s]) << what << " lowered scale " << s;
  }
}

TEST(PsaProperties, AddingARiskFactorNeverLowersARawScore) {
  auto psa = Builtin("psa");
  std::mt19937 rng(11);
  const std::vector<std::string> booleans = {
      "current_violent_offense",        "pending_charge",
      "prior_misdemeanor_conviction",   "prior_felony_conviction",
      "prior_fta_older_than_two_years", "prior_sentence_to_incarceration"};
  const std::vector<std::string> counts = {"prior_violent_convictions", "prior_fta_past_two_years"};
  for (int trial = 0; trial < 2000; ++trial) {
    Answers person = {
        {"age_at_current_arrest", double(std::uniform_int_distribution<int>(18, 70)(rng))}};
    for (const auto& b : booleans) person.push_back({b, std::bernoulli_distribution(0.5)(rng)});
    for (const auto& c : counts) {
      person.push_back({c, double(std::uniform_int_distribution<int>(0, 4)(rng))});
    }
    const auto before = Raw(*psa, person);
    for (auto& [item, answer] : person) {
      Answers riskier = person;
      for (auto& [other, value] : riskier) {
        if (other != item) continue;
        if (std::holds_alternative<bool>(value)) value = true;
        // Younger is riskier for age; more is riskier for counts.
        else if (item == "age_at_current_arrest")
          value = std::max(18.0, std::get<double>(value) - 3);
        else
          value = std::get<double>(value) + 1;
      }
      ExpectNotLower(before, Raw(*psa, riskier), item);
    }
  }
}

TEST(PatternProperties, MoreCriminalHistoryOrInfractionsNeverLowersARawScore) {
  auto pattern = Builtin("pattern");
  std::mt19937 rng(12);
  const std::vector<std::string> risks = {"criminal_history_score", "infractions_all",
                                          "infractions_serious_violent"};
  for (int trial = 0; trial < 1000; ++trial) {
    const bool male = trial % 2 == 0;
    Answers person = {
        {"age_at_assessment", double(std::uniform_int_distribution<int>(18, 80)(rng))},
        {"current_violent_offense", std::bernoulli_distribution(0.5)(rng)},
        {"time_since_last_infraction", std::string("3_to_6_months")},
        {"time_since_last_serious_violent_infraction", std::string("none_or_over_12_months")},
        {"programs_completed", double(std::uniform_int_distribution<int>(0, 12)(rng))},
        {"work_programming", double(std::uniform_int_distribution<int>(0, 3)(rng))},
        {"drug_treatment_while_incarcerated", std::string("completed_treatment")},
        {"education", std::string("enrolled_ged")},
        {"noncompliance_with_financial_responsibility", std::bernoulli_distribution(0.5)(rng)},
        {"history_of_violence", std::string("minor_5_to_10_years")},
        {"history_of_escapes", std::string("none")}};
    if (male) person.push_back({"sex_offense_conviction", std::bernoulli_distribution(0.5)(rng)});
    for (const auto& r : risks) {
      person.push_back({r, double(std::uniform_int_distribution<int>(0, 15)(rng))});
    }
    const std::string group = male ? "male" : "female";
    const auto before = Raw(*pattern, person, group);
    for (const auto& risk : risks) {
      Answers riskier = person;
      for (auto& [item, value] : riskier) {
        if (item == risk) value = std::get<double>(value) + 1;
      }
      ExpectNotLower(before, Raw(*pattern, riskier, group), risk);
    }
    // Fewer completed programs never lowers a score either.
    Answers fewer = person;
    for (auto& [item, value] : fewer) {
      if (item == "programs_completed") value = std::max(0.0, std::get<double>(value) - 1);
    }
    ExpectNotLower(before, Raw(*pattern, fewer, group), "fewer programs");
  }
}

}  // namespace
}  // namespace reentry
