// Validation and compilation of intervention catalogs.
#include "reentry/plan/catalog.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "boost/graph/adjacency_list.hpp"
#include "boost/graph/depth_first_search.hpp"
#include "plan/compiled_catalog.h"
#include "reentry/assess/instrument.h"
#include "util/definition.h"
#include "util/ids.h"
#include "util/status.h"

namespace reentry {

void CatalogVocabulary::AddInstrument(const Instrument& instrument) {
  const auto& definition = instrument.definition();
  for (const auto& scale : definition.scales()) {
    if (!scale.need().domain().empty()) need_domains.push_back(scale.need().domain());
  }
  for (const auto& indicator : definition.strengths()) indicator_ids.push_back(indicator.id());
  for (const auto& indicator : definition.responsivity()) indicator_ids.push_back(indicator.id());
}

namespace plan_internal {
namespace {

// The longest window offset, in calendar days (a hundred years).
constexpr int kMaxOffsetDays = 36500;
// The longest task, in business days.
constexpr int kMaxDurationBusinessDays = 2000;

std::string Path(absl::string_view base, int index) { return absl::StrCat(base, "[", index, "]"); }

bool IsTier(int tier) { return v1::Tier_IsValid(tier) && tier != v1::TIER_UNSPECIFIED; }

// Finds a cycle among task templates (edges prerequisite -> task) and names
// its tasks in order, first one repeated at the end.
class CycleFinder : public boost::default_dfs_visitor {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  using Vertex = Graph::vertex_descriptor;
  using Edge = Graph::edge_descriptor;

  CycleFinder(std::vector<Vertex>* parent, std::vector<Vertex>* cycle)
      : parent_(parent), cycle_(cycle) {}

  void tree_edge(Edge e, const Graph& g) { (*parent_)[boost::target(e, g)] = boost::source(e, g); }
  void back_edge(Edge e, const Graph& g) {
    if (!cycle_->empty()) return;  // the first one found is reported
    const Vertex from = boost::source(e, g), to = boost::target(e, g);
    std::vector<Vertex> path;
    for (Vertex v = from; v != to; v = (*parent_)[v]) path.push_back(v);
    path.push_back(to);
    std::reverse(path.begin(), path.end());
    path.push_back(to);
    *cycle_ = std::move(path);
  }

 private:
  std::vector<Vertex>* parent_;
  std::vector<Vertex>* cycle_;
};

class Compiler {
 public:
  Compiler(v1::CatalogDefinition definition, const CatalogVocabulary& vocabulary)
      : out_(std::make_unique<CompiledCatalog>()), vocabulary_(vocabulary) {
    out_->definition = std::move(definition);
    for (const auto& domain : vocabulary.need_domains) need_domains_.insert(domain);
    for (const auto& id : vocabulary.indicator_ids) indicators_.insert(id);
  }

  absl::StatusOr<std::unique_ptr<CompiledCatalog>> Run() {
    if (auto s = internal::CheckDefinitionLimits(def()); !s.ok()) {
      return internal::Annotate(s, internal::DefinitionPrefix("catalog", def().id(), ""));
    }
    if (auto s =
            internal::CheckDefinitionHeader("catalog", def().id(), def().version(), def().title());
        !s.ok()) {
      return s;
    }
    for (auto check :
         {&Compiler::Calendar, &Compiler::Threshold, &Compiler::Intensities, &Compiler::Domains,
          &Compiler::Rules, &Compiler::Prerequisites, &Compiler::Adaptations, &Compiler::Acyclic}) {
      if (auto s = (this->*check)(); !s.ok()) return s;
    }
    return std::move(out_);
  }

 private:
  const v1::CatalogDefinition& def() const { return out_->definition; }

  template <typename... Parts>
  absl::Status Error(absl::string_view field, const Parts&... parts) const {
    return internal::DefinitionError(
        internal::DefinitionPrefix("catalog", def().id(), def().version()), field, parts...);
  }

