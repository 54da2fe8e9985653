// The C ABI over reentry::Engine. Every entry point checks its pointers,
// converts absl::Status to a status code plus a thread-local message, and
// catches every exception: nothing crosses the boundary but plain values.

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "reentry.h"
#include "reentry/assess/batch.h"
#include "reentry/assess/instrument.h"
#include "reentry/engine/engine.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"
#include "reentry/v1/validation.pb.h"
#include "reentry/validate/validate.h"
#include "util/status.h"

struct reentry_engine {
  std::unique_ptr<reentry::Engine> engine;
};

struct reentry_error {
  reentry_status code;
  std::string message;
  std::string field;
};

namespace {

thread_local std::string last_error;

// Records a failure: the thread's last error, and an error object when the
// caller asked for one. Never throws; under memory exhaustion the object may
// be missing (the status still says what happened).
reentry_status Fail(const absl::Status& status, reentry_error** error) noexcept {
  const auto code = static_cast<reentry_status>(status.code());
  try {
    last_error = reentry::internal::ValidUtf8(status.message());
    if (error != nullptr) {
      *error = new reentry_error{code, last_error,
                                 reentry::internal::ValidUtf8(reentry::ErrorField(status))};
    }
  } catch (...) {
  }
  return code;
}

// Runs `body`, turning its status and any exception into a status code and
// the error of the call.
template <typename Body>
reentry_status Guard(reentry_error** error, Body body) noexcept {
  if (error != nullptr) *error = nullptr;
  absl::Status status;
  try {
    status = body();
  } catch (const std::bad_alloc&) {
    status = absl::ResourceExhaustedError("out of memory");
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrCat("internal error: ", e.what()));
  } catch (...) {
    status = absl::InternalError("internal error: unknown exception");
  }
  return status.ok() ? REENTRY_OK : Fail(status, error);
}

absl::Status Invalid(absl::string_view field, absl::string_view message) {
  return reentry::internal::InvalidField(field, message);
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
                    reentry::Engine::Encoding encoding) noexcept {
  if (response != nullptr) *response = nullptr;
  if (response_len != nullptr) *response_len = 0;
  if (response == nullptr || response_len == nullptr) {
    return Fail(Invalid("response", "response and response_len must not be NULL"), nullptr);
  }
  absl::Status status;
  const reentry_status code = Guard(nullptr, [&]() -> absl::Status {
    if (engine == nullptr) {
      status = Invalid("engine", "is NULL");
    } else if (method == nullptr) {
      status = Invalid("method", "is NULL");
    } else if (request == nullptr && request_len > 0) {
      status = Invalid("request", absl::StrCat("is NULL but request_len is ", request_len));
    } else {
      const absl::string_view bytes =
          request == nullptr ? absl::string_view()
                             : absl::string_view(static_cast<const char*>(request), request_len);
      // Each thread serializes into its own reused string, then hands the
      // host an exact copy it frees with reentry_free.
      thread_local std::string serialized;
      serialized.clear();
      status = engine->engine->Call(method, bytes, encoding, &serialized);
      if (status.ok()) {
        *response = Copy(serialized);
        *response_len = serialized.size();
        return absl::OkStatus();
      }
    }
    const std::string error = ErrorResponse(status, encoding);
    *response = Copy(error);
    *response_len = error.size();
    return status;
  });
  if (code != REENTRY_OK && *response == nullptr) {
    // An exception (out of memory) before the Error response was made: try once more.
    try {
      const std::string error =
          ErrorResponse(absl::Status(static_cast<absl::StatusCode>(code), last_error), encoding);
      *response = Copy(error);
      *response_len = error.size();
    } catch (...) {
    }
  }
  return code;
}

// A copy of the host's options struct of `size` bytes (convention 9): fields
// beyond it keep their defaults (zero).
template <typename Options>
absl::Status ReadOptions(const Options* options, Options* out) {
  *out = Options{};
  out->size = sizeof(Options);
  if (options == nullptr) return absl::OkStatus();
  if (options->size < sizeof(size_t)) {
    return Invalid("options.size", absl::StrCat(options->size,
                                                " is not the size of the options "
                                                "struct (set it to sizeof, ",
                                                sizeof(Options), " in this header)"));
  }
  std::memcpy(out, options, std::min(options->size, sizeof(Options)));
  out->size = sizeof(Options);
  return absl::OkStatus();
}

