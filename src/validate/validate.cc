// Validation of a risk instrument on a cohort: checking the request, turning
// rows (or assessed rows, scored in a batch) into columns, one sort, and two
// passes over the sorted rows that fill the report.

#include "reentry/validate/validate.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "reentry/assess/batch.h"
#include "reentry/assess/scorer.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"
#include "util/status.h"
#include "validate/statistics.h"
#include "validate/validate_internal.h"

namespace reentry {
namespace {

using internal::InvalidField;
using validate_internal::AucFromSums;
using validate_internal::AucResult;
using validate_internal::ForEachTieBlock;
using validate_internal::OrderedKey;
using validate_internal::RankSums;
using validate_internal::ScoreOfKey;
using validate_internal::SortRecord;

// A number in an error message; NaN and infinities as JSON spells them.
std::string NumberText(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return internal::FormatNumber(value);
}

bool IsValidUtf8(absl::string_view text) { return internal::ValidUtf8(text) == text; }

// Rows are counted per distinct score instead of sorted while there are at
// most this many distinct scores and their counters fit in this many
// (8 MiB).
constexpr size_t kMaxCountedScores = 4096;
constexpr size_t kCountedScoreCounters = size_t{1} << 20;

// Where the rows of a call come from, for naming them in errors.
enum class RowSource { kRows, kColumns, kAssessedRows };

std::string ScoreField(RowSource source, size_t row) {
  switch (source) {
    case RowSource::kRows:
      return absl::StrCat("rows[", row, "].score");
    case RowSource::kColumns:
      return absl::StrCat("scores[", row, "]");
    default:
      return absl::StrCat("assessed_rows[", row, "]");
  }
}

// The settings of a call, checked.
struct Settings {
  double positive_from = 0;
  std::vector<CalibrationLevel> levels;
  int max_roc_points = kDefaultMaxRocPoints;
  int max_calibration_scores = kDefaultMaxCalibrationScores;
  // Rows are counted per distinct score up to this many distinct scores
  // (0: always sorted).
  size_t max_counted_scores = kMaxCountedScores;
};

absl::Status CheckThreshold(double positive_from) {
  if (!std::isfinite(positive_from)) {
    return InvalidField("positive_from", NumberText(positive_from),
                        " is not a threshold: predicted positive when score >= positive_from, a "
                        "finite number");
  }
  return absl::OkStatus();
}

absl::Status CheckLevels(absl::Span<const CalibrationLevel> levels) {
  if (levels.size() > static_cast<size_t>(kMaxCalibrationLevels)) {
    return InvalidField("levels", levels.size(), " levels; at most ", kMaxCalibrationLevels);
  }
  absl::flat_hash_map<absl::string_view, size_t> seen;
  for (size_t i = 0; i < levels.size(); ++i) {
    const CalibrationLevel& level = levels[i];
    const std::string field = absl::StrCat("levels[", i, "]");
    if (level.level.empty()) return InvalidField(field + ".level", "is required");
    if (!IsValidUtf8(level.level)) {
      return InvalidField(field + ".level", internal::Quoted(internal::ValidUtf8(level.level)),
                          " is not valid UTF-8");
    }
    const auto [it, inserted] = seen.emplace(level.level, i);
    if (!inserted) {
      return InvalidField(field + ".level", internal::Quoted(level.level), " is also levels[",
                          it->second, "].level");
    }
    if (!std::isfinite(level.min)) {
      return InvalidField(field + ".min", NumberText(level.min), " is not a score");
    }
    if (i > 0 && !(level.min > levels[i - 1].min)) {
      return InvalidField(field + ".min", NumberText(level.min), " is not above levels[", i - 1,
                          "].min ", NumberText(levels[i - 1].min),
                          ": levels ascend strictly by min");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Settings> CheckOptions(const ValidateOptions& options) {
  if (auto s = CheckThreshold(options.positive_from); !s.ok()) return s;
  if (auto s = CheckLevels(options.levels); !s.ok()) return s;
  if (options.max_roc_points <= 0) {
    return InvalidField("max_roc_points", options.max_roc_points, " is not a positive count");
  }
  if (options.max_calibration_scores <= 0) {
    return InvalidField("max_calibration_scores", options.max_calibration_scores,
                        " is not a positive count");
  }
  Settings settings;
  settings.positive_from = options.positive_from;
  settings.levels = options.levels;
  settings.max_roc_points = options.max_roc_points;
  settings.max_calibration_scores = options.max_calibration_scores;
  return settings;
}

// The settings of a request (the fields both paths share).
absl::StatusOr<Settings> SettingsOf(const v1::ValidateRequest& request) {
  if (!request.has_positive_from()) {
    return InvalidField("positive_from",
                        "is required: a person is predicted positive when score >= positive_from");
  }
  if (request.max_roc_points() < 0) {
    return InvalidField("max_roc_points", request.max_roc_points(),
                        " is negative (0 means the default, ", kDefaultMaxRocPoints, ")");
  }
  if (request.max_calibration_scores() < 0) {
    return InvalidField("max_calibration_scores", request.max_calibration_scores(),
                        " is negative (0 means the default, ", kDefaultMaxCalibrationScores, ")");
  }
  ValidateOptions options;
  options.positive_from = request.positive_from();
  options.levels.reserve(request.levels_size());
  for (const v1::ScoreLevel& level : request.levels()) {
    options.levels.push_back({level.level(), level.min()});
  }
  if (request.max_roc_points() > 0) options.max_roc_points = request.max_roc_points();
  if (request.max_calibration_scores() > 0) {
    options.max_calibration_scores = request.max_calibration_scores();
  }
  return CheckOptions(options);
}

// The rows of one call as columns. `group_index` is empty without groups.
struct Columns {
  absl::Span<const double> scores;
  absl::Span<const uint8_t> outcomes;
  absl::Span<const int32_t> group_index;
  absl::Span<const std::string> group_names;
};

// What a report says about one group (or all rows) before it is written.
struct GroupTally {
  // [negatives, positives] and, of those, the ones predicted positive.
  uint64_t outcomes[2] = {0, 0};
  uint64_t predicted[2] = {0, 0};
  RankSums sums;
  // Pass 2: positives and negatives below the current score, rows so far.
  uint64_t positives_below = 0;
  uint64_t negatives_below = 0;
  // ROC points by ascending threshold: (threshold, fpr, tpr).
  struct Point {
    double threshold, fpr, tpr;
  };
  std::vector<Point> roc;
  // Calibration by score: (score, n, positives) by ascending score; by level:
  // one entry per level.
  struct Bin {
    double score;
    uint64_t n, positives;
  };
  std::vector<Bin> bins;

  uint64_t n() const { return outcomes[0] + outcomes[1]; }
};

std::string Where(const std::string* label) {
  return label == nullptr ? "overall" : absl::StrCat("in group '", *label, "'");
}

// Sets `value` (an optional double field) to numerator / denominator, or
// records why it is undefined.
template <typename Setter>
void SetRate(uint64_t numerator, uint64_t denominator, Setter set, v1::GroupReport* report,
             absl::string_view field, absl::string_view why_undefined) {
  if (denominator == 0) {
    v1::UndefinedValue* undefined = report->add_undefined();
    undefined->set_field(std::string(field));
    undefined->set_reason(std::string(why_undefined));
    return;
  }
  set(static_cast<double>(numerator) / static_cast<double>(denominator));
}

void AddUndefined(v1::GroupReport* report, absl::string_view field, std::string reason) {
  v1::UndefinedValue* undefined = report->add_undefined();
  undefined->set_field(std::string(field));
  undefined->set_reason(std::move(reason));
}

void WriteGroup(const GroupTally& tally, const std::string* label, const Settings& settings,
                bool by_level, v1::GroupReport* report) {
  const std::string where = Where(label);
  if (label != nullptr) report->set_group(*label);
  const uint64_t n = tally.n();
  const uint64_t p = tally.outcomes[1];
  const uint64_t q = tally.outcomes[0];
  const uint64_t tp = tally.predicted[1];
  const uint64_t fp = tally.predicted[0];
  const uint64_t fn = p - tp;
  const uint64_t tn = q - fp;
  report->set_n(static_cast<int32_t>(n));
  report->set_positives(static_cast<int32_t>(p));
  report->set_negatives(static_cast<int32_t>(q));
  report->set_true_positives(static_cast<int32_t>(tp));
  report->set_false_positives(static_cast<int32_t>(fp));
  report->set_true_negatives(static_cast<int32_t>(tn));
  report->set_false_negatives(static_cast<int32_t>(fn));

  const std::string no_rows = absl::StrCat("no rows ", where);
  SetRate(
      p, n, [&](double v) { report->set_base_rate(v); }, report, "base_rate", no_rows);
  SetRate(
      tp + fp, n, [&](double v) { report->set_predicted_positive_rate(v); }, report,
      "predicted_positive_rate", no_rows);
  SetRate(
      fp, fp + tn, [&](double v) { report->set_false_positive_rate(v); }, report,
      "false_positive_rate", absl::StrCat("no negative outcomes (FP + TN = 0) ", where));
  SetRate(
      fn, fn + tp, [&](double v) { report->set_false_negative_rate(v); }, report,
      "false_negative_rate", absl::StrCat("no positive outcomes (FN + TP = 0) ", where));
  SetRate(
      tp, tp + fp, [&](double v) { report->set_positive_predictive_value(v); }, report,
      "positive_predictive_value",
      absl::StrCat("nobody predicted positive (TP + FP = 0: no score >= ",
                   NumberText(settings.positive_from), ") ", where));
  SetRate(
      tn, tn + fn, [&](double v) { report->set_negative_predictive_value(v); }, report,
      "negative_predictive_value",
      absl::StrCat("nobody predicted negative (TN + FN = 0: no score < ",
                   NumberText(settings.positive_from), ") ", where));

  const AucResult auc = AucFromSums(tally.sums, kZ95);
  std::string no_auc;
  if (p == 0 && q == 0) {
    no_auc = no_rows;
  } else if (p == 0) {
    no_auc = absl::StrCat("no positive outcomes ", where);
  } else if (q == 0) {
    no_auc = absl::StrCat("no negative outcomes ", where);
  }
  if (auc.auc.has_value()) {
    report->set_auc(*auc.auc);
  } else {
    AddUndefined(report, "auc", no_auc);
  }
  if (auc.standard_error.has_value()) {
    report->set_auc_standard_error(*auc.standard_error);
    report->set_auc_lower(*auc.lower);
    report->set_auc_upper(*auc.upper);
  } else {
    const std::string reason =
        auc.auc.has_value() ? absl::StrCat(
                                  "DeLong's variance needs at least two positive and two negative "
                                  "outcomes; there are ",
                                  p, " positive and ", q, " negative ", where)
                            : no_auc;
    for (absl::string_view field : {"auc_standard_error", "auc_lower", "auc_upper"}) {
      AddUndefined(report, field, reason);
    }
  }

  if (auc.auc.has_value()) {
    v1::RocPoint* start = report->add_roc();
    start->set_false_positive_rate(0);
    start->set_true_positive_rate(0);
    for (auto it = tally.roc.rbegin(); it != tally.roc.rend(); ++it) {
      v1::RocPoint* point = report->add_roc();
      point->set_threshold(it->threshold);
      point->set_false_positive_rate(it->fpr);
      point->set_true_positive_rate(it->tpr);
    }
    if (tally.sums.distinct_scores > static_cast<uint64_t>(settings.max_roc_points)) {
      report->add_notes(absl::StrCat(
          "roc: ", tally.sums.distinct_scores, " distinct scores; the curve keeps ",
          tally.roc.size(), " of its points (max_roc_points ", settings.max_roc_points, ")"));
    }
  } else {
    AddUndefined(report, "roc", no_auc);
  }

  for (size_t b = 0; b < tally.bins.size(); ++b) {
    const GroupTally::Bin& bin = tally.bins[b];
    v1::CalibrationBin* out = report->add_calibration();
    if (by_level) {
      out->set_level(settings.levels[b].level);
    } else {
      out->set_score(bin.score);
    }
    out->set_n(static_cast<int32_t>(bin.n));
    out->set_positives(static_cast<int32_t>(bin.positives));
    if (bin.n > 0) {
      out->set_observed_rate(static_cast<double>(bin.positives) / static_cast<double>(bin.n));
      const validate_internal::Interval wilson =
          validate_internal::WilsonInterval(bin.positives, bin.n, kZ95);
      out->set_wilson_lower(wilson.lower);
      out->set_wilson_upper(wilson.upper);
    }
  }
}

// Sets each ratio of `group` to `overall`, or records why it is undefined.
void WriteRatios(const v1::GroupReport& overall, v1::GroupReport* group) {
  struct Ratio {
    absl::string_view field;
    bool (v1::GroupReport::*has)() const;
    double (v1::GroupReport::*get)() const;
    void (v1::GroupReport::*set_ratio)(double);
  };
  static constexpr Ratio kRatios[] = {
      {"base_rate", &v1::GroupReport::has_base_rate, &v1::GroupReport::base_rate,
       &v1::GroupReport::set_base_rate_ratio},
      {"predicted_positive_rate", &v1::GroupReport::has_predicted_positive_rate,
       &v1::GroupReport::predicted_positive_rate,
       &v1::GroupReport::set_predicted_positive_rate_ratio},
      {"false_positive_rate", &v1::GroupReport::has_false_positive_rate,
       &v1::GroupReport::false_positive_rate, &v1::GroupReport::set_false_positive_rate_ratio},
      {"false_negative_rate", &v1::GroupReport::has_false_negative_rate,
       &v1::GroupReport::false_negative_rate, &v1::GroupReport::set_false_negative_rate_ratio},
      {"positive_predictive_value", &v1::GroupReport::has_positive_predictive_value,
       &v1::GroupReport::positive_predictive_value,
       &v1::GroupReport::set_positive_predictive_value_ratio},
      {"negative_predictive_value", &v1::GroupReport::has_negative_predictive_value,
       &v1::GroupReport::negative_predictive_value,
       &v1::GroupReport::set_negative_predictive_value_ratio},
  };
  for (const Ratio& ratio : kRatios) {
    const std::string field = absl::StrCat(ratio.field, "_ratio");
    if (!(group->*ratio.has)()) {
      AddUndefined(
          group, field,
          absl::StrCat(ratio.field, " is undefined in group ", internal::Quoted(group->group())));
    } else if (!(overall.*ratio.has)()) {
      AddUndefined(group, field, absl::StrCat(ratio.field, " is undefined overall"));
    } else if ((overall.*ratio.get)() == 0) {
      AddUndefined(group, field, absl::StrCat(ratio.field, " is 0 overall"));
    } else {
      (group->*ratio.set_ratio)((group->*ratio.get)() / (overall.*ratio.get)());
    }
  }
}

// Records a ROC point for `tally` at the tie block of `key` with `rows` of the
// group in it, before the block is added to the counts below.
void MaybeAddRocPoint(uint64_t key, uint64_t block_rows, uint64_t rows_below, bool keep_all,
                      int max_points, GroupTally* tally) {
  const uint64_t n = tally->n();
  const uint64_t p = tally->outcomes[1];
  const uint64_t q = tally->outcomes[0];
  if (p == 0 || q == 0) return;
  const uint64_t m = static_cast<uint64_t>(max_points);
  // rows x m < 2^31 x 2^31: no overflow.
  const bool keep =
      keep_all || rows_below == 0 || (rows_below + block_rows) * m / n > rows_below * m / n;
  if (!keep) return;
  tally->roc.push_back({ScoreOfKey(key),
                        static_cast<double>(q - tally->negatives_below) / static_cast<double>(q),
                        static_cast<double>(p - tally->positives_below) / static_cast<double>(p)});
}

// The report of rows already in columns. Checks every value as it reads it,
// naming rows as `source` does.
absl::StatusOr<v1::ValidationReport> BuildReport(const Columns& columns, const Settings& settings,
                                                 RowSource source) {
  const size_t n = columns.scores.size();
  const size_t groups = columns.group_names.size();
  const bool by_level = !settings.levels.empty();
  const uint64_t lowest_key = by_level ? OrderedKey(settings.levels.front().min) : 0;

  // One pass: check every row, count the confusion tables, and count rows per
  // distinct score while there are few.
  const size_t slots = 2 * std::max<size_t>(groups, 1);
  validate_internal::ScoreCounts counted(slots, kCountedScoreCounters, settings.max_counted_scores);
  bool counting = counted.counting();
  std::vector<GroupTally> tallies(groups);
  GroupTally overall;
  std::vector<uint64_t> outcome_counts(2 * std::max<size_t>(groups, 1), 0);
  std::vector<uint64_t> predicted_counts(2 * std::max<size_t>(groups, 1), 0);
  const double positive_from = settings.positive_from;
  for (size_t i = 0; i < n; ++i) {
    const double score = columns.scores[i];
    if (!std::isfinite(score)) {
      return InvalidField(ScoreField(source, i), NumberText(score), " is not a score");
    }
    const uint8_t outcome = columns.outcomes[i];
    if (outcome > 1) {
      return InvalidField(absl::StrCat("outcomes[", i, "]"), static_cast<int>(outcome),
                          " is not 0 or 1");
    }
    uint32_t group = 0;
    if (groups > 0) {
      const int32_t index = columns.group_index[i];
      if (index < 0 || static_cast<size_t>(index) >= groups) {
        return InvalidField(absl::StrCat("group_index[", i, "]"), index,
                            " is not an index into group_names (0 to ", groups - 1, ")");
      }
      group = static_cast<uint32_t>(index);
    }
    const uint64_t key = OrderedKey(score);
    if (by_level && key < lowest_key) {
      return InvalidField(ScoreField(source, i), NumberText(score), " is below levels[0].min ",
                          NumberText(settings.levels.front().min), " (the lowest level)");
    }
    const uint32_t slot = 2 * group + outcome;
    if (counting) counting = counted.Add(key, slot);
    ++outcome_counts[slot];
    predicted_counts[slot] += score >= positive_from ? 1 : 0;
  }
  for (size_t g = 0; g < std::max<size_t>(groups, 1); ++g) {
    for (int o = 0; o < 2; ++o) {
      overall.outcomes[o] += outcome_counts[2 * g + o];
      overall.predicted[o] += predicted_counts[2 * g + o];
      if (groups > 0) {
        tallies[g].outcomes[o] = outcome_counts[2 * g + o];
        tallies[g].predicted[o] = predicted_counts[2 * g + o];
      }
    }
  }

  // Too many distinct scores to count: sort the rows (checked above).
  std::vector<SortRecord> records;
  if (!counting) {
    records.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t group = groups > 0 ? static_cast<uint32_t>(columns.group_index[i]) : 0;
      records[i] = {OrderedKey(columns.scores[i]), 2 * group + columns.outcomes[i]};
    }
    std::vector<SortRecord> scratch;
    validate_internal::SortByKey(&records, &scratch);
  }
  // The rows' tie blocks in ascending order of score, from either source.
  const auto for_each_block = [&](auto&& on_block) {
    if (counting) {
      counted.ForEachBlock(groups, on_block);
    } else {
      ForEachTieBlock(records, groups, on_block);
    }
  };

  // Pass 1: the rank sums, and how many distinct scores each group has.
  for_each_block([&](uint64_t, uint64_t p, uint64_t q, absl::Span<const uint32_t> touched,
                     absl::Span<const uint64_t> counts) {
    overall.sums.AddTieBlock(p, q);
    for (uint32_t g : touched) {
      tallies[g].sums.AddTieBlock(counts[2 * g + 1], counts[2 * g]);
    }
  });

  // Pass 2: ROC points and calibration bins.
  const bool by_score = !by_level && overall.sums.distinct_scores <=
                                         static_cast<uint64_t>(settings.max_calibration_scores);
  const auto keep_all = [&](const GroupTally& tally) {
    return tally.sums.distinct_scores <= static_cast<uint64_t>(settings.max_roc_points);
  };
  if (by_level) {
    overall.bins.assign(settings.levels.size(), {0, 0, 0});
    for (GroupTally& tally : tallies) tally.bins.assign(settings.levels.size(), {0, 0, 0});
  }
  std::vector<uint64_t> level_keys;
  for (const CalibrationLevel& level : settings.levels) level_keys.push_back(OrderedKey(level.min));
  size_t level = 0;
  const bool overall_keep_all = keep_all(overall);
  std::vector<char> group_keep_all(groups);
  for (size_t g = 0; g < groups; ++g) group_keep_all[g] = keep_all(tallies[g]);
  const auto add_block = [&](GroupTally* tally, uint64_t key, uint64_t p, uint64_t q,
                             bool keep_all_points) {
    const uint64_t below = tally->positives_below + tally->negatives_below;
    MaybeAddRocPoint(key, p + q, below, keep_all_points, settings.max_roc_points, tally);
    if (by_level) {
      tally->bins[level].n += p + q;
      tally->bins[level].positives += p;
    } else if (by_score) {
      tally->bins.push_back({ScoreOfKey(key), p + q, p});
    }
    tally->positives_below += p;
    tally->negatives_below += q;
  };
  for_each_block([&](uint64_t key, uint64_t p, uint64_t q, absl::Span<const uint32_t> touched,
                     absl::Span<const uint64_t> counts) {
    while (level + 1 < level_keys.size() && key >= level_keys[level + 1]) ++level;
    add_block(&overall, key, p, q, overall_keep_all);
    for (uint32_t g : touched) {
      add_block(&tallies[g], key, counts[2 * g + 1], counts[2 * g], group_keep_all[g]);
    }
  });

  v1::ValidationReport report;
  report.set_positive_from(settings.positive_from);
  WriteGroup(overall, nullptr, settings, by_level, report.mutable_overall());
  if (!by_level && !by_score) {
    report.mutable_overall()->add_notes(
        absl::StrCat("calibration: ", overall.sums.distinct_scores,
                     " distinct scores exceed max_calibration_scores ",
                     settings.max_calibration_scores, "; give levels to calibrate by score range"));
  }
  std::vector<size_t> order(groups);
  for (size_t g = 0; g < groups; ++g) order[g] = g;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return columns.group_names[a] < columns.group_names[b]; });
  for (size_t g : order) {
    v1::GroupReport* group = report.add_groups();
    WriteGroup(tallies[g], &columns.group_names[g], settings, by_level, group);
    WriteRatios(report.overall(), group);
  }
  return report;
}

// Group labels of message rows as indices into the labels in order of first
// appearance. Either every row has a label or none has.
class GroupLabels {
 public:
  // `field_of(i)` names row i's label field.
  template <typename LabelOf, typename FieldOf>
  absl::Status Read(size_t n, LabelOf label_of, FieldOf field_of) {
    if (n == 0) return absl::OkStatus();
    const bool labelled = !label_of(0).empty();
    if (labelled) index_.resize(n);
    int32_t previous = -1;
    for (size_t i = 0; i < n; ++i) {
      const std::string& label = label_of(i);
      if (label.empty() == labelled) {
        return labelled ? InvalidField(field_of(i), "is empty, but ", field_of(0), " is ",
                                       internal::Quoted(label_of(0)), ": label every row or none")
                        : InvalidField(field_of(i), internal::Quoted(internal::ValidUtf8(label)),
                                       " is a label, but ", field_of(0),
                                       " is empty: label every row or none");
      }
      if (!labelled) continue;
      // Rows of one group often come together.
      if (previous >= 0 && names_[previous] == label) {
        index_[i] = previous;
        continue;
      }
      const auto [it, inserted] = index_of_.emplace(label, static_cast<int32_t>(names_.size()));
      if (inserted) {
        if (!IsValidUtf8(label)) {
          return InvalidField(field_of(i), internal::Quoted(internal::ValidUtf8(label)),
                              " is not valid UTF-8");
        }
        names_.push_back(label);
      }
      previous = it->second;
      index_[i] = previous;
    }
    return absl::OkStatus();
  }

