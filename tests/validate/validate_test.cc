// Validation reports from score rows: hand-worked cases, generated cohorts
// against a deliberately simple reference (O(n^2) pairs, DeLong from its
// definition), cohorts with known answers, and every kind of bad input.

#include "reentry/validate/validate.h"

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "reentry/status.h"
#include "validate/validate_internal.h"

namespace reentry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Row {
  double score;
  bool outcome;
  std::string group;
};

v1::ValidateRequest RequestOf(const std::vector<Row>& rows, double positive_from) {
  v1::ValidateRequest request;
  request.set_positive_from(positive_from);
  for (const Row& row : rows) {
    v1::ValidationRow* out = request.add_rows();
    out->set_score(row.score);
    out->set_outcome(row.outcome);
    out->set_group(row.group);
  }
  return request;
}

const v1::GroupReport& GroupOf(const v1::ValidationReport& report, const std::string& group) {
  for (const auto& g : report.groups()) {
    if (g.group() == group) return g;
  }
  static const v1::GroupReport* const kNone = new v1::GroupReport();
  ADD_FAILURE() << "no group " << group;
  return *kNone;
}

std::string UndefinedReason(const v1::GroupReport& report, const std::string& field) {
  for (const auto& undefined : report.undefined()) {
    if (undefined.field() == field) return undefined.reason();
  }
  return "";
}

// ---- Hand-worked cases ---------------------------------------------------------

// Ten people, threshold 5:
//   group a: (7, yes) (6, no) (5, yes) (3, no) (2, no) (1, yes)
//   group b: (9, yes) (4, no) (4, yes) (8, no)
// a: TP = 2 (7, 5), FP = 1 (6), TN = 2 (3, 2), FN = 1 (1).
// b: TP = 1 (9), FP = 1 (8), TN = 1 (4 no), FN = 1 (4 yes).
// overall: TP 3, FP 2, TN 3, FN 2.
std::vector<Row> TenPeople() {
  return {{7, true, "a"}, {6, false, "a"}, {5, true, "a"},  {3, false, "a"}, {2, false, "a"},
          {1, true, "a"}, {9, true, "b"},  {4, false, "b"}, {4, true, "b"},  {8, false, "b"}};
}

TEST(Validate, CountsTheConfusionTableAtTheThreshold) {
  auto report = Validate(RequestOf(TenPeople(), 5));
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& a = GroupOf(*report, "a");
  EXPECT_EQ(a.n(), 6);
  EXPECT_EQ(a.positives(), 3);
  EXPECT_EQ(a.negatives(), 3);
  EXPECT_EQ(a.true_positives(), 2);
  EXPECT_EQ(a.false_positives(), 1);
  EXPECT_EQ(a.true_negatives(), 2);
  EXPECT_EQ(a.false_negatives(), 1);
  const v1::GroupReport& b = GroupOf(*report, "b");
  EXPECT_EQ(b.true_positives(), 1);
  EXPECT_EQ(b.false_positives(), 1);
  EXPECT_EQ(b.true_negatives(), 1);
  EXPECT_EQ(b.false_negatives(), 1);
  const v1::GroupReport& overall = report->overall();
  EXPECT_EQ(overall.group(), "");
  EXPECT_EQ(overall.n(), 10);
  EXPECT_EQ(overall.true_positives(), 3);
  EXPECT_EQ(overall.false_positives(), 2);
  EXPECT_EQ(overall.true_negatives(), 3);
  EXPECT_EQ(overall.false_negatives(), 2);
  EXPECT_EQ(report->positive_from(), 5);
}

TEST(Validate, DividesCountsIntoRatesAndRatiosToOverall) {
  auto report = Validate(RequestOf(TenPeople(), 5));
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& a = GroupOf(*report, "a");
  EXPECT_DOUBLE_EQ(a.base_rate(), 3.0 / 6);
  EXPECT_DOUBLE_EQ(a.predicted_positive_rate(), 3.0 / 6);
  EXPECT_DOUBLE_EQ(a.false_positive_rate(), 1.0 / 3);        // FP / (FP + TN) = 1 / (1 + 2)
  EXPECT_DOUBLE_EQ(a.false_negative_rate(), 1.0 / 3);        // FN / (FN + TP) = 1 / (1 + 2)
  EXPECT_DOUBLE_EQ(a.positive_predictive_value(), 2.0 / 3);  // TP / (TP + FP)
  EXPECT_DOUBLE_EQ(a.negative_predictive_value(), 2.0 / 3);  // TN / (TN + FN)
  const v1::GroupReport& overall = report->overall();
  EXPECT_DOUBLE_EQ(overall.false_positive_rate(), 2.0 / 5);
  EXPECT_DOUBLE_EQ(overall.false_negative_rate(), 2.0 / 5);
  EXPECT_DOUBLE_EQ(overall.positive_predictive_value(), 3.0 / 5);
  // a's FPR 1/3 over overall 2/5 = 5/6; b's 1/2 over 2/5 = 5/4.
  EXPECT_DOUBLE_EQ(a.false_positive_rate_ratio(), (1.0 / 3) / (2.0 / 5));
  EXPECT_DOUBLE_EQ(GroupOf(*report, "b").false_positive_rate_ratio(), (1.0 / 2) / (2.0 / 5));
  EXPECT_DOUBLE_EQ(a.base_rate_ratio(), 1.0);
  EXPECT_FALSE(overall.has_false_positive_rate_ratio());
  EXPECT_TRUE(a.undefined().empty());
}

// AUC with ties, group b: positives {9, 4}, negatives {4, 8}.
// Pairs: (9, 4) 1, (9, 8) 1, (4, 4) 1/2, (4, 8) 0 -> U = 2.5, AUC = 2.5 / 4.
// Group a: positives {7, 5, 1}, negatives {6, 3, 2}: 7 beats 3; 5 beats 2;
// 1 beats none -> U = 3 + 2 + 0 = 5, AUC = 5/9.
TEST(Validate, AucCountsTiesAsOneHalf) {
  auto report = Validate(RequestOf(TenPeople(), 5));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_DOUBLE_EQ(GroupOf(*report, "b").auc(), 2.5 / 4);
  EXPECT_DOUBLE_EQ(GroupOf(*report, "a").auc(), 5.0 / 9);
  // Overall: positives {7, 5, 1, 9, 4}, negatives {6, 3, 2, 4, 8}.
  // 7: beats 6, 3, 2, 4 = 4; 5: 3, 2, 4 = 3; 1: 0; 9: 5; 4: 3, 2 + tie 4 = 2.5.
  // U = 14.5 of 25.
  EXPECT_DOUBLE_EQ(report->overall().auc(), 14.5 / 25);
}