  absl::Status Calendar() {
    if (def().calendar_id().empty()) return absl::OkStatus();  // plans must name one
    const auto& known = vocabulary_.calendar_ids;
    if (std::find(known.begin(), known.end(), def().calendar_id()) == known.end()) {
      return Error("calendar_id", "unknown calendar ", internal::Quoted(def().calendar_id()),
                   " (loaded: ", known.empty() ? "none" : absl::StrJoin(known, ", "), ")");
    }
    return absl::OkStatus();
  }

  absl::Status Threshold() {
    if (!IsTier(def().need_threshold())) {
      return Error("need_threshold", "needs a tier (TIER_LOW .. TIER_VERY_HIGH)");
    }
    return absl::OkStatus();
  }

  absl::Status Intensities() {
    for (int i = 0; i < def().intensities_size(); ++i) {
      const v1::IntensityLevel& level = def().intensities(i);
      const std::string field = Path("intensities", i);
      if (!IsTier(level.risk_tier())) return Error(field + ".risk_tier", "needs a tier");
      if (out_->intensity_by_tier.contains(level.risk_tier())) {
        return Error(field + ".risk_tier", v1::Tier_Name(level.risk_tier()),
                     " has more than one entry");
      }
      if (!v1::Intensity_IsValid(level.intensity()) ||
          level.intensity() == v1::INTENSITY_UNSPECIFIED) {
        return Error(field + ".intensity", "needs an intensity (INTENSITY_LOW .. _VERY_HIGH)");
      }
      if (!std::isfinite(level.dosage_target_hours()) || level.dosage_target_hours() < 0) {
        return Error(field + ".dosage_target_hours",
                     internal::FormatNumber(level.dosage_target_hours()),
                     " is not a number of hours");
      }
      if (level.max_criminogenic_domains() < 0) {
        return Error(field + ".max_criminogenic_domains", "cannot be negative");
      }
      out_->intensity_by_tier[level.risk_tier()] = &level;
    }
    if (def().intensities().empty()) {
      return Error("intensities", "a catalog needs the risk tier -> intensity table");
    }
    return absl::OkStatus();
  }

  absl::Status Domains() {
    for (int i = 0; i < def().service_domains_size(); ++i) {
      const std::string& domain = def().service_domains(i);
      if (!internal::IsIdentifier(domain)) {
        return Error(Path("service_domains", i), internal::Quoted(domain),
                     " is not a domain id (lower snake_case)");
      }
      if (!service_domains_.insert(domain).second || need_domains_.contains(domain)) {
        return Error(Path("service_domains", i), "domain ", internal::Quoted(domain),
                     " is listed twice (or is already a need domain)");
      }
    }
    for (int i = 0; i < def().survival_domains_size(); ++i) {
      const std::string& domain = def().survival_domains(i);
      if (!need_domains_.contains(domain)) {
        return Error(Path("survival_domains", i), "unknown need domain ", internal::Quoted(domain),
                     KnownDomains());
      }
      if (!out_->survival_domains.insert(domain).second) {
        return Error(Path("survival_domains", i), "domain ", internal::Quoted(domain),
                     " is listed twice");
      }
    }
    return absl::OkStatus();
  }

  std::string KnownDomains() const {
    std::vector<std::string> known(need_domains_.begin(), need_domains_.end());
    std::sort(known.begin(), known.end());
    return absl::StrCat(" (need domains of the loaded instruments: ",
                        known.empty() ? "none" : absl::StrJoin(known, ", "), ")");
  }

  bool KnownDomain(const std::string& domain) const {
    return need_domains_.contains(domain) || service_domains_.contains(domain);
  }

  absl::Status TierRange(const std::string& field, v1::Tier min, v1::Tier max,
                         absl::string_view what) {
    if (!v1::Tier_IsValid(min)) return Error(field + ".min_" + std::string(what), "unknown tier");
    if (!v1::Tier_IsValid(max)) return Error(field + ".max_" + std::string(what), "unknown tier");
    if (min != v1::TIER_UNSPECIFIED && max != v1::TIER_UNSPECIFIED && max < min) {
      return Error(field + ".max_" + std::string(what), v1::Tier_Name(max), " is below ",
                   v1::Tier_Name(min));
    }
    return absl::OkStatus();
  }

