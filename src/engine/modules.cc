// The modules of the library, in the order their definition kinds load
// (each may validate against the kinds before it). This list is the only
// place that names every module; each module's rpcs and kinds are its own.
#include "engine/module.h"

namespace reentry::engine_internal {
namespace {

void RegisterModules(Registrar& registrar) {
  RegisterEngineModule(registrar);
  RegisterCalendarModule(registrar);
  RegisterAssessModule(registrar);
  RegisterPlanModule(registrar);
  RegisterValidateModule(registrar);
  // Networks refer to calendars, instruments and catalogs: they load after
  // them (a module that adds a kind networks refer to registers above).
  RegisterNetworkModule(registrar);
  RegisterAllocateModule(registrar);
  RegisterShareModule(registrar);
  // Policies refer to calendars.
  RegisterMonitorModule(registrar);
  RegisterSummaryModule(registrar);
  RegisterFhirModule(registrar);
}

}  // namespace

std::unique_ptr<MethodTable> MethodTable::Build(void (*register_modules)(Registrar&)) {
  auto table = std::make_unique<MethodTable>();
  Registrar registrar(table.get());
  register_modules(registrar);
  table->problems_ = registrar.problems();
  return table;
}

const MethodTable& MethodTable::Default() {
  static const MethodTable* const table = Build(RegisterModules).release();
  return *table;
}

}  // namespace reentry::engine_internal
