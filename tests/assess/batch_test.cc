// Batch scoring from columns equals single scoring, row for row, for every
// builtin instrument, norm group and kernel variant; bad columns fail the
// call naming the column, item and row.

#include "reentry/assess/batch.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "assess/batch_internal.h"
#include "assess/compiled.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/status.h"
#include "test_util.h"
#include "toy_instrument.h"

namespace reentry {
namespace {

using testing::Builtin;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Random people for an instrument, held both as requests and as columns.
class Caseload {
 public:
  // With `large_rate`, answers to items without a maximum are that often a
  // large number (255 and up, to the largest int32), which the kernel must
  // read exactly although it keeps answers in bytes.
  Caseload(const Instrument& instrument, const std::string& group, size_t rows, uint32_t seed,
           double missing_rate, double large_rate = 0)
      : instrument_(instrument), group_(group), rng_(seed), large_rate_(large_rate) {
    const auto& definition = instrument.definition();
    const size_t items = definition.items_size();
    types_.resize(items);
    bool8_.resize(items);
    int32_.resize(items);
    float64_.resize(items);
    std::vector<std::vector<double>> values(items, std::vector<double>(rows));
    for (size_t i = 0; i < items; ++i) {
      const v1::Item& item = definition.items(i);
      types_[i] = PickType(item, missing_rate > 0);
      for (size_t r = 0; r < rows; ++r) values[i][r] = RandomValue(item);
    }
    requests_.resize(rows);
    for (size_t r = 0; r < rows; ++r) {
      // Drop answers at random, but keep every row scorable on its own: a row
      // single scoring refuses would fail the whole batch.
      std::vector<bool> missing(items, false);
      for (size_t i = 0; i < items; ++i) {
        missing[i] = missing_rate > 0 && std::bernoulli_distribution(missing_rate)(rng_);
      }
      requests_[r] = RequestFor(values, r, missing);
      if (!ScoreAssessment(instrument_, requests_[r]).ok()) {
        std::fill(missing.begin(), missing.end(), false);
        requests_[r] = RequestFor(values, r, missing);
      }
      for (size_t i = 0; i < items; ++i) {
        if (missing[i]) values[i][r] = kNaN;
      }
    }
    for (size_t i = 0; i < items; ++i) {
      for (double v : values[i]) {
        bool8_[i].push_back(static_cast<uint8_t>(std::isnan(v) ? 0 : v));
        int32_[i].push_back(std::isnan(v) ? kNotAnsweredInt32 : static_cast<int32_t>(v));
        float64_[i].push_back(v);
      }
    }
  }

  std::vector<Column> Columns() const {
    std::vector<Column> columns;
    const auto& definition = instrument_.definition();
    for (int i = 0; i < definition.items_size(); ++i) {
      const void* data = types_[i] == ColumnType::kBool8 ? bool8_[i].data()
                         : types_[i] == ColumnType::kInt32
                             ? static_cast<const void*>(int32_[i].data())
                             : float64_[i].data();
      columns.push_back({definition.items(i).id(), types_[i], data});
    }
    return columns;
  }

  const std::vector<v1::ScoreRequest>& requests() const { return requests_; }

 private:
  ColumnType PickType(const v1::Item& item, bool needs_missing) {
    const int pick = std::uniform_int_distribution<int>(0, 2)(rng_);
    switch (item.type()) {
      case v1::Item::TYPE_BOOLEAN:
        if (needs_missing) return pick == 0 ? ColumnType::kInt32 : ColumnType::kFloat64;
        return pick == 0   ? ColumnType::kBool8
               : pick == 1 ? ColumnType::kInt32
                           : ColumnType::kFloat64;
      case v1::Item::TYPE_CHOICE:
        return ColumnType::kInt32;
      default:
        return pick == 0 ? ColumnType::kFloat64 : ColumnType::kInt32;
    }
  }

