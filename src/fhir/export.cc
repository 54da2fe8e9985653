// rpc ExportFhir: a person's plan, referrals, consents and assessment results
// as one FHIR R4 Bundle (type collection). The mapping is in docs/fhir.md.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fhir/codes.h"
#include "fhir/json_value.h"
#include "reentry/fhir/fhir.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace {

using fhir_internal::JsonValue;
namespace codes = fhir_internal;

// A FHIR id ([A-Za-z0-9\-\.]{1,64}) from the library's ids: other characters
// become '-'; an id longer than 64 keeps its first 47 characters, '-', and 16
// hex digits of the FNV-1a hash of the whole.
std::string FhirId(absl::string_view raw) {
  std::string id;
  for (char c : raw) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    id.push_back(ok ? c : '-');
  }
  if (id.empty()) id = "-";
  if (id.size() <= 64) return id;
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : raw) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return absl::StrCat(id.substr(0, 47), "-", absl::StrFormat("%016x", hash));
}

JsonValue Coding(absl::string_view system, absl::string_view code, absl::string_view display = "") {
  JsonValue coding = JsonValue::Object();
  coding.Set("system", system).Set("code", code).SetIfNotEmpty("display", display);
  return coding;
}

JsonValue Concept(JsonValue coding, absl::string_view text = "") {
  JsonValue concept_ = JsonValue::Object();
  concept_.Set("coding", JsonValue::Array().Add(std::move(coding)));
  concept_.SetIfNotEmpty("text", text);
  return concept_;
}

JsonValue TextConcept(absl::string_view text) { return JsonValue::Object().Set("text", text); }

JsonValue Reference(absl::string_view reference) {
  return JsonValue::Object().Set("reference", reference);
}

JsonValue Identifier(absl::string_view system, absl::string_view value) {
  return JsonValue::Object().Set("system", system).Set("value", value);
}

// A reference to an agency of a network, which the Bundle does not hold.
JsonValue AgencyReference(absl::string_view agency_id) {
  JsonValue reference = JsonValue::Object();
  reference.Set("type", "Organization")
      .Set("identifier", Identifier(codes::kAgencySystem, agency_id))
      .Set("display", agency_id);
  return reference;
}

// The Gravity SDOH category of a need or service domain, if one fits
// (docs/fhir.md lists them); empty for health domains, which have none.
struct SdohCategory {
  absl::string_view code;
  absl::string_view display;
};
std::optional<SdohCategory> SdohCategoryOf(absl::string_view domain) {
  static const auto* const table = new std::map<absl::string_view, SdohCategory>{
      {"housing", {"housing-instability", "Housing Instability"}},
      {"employment", {"employment-status", "Employment Status"}},
      {"education", {"educational-attainment", "Educational Attainment"}},
      {"finances_id", {"financial-insecurity", "Financial Insecurity"}},
      {"finances", {"financial-insecurity", "Financial Insecurity"}},
      {"benefits", {"financial-insecurity", "Financial Insecurity"}},
      {"transportation", {"transportation-insecurity", "Transportation Insecurity"}},
      {"family_social", {"social-connection", "Social Connection"}},
      {"food", {"food-insecurity", "Food Insecurity"}},
      {"identification", {"incarceration-status", "Incarceration Status"}},
      {"legal_obligations", {"incarceration-status", "Incarceration Status"}},
      {"release_planning", {"incarceration-status", "Incarceration Status"}},
      {"supervision", {"incarceration-status", "Incarceration Status"}},
      {"continuity", {"incarceration-status", "Incarceration Status"}},
      {"antisocial_cognition", {"incarceration-status", "Incarceration Status"}},
      {"antisocial_peers", {"incarceration-status", "Incarceration Status"}},
  };
  const auto it = table->find(domain);
  if (it == table->end()) return std::nullopt;
  return it->second;
}

