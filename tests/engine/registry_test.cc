// The definition registry: versions in numeric order, ALREADY_EXISTS, NOT_FOUND
// naming the field, generic limits, and snapshots freed when the last call
// holding them ends.
#include "engine/registry.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "assess/toy_instrument.h"
#include "engine/module.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/assess/instrument.h"
#include "reentry/status.h"
#include "util/definition.h"

namespace reentry::engine_internal {
namespace {

using ::testing::HasSubstr;

const DefinitionKind& InstrumentKind() { return *MethodTable::Default().Kind("instrument"); }

std::unique_ptr<google::protobuf::Message> Toy(const std::string& version) {
  auto definition = std::make_unique<v1::InstrumentDefinition>();
  EXPECT_TRUE(internal::ParseTextProto(testing::kToyInstrument, "toy", definition.get()).ok());
  definition->set_version(version);
  return definition;
}

TEST(Registry, OrdersVersionsNumericallyAndFindsTheNewest) {
  DefinitionStore store(std::make_shared<Definitions>());
  for (const std::string version : {"1.9", "1.10", "1.2"}) {
    ASSERT_TRUE(store.Load(InstrumentKind(), Toy(version)).ok()) << version;
  }
  const auto definitions = store.Acquire();
  std::vector<std::string> versions;
  for (const Definition* d : definitions->All("instrument")) versions.push_back(d->version);
  EXPECT_THAT(versions, ::testing::ElementsAre("1.2", "1.9", "1.10"));
  auto newest = definitions->Find("instrument", "toy", "");
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ((*newest)->version, "1.10");
  auto typed = definitions->Get<Instrument>("toy", "1.9");
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ((*typed)->version(), "1.9");
}

TEST(Registry, RefusesToReplaceAVersion) {
  DefinitionStore store(std::make_shared<Definitions>());
  ASSERT_TRUE(store.Load(InstrumentKind(), Toy("1")).ok());
  auto again = store.Load(InstrumentKind(), Toy("1.0"));  // numerically the same version
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ErrorField(again.status()), "definition.version");
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("instrument 'toy' version 1"));
}

TEST(Registry, NamesTheRequestFieldOfAnUnknownIdOrVersion) {
  DefinitionStore store(std::make_shared<Definitions>());
  ASSERT_TRUE(store.Load(InstrumentKind(), Toy("2")).ok());
  const auto definitions = store.Acquire();
  auto id = definitions->Find("instrument", "compas", "", "plan.");
  EXPECT_EQ(id.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(id.status()), "plan.instrument_id");
  EXPECT_THAT(std::string(id.status().message()),
              HasSubstr("unknown instrument 'compas' (loaded: toy)"));
  auto version = definitions->Find("instrument", "toy", "3");
  EXPECT_EQ(ErrorField(version.status()), "instrument_version");
  EXPECT_THAT(std::string(version.status().message()), HasSubstr("(loaded: 2)"));
  auto empty = definitions->Find("instrument", "", "");
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  auto kind = definitions->Find("network", "state", "");
  EXPECT_THAT(std::string(kind.status().message()), HasSubstr("(loaded: none)"));
}

TEST(Registry, QuotesAHugeIdShortly) {
  DefinitionStore store(std::make_shared<Definitions>());
  const std::string huge(50 << 20, 'x');
  auto found = store.Acquire()->Find("instrument", huge, "");
  EXPECT_EQ(found.status().code(), absl::StatusCode::kNotFound);
  EXPECT_LT(found.status().message().size(), 300u);
  EXPECT_THAT(std::string(found.status().message()), HasSubstr("... (52428800 bytes)"));
}

TEST(Registry, KeepsDefinitionsWithinTheGenericLimits) {
  DefinitionStore store(std::make_shared<Definitions>());
  auto long_title = Toy("1");
  static_cast<v1::InstrumentDefinition*>(long_title.get())
      ->set_title(std::string(internal::kMaxDefinitionStringBytes + 1, 't'));
  auto loaded = store.Load(InstrumentKind(), std::move(long_title));
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(loaded.status()), "title");
  EXPECT_THAT(std::string(loaded.status().message()), HasSubstr("exceed the limit of 65536"));

  auto many_choices = Toy("1");
  auto* item = static_cast<v1::InstrumentDefinition*>(many_choices.get())->mutable_items(0);
  for (int i = 0; i <= internal::kMaxDefinitionListLength; ++i) item->add_choices();
  loaded = store.Load(InstrumentKind(), std::move(many_choices));
  EXPECT_EQ(ErrorField(loaded.status()), "items[0].choices");
}

TEST(Registry, FreesASnapshotWhenTheLastCallHoldingItEnds) {
  auto first = std::make_shared<Definitions>();
  std::weak_ptr<const Definitions> watch = first;
  DefinitionStore store(std::move(first));
  std::shared_ptr<const Definitions> held = store.Acquire();  // a call in progress
  ASSERT_TRUE(store.Load(InstrumentKind(), Toy("1")).ok());
  EXPECT_FALSE(watch.expired()) << "freed under a running call";
  EXPECT_TRUE(held->All("instrument").empty()) << "a running call saw a later load";
  held.reset();
  EXPECT_TRUE(watch.expired()) << "kept after every call holding it ended";
  // The new snapshot is what later calls see.
  EXPECT_EQ(store.Acquire()->All("instrument").size(), 1u);
}

TEST(Registry, ServesSnapshotsToManyThreadsWhileLoading) {
  DefinitionStore store(std::make_shared<Definitions>());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      size_t seen = 0;
      for (int i = 0; i < 2000; ++i) {
        const size_t now = store.Acquire()->All("instrument").size();
        if (now < seen) ++failures;  // loads only add
        seen = now;
      }
    });
  }
  for (int v = 1; v <= 30; ++v) {
    if (!store.Load(InstrumentKind(), Toy(absl::StrCat(v))).ok()) ++failures;
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store.Acquire()->All("instrument").size(), 30u);
}

}  // namespace
}  // namespace reentry::engine_internal