  double RandomValue(const v1::Item& item) {
    switch (item.type()) {
      case v1::Item::TYPE_BOOLEAN:
        return std::bernoulli_distribution(0.5)(rng_);
      case v1::Item::TYPE_CHOICE:
        return std::uniform_int_distribution<int>(0, item.choices_size() - 1)(rng_);
      default: {
        if (large_rate_ > 0 && !item.has_max() && std::bernoulli_distribution(large_rate_)(rng_)) {
          constexpr double kLarge[] = {254, 255, 256, 1000, 32768, 40000, 65536, 2147483647};
          return kLarge[std::uniform_int_distribution<int>(0, 7)(rng_)];
        }
        const double lo = item.has_min() ? item.min() : 0;
        const double hi = item.has_max() ? item.max() : lo + 40;
        if (item.bands_size() == 0) {
          return std::floor(std::uniform_real_distribution<double>(lo, hi)(rng_));
        }
        // A band at random, then a value in it, so every band is exercised.
        const int band = std::uniform_int_distribution<int>(0, item.bands_size() - 1)(rng_);
        const double band_lo = std::max(lo, item.bands(band).min());
        const double band_hi = band + 1 < item.bands_size() ? item.bands(band + 1).min() - 1
                                                            : std::min(hi, band_lo + 10);
        return std::floor(std::uniform_real_distribution<double>(band_lo, band_hi + 1)(rng_));
      }
    }
  }

  v1::ScoreRequest RequestFor(const std::vector<std::vector<double>>& values, size_t row,
                              const std::vector<bool>& missing) const {
    v1::ScoreRequest request;
    request.set_norm_group(group_);
    const auto& definition = instrument_.definition();
    for (int i = 0; i < definition.items_size(); ++i) {
      if (missing[i]) continue;
      const v1::Item& item = definition.items(i);
      v1::ItemResponse* response = request.add_responses();
      response->set_item_id(item.id());
      const double v = values[i][row];
      if (item.type() == v1::Item::TYPE_BOOLEAN) {
        response->set_boolean(v != 0);
      } else if (item.type() == v1::Item::TYPE_CHOICE) {
        response->set_choice(item.choices(static_cast<int>(v)).id());
      } else {
        response->set_number(v);
      }
    }
    return request;
  }