// The categories of a goal or referral in `domain`: the SDOH category when
// one fits, then the domain itself.
JsonValue DomainCategories(absl::string_view domain) {
  JsonValue categories = JsonValue::Array();
  if (auto sdoh = SdohCategoryOf(domain)) {
    categories.Add(Concept(Coding(codes::kSdohCategorySystem, sdoh->code, sdoh->display)));
  }
  categories.Add(Concept(Coding(codes::kDomainSystem, domain)));
  return categories;
}

class Exporter {
 public:
  explicit Exporter(const v1::ExportFhirRequest& request) : request_(request) {}

  absl::Status Run(v1::ExportFhirResponse* response) {
    if (request_.patient_reference().empty()) {
      return internal::InvalidField("patient_reference", "is required (e.g. \"Patient/123\")");
    }
    if (!request_.has_plan() && request_.referrals().empty() && request_.consents().empty() &&
        request_.assessments().empty()) {
      return internal::InvalidField("plan",
                                    "nothing to export: give a plan, referrals, consents or "
                                    "assessments");
    }
    if (auto s =
            CheckIds(request_.referrals(), "referrals", "referral_id", &v1::Referral::referral_id);
        !s.ok()) {
      return s;
    }
    if (auto s = CheckIds(request_.consents(), "consents", "consent_id", &v1::Consent::consent_id);
        !s.ok()) {
      return s;
    }
    if (auto s = CheckIds(request_.plan().goals(), "plan.goals", "goal_id", &v1::Goal::goal_id);
        !s.ok()) {
      return s;
    }
    for (int i = 0; i < request_.assessments_size(); ++i) {
      for (int j = 0; j < request_.assessments(i).scales_size(); ++j) {
        if (!std::isfinite(request_.assessments(i).scales(j).raw_score())) {
          return internal::InvalidField(
              absl::StrCat("assessments[", i, "].scales[", j, "].raw_score"),
              "is not a finite number (a FHIR decimal cannot hold it)");
        }
      }
    }
    if (!request_.base_url().empty()) {
      base_url_ = request_.base_url();
      while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
      const bool http =
          absl::StartsWith(base_url_, "http://") || absl::StartsWith(base_url_, "https://");
      if (!http || base_url_.find_first_of("?# \t\n\r") != std::string::npos ||
          base_url_.size() <= std::string("https://").size()) {
        return internal::InvalidField(
            "base_url", absl::StrCat(internal::Quoted(request_.base_url()),
                                     " is not an http(s) URL without query or fragment"));
      }
    }
    if (!request_.as_of().empty()) {
      auto as_of = internal::ParseDate(request_.as_of(), "as_of");
      if (!as_of.ok()) return as_of.status();
      as_of_ = request_.as_of();
    }
    for (int i = 0; i < request_.assessments_size(); ++i) Assessment(request_.assessments(i));
    if (request_.has_plan()) Plan(request_.plan());
    for (const v1::Referral& referral : request_.referrals()) Referral(referral);
    for (const v1::Consent& consent : request_.consents()) Consent(consent);

    JsonValue bundle = JsonValue::Object();
    bundle.Set("resourceType", "Bundle").Set("type", "collection");
    JsonValue entries = JsonValue::Array();
    for (auto& [reference, resource] : resources_) {
      JsonValue entry = JsonValue::Object();
      if (!base_url_.empty()) entry.Set("fullUrl", absl::StrCat(base_url_, "/", reference));
      entries.Add(std::move(entry.Set("resource", std::move(resource))));
    }
    bundle.Set("entry", std::move(entries));
    response->set_bundle_json(bundle.ToString());
    response->set_resource_count(static_cast<int32_t>(resources_.size()));
    return absl::OkStatus();
  }

 private:
  const std::string& Patient() const { return request_.patient_reference(); }

  // The FHIR id of `raw` (FhirId), unique in the bundle: distinct library ids
  // can meet once sanitized ("r_1" and "r-1"), so a later one gets "-2",
  // "-3", ... (deterministic: resources are made in a fixed order).
  std::string NewId(absl::string_view raw) {
    const std::string id = FhirId(raw);
    std::string unique = id;
    for (int n = 2; !used_ids_.insert(unique).second; ++n) {
      const std::string suffix = absl::StrCat("-", n);
      unique = absl::StrCat(id.substr(0, 64 - suffix.size()), suffix);
    }
    return unique;
  }

