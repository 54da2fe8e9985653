// The pieces every command of the `reentry` program shares: arguments, input
// files, JSON, and exit codes that tell bad input from not found from
// internal errors.
#ifndef REENTRY_TOOLS_CLI_CLI_H_
#define REENTRY_TOOLS_CLI_CLI_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "reentry/engine/engine.h"
#include "reentry/v1/assessment.pb.h"
#include "reentry/v1/plan.pb.h"

namespace reentry::cli {

// Exit codes (documented in `reentry --help`).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitNotFound = 3;

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
  // Flags given without a value (--help, --keep-going).
  std::vector<std::string> switches;

  std::string Flag(const std::string& name, const std::string& fallback = "") const;
  bool Has(const std::string& name) const;
};

// One subcommand: its name, a one-line summary, its usage text, and its body.
struct Command {
  const char* name;
  const char* summary;
  const char* usage;
  int (*run)(Engine& engine, const Args& args);
};

// Every command, in the order `reentry --help` lists them (cli/commands.cc).
const std::vector<Command>& Commands();

// The commands, each defined beside its module's other commands.
extern const Command kScoreCommand;
extern const Command kScoreBatchCommand;
extern const Command kInstrumentsCommand;
extern const Command kDescribeCommand;
extern const Command kCallCommand;
extern const Command kMethodsCommand;
extern const Command kDefinitionsCommand;
extern const Command kLoadCommand;
extern const Command kPlanCommand;
extern const Command kHolidaysCommand;
extern const Command kMatchCommand;
extern const Command kReferCommand;
extern const Command kHandoffCommand;
extern const Command kAllocateCommand;
extern const Command kGapsCommand;
extern const Command kMonitorCommand;
extern const Command kSummaryCommand;
extern const Command kShareCommand;
extern const Command kCheckConsentCommand;
extern const Command kValidateCommand;
extern const Command kFhirCommand;

// Flags that take no value.
bool IsSwitch(absl::string_view flag);

// Reads a file ("-": standard input) into `out`.
absl::Status ReadInput(const std::string& path, std::string* out);

// Prints "reentry: <CODE>: <message>" and returns the exit code of `status`.
int Fail(const absl::Status& status);
// A usage error of `command`: prints the message and its usage; exit 2.
int UsageError(const Command& command, const std::string& message);

// proto3 JSON, indented, every field printed.
std::string Json(const google::protobuf::Message& message);

// Parses `text` (proto3 JSON) into `message`; INVALID_ARGUMENT naming `source`.
absl::Status ParseJson(const std::string& text, const std::string& source,
                       google::protobuf::Message* message);

// Scores each "file[:instrument]" of `list` (comma-separated ScoreRequest
// JSON files, the instrument after ':' when the file names none) and appends
// the results to `assessments`.
absl::Status ScoreAssessmentFiles(
    Engine& engine, const std::string& list,
    google::protobuf::RepeatedPtrField<v1::AssessmentResult>* assessments);

// The plan in `text`: a PlanResponse ({"plan": ...}, as `reentry plan
// --format json` writes it) or a CasePlan, in proto3 JSON; INVALID_ARGUMENT
// naming `source`.
absl::Status ParsePlan(const std::string& text, const std::string& source, v1::CasePlan* plan);
// The plan in the file `path` ("-": standard input), as ParsePlan reads it.
absl::Status ReadPlan(const std::string& path, v1::CasePlan* plan);

// Reads --input (a file, "-" for standard input) as `request` in proto3 JSON.
absl::Status ReadRequestInput(const Args& args, google::protobuf::Message* request);

// Reads --input as a request of `message`'s type, calls its rpc and writes the
// response into `response`.
absl::Status CallFromInput(Engine& engine, const Args& args, google::protobuf::Message* request,
                           google::protobuf::Message* response);

}  // namespace reentry::cli

#endif  // REENTRY_TOOLS_CLI_CLI_H_
