// Fuzzes loading definitions of every kind but instruments (those have
// definition_fuzzer): calendars, intervention catalogs, supervision policies
// and service networks, from text whose "# proto-message:" header names the
// kind (each Load rpc is tried when it names none). A definition that loads
// is then used once: a calendar lists its holidays, a catalog makes a plan,
// a policy monitors a small plan, a network matches a person. Seeds:
// catalogs/*.textproto.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "reentry/engine/engine.h"
#include "reentry/monitor/policy.h"
#include "reentry/v1/calendar.pb.h"
#include "reentry/v1/catalog.pb.h"
#include "reentry/v1/engine.pb.h"
#include "reentry/v1/monitor.pb.h"
#include "reentry/v1/network.pb.h"
#include "reentry/v1/plan.pb.h"
#include "util/definition.h"

namespace {

// A fresh engine for each input (loaded ids would collide), built from a
// template engine's builtins only once.
std::unique_ptr<reentry::Engine> NewEngine() {
  auto engine = reentry::Engine::Create();
  if (!engine.ok()) std::abort();
  return *std::move(engine);
}

template <typename Load, typename Response>
bool TryLoad(reentry::Engine& engine, const std::string& text, std::string* id) {
  Load load;
  load.set_text(text);
  auto loaded = engine.Call<Response>(load);
  if (!loaded.ok()) return false;
  *id = loaded->definition().id();
  return true;
}

void UseCalendar(reentry::Engine& engine, const std::string& id) {
  reentry::v1::ListHolidaysRequest request;
  request.set_calendar_id(id);
  request.set_from("2026-01-01");
  request.set_to("2028-12-31");
  (void)engine.Call<reentry::v1::ListHolidaysResponse>(request);
}

void UseCatalog(reentry::Engine& engine, const std::string& id) {
  reentry::v1::PlanRequest request;
  request.set_catalog_id(id);
  request.set_plan_start_on("2026-12-01");
  request.mutable_person()->set_phase(reentry::v1::PHASE_INSTITUTION);
  request.mutable_person()->set_projected_release_on("2027-03-15");
  auto* result = request.add_assessments();
  result->set_instrument_id("reentry_needs_screen");
  result->set_assessed_on("2026-11-20");
  result->set_risk_tier(reentry::v1::TIER_MODERATE);
  for (const char* domain : {"housing", "employment", "substance_use", "finances_id"}) {
    auto* need = result->add_needs();
    need->set_domain(domain);
    need->set_level("high");
    need->set_tier(reentry::v1::TIER_HIGH);
    need->set_rank(result->needs_size());
    need->set_criminogenic(true);
  }
  (void)engine.Call<reentry::v1::PlanResponse>(request);
}

void UsePolicy(reentry::Engine& engine, const std::string& id) {
  reentry::v1::MonitorRequest request;
  request.set_policy_id(id);
  request.set_as_of("2027-06-01");
  request.mutable_person()->set_released_on("2027-03-15");
  auto* task = request.mutable_plan()->add_tasks();
  task->set_task_id("t");
  task->set_due_on("2027-04-01");
  auto* event = request.add_events();
  event->set_event_id("e");
  event->set_on("2027-05-01");
  event->mutable_drug_test()->set_result(reentry::v1::DrugTest::RESULT_POSITIVE);
  // Every level the policy has, and none.
  auto policy = engine.Find<reentry::Policy>(id);
  (void)engine.Call<reentry::v1::MonitorResponse>(request);
  if (!policy.ok()) return;
  for (const auto& level : (*policy)->definition().supervision_levels()) {
    request.set_supervision_level(level.level());
    (void)engine.Call<reentry::v1::MonitorResponse>(request);
  }
}

void UseNetwork(reentry::Engine& engine, const std::string& id) {
  reentry::v1::MatchRequest request;
  request.set_network_id(id);
  auto* need = request.add_needs();
  need->set_domain("housing");
  need->set_level("high");
  need->set_tier(reentry::v1::TIER_HIGH);
  (void)engine.Call<reentry::v1::MatchResponse>(request);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string type = reentry::internal::DeclaredMessageType(text);
  auto engine = NewEngine();
  std::string id;
  const bool any = type.empty();
  if ((any || type == "reentry.v1.CalendarDefinition") &&
      TryLoad<reentry::v1::LoadCalendarRequest, reentry::v1::LoadCalendarResponse>(*engine, text,
                                                                                   &id)) {
    UseCalendar(*engine, id);
  }
  if ((any || type == "reentry.v1.CatalogDefinition") &&
      TryLoad<reentry::v1::LoadCatalogRequest, reentry::v1::LoadCatalogResponse>(*engine, text,
                                                                                 &id)) {
    UseCatalog(*engine, id);
  }
  if ((any || type == "reentry.v1.PolicyDefinition") &&
      TryLoad<reentry::v1::LoadPolicyRequest, reentry::v1::LoadPolicyResponse>(*engine, text,
                                                                               &id)) {
    UsePolicy(*engine, id);
  }
  if ((any || type == "reentry.v1.NetworkDefinition") &&
      TryLoad<reentry::v1::LoadNetworkRequest, reentry::v1::LoadNetworkResponse>(*engine, text,
                                                                                 &id)) {
    UseNetwork(*engine, id);
  }
  return 0;
}
