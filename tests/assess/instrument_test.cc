// Instrument validation: every definition error names the instrument, the
// field and the problem; the builtin instruments compile and their score
// ranges are as published.

#include "reentry/assess/instrument.h"

#include <functional>
#include <string>

#include "assess/compiled.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/status.h"
#include "test_util.h"
#include "toy_instrument.h"

namespace reentry {
namespace {

using ::testing::HasSubstr;

v1::InstrumentDefinition ToyDefinition() {
  auto definition = ParseInstrumentText(testing::kToyInstrument, "toy");
  EXPECT_TRUE(definition.ok()) << definition.status();
  return *definition;
}

// Compiles the toy instrument after `edit` and expects it rejected about
// `field` with a message containing `message`.
void ExpectRejected(const std::function<void(v1::InstrumentDefinition&)>& edit,
                    const std::string& field, const std::string& message,
                    const std::string& name = "instrument 'toy' version 1.0") {
  v1::InstrumentDefinition definition = ToyDefinition();
  edit(definition);
  auto instrument = Instrument::Compile(definition);
  ASSERT_FALSE(instrument.ok()) << "accepted; expected an error about " << field;
  EXPECT_EQ(instrument.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(instrument.status()), field) << instrument.status();
  EXPECT_THAT(std::string(instrument.status().message()), HasSubstr(name));
  EXPECT_THAT(std::string(instrument.status().message()), HasSubstr(message));
}

v1::ScaleNorm& RiskNorm(v1::InstrumentDefinition& d) {
  return *d.mutable_scales(0)->mutable_norms(0);
}

TEST(InstrumentValidation, AcceptsTheToyInstrument) {
  auto instrument = Instrument::Compile(ToyDefinition());
  ASSERT_TRUE(instrument.ok()) << instrument.status();
  EXPECT_EQ((*instrument)->id(), "toy");
  EXPECT_EQ((*instrument)->version(), "1.0");
}

TEST(InstrumentValidation, RejectsADuplicateItemId) {
  ExpectRejected([](auto& d) { d.mutable_items(1)->set_id("housing_status"); }, "items[1].id",
                 "duplicate item id 'housing_status'");
}

TEST(InstrumentValidation, RejectsPointsForAnUnknownAnswer) {
  ExpectRejected(
      [](auto& d) { RiskNorm(d).mutable_points(1)->mutable_when(0)->set_answers(0, "several"); },
      "scales[0].norms[0].points[1].when[0].answers[0]",
      "'several' is not an answer of item 'jobs_held' (answers: none, some, many)");
}

TEST(InstrumentValidation, RejectsPointsForAnUnknownItem) {
  ExpectRejected(
      [](auto& d) { RiskNorm(d).mutable_points(0)->mutable_when(0)->set_item_id("height"); },
      "scales[0].norms[0].points[0].when[0].item_id", "unknown item 'height'");
}

TEST(InstrumentValidation, RejectsCutPointsOutOfOrder) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_cut_points(2)->set_min(2); },
                 "scales[0].norms[0].cut_points[2].min",
                 "cut points of scale 'risk' are out of order: level 'high' starts at 2");
  ExpectRejected(
      [](auto& d) {
        RiskNorm(d).mutable_cut_points(1)->set_level("high");
        RiskNorm(d).mutable_cut_points(2)->set_level("moderate");
      },
      "scales[0].norms[0].cut_points[1].level", "expected level 'moderate', found 'high'");
}

TEST(InstrumentValidation, RejectsACutPointForEveryLevelMissing) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_cut_points()->RemoveLast(); },
                 "scales[0].norms[0].cut_points", "3 levels but 2 cut points");
}

TEST(InstrumentValidation, RejectsALowestLevelAboveTheLowestScore) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_cut_points(0)->set_min(1); },
                 "scales[0].norms[0].cut_points[0].min",
                 "the lowest level 'low' of scale 'risk' starts at 1 but the scale can score 0");
}

TEST(InstrumentValidation, RejectsAScaledTableWithAGap) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_scaled(1)->set_min(3); },
                 "scales[0].norms[0].scaled[1].min",
                 "the raw -> scaled table of scale 'risk' has a gap: raw 2 has no scaled score");
}

TEST(InstrumentValidation, RejectsAScaledTableThatOverlaps) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_scaled(1)->set_min(1); },
                 "scales[0].norms[0].scaled[1].min", "raw 1 is already covered");
}

