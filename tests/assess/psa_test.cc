// Hand-worked Public Safety Assessment cases.
//
// Every expected value below was worked out by hand from "Public Safety
// Assessment: Risk Factors and Formula" (APPR):
//   age <= 22: NCA +2; current violent: NVCA +2, and if age <= 20 NVCA +1 more;
//   pending charge: FTA +1, NCA +3, NVCA +1; prior misdemeanor: NCA +1; prior
//   felony: NCA +1; any prior conviction: FTA +1, NVCA +1; prior violent
//   convictions 1-2: NCA +1, NVCA +1, 3+: NCA +2, NVCA +2; FTAs in the past two
//   years 1: FTA +2, NCA +1, 2+: FTA +4, NCA +2; FTA older than two years:
//   FTA +1; prior sentence to incarceration: NCA +2.
//   FTA scaled: 0->1 1->2 2->3 3-4->4 5-6->5 7->6.
//   NCA scaled: 0->1 1-2->2 3-4->3 5-6->4 7-8->5 9-13->6. NVCA flag: raw >= 4.

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

struct Person {
  double age = 35;
  bool violent = false;
  bool pending = false;
  bool misdemeanor = false;
  bool felony = false;
  double violent_convictions = 0;
  double fta_past_two_years = 0;
  bool fta_older = false;
  bool incarceration = false;

  Answers ToAnswers() const {
    return {{"age_at_current_arrest", age},
            {"current_violent_offense", violent},
            {"pending_charge", pending},
            {"prior_misdemeanor_conviction", misdemeanor},
            {"prior_felony_conviction", felony},
            {"prior_violent_convictions", violent_convictions},
            {"prior_fta_past_two_years", fta_past_two_years},
            {"prior_fta_older_than_two_years", fta_older},
            {"prior_sentence_to_incarceration", incarceration}};
  }
};

struct Expected {
  int fta_raw, fta_scaled, nca_raw, nca_scaled, nvca_raw;
  bool nvca_flag;
};

