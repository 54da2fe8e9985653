// The C ABI over reentry::Engine. Every entry point checks its pointers,
// converts absl::Status to a status code plus a thread-local message, and
// catches every exception: nothing crosses the boundary but plain values.

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "reentry.h"
#include "reentry/engine/engine.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"
#include "util/status.h"

struct reentry_engine {
  std::unique_ptr<reentry::Engine> engine;
};

namespace {

thread_local std::string last_error;

reentry_status Fail(reentry_status code, std::string message) {
  last_error = std::move(message);
  return code;
}

reentry_status Fail(const absl::Status& status) {
  return Fail(static_cast<reentry_status>(status.code()),
              reentry::internal::ValidUtf8(status.message()));
}

// Runs `body`, turning any exception into a status.
template <typename Body>
reentry_status Guard(Body body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(REENTRY_RESOURCE_EXHAUSTED, "out of memory");
  } catch (const std::exception& e) {
    return Fail(REENTRY_INTERNAL, absl::StrCat("internal error: ", e.what()));
  } catch (...) {
    return Fail(REENTRY_INTERNAL, "internal error: unknown exception");
  }
}

// A library-owned copy of `bytes`, NUL-terminated, never NULL.
char* Copy(const std::string& bytes) {
  char* out = static_cast<char*>(std::malloc(bytes.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  if (!bytes.empty()) std::memcpy(out, bytes.data(), bytes.size());
  out[bytes.size()] = '\0';
  return out;
}

std::string ErrorResponse(const absl::Status& status, reentry::Engine::Encoding encoding) {
  reentry::v1::Error error;
  error.set_code(static_cast<int32_t>(status.code()));
  // Messages may quote host input; keep them valid UTF-8, as proto3 requires.
  error.set_message(reentry::internal::ValidUtf8(status.message()));
  error.set_field(reentry::internal::ValidUtf8(reentry::ErrorField(status)));
  std::string out;
  if (encoding == reentry::Engine::Encoding::kBinary) {
    error.SerializeToString(&out);
  } else {
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    if (!google::protobuf::util::MessageToJsonString(error, &out, options).ok()) out = "{}";
  }
  return out;
}

reentry_status Call(reentry_engine* engine, const char* method, const void* request,
                    size_t request_len, void** response, size_t* response_len,
                    reentry::Engine::Encoding encoding) {
  if (response != nullptr) *response = nullptr;
  if (response_len != nullptr) *response_len = 0;
  if (response == nullptr || response_len == nullptr) {
    return Fail(REENTRY_INVALID_ARGUMENT, "response: response and response_len must not be NULL");
  }
  absl::Status status;
  if (engine == nullptr) {
    status = absl::InvalidArgumentError("engine: is NULL");
  } else if (method == nullptr) {
    status = absl::InvalidArgumentError("method: is NULL");
  } else if (request == nullptr && request_len > 0) {
    status = absl::InvalidArgumentError(
        absl::StrCat("request: is NULL but request_len is ", request_len));
  } else {
    absl::string_view bytes =
        request == nullptr ? absl::string_view()
                           : absl::string_view(static_cast<const char*>(request), request_len);
    // Each thread serializes into its own reused string, then hands the host
    // an exact copy it frees with reentry_free.
    thread_local std::string serialized;
    serialized.clear();
    status = engine->engine->Call(method, bytes, encoding, &serialized);
    if (status.ok()) {
      *response = Copy(serialized);
      *response_len = serialized.size();
      return REENTRY_OK;
    }
  }
  const std::string error = ErrorResponse(status, encoding);
  *response = Copy(error);
  *response_len = error.size();
  return Fail(status);
}

}  // namespace

extern "C" {

const char* reentry_version(void) { return REENTRY_VERSION_STRING; }

int reentry_abi_version(void) { return REENTRY_ABI_VERSION; }

reentry_status reentry_engine_create(reentry_engine** out) {
  return Guard([&]() -> reentry_status {
    if (out == nullptr) return Fail(REENTRY_INVALID_ARGUMENT, "out: is NULL");
    *out = nullptr;
    auto engine = reentry::Engine::Create();
    if (!engine.ok()) return Fail(engine.status());
    *out = new reentry_engine{*std::move(engine)};
    return REENTRY_OK;
  });
}

void reentry_engine_destroy(reentry_engine* engine) {
  Guard([&]() -> reentry_status {
    delete engine;
    return REENTRY_OK;
  });
}

reentry_status reentry_call(reentry_engine* engine, const char* method, const void* request,
                            size_t request_len, void** response, size_t* response_len) {
  return Guard([&]() {
    return Call(engine, method, request, request_len, response, response_len,
                reentry::Engine::Encoding::kBinary);
  });
}

reentry_status reentry_call_json(reentry_engine* engine, const char* method,
                                 const char* request_json, size_t request_len, char** response_json,
                                 size_t* response_len) {
  return Guard([&]() {
    return Call(engine, method, request_json, request_len, reinterpret_cast<void**>(response_json),
                response_len, reentry::Engine::Encoding::kJson);
  });
}

reentry_status reentry_score_columns(reentry_engine* engine, const char* instrument_id,
                                     const char* norm_group, const reentry_column* columns,
                                     size_t n_columns, size_t n_rows, reentry_scale_output* outputs,
                                     size_t n_outputs) {
  return Guard([&]() -> reentry_status {
    if (engine == nullptr) return Fail(REENTRY_INVALID_ARGUMENT, "engine: is NULL");
    if (instrument_id == nullptr) {
      return Fail(REENTRY_INVALID_ARGUMENT, "instrument_id: is NULL");
    }
    if (columns == nullptr && n_columns > 0) {
      return Fail(REENTRY_INVALID_ARGUMENT,
                  absl::StrCat("columns: is NULL but n_columns is ", n_columns));
    }
    if (outputs == nullptr && n_outputs > 0) {
      return Fail(REENTRY_INVALID_ARGUMENT,
                  absl::StrCat("outputs: is NULL but n_outputs is ", n_outputs));
    }
    std::vector<reentry::Column> cxx_columns(n_columns);
    for (size_t i = 0; i < n_columns; ++i) {
      if (columns[i].item_id == nullptr) {
        return Fail(REENTRY_INVALID_ARGUMENT, absl::StrCat("columns[", i, "].item_id: is NULL"));
      }
      cxx_columns[i].item_id = columns[i].item_id;
      cxx_columns[i].type = static_cast<reentry::ColumnType>(columns[i].type);
      cxx_columns[i].data = columns[i].data;
    }
    std::vector<reentry::ScaleOutput> cxx_outputs(n_outputs);
    for (size_t i = 0; i < n_outputs; ++i) {
      if (outputs[i].scale_id == nullptr) {
        return Fail(REENTRY_INVALID_ARGUMENT, absl::StrCat("outputs[", i, "].scale_id: is NULL"));
      }
      cxx_outputs[i] = {outputs[i].scale_id, outputs[i].raw_score, outputs[i].scaled_score,
                        outputs[i].flag, outputs[i].level};
    }
    const absl::Status status = engine->engine->ScoreColumns(
        instrument_id, norm_group == nullptr ? "" : norm_group, cxx_columns, n_rows, cxx_outputs);
    return status.ok() ? REENTRY_OK : Fail(status);
  });
}

void reentry_free(void* p) { std::free(p); }

const char* reentry_last_error(void) { return last_error.c_str(); }

}  // extern "C"
