// reentry: the command-line program over the library.
//
//   reentry score --instrument psa --input person.json [--norm-group G] [--format table|json]
//   reentry instruments [--format table|json]
//   reentry describe <instrument> [--version V] [--format table|json|text]
//   reentry load <definition.textproto> ...   (validate host definitions)
//
// `score` reads a reentry.v1.ScoreRequest in proto3 JSON (the request of
// reentry_call_json "Score"); --instrument and --norm-group fill or replace its
// instrumentId and normGroup. "-" reads standard input.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "reentry/engine/engine.h"
#include "reentry/status.h"

namespace {

constexpr char kUsage[] =
    "usage:\n"
    "  reentry score --instrument <id> --input <request.json|-> [--norm-group <group>]\n"
    "                [--version <v>] [--format table|json]\n"
    "  reentry instruments [--format table|json]\n"
    "  reentry describe <instrument> [--version <v>] [--format table|json|text]\n"
    "  reentry load <definition.textproto>...\n";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
};

bool ParseArgs(int argc, char** argv, Args* args, std::string* error) {
  if (argc < 2) {
    *error = "missing command";
    return false;
  }
  args->command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) == 0) {
      const auto eq = arg.find('=');
      if (eq != std::string::npos) {
        args->flags[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
      } else if (i + 1 < argc) {
        args->flags[arg.substr(2)] = argv[++i];
      } else {
        *error = absl::StrCat("flag ", arg, " needs a value");
        return false;
      }
    } else {
      args->positional.push_back(arg);
    }
  }
  return true;
}

std::string Flag(const Args& args, const std::string& name, const std::string& fallback = "") {
  const auto it = args.flags.find(name);
  return it == args.flags.end() ? fallback : it->second;
}

bool ReadInput(const std::string& path, std::string* out, std::string* error) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      *error = absl::StrCat("cannot read ", path);
      return false;
    }
    buffer << file.rdbuf();
  }
  *out = buffer.str();
  return true;
}

int Fail(const absl::Status& status) {
  std::cerr << "reentry: " << absl::StatusCodeToString(status.code()) << ": " << status.message()
            << "\n";
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

int Fail(const std::string& message) {
  std::cerr << "reentry: " << message << "\n" << kUsage;
  return 2;
}

std::string Json(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) return "{}";
  return out;
}

// How an answer reads: the value given and, for bands and choices, its label.
std::string AnswerText(const reentry::v1::AssessmentResult& result,
                       const reentry::v1::AnswerRef& answer) {
  std::string value;
  for (const auto& response : result.responses()) {
    if (response.item_id() != answer.item_id()) continue;
    switch (response.answer_case()) {
      case reentry::v1::ItemResponse::kBoolean:
        value = response.boolean() ? "yes" : "no";
        break;
      case reentry::v1::ItemResponse::kNumber:
        value = absl::StrFormat("%g", response.number());
        break;
      case reentry::v1::ItemResponse::kChoice:
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

void PrintResultTable(const reentry::v1::AssessmentResult& result,
                      const reentry::v1::InstrumentDefinition& definition) {
  std::map<std::string, const reentry::v1::Scale*> scales;
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
                                   change.level(), reentry::v1::Change::Direction_Name(change.direction()));
    }
  }
}

int Score(reentry::Engine& engine, const Args& args) {
  const std::string input = Flag(args, "input");
  if (input.empty()) return Fail("score needs --input <request.json>");
  std::string text, error;
  if (!ReadInput(input, &text, &error)) return Fail(error);
  reentry::v1::ScoreRequest request;
  google::protobuf::util::JsonParseOptions options;
  const auto parsed = google::protobuf::util::JsonStringToMessage(text, &request, options);
  if (!parsed.ok()) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(input, ": not a ScoreRequest in JSON: ", std::string(parsed.message()))));
  }
  if (args.flags.count("instrument")) request.set_instrument_id(Flag(args, "instrument"));
  if (args.flags.count("norm-group")) request.set_norm_group(Flag(args, "norm-group"));
  if (args.flags.count("version")) request.set_instrument_version(Flag(args, "version"));
  auto response = engine.Score(request);
  if (!response.ok()) return Fail(response.status());
  const std::string format = Flag(args, "format", "table");
  if (format == "json") {
    std::cout << Json(*response) << "\n";
    return 0;
  }
  if (format != "table") return Fail(absl::StrCat("unknown --format '", format, "'"));
  auto instrument = engine.FindInstrument(response->result().instrument_id(),
                                          response->result().instrument_version());
  if (!instrument.ok()) return Fail(instrument.status());
  PrintResultTable(response->result(), (*instrument)->definition());
  return 0;
}

int Instruments(reentry::Engine& engine, const Args& args) {
  auto response = engine.ListInstruments({});
  if (!response.ok()) return Fail(response.status());
  if (Flag(args, "format", "table") == "json") {
    std::cout << Json(*response) << "\n";
    return 0;
  }
  std::cout << absl::StrFormat("%-22s %-8s %-8s %-18s %s\n", "id", "version", "items", "scales",
                               "title");
  for (const auto& summary : response->instruments()) {
    std::cout << absl::StrFormat("%-22s %-8s %-8d %-18s %s\n", summary.id(), summary.version(),
                                 summary.item_count(), absl::StrJoin(summary.scales(), ","),
                                 summary.title());
  }
  return 0;
}

void PrintDefinitionTable(const reentry::v1::InstrumentDefinition& definition) {
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
                                 absl::StripPrefix(reentry::v1::Item::Type_Name(item.type()), "TYPE_"), item.text());
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

int Describe(reentry::Engine& engine, const Args& args) {
  if (args.positional.size() != 1) return Fail("describe needs one instrument id");
  reentry::v1::DescribeInstrumentRequest request;
  request.set_instrument_id(args.positional[0]);
  request.set_instrument_version(Flag(args, "version"));
  auto response = engine.DescribeInstrument(request);
  if (!response.ok()) return Fail(response.status());
  const std::string format = Flag(args, "format", "table");
  if (format == "json") {
    std::cout << Json(response->definition()) << "\n";
  } else if (format == "text") {
    std::string text;
    google::protobuf::TextFormat::PrintToString(response->definition(), &text);
    std::cout << text;
  } else if (format == "table") {
    PrintDefinitionTable(response->definition());
  } else {
    return Fail(absl::StrCat("unknown --format '", format, "'"));
  }
  return 0;
}

int Load(reentry::Engine& engine, const Args& args) {
  if (args.positional.empty()) return Fail("load needs definition files");
  for (const std::string& path : args.positional) {
    std::string text, error;
    if (!ReadInput(path, &text, &error)) return Fail(error);
    reentry::v1::LoadInstrumentRequest request;
    request.set_text(text);
    request.set_source_name(path);
    auto response = engine.LoadInstrument(request);
    if (!response.ok()) return Fail(response.status());
    std::cout << path << ": valid: " << response->instrument().id() << " "
              << response->instrument().version() << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  std::string error;
  if (!ParseArgs(argc, argv, &args, &error)) return Fail(error);
  if (args.command == "help" || args.command == "--help" || args.command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  auto engine = reentry::Engine::Create();
  if (!engine.ok()) return Fail(engine.status());
  if (args.command == "score") return Score(**engine, args);
  if (args.command == "instruments") return Instruments(**engine, args);
  if (args.command == "describe") return Describe(**engine, args);
  if (args.command == "load") return Load(**engine, args);
  return Fail(absl::StrCat("unknown command '", args.command, "'"));
}