  absl::Status Rules() {
    if (def().rules().empty()) return Error("rules", "a catalog needs rules");
    for (int r = 0; r < def().rules_size(); ++r) {
      const v1::CatalogRule& rule = def().rules(r);
      const std::string field = Path("rules", r);
      if (!internal::IsIdentifier(rule.rule_id())) {
        return Error(field + ".rule_id", internal::Quoted(rule.rule_id()),
                     " is not a rule id (lower snake_case)");
      }
      if (!rule_index_.emplace(rule.rule_id(), r).second) {
        return Error(field + ".rule_id", "duplicate rule id ", internal::Quoted(rule.rule_id()));
      }
      if (!KnownDomain(rule.domain())) {
        return Error(field + ".domain", "unknown domain ", internal::Quoted(rule.domain()),
                     KnownDomains(), " and no catalog service domain of that name");
      }
      if (auto s = TierRange(field, rule.min_need_tier(), rule.max_need_tier(), "need_tier");
          !s.ok()) {
        return s;
      }
      if (auto s = TierRange(field, rule.min_risk_tier(), rule.max_risk_tier(), "risk_tier");
          !s.ok()) {
        return s;
      }
      if (rule.everyone() && (rule.min_need_tier() != v1::TIER_UNSPECIFIED ||
                              rule.max_need_tier() != v1::TIER_UNSPECIFIED)) {
        return Error(field + ".everyone", "a rule for everyone cannot also bound the need tier");
      }
      for (int p = 0; p < rule.phases_size(); ++p) {
        if (!v1::Phase_IsValid(rule.phases(p)) || rule.phases(p) == v1::PHASE_UNSPECIFIED) {
          return Error(Path(field + ".phases", p), "unknown phase ", rule.phases(p));
        }
      }
      for (int i = 0; i < rule.responsivity_size(); ++i) {
        if (!indicators_.contains(rule.responsivity(i))) {
          return Error(Path(field + ".responsivity", i), "unknown responsivity factor ",
                       internal::Quoted(rule.responsivity(i)));
        }
      }
      if (auto s = Goal(rule.goal(), field + ".goal", r); !s.ok()) return s;
      out_->rules.push_back({&rule, {}});
      (rule.everyone() ? out_->everyone_rules : out_->rules_by_domain[rule.domain()]).push_back(r);
    }
    return absl::OkStatus();
  }

  absl::Status Goal(const v1::GoalTemplate& goal, const std::string& field, int rule) {
    if (goal.term() != v1::GOAL_TERM_SHORT && goal.term() != v1::GOAL_TERM_LONG) {
      return Error(field + ".term", "needs GOAL_TERM_SHORT or GOAL_TERM_LONG");
    }
    if (goal.title().empty()) return Error(field + ".title", "is required");
    for (int i = 0; i < goal.strengths_size(); ++i) {
      if (!indicators_.contains(goal.strengths(i))) {
        return Error(Path(field + ".strengths", i), "unknown strength ",
                     internal::Quoted(goal.strengths(i)));
      }
    }
    if (goal.tasks().empty()) return Error(field + ".tasks", "a goal needs at least one task");
    absl::flat_hash_set<std::string> templates;
    for (int t = 0; t < goal.tasks_size(); ++t) {
      const v1::TaskTemplate& task = goal.tasks(t);
      const std::string task_field = Path(field + ".tasks", t);
      if (!internal::IsIdentifier(task.template_id())) {
        return Error(task_field + ".template_id", internal::Quoted(task.template_id()),
                     " is not a template id (lower snake_case)");
      }
      if (!templates.insert(task.template_id()).second) {
        return Error(task_field + ".template_id", "duplicate template id ",
                     internal::Quoted(task.template_id()), " in rule ",
                     internal::Quoted(def().rules(rule).rule_id()));
      }
      if (task.title().empty()) return Error(task_field + ".title", "is required");
      if (!v1::Owner_IsValid(task.owner()) || task.owner() == v1::OWNER_UNSPECIFIED) {
        return Error(task_field + ".owner", "needs an owner (OWNER_PERSON, OWNER_CASE_MANAGER, ",
                     "OWNER_PROVIDER or OWNER_SUPERVISION_OFFICER)");
      }
      if (!v1::Phase_IsValid(task.phase()) || task.phase() == v1::PHASE_UNSPECIFIED) {
        return Error(task_field + ".phase", "needs a phase (PHASE_INSTITUTION, PHASE_RELEASE or ",
                     "PHASE_COMMUNITY)");
      }
      if (!task.service_domain().empty() && !KnownDomain(task.service_domain())) {
        return Error(task_field + ".service_domain", "unknown domain ",
                     internal::Quoted(task.service_domain()));
      }
      if (auto s = Window(task.window(), task_field + ".window"); !s.ok()) return s;
      if (task.duration_business_days() < 0 ||
          task.duration_business_days() > kMaxDurationBusinessDays) {
        return Error(task_field + ".duration_business_days", task.duration_business_days(),
                     " is not within 0..", kMaxDurationBusinessDays);
      }
      if (!std::isfinite(task.dosage_hours()) || task.dosage_hours() < 0) {
        return Error(task_field + ".dosage_hours", internal::FormatNumber(task.dosage_hours()),
                     " is not a number of hours");
      }
      task_fields_.push_back(task_field);
      out_->tasks.push_back({&task, rule, {}});
    }
    return absl::OkStatus();
  }