struct Case {
  std::string name;
  Person person;
  Expected expected;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class PsaCase : public ::testing::TestWithParam<Case> {};

TEST_P(PsaCase, MatchesHandWorkedScores) {
  const Case& c = GetParam();
  auto psa = Builtin("psa");
  ASSERT_NE(psa, nullptr);
  auto result = ScoreAssessment(*psa, Request(c.person.ToAnswers()));
  ASSERT_TRUE(result.ok()) << result.status();
  const auto& fta = ScaleOf(*result, "fta");
  const auto& nca = ScaleOf(*result, "nca");
  const auto& nvca = ScaleOf(*result, "nvca");
  EXPECT_EQ(fta.raw_score(), c.expected.fta_raw);
  EXPECT_EQ(fta.scaled_score(), c.expected.fta_scaled);
  EXPECT_EQ(nca.raw_score(), c.expected.nca_raw);
  EXPECT_EQ(nca.scaled_score(), c.expected.nca_scaled);
  EXPECT_EQ(nvca.raw_score(), c.expected.nvca_raw);
  EXPECT_EQ(nvca.flag(), c.expected.nvca_flag);
  EXPECT_FALSE(nvca.has_scaled_score());
  EXPECT_FALSE(fta.has_flag());
  // The explanation adds up to the raw score on every scale.
  for (const auto& scale : result->scales()) {
    int sum = 0;
    for (const auto& contribution : scale.contributions()) sum += contribution.points();
    EXPECT_EQ(sum, scale.raw_score()) << scale.scale_id();
  }
}

Person With(void (*edit)(Person&)) {
  Person p;
  edit(p);
  return p;
}

INSTANTIATE_TEST_SUITE_P(
    HandWorked, PsaCase,
    ::testing::Values(
        // No risk factor: the lowest scaled scores.
        Case{"AllZero", Person{}, {0, 1, 0, 1, 0, false}},
        // Every factor at its maximum: FTA 1+1+4+1=7, NCA 2+3+1+1+2+2+2=13,
        // NVCA 2+1+1+1+2=7.
        Case{"AllMaximal",
             With([](Person& p) {
               p.age = 19, p.violent = p.pending = p.misdemeanor = p.felony = true;
               p.violent_convictions = 3, p.fta_past_two_years = 2;
               p.fta_older = p.incarceration = true;
             }),
             {7, 6, 13, 6, 7, true}},
        // Age: 22 is the last age earning NCA +2; 23 earns nothing.
        Case{"Age22", With([](Person& p) { p.age = 22; }), {0, 1, 2, 2, 0, false}},
        Case{"Age23", With([](Person& p) { p.age = 23; }), {0, 1, 0, 1, 0, false}},
        Case{"Age18", With([](Person& p) { p.age = 18; }), {0, 1, 2, 2, 0, false}},
        // Violent offense at 20 adds the young-age NVCA point; at 21 it does not.
        Case{"ViolentAt20",
             With([](Person& p) { p.age = 20, p.violent = true; }),
             {0, 1, 2, 2, 3, false}},
        Case{"ViolentAt21",
             With([](Person& p) { p.age = 21, p.violent = true; }),
             {0, 1, 2, 2, 2, false}},
        // NVCA flag edge: 3 is not flagged, 4 is.
        Case{"NvcaThreeNotFlagged",
             With([](Person& p) { p.age = 30, p.violent = p.pending = true; }),
             {1, 2, 3, 3, 3, false}},
        Case{"NvcaFourFlagged",
             With([](Person& p) { p.age = 30, p.violent = p.pending = p.misdemeanor = true; }),
             {2, 3, 4, 3, 4, true}},
        // Prior violent convictions: 2 is in the 1-2 band, 3 in the 3+ band.
        Case{"TwoViolentConvictions",
             With([](Person& p) { p.age = 40, p.felony = true, p.violent_convictions = 2; }),
             {1, 2, 2, 2, 2, false}},
        Case{"ThreeViolentConvictions",
             With([](Person& p) { p.age = 40, p.felony = true, p.violent_convictions = 3; }),
             {1, 2, 3, 3, 3, false}},
        // Recent FTAs: 1 -> FTA 2 (scaled 3), NCA 1; 2 and 5 -> FTA 4, NCA 2.
        Case{"OneRecentFta",
             With([](Person& p) { p.fta_past_two_years = 1; }),
             {2, 3, 1, 2, 0, false}},
        Case{"TwoRecentFtas",
             With([](Person& p) { p.fta_past_two_years = 2; }),
             {4, 4, 2, 2, 0, false}},
        Case{"FiveRecentFtas",
             With([](Person& p) { p.fta_past_two_years = 5; }),
             {4, 4, 2, 2, 0, false}},
        Case{"OldFtaOnly", With([](Person& p) { p.fta_older = true; }), {1, 2, 0, 1, 0, false}},
        // FTA scaled edges: raw 3 -> 4, raw 5 -> 5, raw 6 -> 5.
        Case{"FtaRaw3",
             With([](Person& p) { p.fta_past_two_years = 1, p.fta_older = true; }),
             {3, 4, 1, 2, 0, false}},
        Case{"FtaRaw5",
             With([](Person& p) { p.fta_past_two_years = 2, p.fta_older = true; }),
             {5, 5, 2, 2, 0, false}},
        Case{"FtaRaw6",
             With([](Person& p) { p.fta_past_two_years = 2, p.fta_older = p.pending = true; }),
             {6, 5, 5, 4, 1, false}},
        // NCA scaled edges: 5 -> 4, 7 -> 5, 8 -> 5, 9 -> 6.
        Case{"NcaRaw5",
             With([](Person& p) { p.pending = p.incarceration = true; }),
             {1, 2, 5, 4, 1, false}},
        Case{"NcaRaw7",
             With([](Person& p) { p.age = 22, p.pending = p.incarceration = true; }),
             {1, 2, 7, 5, 1, false}},
        Case{
            "NcaRaw8",
            With([](Person& p) { p.age = 22, p.pending = p.incarceration = p.misdemeanor = true; }),
            {2, 3, 8, 5, 2, false}},
        Case{"NcaRaw9",
             With([](Person& p) {
               p.age = 22, p.pending = p.incarceration = p.misdemeanor = p.felony = true;
             }),
             {2, 3, 9, 6, 2, false}},
        // A misdemeanor and a felony conviction count once as "prior conviction".
        Case{"BothConvictionsCountOnceForFta",
             With([](Person& p) { p.misdemeanor = p.felony = true; }),
             {1, 2, 2, 2, 1, false}},
        // The worked example of the README demo (examples/data/person_psa.json).
        Case{"ReadmeDemo",
             With([](Person& p) {
               p.age = 20, p.violent = p.pending = p.misdemeanor = p.incarceration = true;
               p.violent_convictions = 1, p.fta_past_two_years = 1;
             }),
             {4, 4, 10, 6, 6, true}}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(Psa, ExplainsEachPointWithItsRule) {
  Person p;
  p.age = 20, p.violent = true;
  auto result = ScoreAssessment(*Builtin("psa"), Request(p.ToAnswers()));
  ASSERT_TRUE(result.ok()) << result.status();
  const auto& nvca = ScaleOf(*result, "nvca");
  ASSERT_GE(nvca.contributions_size(), 2);
  EXPECT_EQ(nvca.contributions(0).rule_id(), "current_violent_offense");
  EXPECT_EQ(nvca.contributions(0).points(), 2);
  const auto& young = nvca.contributions(1);
  EXPECT_EQ(young.rule_id(), "current_violent_offense_and_20_or_younger");
  EXPECT_EQ(young.points(), 1);
  ASSERT_EQ(young.answers_size(), 2);
  EXPECT_EQ(young.answers(1).item_id(), "age_at_current_arrest");
  EXPECT_EQ(young.answers(1).answer(), "20_or_younger");
  EXPECT_EQ(young.answers(1).label(), "20 or younger");
}

TEST(Psa, RejectsAnAgeBelowEighteen) {
  Person p;
  p.age = 17;
  auto result = ScoreAssessment(*Builtin("psa"), Request(p.ToAnswers()));
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()),
              ::testing::HasSubstr("item 'age_at_current_arrest': 17 is below the minimum 18"));
}

TEST(Psa, RequiresEveryFactor) {
  Person p;
  Answers answers = p.ToAnswers();
  answers.erase(answers.begin() + 2);  // pending_charge
  auto result = ScoreAssessment(*Builtin("psa"), Request(answers));
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()),
              ::testing::HasSubstr("item 'pending_charge' is missing"));
}

}  // namespace
}  // namespace reentry
