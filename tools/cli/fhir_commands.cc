// The FHIR command: `reentry fhir` writes a plan (or a whole ExportFhirRequest)
// as a FHIR R4 Bundle; `reentry fhir import` reads a FHIR Consent back into
// the Consent that Share takes.
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/cli.h"
#include "reentry/v1/fhir.pb.h"

namespace reentry::cli {
namespace {

// --input is an ExportFhirRequest, or a plan (a PlanResponse or a CasePlan)
// to export alone. A PlanResponse that holds only its plan reads the same
// either way.
absl::Status ReadExportRequest(const Args& args, v1::ExportFhirRequest* request) {
  const std::string input = args.Flag("input");
  if (input.empty()) {
    return absl::InvalidArgumentError("--input <plan.json|ExportFhirRequest.json|-> is required");
  }
  std::string text;
  if (auto s = ReadInput(input, &text); !s.ok()) return s;
  if (!ParseJson(text, input, request).ok()) {
    request->Clear();
    if (auto s = ParsePlan(text, input, request->mutable_plan()); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(input, ": neither a plan nor a reentry.v1.ExportFhirRequest in JSON (",
                       s.message(), ")"));
    }
  }
  if (args.Has("patient")) request->set_patient_reference(args.Flag("patient"));
  if (request->patient_reference().empty() && !request->plan().client_id().empty()) {
    request->set_patient_reference(absl::StrCat("Patient/", request->plan().client_id()));
  }
  if (args.Has("as-of")) request->set_as_of(args.Flag("as-of"));
  if (args.Has("base-url")) request->set_base_url(args.Flag("base-url"));
  return absl::OkStatus();
}

int Export(Engine& engine, const Args& args) {
  v1::ExportFhirRequest request;
  if (auto s = ReadExportRequest(args, &request); !s.ok()) return Fail(s);
  if (args.Has("assess")) {
    if (auto s = ScoreAssessmentFiles(engine, args.Flag("assess"), request.mutable_assessments());
        !s.ok()) {
      return Fail(s);
    }
  }
  auto response = engine.Call<v1::ExportFhirResponse>(request);
  if (!response.ok()) return Fail(response.status());
  std::cout << response->bundle_json() << "\n";
  if (!args.Has("quiet")) {
    std::cerr << "reentry fhir: a FHIR R4 Bundle of " << response->resource_count()
              << " resources\n";
  }
  return kExitOk;
}

int Import(Engine& engine, const Args& args) {
  const std::string input = args.Flag("input");
  if (input.empty())
    return Fail(absl::InvalidArgumentError("--input <Consent.json|-> is required"));
  v1::ImportConsentRequest request;
  if (auto s = ReadInput(input, request.mutable_consent_json()); !s.ok()) return Fail(s);
  auto response = engine.Call<v1::ImportConsentResponse>(request);
  if (!response.ok()) return Fail(response.status());
  std::cout << Json(*response) << "\n";
  return kExitOk;
}

int FhirCommand(Engine& engine, const Args& args) {
  if (args.positional.empty()) return Export(engine, args);
  if (args.positional[0] == "import" && args.positional.size() == 1) return Import(engine, args);
  return Fail(absl::InvalidArgumentError(
      absl::StrCat("unknown fhir subcommand '", args.positional[0], "' (only: import)")));
}

}  // namespace

const Command kFhirCommand = {
    "fhir", "a plan, referrals, consents and assessments as a FHIR R4 Bundle; import a Consent",
    "  reentry fhir --input <plan.json|ExportFhirRequest.json|-> [--patient <reference>]\n"
    "               [--assess file[:instrument],...] [--as-of YYYY-MM-DD]\n"
    "               [--base-url https://fhir.example.org/r4] [--quiet]\n"
    "  reentry fhir import --input <Consent.json|->\n"
    "  Writes the Bundle (FHIR JSON) to standard output. --input is a plan (`reentry plan\n"
    "  --format json` output or a CasePlan) or an ExportFhirRequest with referrals and\n"
    "  consents; --patient defaults to Patient/<the plan's clientId>; --assess adds the\n"
    "  scored assessments as Observations. `import` prints the Consent for Share.\n",
    FhirCommand};

}  // namespace reentry::cli