TEST(Validate, SixRowDeLongIntervalByHand) {
  // The six rows of statistics_test's hand-worked DeLong example.
  auto report = Validate(RequestOf(
      {{1, false, ""}, {2, false, ""}, {2, true, ""}, {3, false, ""}, {3, true, ""}, {4, true, ""}},
      3));
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& overall = report->overall();
  EXPECT_DOUBLE_EQ(overall.auc(), 7.0 / 9);
  EXPECT_DOUBLE_EQ(overall.auc_standard_error(), std::sqrt(7.0 / 162));
  EXPECT_NEAR(overall.auc_lower(), 0.370360, 1e-6);
  EXPECT_EQ(overall.auc_upper(), 1.0);  // 1.185195 clipped
  EXPECT_TRUE(report->groups().empty());
}

TEST(Validate, CalibratesEachDistinctScoreWithWilsonIntervals) {
  auto report = Validate(RequestOf(TenPeople(), 5));
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& b = GroupOf(*report, "b");
  ASSERT_EQ(b.calibration_size(), 3);  // scores 4, 8, 9
  EXPECT_EQ(b.calibration(0).score(), 4);
  EXPECT_EQ(b.calibration(0).n(), 2);
  EXPECT_EQ(b.calibration(0).positives(), 1);
  EXPECT_EQ(b.calibration(0).observed_rate(), 0.5);
  // 1 of 2: (1 + 1.920729 -/+ 1.959964 sqrt(0.5 + 0.960365)) / 5.841459 =
  // (2.920729 -/+ 2.367950) / 5.841459 = [0.094531, 0.905469].
  EXPECT_NEAR(b.calibration(0).wilson_lower(), 0.094531, 1e-6);
  EXPECT_NEAR(b.calibration(0).wilson_upper(), 0.905469, 1e-6);
  EXPECT_EQ(b.calibration(1).score(), 8);
  EXPECT_EQ(b.calibration(1).positives(), 0);
  EXPECT_EQ(b.calibration(1).wilson_lower(), 0);
  EXPECT_EQ(b.calibration(2).score(), 9);
  EXPECT_EQ(b.calibration(2).wilson_upper(), 1);
  EXPECT_FALSE(b.calibration(0).level().size());
  EXPECT_EQ(report->overall().calibration_size(), 9);  // 1 2 3 4 5 6 7 8 9
}

TEST(Validate, CalibratesByLevelWhenLevelsAreGiven) {
  v1::ValidateRequest request = RequestOf(TenPeople(), 5);
  for (const auto& [level, min] :
       std::vector<std::pair<std::string, double>>{{"low", 0}, {"moderate", 4}, {"high", 7}}) {
    v1::ScoreLevel* out = request.add_levels();
    out->set_level(level);
    out->set_min(min);
  }
  auto report = Validate(request);
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& a = GroupOf(*report, "a");
  ASSERT_EQ(a.calibration_size(), 3);
  // a: low = {3 no, 2 no, 1 yes}, moderate = {6 no, 5 yes}, high = {7 yes}.
  EXPECT_EQ(a.calibration(0).level(), "low");
  EXPECT_FALSE(a.calibration(0).has_score());
  EXPECT_EQ(a.calibration(0).n(), 3);
  EXPECT_EQ(a.calibration(0).positives(), 1);
  EXPECT_EQ(a.calibration(1).n(), 2);
  EXPECT_EQ(a.calibration(2).n(), 1);
  // b has nobody low: the level is listed with n = 0 and no rate.
  const v1::GroupReport& b = GroupOf(*report, "b");
  ASSERT_EQ(b.calibration_size(), 3);
  EXPECT_EQ(b.calibration(0).n(), 0);
  EXPECT_FALSE(b.calibration(0).has_observed_rate());
  EXPECT_FALSE(b.calibration(0).has_wilson_lower());
  EXPECT_EQ(b.calibration(1).n(), 2);  // 4, 4
  EXPECT_EQ(b.calibration(2).n(), 2);  // 9, 8
}

TEST(Validate, RocRunsFromNobodyToEverybodyByDescendingThreshold) {
  auto report = Validate(RequestOf(TenPeople(), 5));
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& b = GroupOf(*report, "b");
  // b: positives {9, 4}, negatives {8, 4}.
  ASSERT_EQ(b.roc_size(), 4);
  EXPECT_FALSE(b.roc(0).has_threshold());
  EXPECT_EQ(b.roc(0).false_positive_rate(), 0);
  EXPECT_EQ(b.roc(0).true_positive_rate(), 0);
  EXPECT_EQ(b.roc(1).threshold(), 9);  // 9 positive: tpr 1/2, fpr 0
  EXPECT_EQ(b.roc(1).true_positive_rate(), 0.5);
  EXPECT_EQ(b.roc(1).false_positive_rate(), 0);
  EXPECT_EQ(b.roc(2).threshold(), 8);  // + 8: fpr 1/2
  EXPECT_EQ(b.roc(2).false_positive_rate(), 0.5);
  EXPECT_EQ(b.roc(3).threshold(), 4);  // everyone
  EXPECT_EQ(b.roc(3).false_positive_rate(), 1);
  EXPECT_EQ(b.roc(3).true_positive_rate(), 1);
}

TEST(Validate, OrdersGroupsByLabel) {
  auto report = Validate(RequestOf({{1, true, "white"},
                                    {2, false, "Black"},
                                    {3, true, "asian"},
                                    {4, false, "Black"},
                                    {5, true, "Hispanic"}},
                                   3));
  ASSERT_TRUE(report.ok()) << report.status();
  std::vector<std::string> labels;
  for (const auto& g : report->groups()) labels.push_back(g.group());
  EXPECT_THAT(labels, ElementsAre("Black", "Hispanic", "asian", "white"));
}

