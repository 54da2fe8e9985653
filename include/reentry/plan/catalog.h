// reentry/plan/catalog.h: a validated intervention catalog.
//
// A catalog (reentry.v1.CatalogDefinition, catalogs/*.textproto) holds the
// rules a case plan is made from: which goals and tasks answer which need at
// which tier, for which risk tier, phase and responsivity; the risk tier ->
// intensity and dosage table; the need threshold; and how delivery adapts to
// responsivity factors. Compiling validates all of it against what it may
// name (need domains, indicator ids and calendars) and checks that task
// prerequisites form no cycle (a cycle is reported with the tasks in it).
//
// A Catalog is immutable, so one may be shared by any number of threads.
#ifndef REENTRY_PLAN_CATALOG_H_
#define REENTRY_PLAN_CATALOG_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reentry/v1/catalog.pb.h"

namespace reentry {

class Instrument;

namespace plan_internal {
struct CompiledCatalog;
}  // namespace plan_internal

// What a catalog may name. The engine fills it from the loaded instruments
// and calendars; a host compiling a catalog on its own fills it itself.
struct CatalogVocabulary {
  // Need domains (of need scales) the rules may address.
  std::vector<std::string> need_domains;
  // Strength and responsivity indicator ids goals and adaptations may name.
  std::vector<std::string> indicator_ids;
  // Calendar ids the catalog may name as its calendar.
  std::vector<std::string> calendar_ids;

  // The need domains and indicator ids of `instruments`.
  void AddInstrument(const Instrument& instrument);
};

class Catalog {
 public:
  // The kind of definition a catalog is, in the engine's registry.
  static constexpr absl::string_view kKind = "catalog";

  // Validates `definition` against `vocabulary` and prepares it for
  // planning. Errors are INVALID_ARGUMENT "catalog '<id>' version <v>:
  // <field path>: <problem>", the field path also attached.
  static absl::StatusOr<std::shared_ptr<const Catalog>> Compile(
      v1::CatalogDefinition definition, const CatalogVocabulary& vocabulary);

  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // The definition as compiled.
  const v1::CatalogDefinition& definition() const;
  const std::string& id() const;
  const std::string& version() const;

 private:
  friend struct plan_internal::CompiledCatalog;
  explicit Catalog(std::unique_ptr<const plan_internal::CompiledCatalog> compiled);

  std::unique_ptr<const plan_internal::CompiledCatalog> compiled_;
};

}  // namespace reentry

#endif  // REENTRY_PLAN_CATALOG_H_
