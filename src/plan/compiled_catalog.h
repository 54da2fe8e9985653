// The compiled form of an intervention catalog: rules indexed by domain, task
// templates numbered across the catalog with their prerequisites resolved,
// and the intensity table by risk tier.
#ifndef REENTRY_SRC_PLAN_COMPILED_CATALOG_H_
#define REENTRY_SRC_PLAN_COMPILED_CATALOG_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "reentry/plan/catalog.h"
#include "reentry/v1/catalog.pb.h"

namespace reentry::plan_internal {

struct CompiledTaskTemplate {
  const v1::TaskTemplate* task = nullptr;
  int rule = 0;  // index into CompiledCatalog::rules
  // Task templates (indices into CompiledCatalog::tasks) that must end first:
  // the named ones and every task of the named rules.
  std::vector<int> prerequisites;
};

struct CompiledRule {
  const v1::CatalogRule* rule = nullptr;
  std::vector<int> tasks;  // indices into CompiledCatalog::tasks, in order
};

struct CompiledCatalog {
  v1::CatalogDefinition definition;
  std::vector<CompiledRule> rules;
  std::vector<CompiledTaskTemplate> tasks;
  // Rule indices by domain, in catalog order (everyone-rules under their domain too).
  absl::flat_hash_map<std::string, std::vector<int>> rules_by_domain;
  // Rules every person gets, in catalog order.
  std::vector<int> everyone_rules;
  // Risk tier -> intensity entry.
  absl::flat_hash_map<int, const v1::IntensityLevel*> intensity_by_tier;
  absl::flat_hash_set<std::string> survival_domains;

  static const CompiledCatalog& Of(const Catalog& catalog) { return *catalog.compiled_; }
};

}  // namespace reentry::plan_internal

#endif  // REENTRY_SRC_PLAN_COMPILED_CATALOG_H_
