// The definition registry: every kind of definition (instruments, calendars,
// intervention catalogs, monitoring policies, service networks) goes through
// one path. A definition is a protobuf message with `id`, `version` and
// `title` fields; its kind compiles it into an immutable object (validating
// it against the definitions already loaded); versions of one id are ordered
// numerically; loading a version that exists is ALREADY_EXISTS; and each
// load publishes a new snapshot atomically.
//
// A call takes a snapshot when it starts and keeps it to the end, so a load
// never changes what a running call sees, and a snapshot is freed when the
// last call holding it ends. Taking a snapshot touches only a stripe of the
// store that the calling thread owns in practice, so calls on many threads
// share no written cache line.
#ifndef REENTRY_SRC_ENGINE_REGISTRY_H_
#define REENTRY_SRC_ENGINE_REGISTRY_H_

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "reentry/v1/definition.pb.h"

namespace reentry::engine_internal {

class Definitions;

// One kind of definition.
struct DefinitionKind {
  // "instrument", "calendar", ...: also the stem of request fields that name
  // one ("instrument_id", "instrument_version").
  std::string name;
  // The definition message, e.g. reentry.v1.InstrumentDefinition.
  const google::protobuf::Message* prototype = nullptr;
  // The C++ type of compiled objects (checked by Definitions::Get).
  std::type_index object_type = typeid(void);
  // Validates `definition` against what is loaded and compiles it.
  std::function<absl::StatusOr<std::shared_ptr<const void>>(
      const google::protobuf::Message& definition, const Definitions& loaded)>
      compile;
};

// One loaded definition version.
struct Definition {
  const DefinitionKind* kind = nullptr;
  std::string id;
  std::string version;
  std::vector<int> version_parts;
  std::string title;
  bool builtin = false;
  // The compiled object (of kind->object_type).
  std::shared_ptr<const void> object;
  // The definition as loaded.
  std::shared_ptr<const google::protobuf::Message> message;

  v1::DefinitionSummary Summary() const;
};

// The definitions one set of calls sees. Immutable once published.
class Definitions {
 public:
  // The definition of `kind` with `id` at `version` (empty: the newest), or
  // NOT_FOUND naming the request field: `field_prefix` + "<kind>_id" or
  // "<kind>_version" (e.g. "calendar_id", "plan.catalog_version").
  absl::StatusOr<const Definition*> Find(absl::string_view kind, absl::string_view id,
                                         absl::string_view version,
                                         absl::string_view field_prefix = "") const;

  // The compiled object of Find, typed: T::kKind names its kind.
  template <typename T>
  absl::StatusOr<std::shared_ptr<const T>> Get(absl::string_view id, absl::string_view version,
                                               absl::string_view field_prefix = "") const {
    auto found = Find(T::kKind, id, version, field_prefix);
    if (!found.ok()) return found.status();
    return std::static_pointer_cast<const T>(CheckedObject(**found, typeid(T)));
  }

  // Every version of every id of `kind`, by id then version (oldest first).
  std::vector<const Definition*> All(absl::string_view kind) const;

  // Inserts `definition` in version order; ALREADY_EXISTS when its id and
  // version are loaded.
  absl::Status Insert(Definition definition);

 private:
  static std::shared_ptr<const void> CheckedObject(const Definition& definition,
                                                   std::type_index type);

  // kind -> id -> versions, oldest first.
  absl::btree_map<std::string, absl::btree_map<std::string, std::vector<Definition>>> by_kind_;
};

// Compiles a definition message of `kind` into a Definition (validated
// against `loaded`): INVALID_ARGUMENT naming the field when invalid.
absl::StatusOr<Definition> CompileDefinition(const DefinitionKind& kind,
                                             std::unique_ptr<google::protobuf::Message> message,
                                             const Definitions& loaded, bool builtin);

// Holds the published snapshot; see the file comment.
class DefinitionStore {
 public:
  explicit DefinitionStore(std::shared_ptr<const Definitions> initial);
  DefinitionStore(const DefinitionStore&) = delete;
  DefinitionStore& operator=(const DefinitionStore&) = delete;

  // The current snapshot; the caller's reference keeps it alive.
  std::shared_ptr<const Definitions> Acquire() const;

  // Compiles `message` of `kind` against the current snapshot and publishes
  // a snapshot with it added. Loads are serialized; calls are not blocked.
  absl::StatusOr<v1::DefinitionSummary> Load(const DefinitionKind& kind,
                                             std::unique_ptr<google::protobuf::Message> message);

 private:
  static constexpr int kStripes = 32;

  // A spin lock held for a reference count's increment.
  struct alignas(64) Stripe {
    mutable std::atomic_flag busy = ATOMIC_FLAG_INIT;
    std::shared_ptr<const Definitions> snapshot;
  };

  void Publish(std::shared_ptr<const Definitions> next);

  std::mutex load_mutex_;
  std::shared_ptr<const Definitions> current_;  // guarded by load_mutex_
  mutable std::array<Stripe, kStripes> stripes_;
};

}  // namespace reentry::engine_internal

#endif  // REENTRY_SRC_ENGINE_REGISTRY_H_
