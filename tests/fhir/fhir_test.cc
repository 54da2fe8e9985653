// FHIR R4 interchange: a small plan exported to the exact JSON worked out by
// hand, referral states as Task statuses with their reasons, every 1..1
// element of R4 and its required code set on every resource exported,
// deterministic bytes, consents read back losslessly for what Share uses,
// and bad input named by field or FHIR path.
#include "reentry/fhir/fhir.h"

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "reentry/engine/engine.h"
#include "reentry/status.h"

namespace reentry {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;
using ::testing::HasSubstr;
using ::testing::Not;

v1::CasePlan SmallPlan() {
  v1::CasePlan plan;
  plan.set_client_id("c1");
  plan.set_version(2);
  plan.set_plan_start_on("2027-01-04");
  plan.set_intensity_note("moderate intensity");
  plan.set_lead_agency_id("parole");
  plan.mutable_agreement()->set_status(v1::ParticipantAgreement::STATUS_AGREED);
  v1::Goal* goal = plan.add_goals();
  goal->set_goal_id("housing.h1");
  goal->set_domain("housing");
  goal->set_title("Find housing");
  goal->set_priority(1);
  goal->set_status(v1::GOAL_STATUS_IN_PROGRESS);
  goal->mutable_provenance()->set_instrument_id("reentry_needs_screen");
  goal->mutable_provenance()->set_instrument_version("1.0");
  goal->mutable_provenance()->set_domain("housing");
  goal->mutable_provenance()->set_level("high");
  goal->mutable_provenance()->set_rule_id("h1");
  auto task = [&](const char* id, const char* title, const char* start, const char* end,
                  const char* due, v1::TaskStatus status) {
    v1::Task* t = plan.add_tasks();
    t->set_task_id(id);
    t->set_goal_id("housing.h1");
    t->set_title(title);
    t->set_start_on(start);
    t->set_end_on(end);
    t->set_due_on(due);
    t->set_status(status);
  };
  task("housing.h1.apply", "Apply", "2027-01-04", "2027-01-05", "2027-01-08",
       v1::TASK_STATUS_COMPLETED);
  task("housing.h1.move", "Move in", "2027-01-11", "2027-01-11", "2027-01-15",
       v1::TASK_STATUS_NOT_STARTED);
  return plan;
}

v1::Consent Part2Consent() {
  v1::Consent consent;
  consent.set_consent_id("consent-7");
  consent.set_signed_on("2027-02-10");
  consent.set_valid_from("2027-02-11");
  consent.set_valid_to("2028-02-10");
  consent.set_revoked_on("2027-09-01");
  consent.add_recipients()->set_agency_id("recovery_services");
  consent.add_recipients()->set_agency_type(v1::AGENCY_TYPE_TREATMENT);
  consent.add_purposes(v1::PURPOSE_TREATMENT);
  consent.add_purposes(v1::PURPOSE_CASE_MANAGEMENT);
  consent.add_categories(v1::DATA_CATEGORY_SUD_TREATMENT);
  consent.add_categories(v1::DATA_CATEGORY_MENTAL_HEALTH);
  consent.set_part2(true);
  // The 42 CFR 2.31 elements CheckConsent reads.
  consent.set_patient_name("Dana Example");
  consent.add_permitted_disclosers("North Facility medical unit");
  consent.add_permitted_disclosers("Harbor Recovery");
  consent.set_information_description("SUD treatment dates, medication and attendance");
  consent.set_revocation_statement(true);
  consent.set_expiration_event("end of supervision");
  consent.set_signed_by("Dana Example");
  return consent;
}

std::vector<Struct> Resources(const std::string& bundle_json) {
  Struct bundle;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(bundle_json, &bundle).ok());
  EXPECT_EQ(bundle.fields().at("resourceType").string_value(), "Bundle");
  EXPECT_EQ(bundle.fields().at("type").string_value(), "collection");
  std::vector<Struct> resources;
  for (const Value& entry : bundle.fields().at("entry").list_value().values()) {
    resources.push_back(entry.struct_value().fields().at("resource").struct_value());
  }
  return resources;
}

