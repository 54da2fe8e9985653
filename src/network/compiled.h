// A compiled service network: the definition, its graph (Boost.Graph:
// agencies are vertices, agreements edges, services attached to their
// agency), and the eligibility rules of every service with their strings
// turned into small integers once, so matching a person against thousands of
// services compares integers.
#ifndef REENTRY_SRC_NETWORK_COMPILED_H_
#define REENTRY_SRC_NETWORK_COMPILED_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "boost/graph/adjacency_list.hpp"
#include "reentry/calendar/calendar.h"
#include "reentry/network/network.h"
#include "reentry/v1/network.pb.h"

namespace reentry::network_internal {

// A vertex: one agency and the services it runs (indices into services).
struct AgencyVertex {
  int32_t agency = -1;
  std::vector<int32_t> services;
};

// An edge: one agreement.
struct AgreementEdge {
  int32_t agreement = -1;
};

using AgencyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                          AgencyVertex, AgreementEdge>;

// Strings of one kind (sexes, offense categories, ...) numbered in the order
// the network first uses them.
class Vocabulary {
 public:
  int32_t Add(absl::string_view word);
  // The word's number; -1 when the network never uses it.
  int32_t Find(absl::string_view word) const;

 private:
  absl::flat_hash_map<std::string, int32_t> numbers_;
};

// A service's rules, with vocabulary numbers in place of strings (each list
// sorted).
struct ServiceRules {
  int32_t index = -1;
  int32_t agency = -1;
  int32_t agency_region = -1;
  std::optional<int32_t> min_age;
  std::optional<int32_t> max_age;
  std::vector<int32_t> sexes;
  int32_t min_tier = 0;  // v1::Tier; 0: no bound
  int32_t max_tier = 0;
  std::vector<int32_t> excluded_offenses;
  std::vector<int32_t> insurance;
  uint32_t phases = 0;           // bit per v1::Phase; 0: any
  std::vector<int32_t> regions;  // region indices; empty: every region
  std::vector<int32_t> languages;
  std::vector<int32_t> accommodates;
  int32_t capacity = 0;
  int32_t waitlist_limit = 0;
};

struct CompiledNetwork {
  v1::NetworkDefinition definition;
  AgencyGraph graph;

  absl::flat_hash_map<std::string, int32_t> region_index;
  absl::flat_hash_map<std::string, int32_t> agency_index;
  absl::flat_hash_map<std::string, int32_t> service_index;
  absl::flat_hash_map<std::string, int32_t> agreement_index;

  // Per agency: its calendar.
  std::vector<std::shared_ptr<const Calendar>> calendars;
  // Per agreement: its dates (absent when unbounded).
  std::vector<std::optional<absl::CivilDay>> agreement_from, agreement_to;

  // Per service (definition order).
  std::vector<ServiceRules> rules;
  // Every service index, by service id.
  std::vector<int32_t> services_by_id;
  // Per domain: its services, by service id.
  absl::flat_hash_map<std::string, std::vector<int32_t>> services_by_domain;

  Vocabulary sexes, offenses, insurance, languages, responsivity;

  std::vector<v1::ReferralMove> moves;
  // legal[from][to] for v1::ReferralState numbers.
  std::array<std::array<bool, 16>, 16> legal{};
};

// The primary language subtag of a BCP 47 tag, lower case ("es-MX" -> "es").
std::string PrimaryLanguage(absl::string_view tag);

// A BCP 47 language tag in the shape the library needs: subtags of 1-8
// letters or digits joined by '-', the first of 2-8 letters.
bool IsLanguageTag(absl::string_view tag);

struct NetworkAccess {
  static const CompiledNetwork& Of(const Network& network) { return *network.compiled_; }
};

inline const CompiledNetwork& Compiled(const Network& network) {
  return NetworkAccess::Of(network);
}

}  // namespace reentry::network_internal

#endif  // REENTRY_SRC_NETWORK_COMPILED_H_