TEST(Validate, ReportsWhyEachUndefinedValueIsAbsent) {
  // Group "x": two positives, both predicted positive; no negatives.
  // Group "y": one negative and one positive, both predicted negative.
  auto report =
      Validate(RequestOf({{9, true, "x"}, {8, true, "x"}, {1, false, "y"}, {2, true, "y"}}, 5));
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& x = GroupOf(*report, "x");
  EXPECT_FALSE(x.has_false_positive_rate());
  EXPECT_EQ(UndefinedReason(x, "false_positive_rate"),
            "no negative outcomes (FP + TN = 0) in group 'x'");
  EXPECT_FALSE(x.has_negative_predictive_value());
  EXPECT_THAT(UndefinedReason(x, "negative_predictive_value"),
              HasSubstr("nobody predicted negative"));
  EXPECT_FALSE(x.has_auc());
  EXPECT_EQ(UndefinedReason(x, "auc"), "no negative outcomes in group 'x'");
  EXPECT_EQ(UndefinedReason(x, "auc_lower"), "no negative outcomes in group 'x'");
  EXPECT_EQ(UndefinedReason(x, "roc"), "no negative outcomes in group 'x'");
  EXPECT_EQ(x.roc_size(), 0);
  EXPECT_TRUE(x.has_false_negative_rate());
  EXPECT_EQ(x.false_negative_rate(), 0);
  EXPECT_FALSE(x.has_false_positive_rate_ratio());
  EXPECT_EQ(UndefinedReason(x, "false_positive_rate_ratio"),
            "false_positive_rate is undefined in group 'x'");
  const v1::GroupReport& y = GroupOf(*report, "y");
  EXPECT_FALSE(y.has_positive_predictive_value());
  EXPECT_THAT(UndefinedReason(y, "positive_predictive_value"),
              HasSubstr("nobody predicted positive (TP + FP = 0: no score >= 5) in group 'y'"));
  // y has one of each outcome: an AUC but no DeLong variance.
  EXPECT_EQ(y.auc(), 1.0);
  EXPECT_FALSE(y.has_auc_standard_error());
  EXPECT_THAT(UndefinedReason(y, "auc_upper"), HasSubstr("at least two positive and two negative"));
  // Overall FPR = 0 / 1 = 0, so y's FPR ratio divides by zero: undefined.
  EXPECT_EQ(report->overall().false_positive_rate(), 0);
  EXPECT_EQ(UndefinedReason(y, "false_positive_rate_ratio"), "false_positive_rate is 0 overall");
  // Nothing in the report is NaN.
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*report, &json).ok());
  EXPECT_THAT(json, ::testing::Not(HasSubstr("NaN")));
}

TEST(Validate, ReportsWithoutGroupsWhenNoRowHasALabel) {
  auto report = Validate(RequestOf({{1, false, ""}, {2, true, ""}}, 2));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->groups_size(), 0);
  EXPECT_EQ(report->overall().n(), 2);
}

TEST(Validate, UsesThePinnedJsonNames) {
  auto report = Validate(RequestOf(TenPeople(), 5));
  ASSERT_TRUE(report.ok()) << report.status();
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*report, &json).ok());
  for (const char* name :
       {"\"group\"", "\"n\"", "\"baseRate\"", "\"truePositives\"", "\"falsePositives\"",
        "\"trueNegatives\"", "\"falseNegatives\"", "\"falsePositiveRate\"", "\"falseNegativeRate\"",
        "\"positivePredictiveValue\"", "\"negativePredictiveValue\"", "\"auc\"", "\"aucLower\"",
        "\"aucUpper\"", "\"calibration\"", "\"overall\"", "\"groups\""}) {
    EXPECT_THAT(json, HasSubstr(name));
  }
  v1::ValidateRequest request;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  R"({"rows": [{"score": 1, "outcome": true, "group": "g"}], "positiveFrom": 1,
                      "levels": [{"level": "all", "min": 0}]})",
                  &request)
                  .ok());
  EXPECT_EQ(request.positive_from(), 1);
  EXPECT_EQ(request.levels(0).level(), "all");
}

TEST(Validate, CopiesWhatTheScoresAreToTheReport) {
  v1::ValidateRequest request = RequestOf(TenPeople(), 5);
  request.set_instrument_id("compas");
  request.set_scale_id("recidivism");
  request.set_score_kind(v1::ValidateRequest::SCORE_KIND_SCALED);
  auto report = Validate(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->instrument_id(), "compas");
  EXPECT_EQ(report->scale_id(), "recidivism");
  EXPECT_EQ(report->score_kind(), v1::ValidateRequest::SCORE_KIND_SCALED);
}

TEST(Validate, LeavesOutCalibrationOfTooManyDistinctScoresWithANote) {
  std::vector<Row> rows;
  for (int i = 0; i < 30; ++i) rows.push_back({i * 0.5, i % 3 == 0, ""});
  v1::ValidateRequest request = RequestOf(rows, 5);
  request.set_max_calibration_scores(29);
  auto report = Validate(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->overall().calibration_size(), 0);
  EXPECT_THAT(report->overall().notes(),
              ElementsAre(HasSubstr("30 distinct scores exceed max_calibration_scores 29")));
  request.set_max_calibration_scores(30);
  report = Validate(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->overall().calibration_size(), 30);
}

