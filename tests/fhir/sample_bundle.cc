// Writes FHIR bundles holding every resource the export makes, for the
// official-schema check (check_schema.js): the builtin demo person's plan
// made by the engine, referrals in every state, consents of every kind and
// assessment results.
//   fhir_sample_bundle <out-dir> <source-dir>   (writes bundle-*.json)
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "reentry/engine/engine.h"
#include "reentry/fhir/fhir.h"
#include "reentry/v1/engine.pb.h"

namespace {

using namespace reentry;  // NOLINT: a test program

int Write(const std::string& path, const v1::ExportFhirRequest& request) {
  auto response = ExportFhir(request);
  if (!response.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), response.status().ToString().c_str());
    return 1;
  }
  std::ofstream(path) << response->bundle_json();
  return 0;
}

bool Read(const std::string& path, google::protobuf::Message* message) {
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!google::protobuf::util::JsonStringToMessage(text, message).ok()) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fhir_sample_bundle <out-dir> <source-dir>\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::string source = argv[2];
  auto engine = Engine::Create();
  if (!engine.ok()) return 1;

  // The demo person of the README: PATTERN and the needs screen, then the plan.
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/demo-001");
  v1::PlanRequest plan_request;
  if (!Read(source + "/examples/data/plan_request.json", &plan_request)) return 1;
  for (const auto& [file, instrument] :
       {std::pair<const char*, const char*>{"person_pattern.json", "pattern"},
        {"person_needs_screen.json", "reentry_needs_screen"}}) {
    v1::ScoreRequest score;
    if (!Read(absl::StrCat(source, "/examples/data/", file), &score)) return 1;
    score.set_instrument_id(instrument);
    auto scored = (*engine)->Call<v1::ScoreResponse>(score);
    if (!scored.ok()) {
      std::fprintf(stderr, "%s: %s\n", file, scored.status().ToString().c_str());
      return 1;
    }
    *plan_request.add_assessments() = scored->result();
    *request.add_assessments() = scored->result();
  }
  auto plan = (*engine)->Call<v1::PlanResponse>(plan_request);
  if (!plan.ok()) {
    std::fprintf(stderr, "plan: %s\n", plan.status().ToString().c_str());
    return 1;
  }
  *request.mutable_plan() = plan->plan();
  if (int rc = Write(dir + "/bundle-plan.json", request); rc != 0) return rc;

  // Referrals in every state, with fullUrls under a server base.
  v1::ExportFhirRequest referrals;
  referrals.set_patient_reference("Patient/demo-001");
  referrals.set_base_url("https://fhir.example.org/r4");
  for (int state = 1; v1::ReferralState_IsValid(state); ++state) {
    v1::Referral* referral = referrals.add_referrals();
    referral->set_referral_id(absl::StrCat("r", state));
    referral->set_service_id("outpatient_sud_treatment");
    referral->set_domain("substance_use");
    referral->set_from_agency_id("reentry_case_management");
    referral->set_to_agency_id("recovery_services");
    referral->set_state(static_cast<v1::ReferralState>(state));
    referral->set_referred_on("2027-02-22");
    referral->add_desired_outcomes("enrolled");
    v1::ReferralChange* change = referral->add_history();
    change->set_on("2027-02-23");
    change->set_to_state(static_cast<v1::ReferralState>(state));
  }
  if (int rc = Write(dir + "/bundle-referrals.json", referrals); rc != 0) return rc;

  // Consents: Part 2, criminal justice, by agency type, revoked, expired.
  v1::ExportFhirRequest consents;
  consents.set_patient_reference("Patient/demo-001");
  consents.set_as_of("2027-06-01");
  for (int i = 0; i < 4; ++i) {
    v1::Consent* consent = consents.add_consents();
    consent->set_consent_id(absl::StrCat("consent-", i));
    consent->set_signed_on("2027-01-05");
    consent->add_purposes(v1::PURPOSE_TREATMENT);
    consent->add_categories(v1::DATA_CATEGORY_SUD_TREATMENT);
    consent->add_categories(v1::DATA_CATEGORY_IDENTITY);
    consent->set_part2(i % 2 == 0);
    if (i == 1) {
      consent->set_criminal_justice(true);
      consent->set_revocable_from("2027-07-05");
      consent->add_recipients()->set_agency_type(v1::AGENCY_TYPE_SUPERVISION);
    } else {
      consent->add_recipients()->set_agency_id("recovery_services");
    }
    if (i == 2) consent->set_revoked_on("2027-03-01");
    if (i == 3) consent->set_valid_to("2027-05-01");
  }
  return Write(dir + "/bundle-consents.json", consents);
}
