// The validation command: `reentry validate` reads (score, outcome, group)
// rows from a CSV file and writes the Validate report (AUC with DeLong's
// interval, error rates and predictive values by group, calibration) as text,
// a self-contained HTML page, or JSON. Rows go to the columnar path
// (reentry::ValidateColumns): a cohort of millions is three columns in memory.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/atomic_file.h"
#include "cli/cli.h"
#include "cli/csv.h"
#include "reentry/v1/validation.pb.h"
#include "reentry/validate/render.h"
#include "reentry/validate/validate.h"

namespace reentry::cli {
namespace {

// The columns of a CSV file that Validate reads.
struct Columns {
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  std::vector<int32_t> groups;
  std::vector<std::string> group_names;
};

absl::Status CellError(const CsvReader& reader, size_t index, absl::string_view column,
                       absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(reader.name(), ":", reader.FieldLine(index),
                                                 ": column '", column, "': ", problem));
}

absl::Status ReadColumns(CsvReader& reader, const std::string& score_column,
                         const std::string& outcome_column, const std::string& group_column,
                         Columns* out) {
  auto header = reader.Next();
  if (!header.ok()) return header.status();
  if (!*header) return absl::InvalidArgumentError(absl::StrCat(reader.name(), ": is empty"));
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < reader.fields().size(); ++i) {
    index.emplace(std::string(reader.fields()[i]), i);
  }
  auto find = [&](const std::string& name, const char* flag, size_t* at) -> absl::Status {
    const auto it = index.find(name);
    if (it == index.end()) {
      return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", reader.name(),
                                                     " has no column '", name, "' in its header"));
    }
    *at = it->second;
    return absl::OkStatus();
  };
  size_t score = 0, outcome = 0, group = 0;
  if (auto s = find(score_column, "score", &score); !s.ok()) return s;
  if (auto s = find(outcome_column, "outcome", &outcome); !s.ok()) return s;
  const bool grouped = !group_column.empty();
  if (grouped) {
    if (auto s = find(group_column, "group", &group); !s.ok()) return s;
  }
  std::map<std::string, int32_t> groups;
  std::vector<std::string> labels_in_order;
  while (true) {
    auto more = reader.Next();
    if (!more.ok()) return more.status();
    if (!*more) break;
    const auto& fields = reader.fields();
    const size_t needed = std::max(score, std::max(outcome, group)) + 1;
    if (fields.size() < needed) {
      return absl::InvalidArgumentError(absl::StrCat(reader.name(), ":", reader.line(), ": ",
                                                     fields.size(), " fields, the header has ",
                                                     index.size()));
    }
    double value = 0;
    const absl::string_view score_text = absl::StripAsciiWhitespace(fields[score]);
    if (!absl::SimpleAtod(score_text, &value) || std::isnan(value) || std::isinf(value)) {
      return CellError(reader, score, score_column,
                       absl::StrCat("'", score_text, "' is not a score (a finite number)"));
    }
    out->scores.push_back(value);
    const std::string outcome_text =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(fields[outcome]));
    if (outcome_text == "1" || outcome_text == "true" || outcome_text == "yes") {
      out->outcomes.push_back(1);
    } else if (outcome_text == "0" || outcome_text == "false" || outcome_text == "no") {
      out->outcomes.push_back(0);
    } else {
      return CellError(reader, outcome, outcome_column,
                       absl::StrCat("'", fields[outcome],
                                    "' is not an outcome (1/0, true/false, "
                                    "yes/no)"));
    }
    if (grouped) {
      const std::string label(absl::StripAsciiWhitespace(fields[group]));
      if (label.empty()) return CellError(reader, group, group_column, "is empty");
      const auto [at, inserted] = groups.try_emplace(label, static_cast<int32_t>(groups.size()));
      if (inserted) labels_in_order.push_back(label);
      out->groups.push_back(at->second);
    }
  }
  out->group_names = std::move(labels_in_order);
  return absl::OkStatus();
}