  // Referral, consent and goal ids: required and unique (the resources' ids,
  // identifiers and references come from them).
  template <typename Message>
  static absl::Status CheckIds(const google::protobuf::RepeatedPtrField<Message>& messages,
                               absl::string_view list, absl::string_view field,
                               const std::string& (Message::*id)() const) {
    std::set<std::string> seen;
    for (int i = 0; i < messages.size(); ++i) {
      const std::string& value = (messages.Get(i).*id)();
      const std::string path = absl::StrCat(list, "[", i, "].", field);
      if (value.empty()) return internal::InvalidField(path, "is required");
      if (!seen.insert(value).second) {
        return internal::InvalidField(path,
                                      absl::StrCat(internal::Quoted(value), " is given twice"));
      }
    }
    return absl::OkStatus();
  }

  JsonValue& AddResource(absl::string_view type, const std::string& id) {
    JsonValue resource = JsonValue::Object();
    resource.Set("resourceType", type).Set("id", id);
    resources_.emplace_back(absl::StrCat(type, "/", id), std::move(resource));
    return resources_.back().second;
  }

  // ---- Assessments: Observations and the RiskAssessment ----------------------

  void Assessment(const v1::AssessmentResult& result) {
    const std::string stem =
        absl::StrCat(result.client_id().empty() ? std::string("person") : result.client_id(), "-",
                     result.instrument_id(), "-", result.assessed_on());
    std::string risk_observation;
    for (const v1::ScaleResult& scale : result.scales()) {
      const std::string id = NewId(absl::StrCat("obs-", stem, "-", scale.scale_id()));
      JsonValue& observation = AddResource("Observation", id);
      observation.Set("status", "final");
      observation.Set("category", JsonValue::Array().Add(Concept(Coding(
                                      codes::kObservationCategorySystem, "survey", "Survey"))));
      observation.Set(
          "code", Concept(Coding(absl::StrCat("urn:reentry:instrument:", result.instrument_id()),
                                 scale.scale_id()),
                          absl::StrCat(result.instrument_id(), " ", result.instrument_version(),
                                       " ", scale.scale_id())));
      observation.Set("subject", Reference(Patient()));
      observation.SetIfNotEmpty("effectiveDateTime", result.assessed_on());
      if (scale.has_scaled_score()) {
        observation.Set("valueInteger", JsonValue::Int(scale.scaled_score()));
      } else {
        observation.Set("valueQuantity",
                        JsonValue::Object().Set("value", JsonValue::Number(scale.raw_score())));
      }
      const std::string& level = scale.final_level().empty() ? scale.level() : scale.final_level();
      if (!level.empty()) {
        observation.Set("interpretation", JsonValue::Array().Add(TextConcept(level)));
      }
      if (scale.scale_id() == result.risk_scale_id()) risk_observation = id;
    }
    for (const v1::NeedResult& need : result.needs()) {
      const std::string id = NewId(absl::StrCat("obs-", stem, "-need-", need.domain()));
      need_observations_[need.domain()].push_back(id);
      JsonValue& observation = AddResource("Observation", id);
      observation.Set("status", "final");
      JsonValue categories = JsonValue::Array();
      categories.Add(Concept(Coding(codes::kObservationCategorySystem, "survey", "Survey")));
      if (auto sdoh = SdohCategoryOf(need.domain())) {
        categories.Add(Concept(Coding(codes::kSdohCategorySystem, sdoh->code, sdoh->display)));
      }
      observation.Set("category", std::move(categories));
      observation.Set("code", Concept(Coding(codes::kDomainSystem, need.domain()),
                                      absl::StrCat("Need: ", need.domain())));
      observation.Set("subject", Reference(Patient()));
      observation.SetIfNotEmpty("effectiveDateTime", result.assessed_on());
      observation.Set("valueCodeableConcept", TextConcept(need.level()));
      observation.Set("interpretation", JsonValue::Array().Add(TextConcept(need.level())));
    }
    if (!risk_observation.empty()) {
      const v1::ScaleResult* risk = nullptr;
      for (const v1::ScaleResult& scale : result.scales()) {
        if (scale.scale_id() == result.risk_scale_id()) risk = &scale;
      }
      JsonValue& assessment = AddResource("RiskAssessment", NewId(absl::StrCat("risk-", stem)));
      assessment.Set("status", "final");
      assessment.Set("method", TextConcept(absl::StrCat(result.instrument_id(), " ",
                                                        result.instrument_version())));
      assessment.Set("subject", Reference(Patient()));
      assessment.SetIfNotEmpty("occurrenceDateTime", result.assessed_on());
      assessment.Set("basis", JsonValue::Array().Add(
                                  Reference(absl::StrCat("Observation/", risk_observation))));
      const std::string& level = risk->final_level().empty() ? risk->level() : risk->final_level();
      assessment.Set("prediction",
                     JsonValue::Array().Add(JsonValue::Object().Set(
                         "qualitativeRisk", TextConcept(level.empty() ? "unknown" : level))));
    }
  }