  const Instrument& instrument_;
  std::string group_;
  std::mt19937 rng_;
  double large_rate_ = 0;
  std::vector<ColumnType> types_;
  std::vector<std::vector<uint8_t>> bool8_;
  std::vector<std::vector<int32_t>> int32_;
  std::vector<std::vector<double>> float64_;
  std::vector<v1::ScoreRequest> requests_;
};

struct Outputs {
  explicit Outputs(size_t rows, const v1::Scale& scale, const v1::ScaleNorm& norm)
      : raw(rows, -1), scaled(rows, -1), flag(rows, 9), level(rows, -9) {
    output.scale_id = scale.id();
    output.raw_score = raw.data();
    if (norm.scaled_size() > 0) output.scaled_score = scaled.data();
    if (norm.has_flag_at()) output.flag = flag.data();
    if (scale.levels_size() > 0) output.level = level.data();
  }
  std::vector<double> raw;
  std::vector<int32_t> scaled;
  std::vector<uint8_t> flag;
  std::vector<int32_t> level;
  ScaleOutput output;
};

// Scores every scale (or only scale `only_scale`) of random people in one
// batch call with each kernel variant, and checks each row against single
// scoring.
void ExpectBatchEqualsSingle(const Instrument& instrument, const std::string& group, size_t rows,
                             uint32_t seed, double missing_rate, double large_rate = 0,
                             int only_scale = -1) {
  Caseload caseload(instrument, group, rows, seed, missing_rate, large_rate);
  const auto& definition = instrument.definition();
  for (const auto* ops : assess_internal::AvailableKernelOps()) {
    SCOPED_TRACE(ops->name);
    std::vector<std::unique_ptr<Outputs>> outputs;
    std::vector<ScaleOutput> requested;
    for (const auto& scale : definition.scales()) {
      const v1::ScaleNorm* norm = &scale.norms(0);
      for (const auto& candidate : scale.norms()) {
        for (const auto& g : candidate.norm_groups()) {
          if (g == group) norm = &candidate;
        }
      }
      outputs.push_back(std::make_unique<Outputs>(rows, scale, *norm));
      if (only_scale < 0 || &scale == &definition.scales(only_scale)) {
        requested.push_back(outputs.back()->output);
      }
    }
    const auto columns = caseload.Columns();
    const absl::Status status =
        assess_internal::ScoreColumnsWith(*ops, instrument, columns, rows, requested, {group});
    ASSERT_TRUE(status.ok()) << status;
    for (size_t r = 0; r < rows; ++r) {
      auto single = ScoreAssessment(instrument, caseload.requests()[r]);
      ASSERT_TRUE(single.ok()) << single.status();
      for (int s = 0; s < definition.scales_size(); ++s) {
        if (only_scale >= 0 && s != only_scale) continue;
        const v1::ScaleResult& expected = single->scales(s);
        const Outputs& got = *outputs[s];
        ASSERT_EQ(got.raw[r], expected.raw_score())
            << "row " << r << " scale " << expected.scale_id();
        if (expected.has_scaled_score()) {
          ASSERT_EQ(got.scaled[r], expected.scaled_score()) << r;
        }
        if (expected.has_flag()) {
          ASSERT_EQ(got.flag[r], expected.flag() ? 1 : 0) << r;
        }
        if (!expected.level().empty()) {
          ASSERT_EQ(got.level[r], expected.level_index()) << r;
        }
      }
    }
  }
}

TEST(BatchScoring, EqualsSingleScoringForPsaOnOneHundredThousandPeople) {
  ExpectBatchEqualsSingle(*Builtin("psa"), "", 100'000, 1, 0);
}

TEST(BatchScoring, EqualsSingleScoringForPatternMen) {
  ExpectBatchEqualsSingle(*Builtin("pattern"), "male", 100'000, 2, 0);
}

TEST(BatchScoring, EqualsSingleScoringForPatternWomen) {
  ExpectBatchEqualsSingle(*Builtin("pattern"), "female", 100'000, 3, 0);
}

TEST(BatchScoring, EqualsSingleScoringForTheNeedsScreenWithMissingAnswers) {
  ExpectBatchEqualsSingle(*Builtin("reentry_needs_screen"), "", 100'000, 4, 0.05);
}

TEST(BatchScoring, EqualsSingleScoringWhenProratingTheToyInstrument) {
  auto toy = Instrument::ParseText(testing::kToyInstrument, "toy");
  ASSERT_TRUE(toy.ok()) << toy.status();
  ExpectBatchEqualsSingle(**toy, "", 20'000, 5, 0.2);
}

TEST(BatchScoring, ReadsLargeCountsExactly) {
  // Counts of 255 and more are saturated to a byte in the kernel and then
  // looked at again; 32,768 and up once came out as 0 in the AVX2 kernel.
  ExpectBatchEqualsSingle(*Builtin("psa"), "", 20'000, 7, 0, 0.1);
}

// A CHOICE item with choices `prefix`0 .. `prefix`n-1, as textproto.
std::string ChoiceItem(absl::string_view id, absl::string_view text, absl::string_view prefix,
                       int n) {
  std::string item =
      absl::StrCat("items { id: \"", id, "\" type: TYPE_CHOICE text: \"", text, "\"");
  for (int i = 0; i < n; ++i) {
    absl::StrAppend(&item, " choices { id: \"", prefix, i, "\" label: \"", i, "\" }");
  }
  return item + " }";
}

// Scores that need 16 and 32 bits, answers below zero and bands above 255
// (read as int32, not bytes), a choice with more than 16 answers (steps, not
// a table), raw scores spanning more than 16 values (outputs by steps), and
// levels from scaled scores.
std::string WideInstrument() {
  return absl::StrCat(R"pb(
                        id: "wide"
                        version: "1.0"
                        title: "Wide screen"
                        items {
                          id: "balance"
                          type: TYPE_NUMBER
                          text: "Account balance?"
                          min: -5000
                          max: 5000
                          whole_number: true
                          bands { id: "deep" label: "deep" min: -5000 }
                          bands { id: "owed" label: "owed" min: -100 }
                          bands { id: "even" label: "even" min: 0 }
                          bands { id: "some" label: "some" min: 300 }
                          bands { id: "plenty" label: "plenty" min: 1000 }
                        }
                        items {
                          id: "days"
                          type: TYPE_COUNT
                          text: "Days since release?"
                          bands { id: "week" label: "week" min: 0 }
                          bands { id: "month" label: "month" min: 7 }
                          bands { id: "season" label: "season" min: 30 }
                          bands { id: "long" label: "long" min: 200 }
                        }
                        items { id: "housed" type: TYPE_BOOLEAN text: "Housed?" }
                      )pb",
                      ChoiceItem("county", "County?", "c", 18), R"pb(
    scales {
      id: "byte"
      purpose: PURPOSE_RISK
      title: "Byte-sized, wide raw range"
      flag_label: "Flagged"
      levels { id: "low" tier: TIER_LOW }
      levels { id: "high" tier: TIER_HIGH }
      norms {
        points {
          id: "deep"
          points: 9
          when { item_id: "balance" answers: "deep" }
        }
        points {
          id: "long"
          points: 10
          when { item_id: "days" answers: "long" }
        }
        points {
          id: "season"
          points: 4
          when { item_id: "days" answers: "season" }
        }
        points {
          id: "far"
          points: 8
          when {
            item_id: "county"
            answers: [ "c16", "c17" ]
          }
        }
        points {
          id: "near"
          points: -3
          when { item_id: "county" answers: "c2" }
        }
        points {
          id: "unhoused_long"
          points: 5
          when { item_id: "housed" answers: "no" }
          when { item_id: "days" answers: "long" }
        }
        level_basis: LEVEL_BASIS_RAW_SCORE
        cut_points { level: "low" min: -3 }
        cut_points { level: "high" min: 12 }
        flag_at: 20
      }
    }
    scales {
      id: "short"
      purpose: PURPOSE_RISK
      title: "16-bit"
      flag_label: "Flagged"
      levels { id: "low" tier: TIER_LOW }
      levels { id: "mid" }
      levels { id: "high" tier: TIER_HIGH }
      norms {
        points {
          id: "deep"
          points: 100
          when { item_id: "balance" answers: "deep" }
        }
        points {
          id: "owed"
          points: 60
          when { item_id: "balance" answers: "owed" }
        }
        points {
          id: "plenty"
          points: -40
          when { item_id: "balance" answers: "plenty" }
        }
        points {
          id: "long"
          points: 50
          when { item_id: "days" answers: "long" }
        }
        points {
          id: "far_or_unhoused"
          points: 25
          when_any { item_id: "county" answers: "c17" }
          when_any { item_id: "housed" answers: "no" }
        }
        scaled { min: -40 max: -1 scaled: 0 }
        scaled { min: 0 max: 99 scaled: 150 }
        scaled { min: 100 max: 175 scaled: 300 }
        level_basis: LEVEL_BASIS_SCALED_SCORE
        cut_points { level: "low" min: 0 }
        cut_points { level: "mid" min: 150 }
        cut_points { level: "high" min: 300 }
        flag_at: 110
      }
    }
    scales {
      id: "long"
      purpose: PURPOSE_RISK
      title: "32-bit"
      flag_label: "Flagged"
      levels { id: "low" tier: TIER_LOW }
      levels { id: "high" tier: TIER_HIGH }
      norms {
        points {
          id: "housed"
          points: 20000
          when { item_id: "housed" answers: "yes" }
        }
        points {
          id: "c5"
          points: 15000
          when { item_id: "county" answers: "c5" }
        }
        points {
          id: "plenty"
          points: -30000
          when { item_id: "balance" answers: "plenty" }
        }
        level_basis: LEVEL_BASIS_RAW_SCORE
        cut_points { level: "low" min: -30000 }
        cut_points { level: "high" min: 20000 }
        flag_at: 35000
      }
    }
  )pb");
}

TEST(BatchScoring, EqualsSingleScoringForWideScoresAndAnswers) {
  auto wide = Instrument::ParseText(WideInstrument(), "wide");
  ASSERT_TRUE(wide.ok()) << wide.status();
  const auto& compiled = assess_internal::Compiled(**wide);
  // The instrument exercises what it says: 8-, 16- and 32-bit scores.
  ASSERT_EQ(compiled.kernels[0].scales[0].width, 1);
  ASSERT_EQ(compiled.kernels[0].scales[1].width, 2);
  ASSERT_EQ(compiled.kernels[0].scales[2].width, 4);
  ExpectBatchEqualsSingle(**wide, "", 20'000, 8, 0, 0.1);
}

// Rules the kernel reads as table lookups of a few items' joint code, and
// rules it cannot: age, violent and pending are joined by two rules and need 5
// bits together; county needs 5 bits alone. District (4 bits), program (3)
// and priors (2) with employed and housed (1 each, joined by a rule) fit.
std::string GroupedInstrument() {
  return absl::StrCat(R"pb(
                        id: "grouped"
                        version: "1.0"
                        title: "Grouped rules"
                        items {
                          id: "age"
                          type: TYPE_NUMBER
                          text: "Age?"
                          min: 18
                          max: 90
                          whole_number: true
                          bands { id: "young" label: "young" min: 18 }
                          bands { id: "adult" label: "adult" min: 21 }
                          bands { id: "middle" label: "middle" min: 30 }
                          bands { id: "older" label: "older" min: 45 }
                          bands { id: "senior" label: "senior" min: 60 }
                        }
                        items { id: "violent" type: TYPE_BOOLEAN text: "Violent offense?" }
                        items { id: "pending" type: TYPE_BOOLEAN text: "Pending charge?" }
                        items {
                          id: "priors"
                          type: TYPE_COUNT
                          text: "Prior convictions?"
                          bands { id: "none" label: "none" min: 0 }
                          bands { id: "one" label: "one" min: 1 }
                          bands { id: "two" label: "two" min: 2 }
                          bands { id: "many" label: "many" min: 3 }
                        }
                      )pb",
                      ChoiceItem("district", "District?", "d", 16), R"pb(
                      )pb",
                      ChoiceItem("program", "Program?", "p", 5), R"pb(
                        items { id: "employed" type: TYPE_BOOLEAN text: "Employed?" }
                        items { id: "housed" type: TYPE_BOOLEAN text: "Housed?" }
                      )pb",
                      ChoiceItem("county", "County?", "c", 18), R"pb(
    scales {
      id: "byte"
      purpose: PURPOSE_RISK
      title: "Byte-sized"
      flag_label: "Flagged"
      levels { id: "low" tier: TIER_LOW }
      levels { id: "high" tier: TIER_HIGH }
      norms {
        points {
          id: "young"
          points: 3
          when { item_id: "age" answers: "young" }
        }
        points {
          id: "two_plus"
          points: 2
          when {
            item_id: "priors"
            answers: [ "two", "many" ]
          }
        }
        points {
          id: "district_mid"
          points: 1
          when {
            item_id: "district"
            answers: [ "d3", "d4", "d5", "d6", "d7" ]
          }
        }
        points {
          id: "district_12"
          points: -2
          when { item_id: "district" answers: "d12" }
        }
        points {
          id: "program_odd"
          points: 2
          when {
            item_id: "program"
            answers: [ "p1", "p3" ]
          }
        }
        points {
          id: "violent_pending"
          points: 2
          when { item_id: "violent" answers: "yes" }
          when { item_id: "pending" answers: "yes" }
        }
        points {
          id: "young_violent"
          points: 1
          when { item_id: "age" answers: "young" }
          when { item_id: "violent" answers: "yes" }
        }
        points {
          id: "employed_or_housed"
          points: -1
          when_any { item_id: "employed" answers: "yes" }
          when_any { item_id: "housed" answers: "yes" }
        }
        points {
          id: "employed"
          points: 2
          when { item_id: "employed" answers: "yes" }
        }
        points {
          id: "county_far"
          points: 4
          when {
            item_id: "county"
            answers: [ "c16", "c17" ]
          }
        }
        scaled { min: -3 max: 2 scaled: 1 }
        scaled { min: 3 max: 7 scaled: 2 }
        scaled { min: 8 max: 17 scaled: 3 }
        level_basis: LEVEL_BASIS_RAW_SCORE
        cut_points { level: "low" min: -3 }
        cut_points { level: "high" min: 6 }
        flag_at: 10
      }
    }
    scales {
      id: "wide"
      purpose: PURPOSE_RISK
      title: "16-bit, on grouped items"
      flag_label: "Flagged"
      levels { id: "low" tier: TIER_LOW }
      levels { id: "high" tier: TIER_HIGH }
      norms {
        points {
          id: "district_9"
          points: 200
          when { item_id: "district" answers: "d9" }
        }
        points {
          id: "employed_housed"
          points: 150
          when { item_id: "employed" answers: "yes" }
          when { item_id: "housed" answers: "yes" }
        }
        points {
          id: "priors_many"
          points: 100
          when { item_id: "priors" answers: "many" }
        }
        level_basis: LEVEL_BASIS_RAW_SCORE
        cut_points { level: "low" min: 0 }
        cut_points { level: "high" min: 200 }
        flag_at: 300
      }
    }
  )pb");
}

TEST(BatchScoring, EqualsSingleScoringForRulesReadAsGroupLookups) {
  auto grouped = Instrument::ParseText(GroupedInstrument(), "grouped");
  ASSERT_TRUE(grouped.ok()) << grouped.status();
  // The instrument exercises what it says: three groups (district; program;
  // priors with employed and housed), three lookups and four terms left.
  const assess_internal::KernelProgram& kernel = assess_internal::Compiled(**grouped).kernels[0];
  ASSERT_EQ(kernel.groups.size(), 3u);
  ASSERT_EQ(kernel.groups[2].slots.size(), 3u);
  ASSERT_EQ(kernel.scales[0].width, 1);
  EXPECT_EQ(kernel.scales[0].lookups.size(), 3u);
  EXPECT_EQ(kernel.scales[0].ungrouped_terms.size(), 4u);
  ASSERT_EQ(kernel.scales[1].width, 2);
  ExpectBatchEqualsSingle(**grouped, "", 20'000, 11, 0);
  ExpectBatchEqualsSingle(**grouped, "", 5'000, 12, 0.05);
  // Each scale alone: the kernel reads only the groups it needs.
  ExpectBatchEqualsSingle(**grouped, "", 5'000, 13, 0, 0, 0);
  ExpectBatchEqualsSingle(**grouped, "", 5'000, 14, 0, 0, 1);
}

TEST(BatchScoring, HandlesBlockEdgesAndEmptyInput) {
  for (size_t rows : {0, 1, 63, 64, 65, 127, 128, 129, 511, 512, 513, 1025}) {
    SCOPED_TRACE(rows);
    ExpectBatchEqualsSingle(*Builtin("psa"), "", rows, 6 + rows, 0);
  }
}

// ---- Threads -----------------------------------------------------------------

// A PSA caseload large enough for several threads, with a deterministic mix of
// answers.
struct PsaCaseload {
  explicit PsaCaseload(size_t rows) : age(rows), counts(rows), flags(rows) {
    for (size_t r = 0; r < rows; ++r) {
      age[r] = 18 + static_cast<int32_t>((r * 7) % 60);
      counts[r] = static_cast<int32_t>((r * 13) % 5);
      flags[r] = static_cast<uint8_t>((r * 31) % 3 == 0);
    }
  }
  std::vector<Column> Columns(const Instrument& psa) const {
    std::vector<Column> columns;
    for (const auto& item : psa.definition().items()) {
      if (item.type() == v1::Item::TYPE_BOOLEAN) {
        columns.push_back({item.id(), ColumnType::kBool8, flags.data()});
      } else if (item.id() == "age_at_current_arrest") {
        columns.push_back({item.id(), ColumnType::kInt32, age.data()});
      } else {
        columns.push_back({item.id(), ColumnType::kInt32, counts.data()});
      }
    }
    return columns;
  }
  std::vector<int32_t> age, counts;
  std::vector<uint8_t> flags;
};

TEST(BatchThreads, GiveTheResultsOfOneThread) {
  const auto psa = Builtin("psa");
  const size_t rows = 3 * kMinRowsPerThread + 517;  // blocks that are not whole tiles
  const PsaCaseload caseload(rows);
  const auto columns = caseload.Columns(*psa);
  std::vector<double> raw1(rows), raw(rows);
  std::vector<int32_t> scaled1(rows), scaled(rows);
  std::vector<uint8_t> flag1(rows), flag(rows);
  ASSERT_TRUE(ScoreColumns(*psa, columns, rows,
                           {{"nca", raw1.data(), scaled1.data(), nullptr, nullptr},
                            {"nvca", nullptr, nullptr, flag1.data(), nullptr}})
                  .ok());
  for (int threads : {2, 3, 8, kAllThreads}) {
    SCOPED_TRACE(threads);
    std::fill(raw.begin(), raw.end(), -1);
    BatchOptions options;
    options.threads = threads;
    ASSERT_TRUE(ScoreColumns(*psa, columns, rows,
                             {{"nca", raw.data(), scaled.data(), nullptr, nullptr},
                              {"nvca", nullptr, nullptr, flag.data(), nullptr}},
                             options)
                    .ok());
    EXPECT_EQ(raw, raw1);
    EXPECT_EQ(scaled, scaled1);
    EXPECT_EQ(flag, flag1);
  }
}

TEST(BatchThreads, ReportTheFirstBadRowInRowOrder) {
  const auto psa = Builtin("psa");
  const size_t rows = 4 * kMinRowsPerThread;
  PsaCaseload caseload(rows);
  caseload.counts[rows - 10] = -2;              // in the last thread's block
  caseload.counts[kMinRowsPerThread + 5] = -1;  // in the second's
  const auto columns = caseload.Columns(*psa);
  std::vector<double> raw(rows);
  BatchOptions options;
  options.threads = 4;
  const absl::Status status =
      ScoreColumns(*psa, columns, rows, {{"nca", raw.data(), nullptr, nullptr, nullptr}}, options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(absl::StrCat("row ", kMinRowsPerThread + 5, ": ")));
  options.threads = -2;
  EXPECT_EQ(ErrorField(ScoreColumns(*psa, columns, rows,
                                    {{"nca", raw.data(), nullptr, nullptr, nullptr}}, options)),
            "threads");
}

// ---- Bad calls ---------------------------------------------------------------

class PsaColumns : public ::testing::Test {
 protected:
  PsaColumns() : psa_(Builtin("psa")) {
    age_ = {30, 40, 19};
    counts_ = {0, 1, 2};
    flags_ = {0, 1, 0};
    for (const auto& item : psa_->definition().items()) {
      if (item.type() == v1::Item::TYPE_BOOLEAN) {
        columns_.push_back({item.id(), ColumnType::kBool8, flags_.data()});
      } else if (item.id() == "age_at_current_arrest") {
        columns_.push_back({item.id(), ColumnType::kInt32, age_.data()});
      } else {
        columns_.push_back({item.id(), ColumnType::kInt32, counts_.data()});
      }
    }
    outputs_ = {{"nca", raw_.data(), scaled_.data(), nullptr, nullptr}};
  }

  absl::Status Run() { return ScoreColumns(*psa_, columns_, 3, outputs_); }

  void ExpectInvalid(const std::string& field, const std::string& message) {
    const absl::Status status = Run();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_EQ(ErrorField(status), field) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr(message));
  }

  std::shared_ptr<const Instrument> psa_;
  std::vector<int32_t> age_, counts_;
  std::vector<uint8_t> flags_;
  std::vector<Column> columns_;
  std::vector<double> raw_ = std::vector<double>(3);
  std::vector<int32_t> scaled_ = std::vector<int32_t>(3);
  std::vector<ScaleOutput> outputs_;
};

TEST_F(PsaColumns, ScoresValidColumns) {
  ASSERT_TRUE(Run().ok());
  // Row 1: pending, felony, fta_older... all booleans yes; 1 violent conviction,
  // 1 recent FTA, age 40: NCA 3+1+1+1+1+2 = 9 -> 6.
  EXPECT_EQ(raw_[1], 9);
  EXPECT_EQ(scaled_[1], 6);
  // Row 2: age 19 (+2), 2 violent convictions (+1), 2 recent FTAs (+2) = 5 -> 4.
  EXPECT_EQ(raw_[2], 5);
  EXPECT_EQ(scaled_[2], 4);
}

TEST_F(PsaColumns, NamesTheItemAndRowOfANegativeCount) {
  counts_[2] = -1;
  ExpectInvalid("columns[5]",
                "row 2: columns[5]: item 'prior_violent_convictions': count -1 is negative");
}

TEST_F(PsaColumns, NamesTheRowOfAnImpossibleAge) {
  age_[1] = 3;
  ExpectInvalid("columns[0]",
                "row 1: columns[0]: item 'age_at_current_arrest': 3 is below the minimum 18");
}

TEST_F(PsaColumns, RejectsABooleanThatIsNotZeroOrOne) {
  flags_[0] = 2;
  ExpectInvalid("columns[1]", "row 0: columns[1]: item 'current_violent_offense': 2 is not 0 or 1");
}

TEST_F(PsaColumns, RejectsAnAnswerMissingWhereTheInstrumentRequiresIt) {
  age_[2] = kNotAnsweredInt32;
  ExpectInvalid("columns[0]", "row 2: item 'age_at_current_arrest' is not answered");
}

TEST_F(PsaColumns, RejectsAMissingColumn) {
  columns_.erase(columns_.begin() + 2);
  ExpectInvalid("columns", "no column for item 'pending_charge'");
}

TEST_F(PsaColumns, RejectsUnknownAndDuplicateColumns) {
  columns_[3].item_id = "shoe_size";
  ExpectInvalid("columns[3].item_id", "unknown item 'shoe_size'");
  columns_[3].item_id = "pending_charge";
  ExpectInvalid("columns[3].item_id", "item 'pending_charge' has two columns (also columns[2])");
}

TEST_F(PsaColumns, RejectsAColumnOfTheWrongTypeOrWithoutData) {
  columns_[5].type = ColumnType::kBool8;
  ExpectInvalid("columns[5].type",
                "item 'prior_violent_convictions' is COUNT and cannot be read from a BOOL8 column");
  columns_[5].type = static_cast<ColumnType>(7);
  ExpectInvalid("columns[5].type", "column type 7");
  columns_[5].type = ColumnType::kInt32;
  columns_[5].data = nullptr;
  ExpectInvalid("columns[5].data", "is NULL");
}

TEST_F(PsaColumns, RejectsOutputsTheScaleDoesNotDefine) {
  std::vector<uint8_t> flag(3);
  std::vector<int32_t> level(3);
  outputs_[0].flag = flag.data();
  ExpectInvalid("outputs[0].flag", "scale 'nca' has no flag");
  outputs_[0] = {"nvca", nullptr, scaled_.data(), nullptr, nullptr};
  ExpectInvalid("outputs[0].scaled_score", "scale 'nvca' has no scaled scores");
  outputs_[0] = {"fta", nullptr, nullptr, nullptr, level.data()};
  ExpectInvalid("outputs[0].level", "scale 'fta' has no levels");
  outputs_[0] = {"vibes", nullptr, nullptr, nullptr, nullptr};
  ExpectInvalid("outputs[0].scale_id", "unknown scale 'vibes'");
}

TEST(BatchScoring, NeedsTheNormGroupOfPattern) {
  const absl::Status status = ScoreColumns(*Builtin("pattern"), {}, 0, {});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(status), "norm_group");
}

TEST(BatchScoring, ReportsTheRowThatCannotBeProrated) {
  auto toy = Instrument::ParseText(testing::kToyInstrument, "toy");
  ASSERT_TRUE(toy.ok());
  // Row 1 misses jobs_held and employed: the risk scale allows one missing item.
  std::vector<int32_t> housing = {0, 0}, age = {30, 30};
  std::vector<double> jobs = {1, kNaN}, employed = {1, kNaN};
  std::vector<Column> columns = {{"housing_status", ColumnType::kInt32, housing.data()},
                                 {"jobs_held", ColumnType::kFloat64, jobs.data()},
                                 {"employed", ColumnType::kFloat64, employed.data()},
                                 {"age", ColumnType::kInt32, age.data()}};
  std::vector<double> raw(2);
  std::vector<ScaleOutput> outputs = {{"risk", raw.data(), nullptr, nullptr, nullptr}};
  const absl::Status status = ScoreColumns(**toy, columns, 2, outputs);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("row 1: responses: scale 'risk'"));
}

TEST(BatchScoring, NamesItsKernel) {
  EXPECT_THAT(std::string(BatchKernelName()), ::testing::StartsWith("kernel_"));
}

}  // namespace
}  // namespace reentry