  absl::Status Window(const v1::Window& window, const std::string& field) {
    if (!v1::Anchor_IsValid(window.anchor())) return Error(field + ".anchor", "unknown anchor");
    const bool offsets = window.has_opens_days() || window.has_closes_days();
    if (offsets && window.anchor() == v1::ANCHOR_UNSPECIFIED) {
      return Error(field + ".anchor", "a window with offsets needs an anchor");
    }
    for (const auto& [set, value, name] :
         {std::make_tuple(window.has_opens_days(), window.opens_days(), "opens_days"),
          std::make_tuple(window.has_closes_days(), window.closes_days(), "closes_days")}) {
      if (set && std::abs(value) > kMaxOffsetDays) {
        return Error(field + "." + name, value, " days is beyond ", kMaxOffsetDays);
      }
    }
    if (window.has_opens_days() && window.has_closes_days() &&
        window.closes_days() < window.opens_days()) {
      return Error(field + ".closes_days", "the window closes (", window.closes_days(),
                   " days) before it opens (", window.opens_days(), " days)");
    }
    return absl::OkStatus();
  }

  // The task template `reference` names from a task of rule `rule`:
  // "<template_id>" (same rule) or "<rule_id>.<template_id>"; -1 when none.
  int Resolve(absl::string_view reference, int rule) const {
    std::vector<absl::string_view> parts = absl::StrSplit(reference, '.');
    int target_rule = rule;
    absl::string_view template_id = reference;
    if (parts.size() == 2) {
      const auto it = rule_index_.find(parts[0]);
      if (it == rule_index_.end()) return -1;
      target_rule = it->second;
      template_id = parts[1];
    } else if (parts.size() != 1) {
      return -1;
    }
    for (int t : out_->rules[target_rule].tasks) {
      if (out_->tasks[t].task->template_id() == template_id) return t;
    }
    return -1;
  }

  absl::Status Prerequisites() {
    for (size_t t = 0; t < out_->tasks.size(); ++t) {
      out_->rules[out_->tasks[t].rule].tasks.push_back(static_cast<int>(t));
    }
    for (size_t t = 0; t < out_->tasks.size(); ++t) {
      CompiledTaskTemplate& task = out_->tasks[t];
      const std::string& field = task_fields_[t];
      for (int p = 0; p < task.task->prerequisites_size(); ++p) {
        const std::string& reference = task.task->prerequisites(p);
        const int target = Resolve(reference, task.rule);
        if (target < 0) {
          return Error(Path(field + ".prerequisites", p), internal::Quoted(reference),
                       " names no task template (\"<template_id>\" of the same rule or ",
                       "\"<rule_id>.<template_id>\")");
        }
        if (target == static_cast<int>(t)) {
          return Error(Path(field + ".prerequisites", p), "a task cannot require itself");
        }
        task.prerequisites.push_back(target);
      }
      for (int p = 0; p < task.task->prerequisite_rules_size(); ++p) {
        const std::string& rule_id = task.task->prerequisite_rules(p);
        const auto it = rule_index_.find(rule_id);
        if (it == rule_index_.end()) {
          return Error(Path(field + ".prerequisite_rules", p), "unknown rule ",
                       internal::Quoted(rule_id));
        }
        if (it->second == task.rule) {
          return Error(Path(field + ".prerequisite_rules", p),
                       "a task cannot require its own rule's tasks");
        }
        for (int other : out_->rules[it->second].tasks) task.prerequisites.push_back(other);
      }
      std::sort(task.prerequisites.begin(), task.prerequisites.end());
      task.prerequisites.erase(std::unique(task.prerequisites.begin(), task.prerequisites.end()),
                               task.prerequisites.end());
    }
    return absl::OkStatus();
  }