absl::Status ScoreBatch(reentry_engine* engine, const char* instrument_id,
                        const reentry_batch_options* host_options, const reentry_column* columns,
                        size_t n_columns, size_t n_rows, reentry_scale_output* outputs,
                        size_t n_outputs) {
  if (engine == nullptr) return Invalid("engine", "is NULL");
  if (instrument_id == nullptr) return Invalid("instrument_id", "is NULL");
  reentry_batch_options options;
  if (auto s = ReadOptions(host_options, &options); !s.ok()) return s;
  const size_t column_size =
      options.column_size == 0 ? sizeof(reentry_column) : options.column_size;
  const size_t output_size =
      options.output_size == 0 ? sizeof(reentry_scale_output) : options.output_size;
  if (column_size < sizeof(reentry_column)) {
    return Invalid("options.column_size",
                   absl::StrCat(column_size, " is smaller than a reentry_column (",
                                sizeof(reentry_column), " bytes)"));
  }
  if (output_size < sizeof(reentry_scale_output)) {
    return Invalid("options.output_size",
                   absl::StrCat(output_size, " is smaller than a reentry_scale_output (",
                                sizeof(reentry_scale_output), " bytes)"));
  }
  if (options.threads < REENTRY_THREADS_ALL) {
    return Invalid(
        "options.threads",
        absl::StrCat(options.threads, " is not 0, a thread count or REENTRY_THREADS_ALL"));
  }
  if (columns == nullptr && n_columns > 0) {
    return Invalid("columns", absl::StrCat("is NULL but n_columns is ", n_columns));
  }
  if (outputs == nullptr && n_outputs > 0) {
    return Invalid("outputs", absl::StrCat("is NULL but n_outputs is ", n_outputs));
  }
  std::vector<reentry::Column> cxx_columns(n_columns);
  for (size_t i = 0; i < n_columns; ++i) {
    const auto& column = *reinterpret_cast<const reentry_column*>(
        reinterpret_cast<const char*>(columns) + i * column_size);
    if (column.item_id == nullptr) {
      return Invalid(absl::StrCat("columns[", i, "].item_id"), "is NULL");
    }
    cxx_columns[i].item_id = column.item_id;
    cxx_columns[i].type = static_cast<reentry::ColumnType>(column.type);
    cxx_columns[i].data = column.data;
  }
  std::vector<reentry::ScaleOutput> cxx_outputs(n_outputs);
  for (size_t i = 0; i < n_outputs; ++i) {
    const auto& output = *reinterpret_cast<const reentry_scale_output*>(
        reinterpret_cast<const char*>(outputs) + i * output_size);
    if (output.scale_id == nullptr) {
      return Invalid(absl::StrCat("outputs[", i, "].scale_id"), "is NULL");
    }
    cxx_outputs[i] = {output.scale_id, output.raw_score, output.scaled_score, output.flag,
                      output.level};
  }
  auto instrument = engine->engine->Find<reentry::Instrument>(
      instrument_id, options.instrument_version == nullptr ? "" : options.instrument_version);
  if (!instrument.ok()) return instrument.status();
  reentry::BatchOptions batch;
  batch.norm_group = options.norm_group == nullptr ? "" : options.norm_group;
  batch.threads = options.threads;
  return reentry::ScoreColumns(**instrument, cxx_columns, n_rows, cxx_outputs, batch);
}