  // ---- The plan: CarePlan and Goals -----------------------------------------

  static absl::string_view ActivityStatus(v1::TaskStatus status) {
    switch (status) {
      case v1::TASK_STATUS_STARTED:
        return "in-progress";
      case v1::TASK_STATUS_COMPLETED:
        return "completed";
      case v1::TASK_STATUS_CANCELLED:
        return "cancelled";
      case v1::TASK_STATUS_NOT_STARTED:
        return "not-started";
      default:
        return "unknown";
    }
  }

  static absl::string_view PlanStatus(const v1::CasePlan& plan) {
    bool open = false;
    for (const v1::Task& task : plan.tasks()) {
      open |=
          task.status() != v1::TASK_STATUS_COMPLETED && task.status() != v1::TASK_STATUS_CANCELLED;
    }
    if (!plan.tasks().empty() && !open) return "completed";
    return plan.agreement().status() == v1::ParticipantAgreement::STATUS_AGREED ? "active"
                                                                                : "draft";
  }

  void Plan(const v1::CasePlan& plan) {
    const std::string stem =
        absl::StrCat(plan.client_id().empty() ? "person" : plan.client_id(), "-v", plan.version());
    std::map<std::string, std::string> goal_ids;  // plan goal id -> FHIR id
    std::map<std::string, std::string> goal_due;  // latest due date of its tasks
    for (const v1::Goal& goal : plan.goals()) {
      goal_ids[goal.goal_id()] = NewId(absl::StrCat("goal-", stem, "-", goal.goal_id()));
    }
    std::string plan_end = plan.plan_start_on();
    for (const v1::Task& task : plan.tasks()) {
      for (const std::string* date : {&task.due_on(), &task.end_on()}) {
        if (*date > plan_end) plan_end = *date;
      }
      std::string& due = goal_due[task.goal_id()];
      if (task.due_on() > due) due = task.due_on();
    }

    JsonValue& care_plan = AddResource("CarePlan", NewId(absl::StrCat("careplan-", stem)));
    care_plan.Set("identifier", JsonValue::Array().Add(Identifier(
                                    codes::kCasePlanSystem,
                                    absl::StrCat(plan.client_id(), "/", plan.version()))));
    care_plan.Set("status", PlanStatus(plan));
    care_plan.Set("intent", "plan");
    care_plan.Set("category", JsonValue::Array().Add(TextConcept("Reentry case plan")));
    care_plan.Set("title", absl::StrCat("Reentry case plan, version ", plan.version()));
    care_plan.SetIfNotEmpty("description", plan.intensity_note());
    care_plan.Set("subject", Reference(Patient()));
    if (!plan.plan_start_on().empty()) {
      care_plan.Set("period",
                    JsonValue::Object().Set("start", plan.plan_start_on()).Set("end", plan_end));
    }
    if (!plan.lead_agency_id().empty()) {
      care_plan.Set("author", AgencyReference(plan.lead_agency_id()));
    }
    JsonValue supporting = JsonValue::Array();
    for (const v1::Goal& goal : plan.goals()) {
      const auto it = need_observations_.find(goal.domain());
      if (it == need_observations_.end()) continue;
      for (const std::string& id : it->second) {
        supporting.Add(Reference(absl::StrCat("Observation/", id)));
      }
    }
    if (!supporting.empty()) care_plan.Set("supportingInfo", std::move(supporting));
    JsonValue goals = JsonValue::Array();
    for (const v1::Goal& goal : plan.goals()) {
      goals.Add(Reference(absl::StrCat("Goal/", goal_ids[goal.goal_id()])));
    }
    if (!goals.empty()) care_plan.Set("goal", std::move(goals));
    JsonValue activities = JsonValue::Array();
    for (const v1::Task& task : plan.tasks()) {
      JsonValue detail = JsonValue::Object();
      detail.Set("kind", "Task");
      detail.Set("code", Concept(Coding("urn:reentry:task", task.task_id())));
      detail.Set("status", ActivityStatus(task.status()));
      JsonValue period = JsonValue::Object();
      period.SetIfNotEmpty("start", task.start_on()).SetIfNotEmpty("end", task.end_on());
      if (!period.empty()) detail.Set("scheduledPeriod", std::move(period));
      const auto goal = goal_ids.find(task.goal_id());
      if (goal != goal_ids.end()) {
        detail.Set("goal", JsonValue::Array().Add(Reference(absl::StrCat("Goal/", goal->second))));
      }
      detail.Set("description", task.due_on().empty()
                                    ? task.title()
                                    : absl::StrCat(task.title(), " (due ", task.due_on(), ")"));
      activities.Add(JsonValue::Object().Set("detail", std::move(detail)));
    }
    if (!activities.empty()) care_plan.Set("activity", std::move(activities));
    JsonValue notes = JsonValue::Array();
    for (const v1::UncoveredNeed& need : plan.uncovered_needs()) {
      notes.Add(JsonValue::Object().Set("text", absl::StrCat("No goal for ", need.domain(), " (",
                                                             need.level(), "): ", need.reason())));
    }
    if (!notes.empty()) care_plan.Set("note", std::move(notes));

    for (const v1::Goal& goal : plan.goals()) {
      JsonValue& resource = AddResource("Goal", goal_ids[goal.goal_id()]);
      const bool achieved = goal.status() == v1::GOAL_STATUS_ACHIEVED;
      const bool started = goal.status() == v1::GOAL_STATUS_IN_PROGRESS;
      resource.Set("lifecycleStatus", achieved ? "completed" : started ? "active" : "planned");
      if (achieved || started) {
        resource.Set("achievementStatus", Concept(Coding(codes::kGoalAchievementSystem,
                                                         achieved ? "achieved" : "in-progress",
                                                         achieved ? "Achieved" : "In Progress")));
      }
      resource.Set("category", DomainCategories(goal.domain()));
      // description is 1..1: the goal id when the goal has no title.
      resource.Set("description",
                   TextConcept(goal.title().empty() ? goal.goal_id() : goal.title()));
      resource.Set("subject", Reference(Patient()));
      resource.SetIfNotEmpty("startDate", plan.plan_start_on());
      const std::string& due = goal_due[goal.goal_id()];
      if (!due.empty()) {
        resource.Set("target", JsonValue::Array().Add(JsonValue::Object().Set("dueDate", due)));
      }
      const auto it = need_observations_.find(goal.domain());
      if (it != need_observations_.end()) {
        JsonValue addresses = JsonValue::Array();
        for (const std::string& id : it->second) {
          addresses.Add(Reference(absl::StrCat("Observation/", id)));
        }
        resource.Set("addresses", std::move(addresses));
      }
      const v1::Provenance& p = goal.provenance();
      resource.Set(
          "note",
          JsonValue::Array().Add(JsonValue::Object().Set(
              "text", p.instrument_id().empty()
                          ? absl::StrCat("priority ", goal.priority(), "; rule ", p.rule_id())
                          : absl::StrCat("priority ", goal.priority(), "; ", p.domain(), " = ",
                                         p.level(), " on ", p.instrument_id(), " ",
                                         p.instrument_version(), "; rule ", p.rule_id()))));
    }
  }