TEST(Validate, ThinsTheRocCurveToExactPoints) {
  std::mt19937_64 rng(3);
  std::vector<double> scores(5000);
  std::vector<uint8_t> outcomes(5000);
  for (size_t i = 0; i < scores.size(); ++i) {
    scores[i] = std::normal_distribution<double>(0, 1)(rng);
    outcomes[i] = std::bernoulli_distribution(0.3 + 0.1 * (scores[i] > 0))(rng);
  }
  ValidateOptions options;
  options.positive_from = 0;
  options.max_roc_points = 50;
  auto report = ValidateColumns(scores, outcomes, {}, {}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& overall = report->overall();
  // (0, 0), then 50 grid crossings plus the lowest score.
  EXPECT_LE(overall.roc_size(), 52);
  EXPECT_GE(overall.roc_size(), 50);
  EXPECT_EQ(overall.roc(overall.roc_size() - 1).true_positive_rate(), 1);
  EXPECT_EQ(overall.roc(overall.roc_size() - 1).false_positive_rate(), 1);
  EXPECT_THAT(overall.notes(), ::testing::Contains(HasSubstr("roc: 5000 distinct scores")));
  // Every point kept is the exact point at its threshold.
  uint64_t positives = 0;
  for (uint8_t o : outcomes) positives += o;
  for (int i = 1; i < overall.roc_size(); ++i) {
    const double t = overall.roc(i).threshold();
    uint64_t tp = 0, fp = 0;
    for (size_t r = 0; r < scores.size(); ++r) {
      if (scores[r] >= t) (outcomes[r] ? tp : fp) += 1;
    }
    EXPECT_EQ(overall.roc(i).true_positive_rate(),
              static_cast<double>(tp) / static_cast<double>(positives));
    EXPECT_EQ(overall.roc(i).false_positive_rate(),
              static_cast<double>(fp) / static_cast<double>(scores.size() - positives));
  }
}

// ---- Against a simple reference, on generated cohorts --------------------------

struct Reference {
  uint64_t n = 0, positives = 0, tp = 0, fp = 0, tn = 0, fn = 0;
  std::optional<double> auc, se;
  std::map<double, std::pair<uint64_t, uint64_t>> calibration;  // score -> (n, positives)
};

// Straight from the definitions: every (positive, negative) pair, and DeLong's
// structural components as pair averages.
Reference ReferenceOf(const std::vector<double>& scores, const std::vector<uint8_t>& outcomes,
                      double positive_from) {
  Reference ref;
  std::vector<double> pos, neg;
  for (size_t i = 0; i < scores.size(); ++i) {
    ++ref.n;
    const bool predicted = scores[i] >= positive_from;
    if (outcomes[i]) {
      pos.push_back(scores[i]);
      ++ref.positives;
      (predicted ? ref.tp : ref.fn) += 1;
    } else {
      neg.push_back(scores[i]);
      (predicted ? ref.fp : ref.tn) += 1;
    }
    auto& bin = ref.calibration[scores[i] + 0.0];
    ++bin.first;
    bin.second += outcomes[i];
  }
  if (pos.empty() || neg.empty()) return ref;
  const auto psi = [](double x, double y) { return x > y ? 1.0 : x == y ? 0.5 : 0.0; };
  std::vector<double> v10(pos.size(), 0), v01(neg.size(), 0);
  double u = 0;
  for (size_t i = 0; i < pos.size(); ++i) {
    for (size_t j = 0; j < neg.size(); ++j) {
      const double s = psi(pos[i], neg[j]);
      u += s;
      v10[i] += s / static_cast<double>(neg.size());
      v01[j] += s / static_cast<double>(pos.size());
    }
  }
  const double auc = u / (static_cast<double>(pos.size()) * static_cast<double>(neg.size()));
  ref.auc = auc;
  if (pos.size() < 2 || neg.size() < 2) return ref;
  double s10 = 0, s01 = 0;
  for (double v : v10) s10 += (v - auc) * (v - auc);
  for (double v : v01) s01 += (v - auc) * (v - auc);
  s10 /= static_cast<double>(pos.size() - 1);
  s01 /= static_cast<double>(neg.size() - 1);
  ref.se = std::sqrt(s10 / static_cast<double>(pos.size()) + s01 / static_cast<double>(neg.size()));
  return ref;
}

void ExpectMatchesReference(const v1::GroupReport& report, const Reference& ref,
                            const std::string& context) {
  SCOPED_TRACE(context);
  EXPECT_EQ(static_cast<uint64_t>(report.n()), ref.n);
  EXPECT_EQ(static_cast<uint64_t>(report.positives()), ref.positives);
  EXPECT_EQ(static_cast<uint64_t>(report.true_positives()), ref.tp);
  EXPECT_EQ(static_cast<uint64_t>(report.false_positives()), ref.fp);
  EXPECT_EQ(static_cast<uint64_t>(report.true_negatives()), ref.tn);
  EXPECT_EQ(static_cast<uint64_t>(report.false_negatives()), ref.fn);
  EXPECT_EQ(report.has_false_positive_rate(), ref.fp + ref.tn > 0);
  if (ref.fp + ref.tn > 0) {
    EXPECT_EQ(report.false_positive_rate(),
              static_cast<double>(ref.fp) / static_cast<double>(ref.fp + ref.tn));
  }
  EXPECT_EQ(report.has_positive_predictive_value(), ref.tp + ref.fp > 0);
  EXPECT_EQ(report.has_auc(), ref.auc.has_value());
  // The reference sums halves, which doubles hold exactly at these sizes: the
  // two AUCs are the same division of the same integers.
  if (ref.auc) {
    EXPECT_EQ(report.auc(), *ref.auc);
  }
  EXPECT_EQ(report.has_auc_standard_error(), ref.se.has_value());
  if (ref.se) {
    EXPECT_NEAR(report.auc_standard_error(), *ref.se, 1e-12 + 1e-10 * *ref.se);
    EXPECT_NEAR(report.auc_lower(), std::max(0.0, *ref.auc - kZ95 * *ref.se), 1e-12);
    EXPECT_NEAR(report.auc_upper(), std::min(1.0, *ref.auc + kZ95 * *ref.se), 1e-12);
    EXPECT_LE(report.auc_lower(), report.auc());
    EXPECT_GE(report.auc_upper(), report.auc());
  }
  ASSERT_EQ(static_cast<size_t>(report.calibration_size()), ref.calibration.size());
  size_t b = 0;
  for (const auto& [score, counts] : ref.calibration) {
    const v1::CalibrationBin& bin = report.calibration(b++);
    EXPECT_EQ(bin.score(), score);
    EXPECT_EQ(static_cast<uint64_t>(bin.n()), counts.first);
    EXPECT_EQ(static_cast<uint64_t>(bin.positives()), counts.second);
  }
  // The ROC curve's trapezoids add up to the AUC (ties count one half).
  if (ref.auc) {
    double area = 0;
    for (int i = 1; i < report.roc_size(); ++i) {
      area += (report.roc(i).false_positive_rate() - report.roc(i - 1).false_positive_rate()) *
              (report.roc(i).true_positive_rate() + report.roc(i - 1).true_positive_rate()) / 2;
    }
    EXPECT_NEAR(area, *ref.auc, 1e-12);
  }
}

TEST(ValidateProperty, MatchesPairwiseReferenceOnGeneratedCohorts) {
  std::mt19937_64 rng(20240601);
  for (int trial = 0; trial < 300; ++trial) {
    const size_t n = std::uniform_int_distribution<size_t>(1, 250)(rng);
    const int groups = std::uniform_int_distribution<int>(0, 4)(rng);
    // Integer scores make ties common; continuous scores make them rare.
    const bool ties = trial % 3 != 0;
    std::vector<double> scores(n);
    std::vector<uint8_t> outcomes(n);
    std::vector<int32_t> group_index(groups > 0 ? n : 0);
    const double base = std::uniform_real_distribution<double>(0.02, 0.98)(rng);
    for (size_t i = 0; i < n; ++i) {
      scores[i] = ties ? std::uniform_int_distribution<int>(-3, 6)(rng)
                       : std::normal_distribution<double>(0, 2)(rng);
      if (trial % 7 == 0 && i % 5 == 0) scores[i] = -0.0;  // ties +0
      const double p = std::clamp(base + 0.05 * scores[i], 0.0, 1.0);
      outcomes[i] = std::bernoulli_distribution(p)(rng);
      if (groups > 0) group_index[i] = std::uniform_int_distribution<int>(0, groups - 1)(rng);
    }
    std::vector<std::string> names;
    for (int g = 0; g < groups; ++g) names.push_back(absl::StrCat("g", groups - g));
    ValidateOptions options;
    options.positive_from = ties ? 2 : 0.5;
    options.max_calibration_scores = 1000;
    auto report = ValidateColumns(scores, outcomes, group_index, names, options);
    ASSERT_TRUE(report.ok()) << report.status();
    // Rows counted per distinct score and rows sorted give one report.
    auto sorted = validate_internal::ValidateColumnsWith(scores, outcomes, group_index, names,
                                                         options, /*max_counted_scores=*/0);
    ASSERT_TRUE(sorted.ok()) << sorted.status();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*report, *sorted));
    // And so does a count that overflows part way.
    auto overflowed = validate_internal::ValidateColumnsWith(scores, outcomes, group_index, names,
                                                             options, /*max_counted_scores=*/3);
    ASSERT_TRUE(overflowed.ok()) << overflowed.status();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*report, *overflowed));
    ExpectMatchesReference(report->overall(), ReferenceOf(scores, outcomes, options.positive_from),
                           absl::StrCat("trial ", trial, " overall"));
    ASSERT_EQ(report->groups_size(), groups);
    for (const v1::GroupReport& group : report->groups()) {
      const int g =
          static_cast<int>(std::find(names.begin(), names.end(), group.group()) - names.begin());
      std::vector<double> s;
      std::vector<uint8_t> o;
      for (size_t i = 0; i < n; ++i) {
        if (group_index[i] == g) {
          s.push_back(scores[i]);
          o.push_back(outcomes[i]);
        }
      }
      ExpectMatchesReference(group, ReferenceOf(s, o, options.positive_from),
                             absl::StrCat("trial ", trial, " group ", group.group()));
    }
  }
}