TEST(InstrumentValidation, RejectsAScaledTableShortOfTheHighestScore) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_scaled(2)->set_max(4); },
                 "scales[0].norms[0].scaled", "ends at raw 4 but the rules can give 5");
}

TEST(InstrumentValidation, RejectsBandsOutOfOrder) {
  ExpectRejected(
      [](auto& d) { d.mutable_items(1)->mutable_bands(2)->set_min(1); }, "items[1].bands[2].min",
      "band 'many' of item 'jobs_held' starts at 1, not above the previous band's min 1");
}

TEST(InstrumentValidation, RejectsAFirstBandAboveTheItemMinimum) {
  ExpectRejected([](auto& d) { d.mutable_items(3)->mutable_bands(0)->set_min(18); },
                 "items[3].bands[0].min", "would fall in no band");
}

TEST(InstrumentValidation, RejectsABandNoValueCanReach) {
  ExpectRejected([](auto& d) { d.mutable_items(3)->set_max(24); }, "items[3].bands[1]",
                 "band 'adult' of item 'age' holds no valid value");
}

TEST(InstrumentValidation, RejectsANegativeCountMinimum) {
  ExpectRejected([](auto& d) { d.mutable_items(1)->set_min(-1); }, "items[1].min",
                 "cannot have a negative min");
}

TEST(InstrumentValidation, RejectsItemsWithoutTypeOrText) {
  ExpectRejected([](auto& d) { d.mutable_items(2)->clear_type(); }, "items[2].type",
                 "needs a type");
  ExpectRejected([](auto& d) { d.mutable_items(2)->clear_text(); }, "items[2].text", "needs text");
}

TEST(InstrumentValidation, RejectsBandsOnABoolean) {
  ExpectRejected([](auto& d) { d.mutable_items(2)->add_bands()->set_id("x"); }, "items[2]",
                 "BOOLEAN item 'employed' takes no bands");
}

TEST(InstrumentValidation, RejectsDuplicateChoices) {
  ExpectRejected([](auto& d) { d.mutable_items(0)->mutable_choices(2)->set_id("stable"); },
                 "items[0].choices[2].id", "duplicate choice 'stable'");
}

TEST(InstrumentValidation, RejectsRulesOnAnUnbandedNumber) {
  ExpectRejected(
      [](auto& d) {
        auto* rule = RiskNorm(d).add_points();
        rule->set_id("volunteer");
        rule->set_points(1);
        auto* match = rule->add_when();
        match->set_item_id("hours_volunteered");
        match->add_answers("many");
      },
      "scales[0].norms[0].points[4].when[0].item_id", "without bands, so no rule can test it");
}

TEST(InstrumentValidation, RejectsDuplicateRuleIds) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_points(1)->set_id("young"); },
                 "scales[0].norms[0].points[1].id", "duplicate rule id 'young'");
}

TEST(InstrumentValidation, RejectsProratingScalesWithNegativePoints) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_points(0)->set_points(-2); },
                 "scales[0].norms[0].points", "non-negative points");
}

TEST(InstrumentValidation, RejectsMissingItemsUnderRefuse) {
  ExpectRejected(
      [](auto& d) { d.mutable_missing_items()->set_policy(v1::MissingItemRule::POLICY_REFUSE); },
      "scales[0].max_missing_items", "policy is POLICY_REFUSE");
}

TEST(InstrumentValidation, RejectsANeedScaleWithoutDomain) {
  ExpectRejected([](auto& d) { d.mutable_scales(1)->mutable_need()->clear_domain(); },
                 "scales[1].need.domain", "needs a domain id");
}

TEST(InstrumentValidation, RejectsNormGroupsNotCovered) {
  ExpectRejected(
      [](auto& d) {
        d.add_norm_groups()->set_id("male");
        d.add_norm_groups()->set_id("female");
        d.mutable_scales(0)->mutable_norms(0)->add_norm_groups("male");
      },
      "scales[0].norms", "scale 'risk' has no table for norm group 'female'");
  ExpectRejected(
      [](auto& d) {
        d.add_norm_groups()->set_id("male");
        d.mutable_scales(0)->mutable_norms(0)->add_norm_groups("martian");
      },
      "scales[0].norms[0].norm_groups[0]", "'martian' is not a norm group");
  ExpectRejected([](auto& d) { d.set_default_norm_group("male"); }, "default_norm_group",
                 "the instrument has no norm groups");
}

