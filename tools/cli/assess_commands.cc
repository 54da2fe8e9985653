// The assess commands: score, instruments, describe.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "cli/cli.h"
#include "google/protobuf/text_format.h"
#include "reentry/v1/assessment.pb.h"

namespace reentry::cli {
namespace {

// How an answer reads: the value given and, for bands and choices, its label.
std::string AnswerText(const v1::AssessmentResult& result, const v1::AnswerRef& answer) {
  std::string value;
  for (const auto& response : result.responses()) {
    if (response.item_id() != answer.item_id()) continue;
    switch (response.answer_case()) {
      case v1::ItemResponse::kBoolean:
        value = response.boolean() ? "yes" : "no";
        break;
      case v1::ItemResponse::kNumber:
        value = absl::StrFormat("%g", response.number());
        break;
      case v1::ItemResponse::kChoice:
        value = response.choice();
        break;
      default:
        break;
    }
  }
  std::string text = absl::StrCat(answer.item_id(), " = ", value);
  if (!answer.label().empty() && answer.label() != value &&
      !(answer.label() == "Yes" && value == "yes") && !(answer.label() == "No" && value == "no")) {
    absl::StrAppend(&text, " (", answer.label(), ")");
  }
  return text;
}

void PrintResultTable(const v1::AssessmentResult& result,
                      const v1::InstrumentDefinition& definition) {
  std::map<std::string, const v1::Scale*> scales;
  for (const auto& scale : definition.scales()) scales[scale.id()] = &scale;
  std::cout << definition.title() << "  [" << result.instrument_id() << " "
            << result.instrument_version() << "]";
  if (!result.norm_group().empty()) std::cout << "  norm group: " << result.norm_group();
  if (!result.client_id().empty()) std::cout << "  client: " << result.client_id();
  if (!result.assessed_on().empty()) std::cout << "  assessed: " << result.assessed_on();
  std::cout << "\n\n";

  std::cout << absl::StrFormat("%-44s %6s %7s %-10s %-6s\n", "Scale", "raw", "scaled", "level",
                               "flag");
  for (const auto& scale : result.scales()) {
    const std::string title =
        scales.count(scale.scale_id()) ? scales[scale.scale_id()]->title() : scale.scale_id();
    std::string level = scale.final_level();
    if (scale.has_override()) absl::StrAppend(&level, " (override of ", scale.level(), ")");
    std::cout << absl::StrFormat("%-44s %6s %7s %-10s %-6s\n", title.substr(0, 44),
                                 absl::StrFormat("%g", scale.raw_score()),
                                 scale.has_scaled_score() ? absl::StrCat(scale.scaled_score()) : "",
                                 level, scale.has_flag() ? (scale.flag() ? "YES" : "no") : "");
  }

  std::cout << "\nExplanation (every point, by scale)\n";
  for (const auto& scale : result.scales()) {
    std::cout << "  " << scale.scale_id() << ": raw " << scale.raw_score();
    if (scale.prorated()) {
      std::cout << " (prorated from " << scale.observed_raw_score() << "; missing "
                << absl::StrJoin(scale.missing_items(), ", ") << ")";
    }
    std::cout << "\n";
    for (const auto& contribution : scale.contributions()) {
      std::vector<std::string> answers;
      for (const auto& answer : contribution.answers())
        answers.push_back(AnswerText(result, answer));
      std::cout << absl::StrFormat("    %+3d  %s", contribution.points(),
                                   absl::StrJoin(answers, " and "));
      if (!contribution.label().empty()) std::cout << "  -- " << contribution.label();
      std::cout << "\n";
    }
  }
  if (result.needs_size() > 0) {
    std::cout << "\nCriminogenic and survival needs (ranked)\n";
    for (const auto& need : result.needs()) {
      std::vector<std::string> kinds;
      if (need.criminogenic()) kinds.push_back("criminogenic");
      if (need.survival()) kinds.push_back("survival");
      std::cout << absl::StrFormat("  %2d. %-22s %-9s raw %-4g %s\n", need.rank(), need.domain(),
                                   need.level(), need.raw_score(), absl::StrJoin(kinds, ", "));
    }
  }
  if (result.strengths_size() > 0) {
    std::cout << "\nStrengths\n";
    for (const auto& strength : result.strengths()) std::cout << "  - " << strength.title() << "\n";
  }
  if (result.responsivity_size() > 0) {
    std::cout << "\nResponsivity (adapt delivery)\n";
    for (const auto& factor : result.responsivity()) {
      std::cout << "  - " << factor.title() << ": " << factor.adaptation() << "\n";
    }
  }
  if (result.missing_items_size() > 0) {
    std::cout << "\nMissing items: " << absl::StrJoin(result.missing_items(), ", ") << "\n";
  }
  if (!result.next_reassessment_on().empty()) {
    std::cout << "\nNext reassessment: " << result.next_reassessment_on() << "\n";
  }
  if (result.has_change()) {
    std::cout << "\nChange since " << result.change().previous_assessed_on() << "\n";
    for (const auto& change : result.change().scales()) {
      std::cout << absl::StrFormat("  %-22s raw %+g  level %s -> %s (%s)\n", change.scale_id(),
                                   change.raw_score_delta(), change.previous_level(),
                                   change.level(), v1::Change::Direction_Name(change.direction()));
    }
  }
}

int Score(Engine& engine, const Args& args) {
  const std::string input = args.Flag("input");
  if (input.empty()) return Fail(absl::InvalidArgumentError("score needs --input <request.json>"));
  std::string text;
  if (auto s = ReadInput(input, &text); !s.ok()) return Fail(s);
  v1::ScoreRequest request;
  if (auto s = ParseJson(text, input, &request); !s.ok()) return Fail(s);
  if (args.Has("instrument")) request.set_instrument_id(args.Flag("instrument"));
  if (args.Has("norm-group")) request.set_norm_group(args.Flag("norm-group"));
  if (args.Has("version")) request.set_instrument_version(args.Flag("version"));
  auto response = engine.Call<v1::ScoreResponse>(request);
  if (!response.ok()) return Fail(response.status());
  const std::string format = args.Flag("format", "table");
  if (format == "json") {
    std::cout << Json(*response) << "\n";
    return kExitOk;
  }
  if (format != "table")
    return Fail(absl::InvalidArgumentError(absl::StrCat("unknown --format '", format, "'")));
  v1::DescribeInstrumentRequest describe;
  describe.set_instrument_id(response->result().instrument_id());
  describe.set_instrument_version(response->result().instrument_version());
  auto described = engine.Call<v1::DescribeInstrumentResponse>(describe);
  if (!described.ok()) return Fail(described.status());
  PrintResultTable(response->result(), described->definition());
  return kExitOk;
}

int Instruments(Engine& engine, const Args& args) {
  auto response = engine.Call<v1::ListInstrumentsResponse>(v1::ListInstrumentsRequest());
  if (!response.ok()) return Fail(response.status());
  if (args.Flag("format", "table") == "json") {
    std::cout << Json(*response) << "\n";
    return kExitOk;
  }
  std::cout << absl::StrFormat("%-22s %-8s %-8s %-18s %s\n", "id", "version", "items", "scales",
                               "title");
  for (const auto& summary : response->instruments()) {
    std::cout << absl::StrFormat("%-22s %-8s %-8d %-18s %s\n", summary.id(), summary.version(),
                                 summary.item_count(), absl::StrJoin(summary.scales(), ","),
                                 summary.title());
  }
  return kExitOk;
}

void PrintDefinitionTable(const v1::InstrumentDefinition& definition) {
  std::cout << definition.title() << "  [" << definition.id() << " " << definition.version()
            << "]\n"
            << definition.description() << "\n";
  if (!definition.population().empty())
    std::cout << "Population: " << definition.population() << "\n";
  for (const auto& source : definition.sources()) {
    std::cout << "Source: " << source.title() << " (" << source.publisher() << ") " << source.url()
              << "\n";
  }
  std::cout << "\nItems\n";
  for (const auto& item : definition.items()) {
    std::cout << absl::StrFormat("  %-44s %-8s %s\n", item.id(),
                                 absl::StripPrefix(v1::Item::Type_Name(item.type()), "TYPE_"),
                                 item.text());
    std::vector<std::string> answers;
    for (const auto& band : item.bands())
      answers.push_back(absl::StrCat(band.id(), " (", band.label(), ")"));
    for (const auto& choice : item.choices()) answers.push_back(choice.id());
    if (!answers.empty()) std::cout << "      answers: " << absl::StrJoin(answers, ", ") << "\n";
  }
  std::cout << "\nScales\n";
  for (const auto& scale : definition.scales()) {
    std::cout << "  " << scale.id() << ": " << scale.title() << "\n";
    for (const auto& norm : scale.norms()) {
      std::cout << "    table"
                << (norm.norm_groups().empty()
                        ? std::string(" (all)")
                        : absl::StrCat(" (", absl::StrJoin(norm.norm_groups(), ", "), ")"))
                << ": " << norm.points_size() << " point rules";
      if (norm.scaled_size() > 0) {
        std::vector<std::string> ranges;
        for (const auto& range : norm.scaled()) {
          ranges.push_back(absl::StrCat(range.min(), "-", range.max(), "->", range.scaled()));
        }
        std::cout << "; scaled " << absl::StrJoin(ranges, " ");
      }
      if (norm.cut_points_size() > 0) {
        std::vector<std::string> cuts;
        for (const auto& cut : norm.cut_points())
          cuts.push_back(absl::StrCat(cut.level(), ">=", cut.min()));
        std::cout << "; levels " << absl::StrJoin(cuts, " ");
      }
      if (norm.has_flag_at()) std::cout << "; flag at raw >= " << norm.flag_at();
      std::cout << "\n";
    }
  }
}

int Describe(Engine& engine, const Args& args) {
  if (args.positional.size() != 1) {
    return Fail(absl::InvalidArgumentError("describe needs one instrument id"));
  }
  v1::DescribeInstrumentRequest request;
  request.set_instrument_id(args.positional[0]);
  request.set_instrument_version(args.Flag("version"));
  auto response = engine.Call<v1::DescribeInstrumentResponse>(request);
  if (!response.ok()) return Fail(response.status());
  const std::string format = args.Flag("format", "table");
  if (format == "json") {
    std::cout << Json(response->definition()) << "\n";
  } else if (format == "text") {
    std::string text;
    google::protobuf::TextFormat::PrintToString(response->definition(), &text);
    std::cout << text;
  } else if (format == "table") {
    PrintDefinitionTable(response->definition());
  } else {
    return Fail(absl::InvalidArgumentError(absl::StrCat("unknown --format '", format, "'")));
  }
  return kExitOk;
}

}  // namespace

const Command kScoreCommand = {
    "score", "score one assessment (a ScoreRequest in JSON)",
    "  reentry score --instrument <id> --input <request.json|-> [--norm-group <group>]\n"
    "                [--version <v>] [--format table|json]\n",
    Score};
const Command kInstrumentsCommand = {"instruments", "list the loaded instruments",
                                     "  reentry instruments [--format table|json]\n", Instruments};
const Command kDescribeCommand = {
    "describe", "show an instrument's items, scales and tables",
    "  reentry describe <instrument> [--version <v>] [--format table|json|text]\n", Describe};

}  // namespace reentry::cli