TEST(ValidateProperty, RowsAndColumnsGiveTheSameReport) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 50; ++trial) {
    const size_t n = std::uniform_int_distribution<size_t>(1, 100)(rng);
    std::vector<Row> rows;
    std::vector<double> scores;
    std::vector<uint8_t> outcomes;
    std::vector<int32_t> index;
    const std::vector<std::string> names = {"z", "m", "a"};
    for (size_t i = 0; i < n; ++i) {
      const int g = std::uniform_int_distribution<int>(0, 2)(rng);
      rows.push_back({static_cast<double>(std::uniform_int_distribution<int>(1, 10)(rng)),
                      std::bernoulli_distribution(0.4)(rng), names[g]});
      scores.push_back(rows.back().score);
      outcomes.push_back(rows.back().outcome);
      index.push_back(g);
    }
    auto from_rows = Validate(RequestOf(rows, 5));
    ASSERT_TRUE(from_rows.ok()) << from_rows.status();
    ValidateOptions options;
    options.positive_from = 5;
    // Columns report every named group, rows only those present.
    std::vector<std::string> present;
    for (const auto& g : from_rows->groups()) present.push_back(g.group());
    std::vector<int32_t> remapped;
    for (int32_t g : index) {
      remapped.push_back(static_cast<int32_t>(std::find(present.begin(), present.end(), names[g]) -
                                              present.begin()));
    }
    auto from_columns = ValidateColumns(scores, outcomes, remapped, present, options);
    ASSERT_TRUE(from_columns.ok()) << from_columns.status();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*from_rows, *from_columns))
        << from_rows->DebugString() << "\n---\n"
        << from_columns->DebugString();
  }
}

// ---- Known answers -------------------------------------------------------------

TEST(ValidateKnown, PerfectScoreHasAucOne) {
  std::mt19937_64 rng(5);
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  for (int i = 0; i < 1000; ++i) {
    const bool outcome = std::bernoulli_distribution(0.3)(rng);
    scores.push_back(outcome ? 10 + i % 7 : i % 9);
    outcomes.push_back(outcome);
  }
  ValidateOptions options;
  options.positive_from = 10;
  auto report = ValidateColumns(scores, outcomes, {}, {}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->overall().auc(), 1.0);
  EXPECT_EQ(report->overall().auc_lower(), 1.0);
  EXPECT_EQ(report->overall().false_positive_rate(), 0);
  EXPECT_EQ(report->overall().false_negative_rate(), 0);
}