absl::Status ValidateColumns(const double* scores, const uint8_t* outcomes,
                             const int32_t* group_index, size_t n_rows, double positive_from,
                             const reentry_validate_options* host_options, void** response,
                             size_t* response_len) {
  if (response == nullptr || response_len == nullptr) {
    return Invalid("response", "response and response_len must not be NULL");
  }
  reentry_validate_options options;
  if (auto s = ReadOptions(host_options, &options); !s.ok()) return s;
  if (n_rows > 0 && scores == nullptr) {
    return Invalid("scores", absl::StrCat("is NULL but n_rows is ", n_rows));
  }
  if (n_rows > 0 && outcomes == nullptr) {
    return Invalid("outcomes", absl::StrCat("is NULL but n_rows is ", n_rows));
  }
  if (n_rows > reentry::kMaxValidationColumnRows) {
    return Invalid("n_rows", absl::StrCat(n_rows, " rows exceed the limit of ",
                                          reentry::kMaxValidationColumnRows));
  }
  if (options.n_groups > 0 && options.group_names == nullptr) {
    return Invalid("options.group_names",
                   absl::StrCat("is NULL but options.n_groups is ", options.n_groups));
  }
  if (options.n_groups > 0 && n_rows > 0 && group_index == nullptr) {
    return Invalid("group_index",
                   absl::StrCat("is NULL but options.n_groups is ", options.n_groups));
  }
  if (options.n_groups == 0 && group_index != nullptr && n_rows > 0) {
    return Invalid("options.n_groups", "is 0 but group_index is given");
  }
  if (options.n_levels > 0 && (options.level_names == nullptr || options.level_mins == nullptr)) {
    return Invalid("options.level_names",
                   absl::StrCat("level_names and level_mins must hold options.n_levels (",
                                options.n_levels, ") entries"));
  }
  if (options.n_levels > static_cast<size_t>(reentry::kMaxCalibrationLevels)) {
    return Invalid("options.n_levels", absl::StrCat(options.n_levels, " exceeds the limit of ",
                                                    reentry::kMaxCalibrationLevels));
  }
  if (options.max_roc_points < 0 || options.max_calibration_scores < 0) {
    return Invalid(
        options.max_roc_points < 0 ? "options.max_roc_points" : "options.max_calibration_scores",
        "is negative");
  }
  std::vector<std::string> names(options.n_groups);
  for (size_t g = 0; g < options.n_groups; ++g) {
    if (options.group_names[g] == nullptr) {
      return Invalid(absl::StrCat("options.group_names[", g, "]"), "is NULL");
    }
    names[g] = options.group_names[g];
  }
  reentry::ValidateOptions validate;
  validate.positive_from = positive_from;
  for (size_t l = 0; l < options.n_levels; ++l) {
    if (options.level_names[l] == nullptr) {
      return Invalid(absl::StrCat("options.level_names[", l, "]"), "is NULL");
    }
    validate.levels.push_back({options.level_names[l], options.level_mins[l]});
  }
  if (options.max_roc_points > 0) validate.max_roc_points = options.max_roc_points;
  if (options.max_calibration_scores > 0) {
    validate.max_calibration_scores = options.max_calibration_scores;
  }
  auto report = reentry::ValidateColumns(
      absl::MakeConstSpan(scores, n_rows), absl::MakeConstSpan(outcomes, n_rows),
      group_index == nullptr ? absl::Span<const int32_t>()
                             : absl::MakeConstSpan(group_index, n_rows),
      names, validate);
  if (!report.ok()) return report.status();
  reentry::v1::ValidateResponse message;
  *message.mutable_report() = *std::move(report);
  std::string out;
  if (options.json != 0) {
    google::protobuf::util::JsonPrintOptions print;
    print.always_print_primitive_fields = true;
    if (auto s = google::protobuf::util::MessageToJsonString(message, &out, print); !s.ok()) {
      return absl::InternalError(absl::StrCat("writing the report as JSON: ", s.ToString()));
    }
  } else {
    message.SerializeToString(&out);
  }
  *response = Copy(out);
  *response_len = out.size();
  return absl::OkStatus();
}

}  // namespace

