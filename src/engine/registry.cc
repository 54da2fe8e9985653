#include "engine/registry.h"

#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "util/definition.h"
#include "util/ids.h"
#include "util/status.h"

namespace reentry::engine_internal {
namespace {

// A string field of `message` by name ("" when it has none).
std::string StringField(const google::protobuf::Message& message, absl::string_view name) {
  const auto* field = message.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

// The stripe of the calling thread, from where its stack is: threads' stacks
// lie megabytes apart, so concurrent threads land on different stripes
// without a thread-local lookup (which costs more than the rest of Acquire in
// a shared library). Any stripe is correct; this only spreads the counts.
int ThreadStripe(int stripes) {
  const char here = 0;
  const auto address = reinterpret_cast<uintptr_t>(&here);
  return static_cast<int>((address >> 21) % static_cast<uintptr_t>(stripes));
}

// At most this many ids are listed in a NOT_FOUND message.
constexpr size_t kMaxListed = 20;

std::string Listed(const std::vector<std::string>& ids) {
  if (ids.size() <= kMaxListed) return absl::StrJoin(ids, ", ");
  return absl::StrCat(absl::StrJoin(ids.begin(), ids.begin() + kMaxListed, ", "), ", and ",
                      ids.size() - kMaxListed, " more");
}

}  // namespace

v1::DefinitionSummary Definition::Summary() const {
  v1::DefinitionSummary summary;
  summary.set_kind(kind->name);
  summary.set_id(id);
  summary.set_version(version);
  summary.set_title(title);
  summary.set_builtin(builtin);
  return summary;
}

absl::StatusOr<const Definition*> Definitions::Find(absl::string_view kind, absl::string_view id,
                                                    absl::string_view version,
                                                    absl::string_view field_prefix) const {
  // Field names are built only for errors: this runs on every call.
  const auto id_field = [&] { return absl::StrCat(field_prefix, kind, "_id"); };
  if (id.empty()) return internal::InvalidField(id_field(), "is required");
  const auto by_id = by_kind_.find(kind);
  const std::vector<Definition>* loaded = nullptr;
  if (by_id != by_kind_.end()) {
    const auto versions = by_id->second.find(id);
    if (versions != by_id->second.end()) loaded = &versions->second;
  }
  if (loaded == nullptr) {
    std::vector<std::string> known;
    if (by_id != by_kind_.end()) {
      for (const auto& [known_id, unused] : by_id->second) known.push_back(known_id);
    }
    const std::string field = id_field();
    return internal::WithField(absl::NotFoundError(absl::StrCat(
                                   field, ": unknown ", kind, " ", internal::Quoted(id),
                                   " (loaded: ", known.empty() ? "none" : Listed(known), ")")),
                               field);
  }
  if (version.empty()) return &loaded->back();
  for (const Definition& definition : *loaded) {
    if (definition.version == version) return &definition;
  }
  std::vector<std::string> known;
  for (const Definition& definition : *loaded) known.push_back(definition.version);
  const std::string version_field = absl::StrCat(field_prefix, kind, "_version");
  return internal::WithField(absl::NotFoundError(absl::StrCat(
                                 version_field, ": ", kind, " '", id, "' has no version ",
                                 internal::Quoted(version), " (loaded: ", Listed(known), ")")),
                             version_field);
}

std::vector<const Definition*> Definitions::All(absl::string_view kind) const {
  std::vector<const Definition*> all;
  const auto by_id = by_kind_.find(kind);
  if (by_id == by_kind_.end()) return all;
  for (const auto& [id, versions] : by_id->second) {
    for (const Definition& definition : versions) all.push_back(&definition);
  }
  return all;
}

absl::Status Definitions::Insert(Definition definition) {
  std::vector<Definition>& versions = by_kind_[definition.kind->name][definition.id];
  auto position = versions.begin();
  for (; position != versions.end(); ++position) {
    const int order = internal::CompareVersions(position->version_parts, definition.version_parts);
    if (order == 0) {
      return internal::WithField(
          absl::AlreadyExistsError(absl::StrCat(
              definition.kind->name, " '", definition.id, "' version ", position->version,
              " is already loaded", position->builtin ? " (builtin)" : "",
              "; load a new version instead of replacing one")),
          "definition.version");
    }
    if (order > 0) break;
  }
  versions.insert(position, std::move(definition));
  return absl::OkStatus();
}

std::shared_ptr<const void> Definitions::CheckedObject(const Definition& definition,
                                                       std::type_index type) {
  // A kind's objects have one type; a mismatch is a bug in the library, and
  // null makes it fail loudly in tests rather than read the wrong type.
  return definition.kind->object_type == type ? definition.object : nullptr;
}

absl::StatusOr<Definition> CompileDefinition(const DefinitionKind& kind,
                                             std::unique_ptr<google::protobuf::Message> message,
                                             const Definitions& loaded, bool builtin) {
  if (auto s = internal::CheckDefinitionLimits(*message); !s.ok()) {
    return internal::Annotate(
        s, absl::StrCat(kind.name, " ", internal::Quoted(StringField(*message, "id")), ": "));
  }
  auto object = kind.compile(*message, loaded);
  if (!object.ok()) return object.status();
  Definition definition;
  definition.kind = &kind;
  definition.id = StringField(*message, "id");
  definition.version = StringField(*message, "version");
  definition.title = StringField(*message, "title");
  auto parts = internal::ParseVersion(definition.version);
  if (!parts.has_value()) {
    // Each kind validates its version; this guards a kind that forgot to.
    return internal::InvalidField("definition.version", internal::Quoted(definition.version),
                                  " is not a version (dot-separated numbers such as 1.3)");
  }
  definition.version_parts = *std::move(parts);
  definition.builtin = builtin;
  definition.object = *std::move(object);
  definition.message = std::move(message);
  return definition;
}

DefinitionStore::DefinitionStore(std::shared_ptr<const Definitions> initial) {
  Publish(std::move(initial));
}

void DefinitionStore::Publish(std::shared_ptr<const Definitions> next) {
  current_ = next;
  for (Stripe& stripe : stripes_) {
    // Each stripe gets its own reference count, whose last release drops the
    // stripe's hold on the snapshot.
    std::shared_ptr<const Definitions> own(next.get(), [hold = next](const Definitions*) {});
    while (stripe.busy.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
    stripe.snapshot.swap(own);
    stripe.busy.clear(std::memory_order_release);
    // `own` (the previous snapshot's stripe reference) is released here,
    // outside the lock.
  }
}

std::shared_ptr<const Definitions> DefinitionStore::Acquire() const {
  Stripe& stripe = stripes_[ThreadStripe(kStripes)];
  while (stripe.busy.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
  std::shared_ptr<const Definitions> snapshot = stripe.snapshot;
  stripe.busy.clear(std::memory_order_release);
  return snapshot;
}

absl::StatusOr<v1::DefinitionSummary> DefinitionStore::Load(
    const DefinitionKind& kind, std::unique_ptr<google::protobuf::Message> message) {
  std::lock_guard<std::mutex> lock(load_mutex_);
  auto definition = CompileDefinition(kind, std::move(message), *current_, /*builtin=*/false);
  if (!definition.ok()) return definition.status();
  v1::DefinitionSummary summary = definition->Summary();
  auto next = std::make_shared<Definitions>(*current_);
  if (auto s = next->Insert(*std::move(definition)); !s.ok()) return s;
  Publish(std::move(next));
  return summary;
}

}  // namespace reentry::engine_internal