std::string ResourceJson(const std::string& bundle_json, const std::string& type, int nth = 0) {
  // The resource as the bundle writes it: cut out of the bundle's text.
  const std::string marker = absl::StrCat("{\"resourceType\":\"", type, "\"");
  size_t at = bundle_json.find(marker);
  for (int i = 0; i < nth && at != std::string::npos; ++i) {
    at = bundle_json.find(marker, at + 1);
  }
  if (at == std::string::npos) return "";
  int depth = 0;
  for (size_t i = at; i < bundle_json.size(); ++i) {
    if (bundle_json[i] == '"') {
      for (++i; bundle_json[i] != '"'; ++i) {
        if (bundle_json[i] == '\\') ++i;
      }
    } else if (bundle_json[i] == '{') {
      ++depth;
    } else if (bundle_json[i] == '}' && --depth == 0) {
      return bundle_json.substr(at, i - at + 1);
    }
  }
  return "";
}

TEST(ExportFhir, ASmallPlanIsTheCarePlanAndGoalWorkedOutByHand) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/123");
  *request.mutable_plan() = SmallPlan();
  auto response = ExportFhir(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->resource_count(), 2);
  // Agreed and a task still open: active. The period runs from the plan's
  // start to its latest due or end date; the completed task's activity is
  // completed, the other not-started; the goal in progress is active.
  EXPECT_EQ(
      ResourceJson(response->bundle_json(), "CarePlan"),
      R"({"resourceType":"CarePlan","id":"careplan-c1-v2",)"
      R"("identifier":[{"system":"urn:reentry:case-plan","value":"c1/2"}],)"
      R"("status":"active","intent":"plan","category":[{"text":"Reentry case plan"}],)"
      R"("title":"Reentry case plan, version 2","description":"moderate intensity",)"
      R"("subject":{"reference":"Patient/123"},"period":{"start":"2027-01-04","end":"2027-01-15"},)"
      R"("author":{"type":"Organization","identifier":{"system":"urn:reentry:agency","value":"parole"},"display":"parole"},)"
      R"("goal":[{"reference":"Goal/goal-c1-v2-housing.h1"}],)"
      R"("activity":[)"
      R"({"detail":{"kind":"Task","code":{"coding":[{"system":"urn:reentry:task","code":"housing.h1.apply"}]},)"
      R"("status":"completed","scheduledPeriod":{"start":"2027-01-04","end":"2027-01-05"},)"
      R"j("goal":[{"reference":"Goal/goal-c1-v2-housing.h1"}],"description":"Apply (due 2027-01-08)"}},)j"
      R"({"detail":{"kind":"Task","code":{"coding":[{"system":"urn:reentry:task","code":"housing.h1.move"}]},)"
      R"("status":"not-started","scheduledPeriod":{"start":"2027-01-11","end":"2027-01-11"},)"
      R"j("goal":[{"reference":"Goal/goal-c1-v2-housing.h1"}],"description":"Move in (due 2027-01-15)"}}]})j");
  EXPECT_EQ(
      ResourceJson(response->bundle_json(), "Goal"),
      R"({"resourceType":"Goal","id":"goal-c1-v2-housing.h1","lifecycleStatus":"active",)"
      R"("achievementStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/goal-achievement","code":"in-progress","display":"In Progress"}]},)"
      R"("category":[{"coding":[{"system":"http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes","code":"housing-instability","display":"Housing Instability"}]},)"
      R"({"coding":[{"system":"urn:reentry:domain","code":"housing"}]}],)"
      R"("description":{"text":"Find housing"},"subject":{"reference":"Patient/123"},)"
      R"("startDate":"2027-01-04","target":[{"dueDate":"2027-01-15"}],)"
      R"("note":[{"text":"priority 1; housing = high on reentry_needs_screen 1.0; rule h1"}]})");
}

TEST(ExportFhir, EveryTaskDoneMakesTheCarePlanCompletedAndUnagreedADraft) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  *request.mutable_plan() = SmallPlan();
  request.mutable_plan()->mutable_tasks(1)->set_status(v1::TASK_STATUS_CANCELLED);
  EXPECT_THAT(ExportFhir(request)->bundle_json(), HasSubstr(R"("status":"completed","intent")"));
  *request.mutable_plan() = SmallPlan();
  request.mutable_plan()->mutable_agreement()->set_status(v1::ParticipantAgreement::STATUS_PENDING);
  EXPECT_THAT(ExportFhir(request)->bundle_json(), HasSubstr(R"("status":"draft","intent")"));
}

