// The planning commands: plan (from a PlanRequest, optionally scoring
// assessments first), holidays, and catalog.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "cli/cli.h"
#include "reentry/plan/render.h"
#include "reentry/v1/assessment.pb.h"
#include "reentry/v1/calendar.pb.h"
#include "reentry/v1/catalog.pb.h"
#include "reentry/v1/plan.pb.h"

namespace reentry::cli {
namespace {

int Plan(Engine& engine, const Args& args) {
  v1::PlanRequest request;
  if (auto s = ReadRequestInput(args, &request); !s.ok()) return Fail(s);
  if (args.Has("assess")) {
    if (auto s = ScoreAssessmentFiles(engine, args.Flag("assess"), request.mutable_assessments());
        !s.ok()) {
      return Fail(s);
    }
  }
  auto response = engine.Call<v1::PlanResponse>(request);
  if (!response.ok()) return Fail(response.status());
  const std::string format = args.Flag("format", "table");
  const std::string& release = request.person().released_on().empty()
                                   ? request.person().projected_release_on()
                                   : request.person().released_on();
  if (format == "json") {
    std::cout << Json(*response) << "\n";
  } else if (format == "table") {
    std::cout << RenderPlanText(response->plan());
  } else if (format == "markdown") {
    const PlanAudience audience = args.Flag("view", "case-manager") == "participant"
                                      ? PlanAudience::kParticipant
                                      : PlanAudience::kCaseManager;
    std::cout << RenderPlanMarkdown(response->plan(), audience, release);
  } else {
    return Fail(absl::InvalidArgumentError(absl::StrCat("unknown --format '", format, "'")));
  }
  return kExitOk;
}

int Holidays(Engine& engine, const Args& args) {
  v1::ListHolidaysRequest request;
  request.set_calendar_id(args.Flag("calendar", "us_federal"));
  request.set_calendar_version(args.Flag("version"));
  request.set_from(args.Flag("from"));
  request.set_to(args.Flag("to"));
  auto response = engine.Call<v1::ListHolidaysResponse>(request);
  if (!response.ok()) return Fail(response.status());
  if (args.Flag("format", "table") == "json") {
    std::cout << Json(*response) << "\n";
    return kExitOk;
  }
  for (const v1::Holiday& holiday : response->holidays()) {
    std::cout << absl::StrFormat(
        "%s  %s%s\n", holiday.date(), holiday.name(),
        holiday.observed() ? absl::StrCat(" (observed; falls on ", holiday.actual_date(), ")")
                           : "");
  }
  return kExitOk;
}

}  // namespace

const Command kPlanCommand = {
    "plan", "make or revise a case plan (a PlanRequest in JSON)",
    "  reentry plan --input <request.json|-> [--assess file[:instrument],...]\n"
    "               [--format table|json|markdown] [--view case-manager|participant]\n"
    "  --assess scores each ScoreRequest file first (with the instrument after ':' when the\n"
    "  file names none) and adds the results to the request's assessments.\n",
    Plan};
const Command kHolidaysCommand = {
    "holidays", "list a calendar's observed holidays in a range",
    "  reentry holidays --from YYYY-MM-DD --to YYYY-MM-DD [--calendar us_federal] "
    "[--version V] [--format table|json]\n",
    Holidays};

}  // namespace reentry::cli