// "--levels low:1,medium:5,high:8": each level from its minimum score.
absl::Status ParseLevels(const std::string& text, std::vector<CalibrationLevel>* levels) {
  for (absl::string_view entry : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    const std::vector<absl::string_view> parts = absl::StrSplit(entry, ':');
    double min = 0;
    if (parts.size() != 2 || parts[0].empty() || !absl::SimpleAtod(parts[1], &min)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--levels: '", entry, "' is not level:minimum (e.g. low:1)"));
    }
    levels->push_back({std::string(parts[0]), min});
  }
  return absl::OkStatus();
}

int ValidateCommand(Engine&, const Args& args) {
  const Command& self = kValidateCommand;
  const std::string input_path = args.Flag("input");
  const std::string score_column = args.Flag("score");
  const std::string outcome_column = args.Flag("outcome");
  if (input_path.empty()) return UsageError(self, "--input <rows.csv|-> is required");
  if (score_column.empty()) return UsageError(self, "--score <column> is required");
  if (outcome_column.empty()) return UsageError(self, "--outcome <column> is required");
  if (!args.Has("positive-from")) return UsageError(self, "--positive-from <score> is required");
  ValidateOptions options;
  if (!absl::SimpleAtod(args.Flag("positive-from"), &options.positive_from)) {
    return UsageError(
        self, absl::StrCat("--positive-from: '", args.Flag("positive-from"), "' is not a number"));
  }
  if (auto s = ParseLevels(args.Flag("levels"), &options.levels); !s.ok()) return Fail(s);
  const std::string format = args.Flag("format", "text");
  if (format != "text" && format != "html" && format != "json") {
    return UsageError(self, absl::StrCat("unknown --format '", format, "'"));
  }

  std::FILE* input = stdin;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> owned(nullptr, &std::fclose);
  if (input_path != "-") {
    input = std::fopen(input_path.c_str(), "rb");
    if (input == nullptr) {
      return Fail(absl::NotFoundError(
          absl::StrCat("cannot read ", input_path, ": ", std::strerror(errno))));
    }
    owned.reset(input);
  }
  CsvReader reader(input, input_path == "-" ? "<stdin>" : input_path);
  Columns columns;
  if (auto s = ReadColumns(reader, score_column, outcome_column, args.Flag("group"), &columns);
      !s.ok()) {
    return Fail(s);
  }
  auto report = ValidateColumns(columns.scores, columns.outcomes, columns.groups,
                                columns.group_names, options);
  if (!report.ok()) return Fail(report.status());

  std::string text;
  if (format == "text") {
    text = RenderValidationText(*report);
  } else if (format == "html") {
    text = RenderValidationHtml(
        *report, args.Flag("title", absl::StrCat("Validation of ", score_column, " against ",
                                                 outcome_column)));
  } else {
    v1::ValidateResponse response;
    *response.mutable_report() = *std::move(report);
    text = Json(response) + "\n";
  }
  const std::string output_path = args.Flag("output", "-");
  if (output_path == "-") {
    std::cout << text;
    return kExitOk;
  }
  AtomicFile output;
  if (auto s = output.Open(output_path); !s.ok()) return Fail(s);
  std::fwrite(text.data(), 1, text.size(), output.get());
  if (auto s = output.Commit(); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace

const Command kValidateCommand = {
    "validate", "local validation and fairness of a score from (score, outcome, group) rows",
    "  reentry validate --input <rows.csv|-> --score <column> --outcome <column>\n"
    "                   --positive-from <score> [--group <column>] [--levels low:1,high:8]\n"
    "                   [--format text|html|json] [--output <file>] [--title <text>]\n"
    "  A CSV file with a header row. Outcomes are 1/0, true/false or yes/no; predicted\n"
    "  positive when score >= --positive-from. --levels calibrates per level (each from its\n"
    "  minimum score) instead of per score. --format html writes one self-contained page\n"
    "  (ROC curves, calibration plot, error rates side by side).\n",
    ValidateCommand};

}  // namespace reentry::cli
