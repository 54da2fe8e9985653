// Helpers shared by the network and allocation tests: an engine with the
// builtin definitions, a small hand-written network whose numbers the tests
// work out by hand, and compiling network text against the builtins.
#ifndef REENTRY_TESTS_NETWORK_TEST_NETWORK_H_
#define REENTRY_TESTS_NETWORK_TEST_NETWORK_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "reentry/assess/instrument.h"
#include "reentry/calendar/calendar.h"
#include "reentry/engine/engine.h"
#include "reentry/network/network.h"

namespace reentry::testing {

inline Engine& BuiltinEngine() {
  static Engine* const engine = [] {
    auto created = Engine::Create();
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *engine;
}

// What the builtins let a network refer to: the us_federal calendar, the
// reentry needs screen's domains and responsivity factors.
inline NetworkReferences BuiltinReferences() {
  NetworkReferences references;
  references.calendar = [](absl::string_view id, absl::string_view version) {
    return BuiltinEngine().Find<Calendar>(id, version);
  };
  auto screen = BuiltinEngine().Find<Instrument>("reentry_needs_screen");
  EXPECT_TRUE(screen.ok()) << screen.status();
  for (const auto& scale : (*screen)->definition().scales()) {
    if (!scale.need().domain().empty()) references.domains.insert(scale.need().domain());
  }
  for (const auto& factor : (*screen)->definition().responsivity()) {
    references.responsivity.insert(factor.id());
  }
  return references;
}

inline absl::StatusOr<std::shared_ptr<const Network>> CompileText(const std::string& text) {
  auto definition = ParseNetworkText(text, "test.textproto");
  if (!definition.ok()) return definition.status();
  return Network::Compile(*std::move(definition), BuiltinReferences());
}

inline std::shared_ptr<const Network> MustCompile(const std::string& text) {
  auto network = CompileText(text);
  EXPECT_TRUE(network.ok()) << network.status();
  return network.ok() ? *network : nullptr;
}

// The header every test network shares: two regions, and agencies of
// several types keeping the us_federal calendar.
inline std::string NetworkHeader(const std::string& id = "tiny") {
  return "id: \"" + id + R"(" version: "1" title: "Test network"
regions { region_id: "east" name: "East" }
regions { region_id: "west" name: "West" }
agencies { agency_id: "a_east" name: "A" type: AGENCY_TYPE_HOUSING region: "east" calendar_id: "us_federal" }
agencies { agency_id: "b_west" name: "B" type: AGENCY_TYPE_TREATMENT region: "west" calendar_id: "us_federal" }
agencies { agency_id: "ref" name: "Referrer" type: AGENCY_TYPE_CLINICAL_CASE_MANAGEMENT region: "east" calendar_id: "us_federal" }
agencies { agency_id: "court" name: "Court" type: AGENCY_TYPE_COURT region: "east" calendar_id: "us_federal" }
agencies { agency_id: "parole" name: "Parole" type: AGENCY_TYPE_SUPERVISION region: "west" calendar_id: "us_federal" }
agencies { agency_id: "clinic" name: "Clinic" type: AGENCY_TYPE_HEALTH region: "west" calendar_id: "us_federal" }
)";
}

}  // namespace reentry::testing

#endif  // REENTRY_TESTS_NETWORK_TEST_NETWORK_H_