  absl::Span<const int32_t> index() const { return index_; }
  absl::Span<const std::string> names() const { return names_; }

 private:
  std::vector<int32_t> index_;
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, int32_t> index_of_;
};

void CopyProvenance(const v1::ValidateRequest& request, v1::ValidationReport* report) {
  report->set_instrument_id(request.instrument_id());
  report->set_instrument_version(request.instrument_version());
  report->set_scale_id(request.scale_id());
  report->set_score_kind(request.score_kind());
  report->set_norm_group(request.norm_group());
}

// `status` of scoring row `row` alone, its field placed under the row.
absl::Status UnderRow(const absl::Status& status, size_t row) {
  const std::string prefix = absl::StrCat("assessed_rows[", row, "].");
  const std::string field = ErrorField(status);
  return internal::WithField(
      internal::Annotate(status,
                         field.empty() ? absl::StrCat("assessed_rows[", row, "]: ") : prefix),
      field.empty() ? absl::StrCat("assessed_rows[", row, "]") : prefix + field);
}

// Scores assessed row `row` alone, as a Score request would: its error, or OK.
absl::Status ScoreRowAlone(const v1::ValidateRequest& request, const Instrument& instrument,
                           size_t row) {
  v1::ScoreRequest single;
  single.set_norm_group(request.norm_group());
  *single.mutable_responses() = request.assessed_rows(static_cast<int>(row)).responses();
  const auto scored = ScoreAssessment(instrument, single);
  return scored.ok() ? absl::OkStatus() : UnderRow(scored.status(), row);
}

// A batch error about the call itself (not a row), in the request's words.
absl::Status AsRequestError(const absl::Status& status) {
  const std::string field = ErrorField(status);
  if (!absl::StartsWith(field, "outputs[0]")) return status;
  const std::string request_field = field == "outputs[0].scale_id" ? "scale_id" : "score_kind";
  absl::string_view message = status.message();
  absl::ConsumePrefix(&message, absl::StrCat(field, ": "));
  return InvalidField(request_field, message);
}

}  // namespace

namespace validate_internal {

absl::StatusOr<v1::ValidationReport> ValidateColumnsWith(absl::Span<const double> scores,
                                                         absl::Span<const uint8_t> outcomes,
                                                         absl::Span<const int32_t> group_index,
                                                         absl::Span<const std::string> group_names,
                                                         const ValidateOptions& options,
                                                         size_t max_counted_scores) {
  auto settings = CheckOptions(options);
  if (!settings.ok()) return settings.status();
  settings->max_counted_scores = max_counted_scores;
  if (scores.empty()) {
    return InvalidField("scores", "is empty: validation needs at least one row");
  }
  if (scores.size() > kMaxValidationColumnRows) {
    return InvalidField("scores", scores.size(), " rows; at most ", kMaxValidationColumnRows,
                        " per call");
  }
  if (outcomes.size() != scores.size()) {
    return InvalidField("outcomes", outcomes.size(), " outcomes for ", scores.size(),
                        " scores: give one per row");
  }
  if (!group_index.empty() && group_index.size() != scores.size()) {
    return InvalidField("group_index", group_index.size(), " group indices for ", scores.size(),
                        " scores: give one per row, or none for a report without groups");
  }
  if (group_index.empty() && !group_names.empty()) {
    return InvalidField("group_index", "is empty, but ", group_names.size(),
                        " group names are given: give one group index per row");
  }
  if (!group_index.empty() && group_names.empty()) {
    return InvalidField("group_names", "is empty, but group_index is given");
  }
  if (group_names.size() > static_cast<size_t>(INT32_MAX)) {
    return InvalidField("group_names", group_names.size(), " groups; at most ", INT32_MAX);
  }
  absl::flat_hash_map<absl::string_view, size_t> seen;
  for (size_t g = 0; g < group_names.size(); ++g) {
    const std::string field = absl::StrCat("group_names[", g, "]");
    const std::string& name = group_names[g];
    if (name.empty()) return InvalidField(field, "is empty: every group needs a label");
    if (!IsValidUtf8(name)) {
      return InvalidField(field, internal::Quoted(internal::ValidUtf8(name)),
                          " is not valid UTF-8");
    }
    const auto [it, inserted] = seen.emplace(name, g);
    if (!inserted) {
      return InvalidField(field, internal::Quoted(name), " is also group_names[", it->second, "]");
    }
  }
  return BuildReport({scores, outcomes, group_index, group_names}, *settings, RowSource::kColumns);
}

}  // namespace validate_internal

absl::StatusOr<v1::ValidationReport> ValidateColumns(absl::Span<const double> scores,
                                                     absl::Span<const uint8_t> outcomes,
                                                     absl::Span<const int32_t> group_index,
                                                     absl::Span<const std::string> group_names,
                                                     const ValidateOptions& options) {
  return validate_internal::ValidateColumnsWith(scores, outcomes, group_index, group_names, options,
                                                kMaxCountedScores);
}

namespace validate_internal {

absl::StatusOr<v1::ValidationReport> ValidateScoreRows(const v1::ValidateRequest& request,
                                                       size_t max_rows) {
  if (request.assessed_rows_size() > 0) {
    return InvalidField("assessed_rows",
                        "scoring assessed rows needs the instrument: validate them with "
                        "Validate(request, instrument)");
  }
  auto settings = SettingsOf(request);
  if (!settings.ok()) return settings.status();
  const size_t n = request.rows_size();
  if (n == 0) return InvalidField("rows", "is empty: validation needs at least one row");
  if (n > max_rows) {
    return InvalidField("rows", n, " rows; at most ", max_rows,
                        " per request: use the columnar path for larger cohorts");
  }
  std::vector<double> scores(n);
  std::vector<uint8_t> outcomes(n);
  for (size_t i = 0; i < n; ++i) {
    const v1::ValidationRow& row = request.rows(static_cast<int>(i));
    scores[i] = row.score();
    outcomes[i] = row.outcome() ? 1 : 0;
  }
  GroupLabels labels;
  if (auto s = labels.Read(
          n, [&](size_t i) -> const std::string& { return request.rows(i).group(); },
          [](size_t i) { return absl::StrCat("rows[", i, "].group"); });
      !s.ok()) {
    return s;
  }
  auto report =
      BuildReport({scores, outcomes, labels.index(), labels.names()}, *settings, RowSource::kRows);
  if (!report.ok()) return report.status();
  CopyProvenance(request, &*report);
  return report;
}

absl::StatusOr<v1::ValidationReport> ValidateAssessedRows(const v1::ValidateRequest& request,
                                                          const Instrument& instrument,
                                                          size_t max_rows) {
  const v1::InstrumentDefinition& definition = instrument.definition();
  const std::string name = absl::StrCat(instrument.id(), " ", instrument.version());
  if (request.rows_size() > 0 && request.assessed_rows_size() > 0) {
    return InvalidField("rows", "give either rows or assessed_rows, not both");
  }
  if (request.assessed_rows_size() == 0) {
    return InvalidField("assessed_rows",
                        "is empty: validation with an instrument scores assessed rows (give "
                        "scores as rows to Validate(request) instead)");
  }
  if (!request.instrument_id().empty() && request.instrument_id() != instrument.id()) {
    return InvalidField("instrument_id", "request is for instrument ",
                        internal::Quoted(request.instrument_id()), " but is validated with ", name);
  }
  if (!request.instrument_version().empty() &&
      request.instrument_version() != instrument.version()) {
    return InvalidField("instrument_version", "request is for version ",
                        internal::Quoted(request.instrument_version()), " but is validated with ",
                        name);
  }
  if (request.scale_id().empty()) {
    return InvalidField("scale_id", "is required with assessed_rows: the scale to validate");
  }
  const v1::Scale* scale = nullptr;
  std::vector<std::string> scale_ids;
  for (const v1::Scale& candidate : definition.scales()) {
    scale_ids.push_back(candidate.id());
    if (candidate.id() == request.scale_id()) scale = &candidate;
  }
  if (scale == nullptr) {
    return InvalidField("scale_id", "unknown scale ", internal::Quoted(request.scale_id()),
                        " for instrument ", name, " (scales: ", absl::StrJoin(scale_ids, ", "),
                        ")");
  }
  const auto kind = request.score_kind();
  if (kind != v1::ValidateRequest::SCORE_KIND_RAW &&
      kind != v1::ValidateRequest::SCORE_KIND_SCALED &&
      kind != v1::ValidateRequest::SCORE_KIND_LEVEL_INDEX) {
    return InvalidField("score_kind",
                        kind == v1::ValidateRequest::SCORE_KIND_UNSPECIFIED
                            ? std::string("is required with assessed_rows")
                            : absl::StrCat(static_cast<int>(kind), " is not a score kind"),
                        ": SCORE_KIND_RAW, SCORE_KIND_SCALED or SCORE_KIND_LEVEL_INDEX");
  }
  auto settings = SettingsOf(request);
  if (!settings.ok()) return settings.status();
  const size_t n = request.assessed_rows_size();
  if (n > max_rows) {
    return InvalidField("assessed_rows", n, " rows; at most ", max_rows, " per request");
  }
  if (kind == v1::ValidateRequest::SCORE_KIND_LEVEL_INDEX && settings->levels.empty()) {
    for (int l = 0; l < scale->levels_size(); ++l) {
      settings->levels.push_back({scale->levels(l).id(), static_cast<double>(l)});
    }
  }

  // One column per item: FLOAT64 (NaN = not answered) for booleans, counts and
  // numbers; INT32 choice indices (kNotAnsweredInt32 = not answered) for choices.
  const int items = definition.items_size();
  absl::flat_hash_map<absl::string_view, int> item_index;
  std::vector<absl::flat_hash_map<absl::string_view, int32_t>> choice_index(items);
  for (int i = 0; i < items; ++i) {
    const v1::Item& item = definition.items(i);
    item_index.emplace(item.id(), i);
    for (int c = 0; c < item.choices_size(); ++c) choice_index[i].emplace(item.choices(c).id(), c);
  }
  std::vector<std::vector<double>> numbers(items);
  std::vector<std::vector<int32_t>> choices(items);
  std::vector<Column> columns(items);
  for (int i = 0; i < items; ++i) {
    const v1::Item& item = definition.items(i);
    columns[i].item_id = item.id();
    if (item.type() == v1::Item::TYPE_CHOICE) {
      choices[i].assign(n, kNotAnsweredInt32);
      columns[i].type = ColumnType::kInt32;
      columns[i].data = choices[i].data();
    } else {
      numbers[i].assign(n, std::numeric_limits<double>::quiet_NaN());
      columns[i].type = ColumnType::kFloat64;
      columns[i].data = numbers[i].data();
    }
  }
  // The scale output `kind` names.
  std::vector<double> raw;
  std::vector<int32_t> whole;
  ScaleOutput output;
  output.scale_id = request.scale_id();
  if (kind == v1::ValidateRequest::SCORE_KIND_RAW) {
    raw.resize(n);
    output.raw_score = raw.data();
  } else {
    whole.resize(n);
    (kind == v1::ValidateRequest::SCORE_KIND_SCALED ? output.scaled_score : output.level) =
        whole.data();
  }
  // The call's own errors (norm group, a score the scale does not define)
  // before any row is read.
  if (auto s = ScoreColumns(instrument, columns, 0, {&output, 1}, {request.norm_group()});
      !s.ok()) {
    return AsRequestError(s);
  }

  std::vector<uint32_t> answered_in_row(items, 0);
  std::vector<uint8_t> outcomes(n);
  for (size_t r = 0; r < n; ++r) {
    const v1::AssessedRow& row = request.assessed_rows(static_cast<int>(r));
    outcomes[r] = row.outcome() ? 1 : 0;
    const uint32_t stamp = static_cast<uint32_t>(r) + 1;
    for (const v1::ItemResponse& response : row.responses()) {
      const auto it = item_index.find(response.item_id());
      // What a column cannot carry (an unknown item, a second answer, an
      // answer of the wrong kind, a number that is not finite, an unknown
      // choice) is an error of single scoring: report it in its words.
      if (it == item_index.end() || answered_in_row[it->second] == stamp) {
        return ScoreRowAlone(request, instrument, r);
      }
      const int i = it->second;
      answered_in_row[i] = stamp;
      const v1::Item::Type type = definition.items(i).type();
      switch (response.answer_case()) {
        case v1::ItemResponse::ANSWER_NOT_SET:
          break;
        case v1::ItemResponse::kBoolean:
          if (type != v1::Item::TYPE_BOOLEAN) return ScoreRowAlone(request, instrument, r);
          numbers[i][r] = response.boolean() ? 1 : 0;
          break;
        case v1::ItemResponse::kNumber:
          if ((type != v1::Item::TYPE_COUNT && type != v1::Item::TYPE_NUMBER) ||
              !std::isfinite(response.number())) {
            return ScoreRowAlone(request, instrument, r);
          }
          numbers[i][r] = response.number();
          break;
        case v1::ItemResponse::kChoice: {
          if (type != v1::Item::TYPE_CHOICE) return ScoreRowAlone(request, instrument, r);
          const auto choice = choice_index[i].find(response.choice());
          if (choice == choice_index[i].end()) return ScoreRowAlone(request, instrument, r);
          choices[i][r] = choice->second;
          break;
        }
      }
    }
  }
  GroupLabels labels;
  if (auto s = labels.Read(
          n, [&](size_t i) -> const std::string& { return request.assessed_rows(i).group(); },
          [](size_t i) { return absl::StrCat("assessed_rows[", i, "].group"); });
      !s.ok()) {
    return s;
  }
  if (auto s = ScoreColumns(instrument, columns, n, {&output, 1}, {request.norm_group()});
      !s.ok()) {
    // A row's value is invalid (a negative count, a required item missing):
    // find the first row single scoring rejects and give its error.
    for (size_t r = 0; r < n; ++r) {
      if (auto single = ScoreRowAlone(request, instrument, r); !single.ok()) return single;
    }
    return AsRequestError(s);
  }
  std::vector<double> scores;
  if (kind == v1::ValidateRequest::SCORE_KIND_RAW) {
    scores = std::move(raw);
  } else {
    scores.assign(whole.begin(), whole.end());
  }
  auto report = BuildReport({scores, outcomes, labels.index(), labels.names()}, *settings,
                            RowSource::kAssessedRows);
  if (!report.ok()) return report.status();
  CopyProvenance(request, &*report);
  report->set_instrument_id(instrument.id());
  report->set_instrument_version(instrument.version());
  if (request.norm_group().empty()) report->set_norm_group(definition.default_norm_group());
  return report;
}

}  // namespace validate_internal

absl::StatusOr<v1::ValidationReport> Validate(const v1::ValidateRequest& request) {
  return validate_internal::ValidateScoreRows(request, kMaxValidationRows);
}

absl::StatusOr<v1::ValidationReport> Validate(const v1::ValidateRequest& request,
                                              const Instrument& instrument) {
  return validate_internal::ValidateAssessedRows(request, instrument, kMaxAssessedRows);
}

absl::StatusOr<AucEstimate> AucWithInterval(absl::Span<const double> scores,
                                            absl::Span<const uint8_t> outcomes) {
  if (outcomes.size() != scores.size()) {
    return InvalidField("outcomes", outcomes.size(), " outcomes for ", scores.size(),
                        " scores: give one per row");
  }
  if (scores.size() > kMaxValidationColumnRows) {
    return InvalidField("scores", scores.size(), " rows; at most ", kMaxValidationColumnRows,
                        " per call");
  }
  validate_internal::ScoreCounts counted(2, kCountedScoreCounters, kMaxCountedScores);
  bool counting = true;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (!std::isfinite(scores[i])) {
      return InvalidField(absl::StrCat("scores[", i, "]"), NumberText(scores[i]),
                          " is not a score");
    }
    if (outcomes[i] > 1) {
      return InvalidField(absl::StrCat("outcomes[", i, "]"), static_cast<int>(outcomes[i]),
                          " is not 0 or 1");
    }
    if (counting) counting = counted.Add(OrderedKey(scores[i]), outcomes[i]);
  }
  RankSums sums;
  const auto add = [&](uint64_t, uint64_t p, uint64_t q, absl::Span<const uint32_t>,
                       absl::Span<const uint64_t>) { sums.AddTieBlock(p, q); };
  if (counting) {
    counted.ForEachBlock(0, add);
  } else {
    std::vector<SortRecord> records(scores.size());
    for (size_t i = 0; i < scores.size(); ++i) records[i] = {OrderedKey(scores[i]), outcomes[i]};
    std::vector<SortRecord> scratch;
    validate_internal::SortByKey(&records, &scratch);
    ForEachTieBlock(records, 0, add);
  }
  const AucResult result = AucFromSums(sums, kZ95);
  AucEstimate estimate;
  estimate.twice_mann_whitney_u = sums.twice_u;
  estimate.positives = sums.positives;
  estimate.negatives = sums.negatives;
  estimate.auc = result.auc;
  estimate.standard_error = result.standard_error;
  estimate.lower = result.lower;
  estimate.upper = result.upper;
  return estimate;
}

}  // namespace reentry
