// The plan module's rpcs and definition kind: LoadCatalog, DescribeCatalog,
// Plan, and intervention catalogs as definitions (validated against the
// loaded instruments' need domains and indicators, and the loaded calendars).
#include "engine/module.h"
#include "reentry/assess/instrument.h"
#include "reentry/calendar/calendar.h"
#include "reentry/plan/catalog.h"
#include "reentry/plan/planner.h"
#include "reentry/v1/catalog.pb.h"
#include "reentry/v1/plan.pb.h"
#include "util/status.h"

namespace reentry::engine_internal {
namespace {

// The catalog plans use when a request names none.
constexpr absl::string_view kBuiltinCatalog = "reentry_catalog";

absl::StatusOr<std::shared_ptr<const Catalog>> CompileCatalog(
    const v1::CatalogDefinition& definition, const Definitions& loaded) {
  CatalogVocabulary vocabulary;
  for (const Definition* instrument : loaded.All(Instrument::kKind)) {
    vocabulary.AddInstrument(*static_cast<const Instrument*>(instrument->object.get()));
  }
  for (const Definition* calendar : loaded.All(Calendar::kKind)) {
    vocabulary.calendar_ids.push_back(calendar->id);
  }
  return Catalog::Compile(definition, vocabulary);
}

absl::Status LoadCatalog(const CallContext& context, const v1::LoadCatalogRequest& request,
                         v1::LoadCatalogResponse* response) {
  auto summary = LoadFromRequest(context, Catalog::kKind, request);
  if (!summary.ok()) return summary.status();
  *response->mutable_definition() = *std::move(summary);
  return absl::OkStatus();
}

absl::Status DescribeCatalog(const CallContext& context, const v1::DescribeCatalogRequest& request,
                             v1::DescribeCatalogResponse* response) {
  auto loaded = context.definitions.Find(
      Catalog::kKind, request.catalog_id().empty() ? kBuiltinCatalog : request.catalog_id(),
      request.catalog_version());
  if (!loaded.ok()) return loaded.status();
  *response->mutable_definition() = MessageOf<v1::CatalogDefinition>(**loaded);
  return absl::OkStatus();
}

absl::Status Plan(const CallContext& context, const v1::PlanRequest& request,
                  v1::PlanResponse* response) {
  auto catalog = context.definitions.Get<Catalog>(
      request.catalog_id().empty() ? kBuiltinCatalog : request.catalog_id(),
      request.catalog_version());
  if (!catalog.ok()) return catalog.status();
  const std::string& calendar_id = request.calendar_id().empty()
                                       ? (*catalog)->definition().calendar_id()
                                       : request.calendar_id();
  if (calendar_id.empty()) {
    return internal::InvalidField("calendar_id", "is required: catalog ",
                                  internal::Quoted((*catalog)->id()), " names no calendar");
  }
  auto calendar = context.definitions.Get<Calendar>(calendar_id, request.calendar_version());
  if (!calendar.ok()) return calendar.status();
  return MakePlan(request, **catalog, **calendar, response->mutable_plan());
}

}  // namespace

void RegisterPlanModule(Registrar& registrar) {
  registrar.Kind(CompileCatalog);
  registrar.Rpc("LoadCatalog", LoadCatalog);
  registrar.Rpc("DescribeCatalog", DescribeCatalog);
  registrar.Rpc("Plan", Plan);
}

}  // namespace reentry::engine_internal
