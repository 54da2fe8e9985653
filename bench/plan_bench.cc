// One case plan: 10 need domains and 40 tasks (the DESIGN target: under
// 100 us) through the C++ API (MakePlan into a reused plan), through
// Engine::Call in binary and JSON (what the C ABI wraps; capi_bench times the
// C ABI itself), and the growth from 10 to 1,000 tasks (it should be linear
// or n log n). The catalog is generated: each domain one rule whose tasks
// form a chain, windows anchored to release, as the builtin catalog's are.
//
//   build/bench/plan_bench

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "reentry/calendar/calendar.h"
#include "reentry/engine/engine.h"
#include "reentry/plan/catalog.h"
#include "reentry/plan/planner.h"
#include "reentry/v1/catalog.pb.h"
#include "reentry/v1/plan.pb.h"
#include "util/json.h"

namespace {

const char* const kDomains[] = {
    "housing",         "employment",    "education",   "substance_use",  "mental_health",
    "physical_health", "family_social", "finances_id", "transportation", "antisocial_cognition"};

// A catalog with `tasks` tasks over the ten domains (tasks / 10 each, in a
// chain), as text.
std::string CatalogText(const std::string& id, int tasks) {
  std::string text =
      absl::StrCat("id: '", id, "' version: '1' title: 'Bench' calendar_id: 'us_federal' ",
                   "need_threshold: TIER_MODERATE ",
                   "intensities { risk_tier: TIER_MODERATE intensity: INTENSITY_MODERATE "
                   "dosage_target_hours: 100 max_criminogenic_domains: 0 } ");
  const int per_domain = tasks / 10;
  for (const char* domain : kDomains) {
    absl::StrAppend(&text, "rules { rule_id: '", domain, "_rule' domain: '", domain,
                    "' goal { term: GOAL_TERM_SHORT title: 'Goal' ");
    for (int t = 0; t < per_domain; ++t) {
      const int opens = -150 + (t * 7) % 140;
      absl::StrAppend(&text, "tasks { template_id: 't", t, "' title: 'Task' owner: OWNER_PERSON ",
                      "phase: PHASE_RELEASE window { anchor: ANCHOR_RELEASE opens_days: ", opens,
                      " closes_days: ", opens + 60, " } duration_business_days: ", 1 + t % 5,
                      " dosage_hours: 2");
      if (t > 0) absl::StrAppend(&text, " prerequisites: 't", t - 1, "'");
      if (t > 1) absl::StrAppend(&text, " prerequisites: 't", t - 2, "'");
      absl::StrAppend(&text, " } ");
    }
    absl::StrAppend(&text, "} } ");
  }
  return text;
}

reentry::v1::PlanRequest Request(const std::string& catalog) {
  reentry::v1::PlanRequest request;
  request.set_client_id("bench");
  request.set_catalog_id(catalog);
  request.set_plan_start_on("2026-06-01");
  auto* person = request.mutable_person();
  person->set_phase(reentry::v1::PHASE_INSTITUTION);
  person->set_admitted_on("2025-01-06");
  person->set_projected_release_on("2027-03-15");
  auto* screen = request.add_assessments();
  screen->set_instrument_id("reentry_needs_screen");
  screen->set_instrument_version("1.0");
  screen->set_assessed_on("2026-05-20");
  screen->set_risk_tier(reentry::v1::TIER_MODERATE);
  int rank = 0;
  for (const char* domain : kDomains) {
    auto* need = screen->add_needs();
    need->set_domain(domain);
    need->set_level("high");
    need->set_tier(reentry::v1::TIER_HIGH);
    need->set_rank(++rank);
    need->set_criminogenic(rank % 2 == 0);
  }
  return request;
}

reentry::Engine& SharedEngine() {
  static auto* engine = [] {
    auto* e = reentry::Engine::Create()->release();
    for (int tasks : {10, 40, 100, 400, 1000}) {
      reentry::v1::LoadCatalogRequest load;
      load.set_text(CatalogText(absl::StrCat("bench_", tasks), tasks));
      auto loaded = e->Call<reentry::v1::LoadCatalogResponse>(load);
      if (!loaded.ok()) std::abort();
    }
    return e;
  }();
  return *engine;
}

void BM_MakePlan(benchmark::State& state) {
  const std::string id = absl::StrCat("bench_", state.range(0));
  const auto catalog = *SharedEngine().Find<reentry::Catalog>(id);
  const auto calendar = *SharedEngine().Find<reentry::Calendar>("us_federal");
  const auto request = Request(id);
  reentry::v1::CasePlan plan;
  for (auto _ : state) {
    const absl::Status status = reentry::MakePlan(request, *catalog, *calendar, &plan);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(plan);
  }
  state.counters["tasks"] = plan.tasks_size();
  state.counters["ns_per_task"] = benchmark::Counter(
      static_cast<double>(plan.tasks_size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_EngineCallPlan(benchmark::State& state, reentry::Engine::Encoding encoding) {
  const auto request = Request("bench_40");
  std::string bytes;
  if (encoding == reentry::Engine::Encoding::kBinary) {
    bytes = request.SerializeAsString();
  } else {
    google::protobuf::util::MessageToJsonString(request, &bytes);
  }
  std::string response;
  for (auto _ : state) {
    response.clear();
    const auto status = SharedEngine().Call("Plan", bytes, encoding, &response);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(response);
  }
  state.counters["response_bytes"] = static_cast<double>(response.size());
}

void BM_EngineCallPlanBinary(benchmark::State& state) {
  BM_EngineCallPlan(state, reentry::Engine::Encoding::kBinary);
}
void BM_EngineCallPlanJson(benchmark::State& state) {
  BM_EngineCallPlan(state, reentry::Engine::Encoding::kJson);
}

// The pieces of a JSON call: reading the request, writing the response.
// Protobuf's parser, the peer of the reflection reader.
void BM_PieceParsePlanRequestJson(benchmark::State& state) {
  std::string json;
  google::protobuf::util::MessageToJsonString(Request("bench_40"), &json);
  for (auto _ : state) {
    reentry::v1::PlanRequest request;
    const auto status = google::protobuf::util::JsonStringToMessage(json, &request);
    benchmark::DoNotOptimize(status);
  }
}

void BM_PieceWritePlanJson(benchmark::State& state) {
  const auto plan = *SharedEngine().Call<reentry::v1::PlanResponse>(Request("bench_40"));
  std::string out;
  for (auto _ : state) {
    out.clear();
    reentry::internal::AppendMessageJson(plan, &out);
    benchmark::DoNotOptimize(out);
  }
}

void BM_PieceParsePlanRequestJsonReflection(benchmark::State& state) {
  std::string json;
  google::protobuf::util::MessageToJsonString(Request("bench_40"), &json);
  for (auto _ : state) {
    reentry::v1::PlanRequest request;
    benchmark::DoNotOptimize(reentry::internal::ParseMessageJsonFast(json, &request));
  }
}

BENCHMARK(BM_PieceParsePlanRequestJson);
BENCHMARK(BM_PieceParsePlanRequestJsonReflection);
BENCHMARK(BM_PieceWritePlanJson);
BENCHMARK(BM_MakePlan)->Arg(10)->Arg(40)->Arg(100)->Arg(400)->Arg(1000);
BENCHMARK(BM_EngineCallPlanBinary);
BENCHMARK(BM_EngineCallPlanJson);

}  // namespace

BENCHMARK_MAIN();