v1::Referral ReferralIn(v1::ReferralState state, const std::string& note) {
  v1::Referral referral;
  referral.set_referral_id("r1");
  referral.set_client_id("c1");
  referral.set_service_id("outpatient_sud_treatment");
  referral.set_domain("substance_use");
  referral.set_from_agency_id("reentry_case_management");
  referral.set_to_agency_id("recovery_services");
  referral.set_state(state);
  referral.add_desired_outcomes("enrolled");
  v1::ReferralChange* change = referral.add_history();
  change->set_on("2027-02-22");
  change->set_to_state(v1::REFERRAL_STATE_DRAFT);
  v1::ReferralChange* last = referral.add_history();
  last->set_on("2027-02-25");
  last->set_to_state(state);
  last->set_note(note);
  return referral;
}

TEST(ExportFhir, ReferralsAreAServiceRequestAndAGravityTaskWithTheStatusOfTheirState) {
  struct Case {
    v1::ReferralState state;
    std::string request_status, task_status, reason;
  };
  const Case cases[] = {
      {v1::REFERRAL_STATE_DRAFT, "draft", "draft", ""},
      {v1::REFERRAL_STATE_SENT, "active", "requested", ""},
      {v1::REFERRAL_STATE_ACCEPTED, "active", "accepted", ""},
      {v1::REFERRAL_STATE_WAITLISTED, "active", "on-hold", "waitlisted at recovery_services"},
      {v1::REFERRAL_STATE_DECLINED, "revoked", "rejected", "declined by recovery_services"},
      {v1::REFERRAL_STATE_IN_SERVICE, "active", "in-progress", ""},
      {v1::REFERRAL_STATE_COMPLETED, "completed", "completed", ""},
      {v1::REFERRAL_STATE_CANCELLED, "revoked", "cancelled", "referral cancelled"},
      {v1::REFERRAL_STATE_REOPENED, "active", "ready", ""},
  };
  for (const Case& c : cases) {
    v1::ExportFhirRequest request;
    request.set_patient_reference("Patient/1");
    *request.add_referrals() = ReferralIn(c.state, "");
    auto response = ExportFhir(request);
    ASSERT_TRUE(response.ok()) << response.status();
    const std::vector<Struct> resources = Resources(response->bundle_json());
    ASSERT_EQ(resources.size(), 2u);
    const auto& sr = resources[0].fields();
    const auto& task = resources[1].fields();
    const std::string name = v1::ReferralState_Name(c.state);
    EXPECT_EQ(sr.at("status").string_value(), c.request_status) << name;
    EXPECT_EQ(sr.at("intent").string_value(), "order");
    EXPECT_EQ(task.at("status").string_value(), c.task_status) << name;
    EXPECT_EQ(task.at("intent").string_value(), "order");
    EXPECT_EQ(task.at("focus").struct_value().fields().at("reference").string_value(),
              "ServiceRequest/sr-r1");
    EXPECT_EQ(task.at("for").struct_value().fields().at("reference").string_value(), "Patient/1");
    EXPECT_EQ(task.at("authoredOn").string_value(), "2027-02-22");
    EXPECT_EQ(task.at("lastModified").string_value(), "2027-02-25");
    const auto& code = task.at("code").struct_value().fields().at("coding").list_value().values(0);
    EXPECT_EQ(code.struct_value().fields().at("code").string_value(), "fulfill");
    EXPECT_EQ(code.struct_value().fields().at("system").string_value(),
              "http://hl7.org/fhir/CodeSystem/task-code");
    if (c.reason.empty()) {
      EXPECT_EQ(task.count("statusReason"), 0u) << name;
    } else {
      EXPECT_EQ(task.at("statusReason").struct_value().fields().at("text").string_value(), c.reason)
          << name;
    }
  }
  // The last change's note is the reason when there is one.
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  *request.add_referrals() = ReferralIn(v1::REFERRAL_STATE_DECLINED, "no beds for 60 days");
  EXPECT_THAT(ExportFhir(request)->bundle_json(),
              HasSubstr(R"("statusReason":{"text":"no beds for 60 days"})"));
}