extern "C" {

const char* reentry_version(void) { return REENTRY_VERSION_STRING; }

unsigned reentry_version_number(void) { return REENTRY_VERSION_NUMBER; }

int reentry_abi_version(void) { return REENTRY_ABI_VERSION; }

reentry_status reentry_error_code(const reentry_error* error) {
  return error == nullptr ? REENTRY_INVALID_ARGUMENT : error->code;
}

const char* reentry_error_message(const reentry_error* error) {
  return error == nullptr ? "" : error->message.c_str();
}

const char* reentry_error_field(const reentry_error* error) {
  return error == nullptr ? "" : error->field.c_str();
}

void reentry_error_free(reentry_error* error) { delete error; }

reentry_status reentry_engine_create_with(const reentry_engine_options* host_options,
                                          reentry_engine** out, reentry_error** error) {
  if (out != nullptr) *out = nullptr;
  return Guard(error, [&]() -> absl::Status {
    if (out == nullptr) return Invalid("out", "is NULL");
    reentry_engine_options options;
    if (auto s = ReadOptions(host_options, &options); !s.ok()) return s;
    reentry::Engine::Options engine_options;
    engine_options.builtin_definitions = options.skip_builtin_definitions == 0;
    auto engine = reentry::Engine::Create(engine_options);
    if (!engine.ok()) return engine.status();
    *out = new reentry_engine{*std::move(engine)};
    return absl::OkStatus();
  });
}

reentry_status reentry_engine_create(reentry_engine** out) {
  return reentry_engine_create_with(nullptr, out, nullptr);
}

void reentry_engine_destroy(reentry_engine* engine) {
  Guard(nullptr, [&]() -> absl::Status {
    delete engine;
    return absl::OkStatus();
  });
}

reentry_status reentry_call(reentry_engine* engine, const char* method, const void* request,
                            size_t request_len, void** response, size_t* response_len) {
  return Call(engine, method, request, request_len, response, response_len,
              reentry::Engine::Encoding::kBinary);
}

reentry_status reentry_call_json(reentry_engine* engine, const char* method,
                                 const char* request_json, size_t request_len, char** response_json,
                                 size_t* response_len) {
  return Call(engine, method, request_json, request_len, reinterpret_cast<void**>(response_json),
              response_len, reentry::Engine::Encoding::kJson);
}

reentry_status reentry_score_batch(reentry_engine* engine, const char* instrument_id,
                                   const reentry_batch_options* options,
                                   const reentry_column* columns, size_t n_columns, size_t n_rows,
                                   reentry_scale_output* outputs, size_t n_outputs,
                                   reentry_error** error) {
  return Guard(error, [&] {
    return ScoreBatch(engine, instrument_id, options, columns, n_columns, n_rows, outputs,
                      n_outputs);
  });
}

reentry_status reentry_score_columns(reentry_engine* engine, const char* instrument_id,
                                     const char* norm_group, const reentry_column* columns,
                                     size_t n_columns, size_t n_rows, reentry_scale_output* outputs,
                                     size_t n_outputs) {
  reentry_batch_options options{};
  options.size = sizeof options;
  options.norm_group = norm_group;
  return reentry_score_batch(engine, instrument_id, &options, columns, n_columns, n_rows, outputs,
                             n_outputs, nullptr);
}

reentry_status reentry_validate_columns(const double* scores, const uint8_t* outcomes,
                                        const int32_t* group_index, size_t n_rows,
                                        double positive_from,
                                        const reentry_validate_options* options, void** response,
                                        size_t* response_len, reentry_error** error) {
  if (response != nullptr) *response = nullptr;
  if (response_len != nullptr) *response_len = 0;
  return Guard(error, [&] {
    return ValidateColumns(scores, outcomes, group_index, n_rows, positive_from, options, response,
                           response_len);
  });
}

const char* reentry_method_name(size_t index) {
  // The method table is built once per process and never changes.
  static const std::vector<std::string>* const methods =
      new std::vector<std::string>(reentry::Engine::Methods());
  return index < methods->size() ? (*methods)[index].c_str() : nullptr;
}

void reentry_free(void* p) { std::free(p); }

const char* reentry_last_error(void) { return last_error.c_str(); }

const char* reentry_batch_kernel_name(void) {
  // Static storage: the name is a literal.
  return reentry::BatchKernelName().data();
}

}  // extern "C"
