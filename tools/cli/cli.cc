#include "cli/cli.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"

namespace reentry::cli {

std::string Args::Flag(const std::string& name, const std::string& fallback) const {
  const auto it = flags.find(name);
  return it == flags.end() ? fallback : it->second;
}

bool Args::Has(const std::string& name) const {
  if (flags.count(name) > 0) return true;
  for (const std::string& s : switches) {
    if (s == name) return true;
  }
  return false;
}

bool IsSwitch(absl::string_view flag) {
  return flag == "help" || flag == "keep-going" || flag == "quiet";
}

absl::Status ReadInput(const std::string& path, std::string* out) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
    buffer << file.rdbuf();
  }
  *out = buffer.str();
  return absl::OkStatus();
}

int Fail(const absl::Status& status) {
  std::cerr << "reentry: " << absl::StatusCodeToString(status.code()) << ": " << status.message()
            << "\n";
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kResourceExhausted:
      return kExitBadInput;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    default:
      return kExitInternal;
  }
}

int UsageError(const Command& command, const std::string& message) {
  std::cerr << "reentry " << command.name << ": " << message << "\nusage:\n" << command.usage;
  return kExitBadInput;
}

std::string Json(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) return "{}";
  return out;
}

absl::Status ParseJson(const std::string& text, const std::string& source,
                       google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  const auto parsed = google::protobuf::util::JsonStringToMessage(text, message, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": not a ",
                                                   message->GetDescriptor()->full_name(),
                                                   " in JSON: ", std::string(parsed.message())));
  }
  return absl::OkStatus();
}

absl::Status ParsePlan(const std::string& text, const std::string& source, v1::CasePlan* plan) {
  v1::PlanResponse response;
  if (ParseJson(text, source, &response).ok()) {
    *plan = response.plan();
    return absl::OkStatus();
  }
  return ParseJson(text, source, plan);
}

absl::Status ReadPlan(const std::string& path, v1::CasePlan* plan) {
  std::string text;
  if (auto s = ReadInput(path, &text); !s.ok()) return s;
  return ParsePlan(text, path, plan);
}

absl::Status ReadRequestInput(const Args& args, google::protobuf::Message* request) {
  const std::string input = args.Flag("input");
  if (input.empty()) return absl::InvalidArgumentError("--input <request.json|-> is required");
  std::string text;
  if (auto s = ReadInput(input, &text); !s.ok()) return s;
  return ParseJson(text, input, request);
}

absl::Status CallFromInput(Engine& engine, const Args& args, google::protobuf::Message* request,
                           google::protobuf::Message* response) {
  if (auto s = ReadRequestInput(args, request); !s.ok()) return s;
  return engine.Call(*request, response);
}

absl::Status ScoreAssessmentFiles(
    Engine& engine, const std::string& list,
    google::protobuf::RepeatedPtrField<v1::AssessmentResult>* assessments) {
  for (absl::string_view entry : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(entry, absl::MaxSplits(':', 1));
    std::string text;
    if (auto s = ReadInput(parts[0], &text); !s.ok()) return s;
    v1::ScoreRequest score;
    if (auto s = ParseJson(text, parts[0], &score); !s.ok()) return s;
    if (parts.size() == 2) score.set_instrument_id(parts[1]);
    auto scored = engine.Call<v1::ScoreResponse>(score);
    if (!scored.ok()) {
      return absl::Status(scored.status().code(),
                          absl::StrCat(parts[0], ": ", scored.status().message()));
    }
    *assessments->Add() = scored->result();
  }
  return absl::OkStatus();
}

}  // namespace reentry::cli