  absl::Status Adaptations() {
    for (int a = 0; a < def().adaptations_size(); ++a) {
      const v1::Adaptation& adaptation = def().adaptations(a);
      const std::string field = Path("adaptations", a);
      if (!indicators_.contains(adaptation.responsivity_id())) {
        return Error(field + ".responsivity_id", "unknown responsivity factor ",
                     internal::Quoted(adaptation.responsivity_id()));
      }
      if (adaptation.text().empty()) return Error(field + ".text", "is required");
      for (int o = 0; o < adaptation.owners_size(); ++o) {
        if (!v1::Owner_IsValid(adaptation.owners(o)) ||
            adaptation.owners(o) == v1::OWNER_UNSPECIFIED) {
          return Error(Path(field + ".owners", o), "unknown owner");
        }
      }
      for (int d = 0; d < adaptation.service_domains_size(); ++d) {
        if (!KnownDomain(adaptation.service_domains(d))) {
          return Error(Path(field + ".service_domains", d), "unknown domain ",
                       internal::Quoted(adaptation.service_domains(d)));
        }
      }
    }
    return absl::OkStatus();
  }

  // Task prerequisites must form no cycle (Boost.Graph depth-first search;
  // a back edge closes one).
  absl::Status Acyclic() {
    using Graph = CycleFinder::Graph;
    Graph graph(out_->tasks.size());
    for (size_t t = 0; t < out_->tasks.size(); ++t) {
      for (int p : out_->tasks[t].prerequisites) boost::add_edge(p, t, graph);
    }
    std::vector<CycleFinder::Vertex> parent(out_->tasks.size()), cycle;
    for (size_t v = 0; v < parent.size(); ++v) parent[v] = v;
    boost::depth_first_search(graph, boost::visitor(CycleFinder(&parent, &cycle)));
    if (cycle.empty()) return absl::OkStatus();
    std::vector<std::string> names;
    for (auto v : cycle) {
      const CompiledTaskTemplate& task = out_->tasks[v];
      names.push_back(
          absl::StrCat(def().rules(task.rule).rule_id(), ".", task.task->template_id()));
    }
    return Error(task_fields_[cycle.front()] + ".prerequisites",
                 "prerequisites form a cycle: ", absl::StrJoin(names, " -> "));
  }

  std::unique_ptr<CompiledCatalog> out_;
  const CatalogVocabulary& vocabulary_;
  absl::flat_hash_set<std::string> need_domains_, indicators_, service_domains_;
  absl::flat_hash_map<std::string, int> rule_index_;
  std::vector<std::string> task_fields_;  // per task template, its field path
};

}  // namespace
}  // namespace plan_internal

Catalog::Catalog(std::unique_ptr<const plan_internal::CompiledCatalog> compiled)
    : compiled_(std::move(compiled)) {}

Catalog::~Catalog() = default;

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::Compile(
    v1::CatalogDefinition definition, const CatalogVocabulary& vocabulary) {
  auto compiled = plan_internal::Compiler(std::move(definition), vocabulary).Run();
  if (!compiled.ok()) return compiled.status();
  return std::shared_ptr<const Catalog>(new Catalog(*std::move(compiled)));
}

const v1::CatalogDefinition& Catalog::definition() const { return compiled_->definition; }
const std::string& Catalog::id() const { return compiled_->definition.id(); }
const std::string& Catalog::version() const { return compiled_->definition.version(); }

}  // namespace reentry