  // ---- Referrals: ServiceRequest and Task ----------------------------------

  static absl::string_view RequestStatus(v1::ReferralState state) {
    switch (state) {
      case v1::REFERRAL_STATE_DRAFT:
        return "draft";
      case v1::REFERRAL_STATE_COMPLETED:
        return "completed";
      case v1::REFERRAL_STATE_DECLINED:
      case v1::REFERRAL_STATE_CANCELLED:
        return "revoked";
      case v1::REFERRAL_STATE_UNSPECIFIED:
        return "unknown";
      default:
        return "active";
    }
  }

  static absl::string_view TaskStatus(v1::ReferralState state) {
    switch (state) {
      case v1::REFERRAL_STATE_DRAFT:
        return "draft";
      case v1::REFERRAL_STATE_SENT:
        return "requested";
      case v1::REFERRAL_STATE_ACCEPTED:
        return "accepted";
      case v1::REFERRAL_STATE_WAITLISTED:
        return "on-hold";
      case v1::REFERRAL_STATE_DECLINED:
        return "rejected";
      case v1::REFERRAL_STATE_IN_SERVICE:
        return "in-progress";
      case v1::REFERRAL_STATE_COMPLETED:
        return "completed";
      case v1::REFERRAL_STATE_CANCELLED:
        return "cancelled";
      case v1::REFERRAL_STATE_REOPENED:
        return "ready";
      default:
        return "draft";
    }
  }