// The R4 1..1 elements and required code sets of every resource type the
// export writes (docs/fhir.md; ../shared/reference/fhir-r4-facts.md).
void ExpectR4Required(const Struct& resource) {
  const auto& f = resource.fields();
  const std::string type = f.at("resourceType").string_value();
  auto has = [&](const char* key) {
    EXPECT_TRUE(f.count(key) > 0) << type << " lacks " << key;
    return f.count(key) > 0;
  };
  auto in = [&](const char* key, const std::set<std::string>& codes) {
    if (has(key)) {
      EXPECT_TRUE(codes.count(f.at(key).string_value())) << type << "." << key;
    }
  };
  EXPECT_FALSE(f.at("id").string_value().empty());
  EXPECT_LE(f.at("id").string_value().size(), 64u);
  if (type == "CarePlan") {
    in("status",
       {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"});
    in("intent", {"proposal", "plan", "order", "option"});
    has("subject");
  } else if (type == "Goal") {
    in("lifecycleStatus", {"proposed", "planned", "accepted", "active", "on-hold", "completed",
                           "cancelled", "entered-in-error", "rejected"});
    has("description");
    has("subject");
  } else if (type == "ServiceRequest") {
    in("status",
       {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"});
    in("intent", {"proposal", "plan", "directive", "order", "original-order", "reflex-order",
                  "filler-order", "instance-order", "option"});
    has("subject");
  } else if (type == "Task") {
    in("status", {"draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
                  "in-progress", "on-hold", "failed", "completed", "entered-in-error"});
    in("intent", {"order"});  // TaskForReferralManagement fixes it
    has("code");
    has("focus");
    has("for");
    has("authoredOn");
    has("requester");
  } else if (type == "Consent") {
    in("status", {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"});
    has("scope");
    has("category");
    // ppc-1: a policy or a policy rule; ppc-2: a privacy consent has a patient.
    EXPECT_TRUE(f.count("policy") > 0 || f.count("policyRule") > 0) << "Consent ppc-1";
    has("patient");
  } else if (type == "Observation") {
    in("status", {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                  "entered-in-error", "unknown"});
    has("code");
  } else if (type == "RiskAssessment") {
    in("status", {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                  "entered-in-error", "unknown"});
    has("subject");
  } else {
    ADD_FAILURE() << "unexpected resource type " << type;
  }
}

v1::AssessmentResult Assessment() {
  v1::AssessmentResult result;
  result.set_instrument_id("pattern");
  result.set_instrument_version("1.2");
  result.set_client_id("c1");
  result.set_assessed_on("2026-11-23");
  result.set_risk_scale_id("general");
  v1::ScaleResult* general = result.add_scales();
  general->set_scale_id("general");
  general->set_raw_score(41);
  general->set_level("medium");
  general->set_final_level("medium");
  v1::ScaleResult* violent = result.add_scales();
  violent->set_scale_id("violent");
  violent->set_raw_score(22);
  violent->set_scaled_score(3);
  violent->set_level("low");
  v1::NeedResult* need = result.add_needs();
  need->set_domain("housing");
  need->set_level("high");
  return result;
}

v1::ExportFhirRequest Everything() {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/123");
  *request.mutable_plan() = SmallPlan();
  *request.add_referrals() = ReferralIn(v1::REFERRAL_STATE_ACCEPTED, "");
  *request.add_consents() = Part2Consent();
  *request.add_assessments() = Assessment();
  return request;
}

TEST(ExportFhir, EveryResourceHasItsRequiredElementsAndCodes) {
  auto response = ExportFhir(Everything());
  ASSERT_TRUE(response.ok()) << response.status();
  const std::vector<Struct> resources = Resources(response->bundle_json());
  // 3 Observations (2 scales, 1 need), 1 RiskAssessment, CarePlan, Goal,
  // ServiceRequest, Task, Consent.
  ASSERT_EQ(resources.size(), 9u);
  EXPECT_EQ(response->resource_count(), 9);
  std::set<std::string> ids;
  for (const Struct& resource : resources) {
    ExpectR4Required(resource);
    EXPECT_TRUE(ids.insert(resource.fields().at("id").string_value()).second);
  }
  const std::string& json = response->bundle_json();
  // The need Observation is what the goal addresses and the plan rests on.
  EXPECT_THAT(
      json,
      HasSubstr(
          R"("addresses":[{"reference":"Observation/obs-c1-pattern-2026-11-23-need-housing"}])"));
  EXPECT_THAT(
      json,
      HasSubstr(
          R"("supportingInfo":[{"reference":"Observation/obs-c1-pattern-2026-11-23-need-housing"}])"));
  // The risk scale's RiskAssessment.
  EXPECT_EQ(
      ResourceJson(json, "RiskAssessment"),
      R"({"resourceType":"RiskAssessment","id":"risk-c1-pattern-2026-11-23","status":"final",)"
      R"("method":{"text":"pattern 1.2"},"subject":{"reference":"Patient/123"},)"
      R"("occurrenceDateTime":"2026-11-23","basis":[{"reference":"Observation/obs-c1-pattern-2026-11-23-general"}],)"
      R"("prediction":[{"qualitativeRisk":{"text":"medium"}}]})");
  // A scaled score is an integer, a raw score a quantity.
  EXPECT_THAT(ResourceJson(json, "Observation", 1),
              HasSubstr(R"("valueInteger":3,"interpretation":[{"text":"low"}])"));
  EXPECT_THAT(ResourceJson(json, "Observation", 0), HasSubstr(R"("valueQuantity":{"value":41})"));
  // The Part 2 consent is labelled as such.
  const std::string consent = ResourceJson(json, "Consent");
  EXPECT_THAT(
      consent,
      HasSubstr(
          R"("policy":[{"uri":"https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"}])"));
  EXPECT_THAT(
      consent,
      HasSubstr(
          R"("securityLabel":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"42CFRPart2","display":"42 CFR Part2"}])"));
  // Revoked (2027-09-01): inactive without as_of.
  EXPECT_THAT(consent, HasSubstr(R"("status":"inactive")"));
}

TEST(ExportFhir, BlankValuesAreLeftOutAndRequiredOnesFallBack) {
  // FHIR allows no empty strings, objects or arrays; a host's plan may have
  // no titles, levels or domains.
  v1::ExportFhirRequest request = Everything();
  for (v1::Goal& goal : *request.mutable_plan()->mutable_goals()) {
    goal.clear_title();
    goal.clear_domain();
  }
  for (v1::Task& task : *request.mutable_plan()->mutable_tasks()) task.clear_title();
  request.mutable_referrals(0)->clear_domain();
  request.mutable_referrals(0)->clear_service_id();
  request.mutable_assessments(0)->mutable_needs(0)->clear_level();
  request.mutable_consents(0)->mutable_recipients(0)->set_agency_id("");
  auto response = ExportFhir(request);
  ASSERT_TRUE(response.ok()) << response.status();
  const std::string& json = response->bundle_json();
  EXPECT_THAT(json, Not(HasSubstr(R"("")")));
  EXPECT_THAT(json, Not(HasSubstr("{}")));
  EXPECT_THAT(json, Not(HasSubstr("[]")));
  // The goal's description falls back to its id.
  EXPECT_THAT(json, HasSubstr(R"("description":{"text":"housing.h1"})"));
  for (const Struct& resource : Resources(json)) ExpectR4Required(resource);
}

TEST(ExportFhir, TheSameRequestGivesTheSameBytes) {
  const v1::ExportFhirRequest request = Everything();
  const std::string first = ExportFhir(request)->bundle_json();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ExportFhir(request)->bundle_json(), first);
}

TEST(ExportFhir, AConsentIsTheConsentWorkedOutByHand) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  request.set_as_of("2027-03-01");
  *request.add_consents() = Part2Consent();
  auto response = ExportFhir(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(
      response->bundle_json(),
      R"({"resourceType":"Bundle","type":"collection","entry":[{"resource":)"
      R"({"resourceType":"Consent","id":"consent-consent-7","extension":[)"
      R"({"url":"urn:reentry:fhir:revoked-on","valueDate":"2027-09-01"},)"
      R"({"url":"urn:reentry:fhir:permitted-discloser","valueString":"North Facility medical unit"},)"
      R"({"url":"urn:reentry:fhir:permitted-discloser","valueString":"Harbor Recovery"},)"
      R"({"url":"urn:reentry:fhir:information-description","valueString":"SUD treatment dates, medication and attendance"},)"
      R"({"url":"urn:reentry:fhir:revocation-statement","valueBoolean":true},)"
      R"({"url":"urn:reentry:fhir:expiration-event","valueString":"end of supervision"}],)"
      R"("identifier":[{"system":"urn:reentry:consent","value":"consent-7"}],)"
      R"("status":"active",)"
      R"("scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy","display":"Privacy Consent"}]},)"
      R"("category":[{"coding":[{"system":"http://loinc.org","code":"59284-0","display":"Patient Consent"}]}],)"
      R"("patient":{"reference":"Patient/1","display":"Dana Example"},)"
      R"("dateTime":"2027-02-10",)"
      R"("performer":[{"display":"Dana Example"}],)"
      R"("policy":[{"uri":"https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"}],)"
      R"("policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN","display":"opt-in"}]},)"
      R"("provision":{"type":"permit","period":{"start":"2027-02-11","end":"2028-02-10"},)"
      R"("actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP","display":"information recipient"}]},)"
      R"("reference":{"type":"Organization","identifier":{"system":"urn:reentry:agency","value":"recovery_services"},"display":"recovery_services"}},)"
      R"({"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP","display":"information recipient"}]},)"
      R"("reference":{"identifier":{"system":"urn:reentry:agency-type","value":"AGENCY_TYPE_TREATMENT"},"display":"every agency of type AGENCY_TYPE_TREATMENT"}}],)"
      R"("purpose":[{"system":"urn:reentry:purpose","code":"PURPOSE_TREATMENT"},{"system":"urn:reentry:purpose","code":"PURPOSE_CASE_MANAGEMENT"}],)"
      R"("class":[{"system":"urn:reentry:data-category","code":"DATA_CATEGORY_SUD_TREATMENT"},{"system":"urn:reentry:data-category","code":"DATA_CATEGORY_MENTAL_HEALTH"}],)"
      R"("securityLabel":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"42CFRPart2","display":"42 CFR Part2"}]}}}]})");
}

TEST(ExportFhir, ATaskIsNeverModifiedBeforeItWasAuthored) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  v1::Referral referral = ReferralIn(v1::REFERRAL_STATE_SENT, "");
  *request.add_referrals() = referral;
  // Authored on the first change (2027-02-22), last modified on 2027-02-25.
  EXPECT_THAT(ExportFhir(request)->bundle_json(),
              HasSubstr(R"("authoredOn":"2027-02-22","lastModified":"2027-02-25")"));
  // A referred_on after the history (bad host data) leaves lastModified out
  // rather than break R4's inv-1.
  request.mutable_referrals(0)->set_referred_on("2027-03-01");
  const std::string json = ExportFhir(request)->bundle_json();
  EXPECT_THAT(json, HasSubstr(R"("authoredOn":"2027-03-01")"));
  EXPECT_THAT(json, Not(HasSubstr("lastModified")));
}

TEST(ExportFhir, ABaseUrlGivesEachEntryItsFullUrl) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  *request.add_consents() = Part2Consent();
  *request.add_referrals() = ReferralIn(v1::REFERRAL_STATE_SENT, "");
  request.set_base_url("https://fhir.example.org/r4/");
  auto response = ExportFhir(request);
  ASSERT_TRUE(response.ok()) << response.status();
  const std::string& json = response->bundle_json();
  EXPECT_THAT(json, HasSubstr(R"({"fullUrl":"https://fhir.example.org/r4/ServiceRequest/sr-)"));
  EXPECT_THAT(
      json,
      HasSubstr(
          R"({"fullUrl":"https://fhir.example.org/r4/Consent/consent-consent-7","resource":{"resourceType":"Consent")"));
  // Without a base, no fullUrl.
  request.clear_base_url();
  EXPECT_THAT(ExportFhir(request)->bundle_json(), Not(HasSubstr("fullUrl")));
  for (const char* bad : {"fhir.example.org", "ftp://fhir.example.org", "https://", "https:///",
                          "https://fhir.example.org/r4?x=1", "https://fhir.example.org/#top"}) {
    request.set_base_url(bad);
    EXPECT_EQ(ErrorField(ExportFhir(request).status()), "base_url") << bad;
  }
}

TEST(ExportFhir, AConsentsStatusFollowsAsOf) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  v1::Consent consent = Part2Consent();
  consent.clear_revoked_on();
  *request.add_consents() = consent;
  const std::pair<std::string, std::string> days[] = {{"2027-02-10", "proposed"},
                                                      {"2027-02-11", "active"},
                                                      {"2028-02-10", "active"},
                                                      {"2028-02-11", "inactive"}};
  for (const auto& [as_of, status] : days) {
    request.set_as_of(as_of);
    EXPECT_THAT(ExportFhir(request)->bundle_json(),
                HasSubstr(absl::StrCat(R"("status":")", status, R"(")")))
        << as_of;
  }
}

TEST(ExportFhir, IdsAreValidFhirIdsDerivedFromTheLibrarysIds) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  v1::Referral referral = ReferralIn(v1::REFERRAL_STATE_SENT, "");
  referral.set_referral_id(std::string(80, 'x') + "/é");
  *request.add_referrals() = referral;
  const std::vector<Struct> resources = Resources(ExportFhir(request)->bundle_json());
  const std::string id = resources[0].fields().at("id").string_value();
  EXPECT_EQ(id.size(), 64u);
  EXPECT_EQ(id.substr(0, 47), "sr-" + std::string(44, 'x'));
  for (char c : id) EXPECT_TRUE(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.');
}

TEST(ExportFhir, BadRequestsAreNamed) {
  v1::ExportFhirRequest request = Everything();
  request.clear_patient_reference();
  EXPECT_EQ(ErrorField(ExportFhir(request).status()), "patient_reference");
  request = v1::ExportFhirRequest();
  request.set_patient_reference("Patient/1");
  EXPECT_EQ(ErrorField(ExportFhir(request).status()), "plan");
  request = Everything();
  request.set_as_of("2027-02-30");
  EXPECT_EQ(ErrorField(ExportFhir(request).status()), "as_of");
  request = Everything();
  request.mutable_assessments(0)->mutable_scales(0)->set_raw_score(std::nan(""));
  EXPECT_EQ(ErrorField(ExportFhir(request).status()), "assessments[0].scales[0].raw_score");
  // Ids the resources come from: required and unique.
  request = Everything();
  request.mutable_referrals(0)->clear_referral_id();
  EXPECT_EQ(ErrorField(ExportFhir(request).status()), "referrals[0].referral_id");
  request = Everything();
  *request.add_referrals() = request.referrals(0);
  EXPECT_EQ(ErrorField(ExportFhir(request).status()), "referrals[1].referral_id");
  request = Everything();
  *request.add_consents() = request.consents(0);
  EXPECT_EQ(ErrorField(ExportFhir(request).status()), "consents[1].consent_id");
  request = Everything();
  *request.mutable_plan()->add_goals() = request.plan().goals(0);
  EXPECT_EQ(ErrorField(ExportFhir(request).status()), "plan.goals[1].goal_id");
}

TEST(ExportFhir, IdsThatMeetOnceSanitizedStayDistinct) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  for (const char* id : {"r_1", "r-1", "r 1"}) {
    v1::Referral referral = ReferralIn(v1::REFERRAL_STATE_SENT, "");
    referral.set_referral_id(id);
    *request.add_referrals() = referral;
  }
  std::vector<std::string> ids;
  for (const Struct& resource : Resources(ExportFhir(request)->bundle_json())) {
    ids.push_back(resource.fields().at("id").string_value());
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("sr-r-1", "task-r-1", "sr-r-1-2", "task-r-1-2",
                                          "sr-r-1-3", "task-r-1-3"));
  // The Task still points at its own ServiceRequest.
  EXPECT_THAT(ExportFhir(request)->bundle_json(),
              HasSubstr(R"("focus":{"reference":"ServiceRequest/sr-r-1-2"})"));
}

v1::Consent RoundTrip(const v1::Consent& consent) {
  v1::ExportFhirRequest request;
  request.set_patient_reference("Patient/1");
  *request.add_consents() = consent;
  auto exported = ExportFhir(request);
  EXPECT_TRUE(exported.ok()) << exported.status();
  v1::ImportConsentRequest import;
  import.set_consent_json(ResourceJson(exported->bundle_json(), "Consent"));
  auto imported = ImportConsent(import);
  EXPECT_TRUE(imported.ok()) << imported.status();
  return imported.ok() ? imported->consent() : v1::Consent();
}

TEST(ImportConsent, ExportThenImportIsLosslessForWhatShareUses) {
  const v1::Consent part2 = Part2Consent();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(RoundTrip(part2), part2))
      << RoundTrip(part2).DebugString();
  v1::Consent justice;
  justice.set_consent_id("cj-1");
  justice.set_signed_on("2027-01-05");
  justice.set_criminal_justice(true);
  justice.set_revocable_from("2027-07-05");
  justice.add_recipients()->set_agency_type(v1::AGENCY_TYPE_SUPERVISION);
  justice.add_purposes(v1::PURPOSE_SUPERVISION);
  justice.add_categories(v1::DATA_CATEGORY_SUD_TREATMENT);
  justice.set_part2(true);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(RoundTrip(justice), justice))
      << RoundTrip(justice).DebugString();
}

TEST(ImportConsent, WhatShareCannotHonourIsRejectedNamingTheFhirPath) {
  const std::string base =
      R"({"resourceType":"Consent","id":"c9","status":"active","dateTime":"2027-01-05",)";
  const std::pair<std::string, std::string> cases[] = {
      {R"({"resourceType":"Patient"})", "resourceType"},
      {"[1,2]", "consent_json"},
      {"not json", "consent_json"},
      {base + R"("provision":{"type":"deny"}})", "provision.type"},
      {base + R"("provision":{"type":"permit","provision":[{"type":"deny"}]}})",
       "provision.provision"},
      {base + R"("provision":{"type":"permit","data":[{"meaning":"instance"}]}})",
       "provision.data"},
      {base +
           R"("provision":{"type":"permit","purpose":[{"system":"urn:reentry:purpose","code":"PURPOSE_TREATMENT"},{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"TREAT"}]}})",
       "provision.purpose[1].system"},
      {base +
           R"("provision":{"type":"permit","class":[{"system":"urn:reentry:data-category","code":"DATA_CATEGORY_DREAMS"}]}})",
       "provision.class[0].code"},
      {base +
           R"("provision":{"type":"permit","actor":[{"reference":{"reference":"Organization/1"}}]}})",
       "provision.actor[0].reference.identifier"},
      {base + R"("provision":{"type":"permit","period":{"start":"2027-02-30"}}})",
       "provision.period.start"},
      {R"({"resourceType":"Consent","id":"c9","status":"active","provision":{"type":"permit"}})",
       "dateTime"},
      {base + R"("status2":1})", "provision"},
      // Not agreed yet, or no longer in force without the day it stopped.
      {R"({"resourceType":"Consent","id":"c9","status":"proposed","dateTime":"2027-01-05","provision":{"type":"permit"}})",
       "status"},
      {R"({"resourceType":"Consent","id":"c9","status":"draft","dateTime":"2027-01-05","provision":{"type":"permit"}})",
       "status"},
      {R"({"resourceType":"Consent","id":"c9","status":"inactive","dateTime":"2027-01-05","provision":{"type":"permit"}})",
       "status"},
  };
  for (const auto& [json, field] : cases) {
    v1::ImportConsentRequest request;
    request.set_consent_json(json);
    const absl::Status status = ImportConsent(request).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << json;
    EXPECT_EQ(ErrorField(status), field) << json << ": " << status;
  }
}

TEST(FhirRpcs, ThroughTheEngineInJson) {
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok()) << engine.status();
  std::string out;
  ASSERT_TRUE(
      (*engine)
          ->Call(
              "ExportFhir",
              R"({"patientReference":"Patient/9","consents":[{"consentId":"k","signedOn":"2027-01-01"}]})",
              Engine::Encoding::kJson, &out)
          .ok())
      << out;
  EXPECT_THAT(out, HasSubstr(R"(\"resourceType\":\"Consent\")"));
  out.clear();
  const absl::Status status =
      (*engine)->Call("ImportConsent", R"({"consentJson":"{}"})", Engine::Encoding::kJson, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(status), "resourceType");
}

}  // namespace
}  // namespace reentry
