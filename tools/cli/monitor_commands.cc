// The monitoring commands: monitor (a compliance report) and summary (the
// Continuum of Care Progress Summary), each from a request in JSON, with the
// plan from a file of its own (as `reentry plan --format json` writes it)
// and assessments scored first, as `reentry plan` does.
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/cli.h"
#include "reentry/monitor/render.h"
#include "reentry/v1/monitor.pb.h"
#include "reentry/v1/plan.pb.h"
#include "reentry/v1/summary.pb.h"

namespace reentry::cli {
namespace {

// Reads --input as a request of `Request` (MonitorRequest or
// SummarizeRequest), then --plan and --assess into it.
template <typename Request>
absl::Status ReadRequest(Engine& engine, const Args& args, const char* command, Request* request) {
  if (auto s = ReadRequestInput(args, request); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(command, ": ", s.message()));
  }
  if (args.Has("plan")) {
    if (auto s = ReadPlan(args.Flag("plan"), request->mutable_plan()); !s.ok()) return s;
  }
  if (args.Has("assess")) {
    return ScoreAssessmentFiles(engine, args.Flag("assess"), request->mutable_assessments());
  }
  return absl::OkStatus();
}

int MonitorCommand(Engine& engine, const Args& args) {
  v1::MonitorRequest request;
  if (auto s = ReadRequest(engine, args, "monitor", &request); !s.ok()) return Fail(s);
  auto response = engine.Call<v1::MonitorResponse>(request);
  if (!response.ok()) return Fail(response.status());
  const std::string format = args.Flag("format", "table");
  if (format == "json") {
    std::cout << Json(*response) << "\n";
  } else if (format == "table") {
    std::cout << RenderComplianceReportText(response->report());
  } else {
    return Fail(absl::InvalidArgumentError(absl::StrCat("unknown --format '", format, "'")));
  }
  return kExitOk;
}

int SummaryCommand(Engine& engine, const Args& args) {
  v1::SummarizeRequest request;
  if (auto s = ReadRequest(engine, args, "summary", &request); !s.ok()) return Fail(s);
  auto response = engine.Call<v1::SummarizeResponse>(request);
  if (!response.ok()) return Fail(response.status());
  const std::string format = args.Flag("format", "markdown");
  if (format == "json") {
    std::cout << Json(*response) << "\n";
  } else if (format == "markdown") {
    std::cout << response->markdown();
  } else {
    return Fail(absl::InvalidArgumentError(absl::StrCat("unknown --format '", format, "'")));
  }
  return kExitOk;
}

}  // namespace

const Command kMonitorCommand = {
    "monitor", "a compliance report as of a day (a MonitorRequest in JSON)",
    "  reentry monitor --input <request.json|-> [--plan plan.json] [--assess "
    "file[:instrument],...]\n"
    "                  [--format table|json]\n"
    "  --plan takes the plan from a file (`reentry plan --format json` output or a CasePlan);\n"
    "  --assess scores each ScoreRequest file and adds the results to the request's assessments.\n",
    MonitorCommand};
const Command kSummaryCommand = {
    "summary", "the Continuum of Care Progress Summary (a SummarizeRequest in JSON)",
    "  reentry summary --input <request.json|-> [--plan plan.json] [--assess "
    "file[:instrument],...]\n"
    "                  [--format markdown|json]\n"
    "  The same request as monitor (a MonitorRequest's fields), the same --plan and --assess.\n",
    SummaryCommand};

}  // namespace reentry::cli