TEST(InstrumentValidation, RejectsBadReassessmentIntervals) {
  ExpectRejected([](auto& d) { d.mutable_reassessment(0)->set_level("extreme"); },
                 "reassessment[0].level", "'extreme' is not a level of scale 'risk'");
  ExpectRejected([](auto& d) { d.mutable_reassessment(0)->set_interval_months(3); },
                 "reassessment[0]", "exactly one positive interval_days or interval_months");
  ExpectRejected([](auto& d) { d.mutable_reassessment(1)->set_level("high"); }, "reassessment[1]",
                 "more than one interval");
}

TEST(InstrumentValidation, RejectsIndicatorsOnUnknownAnswers) {
  ExpectRejected([](auto& d) { d.mutable_strengths(0)->mutable_when(0)->set_answers(0, "maybe"); },
                 "strengths[0].when[0].answers[0]",
                 "'maybe' is not an answer of item 'family_support'");
}

TEST(InstrumentValidation, RejectsPointsTooLargeToAddUpSafely) {
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_points(0)->set_points(2'000'000'000); },
                 "scales[0].norms[0].points[0].points", "add up to more than 1000000");
  ExpectRejected([](auto& d) { RiskNorm(d).mutable_scaled(2)->set_scaled(-2'000'000'000); },
                 "scales[0].norms[0].scaled[2].scaled", "beyond +/-1000000");
}

TEST(InstrumentValidation, RejectsMalformedIdsAndVersions) {
  ExpectRejected([](auto& d) { d.set_version("v1"); }, "version", "'v1' is not a version",
                 "instrument 'toy' version v1");
  ExpectRejected([](auto& d) { d.mutable_items(0)->set_id("Housing"); }, "items[0].id",
                 "'Housing' is not an item id");
  ExpectRejected([](auto& d) { d.clear_title(); }, "title", "is required");
}

TEST(InstrumentValidation, ReportsTextFormatErrorsWithLineAndColumn) {
  auto instrument =
      Instrument::ParseText("id: \"x\"\nversion: \"1\"\nitemz { }\n", "mine.textproto");
  ASSERT_FALSE(instrument.ok());
  EXPECT_EQ(instrument.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(instrument.status().message()), HasSubstr("mine.textproto:3:"));
  EXPECT_THAT(std::string(instrument.status().message()), HasSubstr("itemz"));
}

TEST(InstrumentValidation, NamesTheSourceOfAnInvalidDefinition) {
  auto instrument =
      Instrument::ParseText("id: \"x\"\nversion: \"1\"\ntitle: \"X\"\n", "mine.textproto");
  ASSERT_FALSE(instrument.ok());
  EXPECT_THAT(std::string(instrument.status().message()),
              HasSubstr("mine.textproto: instrument 'x' version 1: items: an instrument needs at "
                        "least one item"));
}

TEST(BuiltinInstruments, CompileWithThePublishedScoreRanges) {
  auto psa = testing::Builtin("psa");
  ASSERT_NE(psa, nullptr);
  const auto& compiled = assess_internal::Compiled(*psa);
  auto range = [&](const assess_internal::CompiledInstrument& c, const std::string& scale,
                   int group) {
    const auto& norm = c.scales[c.scale_index.at(scale)].NormFor(group);
    return std::make_pair(norm.min_raw, norm.max_raw);
  };
  EXPECT_EQ(range(compiled, "fta", 0), std::make_pair(0, 7));
  EXPECT_EQ(range(compiled, "nca", 0), std::make_pair(0, 13));
  EXPECT_EQ(range(compiled, "nvca", 0), std::make_pair(0, 7));

  auto pattern = testing::Builtin("pattern");
  ASSERT_NE(pattern, nullptr);
  const auto& p = assess_internal::Compiled(*pattern);
  const int male = 0, female = 1;
  EXPECT_EQ(range(p, "general", male), std::make_pair(-23, 113));
  EXPECT_EQ(range(p, "violent", male), std::make_pair(-11, 71));
  EXPECT_EQ(range(p, "general", female), std::make_pair(-24, 102));
  EXPECT_EQ(range(p, "violent", female), std::make_pair(-11, 43));
}

}  // namespace
}  // namespace reentry