TEST(ValidateKnown, ConstantScoreHasAucOneHalf) {
  std::vector<double> scores(777, 3.0);
  std::vector<uint8_t> outcomes(777);
  for (size_t i = 0; i < outcomes.size(); ++i) outcomes[i] = i % 4 == 0;
  ValidateOptions options;
  options.positive_from = 3;
  auto report = ValidateColumns(scores, outcomes, {}, {}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->overall().auc(), 0.5);
  EXPECT_EQ(report->overall().false_positive_rate(), 1);
  ASSERT_EQ(report->overall().roc_size(), 2);
  EXPECT_EQ(report->overall().roc(1).false_positive_rate(), 1);
}

TEST(ValidateKnown, ReversedScoreHasAucZero) {
  ValidateOptions options;
  options.positive_from = 1;
  auto report = ValidateColumns(std::vector<double>{1, 2, 3, 4}, std::vector<uint8_t>{1, 1, 0, 0},
                                {}, {}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->overall().auc(), 0.0);
  EXPECT_EQ(report->overall().auc_lower(), 0.0);
}

// Two groups with the same score distribution within each outcome but
// different base rates: equal error rates (ratios exactly 1 between them),
// different predictive values. Group "low" has 100 positives and 300
// negatives, "high" 300 and 100; within each outcome the cells scale by 3.
TEST(ValidateKnown, EqualErrorRatesWithUnequalBaseRates) {
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  std::vector<int32_t> group;
  const auto add = [&](int g, double score, bool outcome, int count) {
    for (int i = 0; i < count; ++i) {
      scores.push_back(score);
      outcomes.push_back(outcome);
      group.push_back(g);
    }
  };
  // Positives: 70% score 8, 30% score 2; negatives: 20% score 8, 80% score 2.
  add(0, 8, true, 70), add(0, 2, true, 30), add(0, 8, false, 60), add(0, 2, false, 240);
  add(1, 8, true, 210), add(1, 2, true, 90), add(1, 8, false, 20), add(1, 2, false, 80);
  ValidateOptions options;
  options.positive_from = 5;
  const std::vector<std::string> names = {"low", "high"};
  auto report = ValidateColumns(scores, outcomes, group, names, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& low = GroupOf(*report, "low");
  const v1::GroupReport& high = GroupOf(*report, "high");
  EXPECT_EQ(low.false_positive_rate(), 0.2);
  EXPECT_EQ(high.false_positive_rate(), 0.2);
  EXPECT_DOUBLE_EQ(low.false_negative_rate(), 0.3);
  EXPECT_DOUBLE_EQ(high.false_negative_rate(), 0.3);
  EXPECT_EQ(low.false_positive_rate_ratio(), high.false_positive_rate_ratio());
  EXPECT_EQ(low.auc(), high.auc());
  // PPV: low 70 / 130, high 210 / 230 — balance of error rates, not of
  // predictive values (Chouldechova 2017).
  EXPECT_DOUBLE_EQ(low.positive_predictive_value(), 70.0 / 130);
  EXPECT_DOUBLE_EQ(high.positive_predictive_value(), 210.0 / 230);
}

// The reverse: calibrated within groups (each score has the same observed
// rate in both), unequal base rates, so unequal error rates.
TEST(ValidateKnown, CalibratedScoreWithUnequalBaseRatesHasUnequalErrorRates) {
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  std::vector<int32_t> group;
  const auto add = [&](int g, double score, int positives, int negatives) {
    for (int i = 0; i < positives + negatives; ++i) {
      scores.push_back(score);
      outcomes.push_back(i < positives);
      group.push_back(g);
    }
  };
  // Score 2 -> 20% observed, score 8 -> 60% observed, in both groups.
  add(0, 2, 60, 240), add(0, 8, 60, 40);   // group a: mostly low scores
  add(1, 2, 20, 80), add(1, 8, 180, 120);  // group b: mostly high scores
  ValidateOptions options;
  options.positive_from = 5;
  const std::vector<std::string> names = {"a", "b"};
  auto report = ValidateColumns(scores, outcomes, group, names, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& a = GroupOf(*report, "a");
  const v1::GroupReport& b = GroupOf(*report, "b");
  EXPECT_EQ(a.calibration(0).observed_rate(), b.calibration(0).observed_rate());
  EXPECT_EQ(a.calibration(1).observed_rate(), b.calibration(1).observed_rate());
  // a: FPR = 40 / 280, b: FPR = 120 / 200.
  EXPECT_DOUBLE_EQ(a.false_positive_rate(), 40.0 / 280);
  EXPECT_DOUBLE_EQ(b.false_positive_rate(), 120.0 / 200);
  EXPECT_DOUBLE_EQ(a.positive_predictive_value(), b.positive_predictive_value());
}

// The published check (DESIGN.md): ProPublica's two-year COMPAS data,
// compas-scores-two-years.csv of github.com/propublica/compas-analysis, with
// the filters of its notebook "Compas Analysis.ipynb" (days_b_screening_arrest
// within -30..30, is_recid != -1, c_charge_degree != "O", score_text !=
// "N/A"; 6,172 people). The counts below are that file's people per decile
// score and two_year_recid, by race (African-American as "Black", Caucasian
// as "White", every other race as "Other"); the decile totals of Black and
// White equal the notebook's xtabs(~ decile_score + race). ProPublica and
// later replications report, with predicted positive = decile 5 or more, an
// AUC of 0.71 and false positive rates of 0.423 (Black) and 0.220 (White).
TEST(ValidatePublished, ReproducesProPublicasCompasFigures) {
  // {no, yes} per decile 1..10.
  const int counts[3][10][2] = {
      {{280, 85},
       {241, 105},
       {173, 125},
       {179, 158},
       {165, 158},
       {131, 187},
       {134, 209},
       {86, 215},
       {88, 229},
       {37, 190}},
      {{477, 128},
       {221, 100},
       {156, 82},
       {145, 98},
       {109, 91},
       {67, 93},
       {45, 68},
       {24, 72},
       {22, 55},
       {15, 35}},
      {{252, 64},
       {96, 59},
       {74, 37},
       {51, 35},
       {28, 31},
       {23, 28},
       {19, 21},
       {8, 15},
       {10, 16},
       {7, 20}},
  };
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  std::vector<int32_t> groups;
  for (int g = 0; g < 3; ++g) {
    for (int decile = 1; decile <= 10; ++decile) {
      for (int outcome = 0; outcome < 2; ++outcome) {
        for (int i = 0; i < counts[g][decile - 1][outcome]; ++i) {
          scores.push_back(decile);
          outcomes.push_back(outcome);
          groups.push_back(g);
        }
      }
    }
  }
  ValidateOptions options;
  options.positive_from = 5;
  const std::vector<std::string> names = {"Black", "White", "Other"};
  auto report = ValidateColumns(scores, outcomes, groups, names, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->overall().n(), 6172);
  EXPECT_EQ(report->overall().positives(), 2809);  // the notebook's nrow(two_year_recid == 1)
  // 0.709789 (a pairwise O(n^2) count over the file gives the same).
  EXPECT_NEAR(report->overall().auc(), 0.710, 0.0005);
  EXPECT_NEAR(report->overall().auc(), 0.7097888, 1e-7);
  // Black: FP = 165 + 131 + 134 + 86 + 88 + 37 = 641, TN = 280 + 241 + 173 +
  // 179 = 873, FPR = 641 / 1514 = 0.42338.
  const v1::GroupReport& black = GroupOf(*report, "Black");
  EXPECT_EQ(black.false_positives(), 641);
  EXPECT_EQ(black.true_negatives(), 873);
  EXPECT_NEAR(black.false_positive_rate(), 0.423, 0.0005);
  // White: FP = 109 + 67 + 45 + 24 + 22 + 15 = 282, TN = 477 + 221 + 156 +
  // 145 = 999, FPR = 282 / 1281 = 0.22014.
  const v1::GroupReport& white = GroupOf(*report, "White");
  EXPECT_EQ(white.false_positives(), 282);
  EXPECT_EQ(white.true_negatives(), 999);
  EXPECT_NEAR(white.false_positive_rate(), 0.220, 0.0005);
}

TEST(ValidateColumns, ReportsNamedGroupsWithoutRows) {
  ValidateOptions options;
  options.positive_from = 1;
  const std::vector<std::string> names = {"present", "absent"};
  auto report = ValidateColumns(std::vector<double>{0, 1}, std::vector<uint8_t>{0, 1},
                                std::vector<int32_t>{0, 0}, names, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::GroupReport& absent = GroupOf(*report, "absent");
  EXPECT_EQ(absent.n(), 0);
  EXPECT_FALSE(absent.has_base_rate());
  EXPECT_EQ(UndefinedReason(absent, "base_rate"), "no rows in group 'absent'");
  EXPECT_EQ(UndefinedReason(absent, "auc"), "no rows in group 'absent'");
}

TEST(AucWithInterval, GivesTheExactMannWhitneyCount) {
  auto estimate = AucWithInterval(std::vector<double>{1, 2, 2, 3, 3, 4},
                                  std::vector<uint8_t>{0, 0, 1, 0, 1, 1});
  ASSERT_TRUE(estimate.ok()) << estimate.status();
  EXPECT_EQ(estimate->twice_mann_whitney_u, 14u);
  EXPECT_EQ(estimate->positives, 3u);
  EXPECT_EQ(estimate->auc, 7.0 / 9);
  EXPECT_DOUBLE_EQ(*estimate->standard_error, std::sqrt(7.0 / 162));
}

// ---- Bad input -----------------------------------------------------------------

void ExpectInvalid(const absl::Status& status, const std::string& field,
                   const std::string& message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ErrorField(status), field) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(message));
}

TEST(ValidateBadInput, RejectsScoresThatAreNotNumbers) {
  std::vector<Row> rows(20, {1, true, ""});
  rows[17].score = kNaN;
  ExpectInvalid(Validate(RequestOf(rows, 1)).status(), "rows[17].score",
                "rows[17].score: NaN is not a score");
  rows[17].score = kInf;
  ExpectInvalid(Validate(RequestOf(rows, 1)).status(), "rows[17].score", "Infinity is not a score");
  rows[17].score = -kInf;
  ExpectInvalid(Validate(RequestOf(rows, 1)).status(), "rows[17].score",
                "-Infinity is not a score");
  ValidateOptions options;
  options.positive_from = 1;
  ExpectInvalid(
      ValidateColumns(std::vector<double>{1, kNaN}, std::vector<uint8_t>{0, 1}, {}, {}, options)
          .status(),
      "scores[1]", "scores[1]: NaN is not a score");
  ExpectInvalid(AucWithInterval(std::vector<double>{kInf}, std::vector<uint8_t>{0}).status(),
                "scores[0]", "Infinity is not a score");
}

TEST(ValidateBadInput, RejectsAMissingOrNonFiniteThreshold) {
  v1::ValidateRequest request = RequestOf(TenPeople(), 5);
  request.clear_positive_from();
  ExpectInvalid(Validate(request).status(), "positive_from", "is required");
  request.set_positive_from(kNaN);
  ExpectInvalid(Validate(request).status(), "positive_from", "NaN is not a threshold");
  request.set_positive_from(-kInf);
  ExpectInvalid(Validate(request).status(), "positive_from", "-Infinity is not a threshold");
  ValidateOptions unset;  // positive_from defaults to NaN
  ExpectInvalid(
      ValidateColumns(std::vector<double>{1}, std::vector<uint8_t>{0}, {}, {}, unset).status(),
      "positive_from", "NaN is not a threshold");
}

TEST(ValidateBadInput, RejectsEmptyAndOverlongRequests) {
  ExpectInvalid(Validate(RequestOf({}, 1)).status(), "rows", "is empty");
  auto rows = TenPeople();
  ExpectInvalid(validate_internal::ValidateScoreRows(RequestOf(rows, 5), 9).status(), "rows",
                "10 rows; at most 9 per request");
  EXPECT_TRUE(validate_internal::ValidateScoreRows(RequestOf(rows, 5), 10).ok());
  ValidateOptions options;
  options.positive_from = 1;
  ExpectInvalid(ValidateColumns({}, {}, {}, {}, options).status(), "scores", "is empty");
  // The columnar limit is checked before any value is read.
  static const double kOne = 1;
  const absl::Span<const double> too_many(&kOne, kMaxValidationColumnRows + 1);
  ExpectInvalid(ValidateColumns(too_many, {}, {}, {}, options).status(), "scores",
                "2147483648 rows; at most 2147483647");
}

TEST(ValidateBadInput, RejectsMismatchedColumns) {
  ValidateOptions options;
  options.positive_from = 1;
  const std::vector<double> scores = {1, 2, 3};
  ExpectInvalid(ValidateColumns(scores, std::vector<uint8_t>{0, 1}, {}, {}, options).status(),
                "outcomes", "2 outcomes for 3 scores");
  const std::vector<uint8_t> outcomes = {0, 1, 0};
  const std::vector<std::string> names = {"a"};
  ExpectInvalid(
      ValidateColumns(scores, outcomes, std::vector<int32_t>{0, 0}, names, options).status(),
      "group_index", "2 group indices for 3 scores");
  ExpectInvalid(ValidateColumns(scores, outcomes, {}, names, options).status(), "group_index",
                "is empty, but 1 group names are given");
  ExpectInvalid(
      ValidateColumns(scores, outcomes, std::vector<int32_t>{0, 0, 0}, {}, options).status(),
      "group_names", "is empty, but group_index is given");
  ExpectInvalid(
      ValidateColumns(scores, outcomes, std::vector<int32_t>{0, 1, 0}, names, options).status(),
      "group_index[1]", "1 is not an index into group_names (0 to 0)");
  ExpectInvalid(
      ValidateColumns(scores, outcomes, std::vector<int32_t>{0, -1, 0}, names, options).status(),
      "group_index[1]", "-1 is not an index");
  ExpectInvalid(ValidateColumns(scores, std::vector<uint8_t>{0, 2, 0}, {}, {}, options).status(),
                "outcomes[1]", "2 is not 0 or 1");
  ExpectInvalid(AucWithInterval(scores, std::vector<uint8_t>{0}).status(), "outcomes",
                "1 outcomes for 3 scores");
}

TEST(ValidateBadInput, RejectsBadGroupNames) {
  ValidateOptions options;
  options.positive_from = 1;
  const std::vector<double> scores = {1, 2};
  const std::vector<uint8_t> outcomes = {0, 1};
  const std::vector<int32_t> index = {0, 1};
  ExpectInvalid(
      ValidateColumns(scores, outcomes, index, std::vector<std::string>{"a", "a"}, options)
          .status(),
      "group_names[1]", "'a' is also group_names[0]");
  ExpectInvalid(
      ValidateColumns(scores, outcomes, index, std::vector<std::string>{"a", ""}, options).status(),
      "group_names[1]", "is empty");
  ExpectInvalid(
      ValidateColumns(scores, outcomes, index, std::vector<std::string>{"a", "b\xff"}, options)
          .status(),
      "group_names[1]", "'b\\xff' is not valid UTF-8");
}

TEST(ValidateBadInput, RequiresEveryRowOrNoRowToHaveAGroup) {
  ExpectInvalid(Validate(RequestOf({{1, true, "a"}, {2, false, ""}}, 1)).status(), "rows[1].group",
                "is empty, but rows[0].group is 'a': label every row or none");
  ExpectInvalid(Validate(RequestOf({{1, true, ""}, {2, false, "b"}}, 1)).status(), "rows[1].group",
                "'b' is a label, but rows[0].group is empty");
  v1::ValidateRequest request = RequestOf({{1, true, "a"}, {2, false, "ok"}}, 1);
  request.mutable_rows(1)->set_group("\xc3\x28");
  ExpectInvalid(Validate(request).status(), "rows[1].group", "is not valid UTF-8");
}

TEST(ValidateBadInput, RejectsBadLevels) {
  const auto with_levels = [](std::vector<std::pair<std::string, double>> levels) {
    v1::ValidateRequest request = RequestOf(TenPeople(), 5);
    for (const auto& [level, min] : levels) {
      v1::ScoreLevel* out = request.add_levels();
      out->set_level(level);
      out->set_min(min);
    }
    return Validate(request).status();
  };
  ExpectInvalid(with_levels({{"low", 0}, {"", 5}}), "levels[1].level", "is required");
  ExpectInvalid(with_levels({{"low", 0}, {"low", 5}}), "levels[1].level",
                "'low' is also levels[0].level");
  ExpectInvalid(with_levels({{"low", 0}, {"high", kNaN}}), "levels[1].min", "NaN is not a score");
  ExpectInvalid(with_levels({{"low", 3}, {"high", 3}}), "levels[1].min",
                "3 is not above levels[0].min 3");
  // Score 1 (row 5) is below the lowest level.
  ExpectInvalid(with_levels({{"low", 2}, {"high", 6}}), "rows[5].score",
                "1 is below levels[0].min 2 (the lowest level)");
  std::vector<std::pair<std::string, double>> many;
  for (int i = 0; i <= kMaxCalibrationLevels; ++i) many.push_back({absl::StrCat("l", i), i});
  ExpectInvalid(with_levels(many), "levels", "1001 levels; at most 1000");
}

TEST(ValidateBadInput, RejectsNegativeLimits) {
  v1::ValidateRequest request = RequestOf(TenPeople(), 5);
  request.set_max_roc_points(-1);
  ExpectInvalid(Validate(request).status(), "max_roc_points", "-1 is negative");
  request.set_max_roc_points(0);
  request.set_max_calibration_scores(-2);
  ExpectInvalid(Validate(request).status(), "max_calibration_scores", "-2 is negative");
  ValidateOptions options;
  options.positive_from = 1;
  options.max_roc_points = 0;
  ExpectInvalid(
      ValidateColumns(std::vector<double>{1}, std::vector<uint8_t>{1}, {}, {}, options).status(),
      "max_roc_points", "0 is not a positive count");
}

TEST(ValidateBadInput, SendsAssessedRowsToTheInstrumentOverload) {
  v1::ValidateRequest request = RequestOf(TenPeople(), 5);
  request.add_assessed_rows();
  ExpectInvalid(Validate(request).status(), "assessed_rows", "needs the instrument");
}

}  // namespace
}  // namespace reentry