  void Referral(const v1::Referral& referral) {
    const std::string request_id = NewId(absl::StrCat("sr-", referral.referral_id()));
    std::string authored = referral.referred_on();
    if (authored.empty() && !referral.history().empty()) authored = referral.history(0).on();
    const std::string last_change =
        referral.history().empty() ? "" : referral.history(referral.history_size() - 1).on();

    JsonValue& request = AddResource("ServiceRequest", request_id);
    request.Set("identifier",
                JsonValue::Array().Add(Identifier(codes::kReferralSystem, referral.referral_id())));
    request.Set("status", RequestStatus(referral.state()));
    request.Set("intent", "order");
    request.Set("category", DomainCategories(referral.domain()));
    request.Set("code", Concept(Coding(codes::kServiceSystem, referral.service_id()),
                                referral.service_id()));
    request.Set("subject", Reference(Patient()));
    request.SetIfNotEmpty("authoredOn", authored);
    if (!referral.from_agency_id().empty()) {
      request.Set("requester", AgencyReference(referral.from_agency_id()));
    }
    if (!referral.to_agency_id().empty()) {
      request.Set("performer", JsonValue::Array().Add(AgencyReference(referral.to_agency_id())));
    }
    JsonValue outcomes = JsonValue::Array();
    for (const std::string& outcome : referral.desired_outcomes()) {
      outcomes.Add(JsonValue::Object().Set("text", absl::StrCat("Desired outcome: ", outcome)));
    }
    if (!outcomes.empty()) request.Set("note", std::move(outcomes));

    JsonValue& task = AddResource("Task", NewId(absl::StrCat("task-", referral.referral_id())));
    task.Set("identifier",
             JsonValue::Array().Add(Identifier(codes::kReferralSystem, referral.referral_id())));
    const absl::string_view status = TaskStatus(referral.state());
    task.Set("status", status);
    if (status == "rejected" || status == "cancelled" || status == "on-hold" ||
        status == "failed") {
      std::string reason;
      if (!referral.history().empty())
        reason = referral.history(referral.history_size() - 1).note();
      if (reason.empty()) {
        reason = status == "rejected"    ? absl::StrCat("declined by ", referral.to_agency_id())
                 : status == "cancelled" ? std::string("referral cancelled")
                                         : absl::StrCat("waitlisted at ", referral.to_agency_id());
      }
      task.Set("statusReason", TextConcept(reason));
    }
    task.Set("intent", "order");
    task.Set("code",
             Concept(Coding(codes::kTaskCodeSystem, "fulfill", "Fulfill the focal request")));
    task.Set("focus", Reference(absl::StrCat("ServiceRequest/", request_id)));
    task.Set("for", Reference(Patient()));
    task.SetIfNotEmpty("authoredOn", authored);
    // inv-1: lastModified is not before authoredOn.
    if (last_change >= authored) task.SetIfNotEmpty("lastModified", last_change);
    if (!referral.from_agency_id().empty()) {
      task.Set("requester", AgencyReference(referral.from_agency_id()));
    }
    if (!referral.to_agency_id().empty()) {
      task.Set("owner", AgencyReference(referral.to_agency_id()));
    }
    JsonValue results = JsonValue::Array();
    for (const v1::OutcomeResult& result : referral.outcomes()) {
      results.Add(JsonValue::Object().Set(
          "text",
          absl::StrCat(result.outcome(), ": ", v1::OutcomeResult::Status_Name(result.status()),
                       result.note().empty() ? "" : absl::StrCat(" (", result.note(), ")"))));
    }
    if (!results.empty()) task.Set("note", std::move(results));
  }

  // ---- Consents -------------------------------------------------------------

  absl::string_view ConsentStatus(const v1::Consent& consent) const {
    std::string revoked = consent.revoked_on();
    if (!revoked.empty() && consent.criminal_justice() && consent.revocable_from() > revoked) {
      revoked = consent.revocable_from();
    }
    if (as_of_.empty()) return revoked.empty() ? "active" : "inactive";
    if (!revoked.empty() && revoked <= as_of_) return "inactive";
    if (!consent.valid_to().empty() && consent.valid_to() < as_of_) return "inactive";
    if (consent.signed_on() > as_of_ ||
        (!consent.valid_from().empty() && consent.valid_from() > as_of_)) {
      return "proposed";
    }
    return "active";
  }

  void Consent(const v1::Consent& consent) {
    JsonValue& resource =
        AddResource("Consent", NewId(absl::StrCat("consent-", consent.consent_id())));
    // What R4 Consent has no element for, as extensions (docs/fhir.md): the
    // dates Share reads, then the 42 CFR 2.31 elements CheckConsent reads.
    JsonValue extensions = JsonValue::Array();
    auto extension = [&](absl::string_view url, absl::string_view key, JsonValue value) {
      extensions.Add(JsonValue::Object().Set("url", url).Set(key, std::move(value)));
    };
    auto text = [&](absl::string_view url, absl::string_view key, const std::string& value) {
      if (!value.empty()) extension(url, key, JsonValue::String(value));
    };
    text(codes::kRevokedOnExtension, "valueDate", consent.revoked_on());
    if (consent.criminal_justice()) {
      extension(codes::kCriminalJusticeExtension, "valueBoolean", JsonValue::Bool(true));
    }
    text(codes::kRevocableFromExtension, "valueDate", consent.revocable_from());
    for (const std::string& discloser : consent.permitted_disclosers()) {
      text(codes::kPermittedDiscloserExtension, "valueString", discloser);
    }
    text(codes::kInformationDescriptionExtension, "valueString", consent.information_description());
    if (consent.revocation_statement()) {
      extension(codes::kRevocationStatementExtension, "valueBoolean", JsonValue::Bool(true));
    }
    text(codes::kExpirationEventExtension, "valueString", consent.expiration_event());
    if (!extensions.empty()) resource.Set("extension", std::move(extensions));
    resource.Set("identifier",
                 JsonValue::Array().Add(Identifier(codes::kConsentSystem, consent.consent_id())));
    resource.Set("status", ConsentStatus(consent));
    resource.Set("scope",
                 Concept(Coding(codes::kConsentScopeSystem, "patient-privacy", "Privacy Consent")));
    resource.Set(
        "category",
        JsonValue::Array().Add(Concept(Coding(codes::kLoincSystem, "59284-0", "Patient Consent"))));
    resource.Set("patient", Reference(Patient()).SetIfNotEmpty("display", consent.patient_name()));
    resource.SetIfNotEmpty("dateTime", consent.signed_on());
    if (!consent.signed_by().empty()) {
      resource.Set("performer",
                   JsonValue::Array().Add(JsonValue::Object().Set("display", consent.signed_by())));
    }
    if (consent.part2()) {
      resource.Set("policy",
                   JsonValue::Array().Add(JsonValue::Object().Set("uri", codes::kPart2PolicyUri)));
    }
    // R4's ppc-1 wants a policy or a policy rule: the person opts in to what
    // the provision permits.
    resource.Set("policyRule", Concept(Coding(codes::kActCodeSystem, "OPTIN", "opt-in")));
    JsonValue provision = JsonValue::Object();
    provision.Set("type", "permit");
    JsonValue period = JsonValue::Object();
    period.SetIfNotEmpty("start", consent.valid_from()).SetIfNotEmpty("end", consent.valid_to());
    if (!period.empty()) provision.Set("period", std::move(period));
    JsonValue actors = JsonValue::Array();
    for (const v1::Recipient& recipient : consent.recipients()) {
      JsonValue reference = JsonValue::Object();
      if (recipient.has_agency_type()) {
        const std::string type = v1::AgencyType_Name(recipient.agency_type());
        reference.Set("identifier", Identifier(codes::kAgencyTypeSystem, type))
            .Set("display", absl::StrCat("every agency of type ", type));
      } else {
        reference.Set("type", "Organization")
            .Set("identifier", Identifier(codes::kAgencySystem, recipient.agency_id()))
            .Set("display", recipient.agency_id());
      }
      actors.Add(JsonValue::Object()
                     .Set("role", Concept(Coding(codes::kParticipationTypeSystem, "IRCP",
                                                 "information recipient")))
                     .Set("reference", std::move(reference)));
    }
    if (!actors.empty()) provision.Set("actor", std::move(actors));
    JsonValue purposes = JsonValue::Array();
    for (int purpose : consent.purposes()) {
      purposes.Add(Coding(codes::kPurposeSystem, v1::Purpose_IsValid(purpose)
                                                     ? v1::Purpose_Name(purpose)
                                                     : absl::StrCat(purpose)));
    }
    if (!purposes.empty()) provision.Set("purpose", std::move(purposes));
    JsonValue classes = JsonValue::Array();
    for (int category : consent.categories()) {
      classes.Add(Coding(codes::kDataCategorySystem, v1::DataCategory_IsValid(category)
                                                         ? v1::DataCategory_Name(category)
                                                         : absl::StrCat(category)));
    }
    if (!classes.empty()) provision.Set("class", std::move(classes));
    if (consent.part2()) {
      provision.Set("securityLabel", JsonValue::Array().Add(Coding(codes::kActCodeSystem,
                                                                   "42CFRPart2", "42 CFR Part2")));
    }
    resource.Set("provision", std::move(provision));
  }

  const v1::ExportFhirRequest& request_;
  std::string as_of_;
  std::string base_url_;  // without a trailing '/'
  std::set<std::string> used_ids_;
  // Resources in Bundle order (assessments, the plan, referrals, consents),
  // each with its reference "Type/id".
  std::deque<std::pair<std::string, JsonValue>> resources_;  // stable references
  // Need domain -> the Observations of that need.
  std::map<std::string, std::vector<std::string>> need_observations_;
};

}  // namespace

absl::Status ExportFhir(const v1::ExportFhirRequest& request, v1::ExportFhirResponse* response) {
  response->Clear();
  return Exporter(request).Run(response);
}

absl::StatusOr<v1::ExportFhirResponse> ExportFhir(const v1::ExportFhirRequest& request) {
  v1::ExportFhirResponse response;
  if (absl::Status status = ExportFhir(request, &response); !status.ok()) return status;
  return response;
}

}  // namespace reentry
