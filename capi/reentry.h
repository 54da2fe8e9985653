/* reentry.h: the stable C ABI of the reentry library.
 *
 * reentry scores validated risk/needs assessments, builds case plans and links
 * people to services. This header is the whole interface for hosts that load
 * the shared library libreentry_c (C, and through FFI Python, Java/JNA, C#, Go,
 * Rust). Requests and responses are Protocol Buffers messages of package
 * reentry.v1 (the .proto files under proto/reentry/v1), exchanged in binary (reentry_call) or
 * proto3 JSON (reentry_call_json); batch scoring takes plain arrays.
 *
 * Conventions, for every function below:
 *  1. Status. Functions that can fail return a reentry_status: 0 (REENTRY_OK)
 *     on success, otherwise an absl::StatusCode number (REENTRY_INVALID_ARGUMENT
 *     for bad input, REENTRY_NOT_FOUND for an unknown instrument, ...).
 *  2. Errors. Every fallible call returns its error with the call itself, for
 *     hosts whose threads may change between two calls (Go, JVM pools):
 *     reentry_call and reentry_call_json as a reentry.v1.Error { code, message,
 *     field } response; the other calls through a `reentry_error** error`
 *     argument (NULL when not wanted), which receives an error object on
 *     failure (free it with reentry_error_free) and NULL on success. Messages
 *     name the field and value at fault, e.g. "responses[2].number: item
 *     'prior_violent_convictions': count -1 is negative", and quote host input
 *     cut to a short prefix. reentry_last_error() also returns the message of
 *     the calling thread's last failure, for simple C hosts.
 *  3. Memory. Buffers the library returns are freed with reentry_free, never
 *     with the host's free() (allocators differ across a DLL boundary). Every
 *     output pointer is defined on return, on success and on failure.
 *  4. Pointers. Passing NULL where a pointer is required returns
 *     REENTRY_INVALID_ARGUMENT; nothing crashes. A pointer plus a length is
 *     never read beyond the length and need not be NUL-terminated.
 *  5. Threads. An engine may be shared by any number of threads, without
 *     locks, for every call, the Load* rpcs included: a load publishes a new
 *     set of definitions atomically, calls already running keep the set they
 *     started with, and loads never block other calls. Error objects and
 *     returned buffers belong to the caller and are not shared.
 *  6. Exceptions never cross this boundary, and nothing here aborts.
 *  7. Stability. The functions and types of this header do not change once
 *     released; new ones may be added. REENTRY_ABI_VERSION bumps only on a
 *     breaking change, and is the major version of libreentry_c's SONAME.
 *     (tests/capi/abi_test.c and capi/reentry_c.symbols pin them.)
 *  8. One library per process. libreentry_c carries its own copy of the
 *     reentry.v1 messages; a process loads it or links the C++ library
 *     (reentry::reentry), not both, because protobuf registers each .proto
 *     file once per process.
 *  9. Structs that may grow begin with their size (`size`, set by the host to
 *     sizeof as it compiled them); a zero-filled struct with its size set
 *     means "all defaults". Arrays of structs that may grow are read with the
 *     element size the host states (reentry_batch_options.column_size).
 * 10. Platforms. Tested on Linux x86-64 (Debian 12, GCC 12 and Clang 14),
 *     where the batch kernel is chosen at run time among SSE4.2, AVX2 and
 *     AVX-512 variants. Other 64-bit little-endian platforms with a C++17
 *     compiler build with the portable kernel but are not tested; big-endian
 *     platforms are not supported. Windows export macros are in place,
 *     untested.
 * 11. Experimental. Functions under REENTRY_EXPERIMENTAL (at the end) may
 *     change or go in any release; everything else follows 7.
 */
#ifndef REENTRY_C_H_
#define REENTRY_C_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#if defined(REENTRY_BUILDING_C_API)
#define REENTRY_API __declspec(dllexport)
#else
#define REENTRY_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define REENTRY_API __attribute__((visibility("default")))
#else
#define REENTRY_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ------------------------------------------------------------- */

#define REENTRY_VERSION_MAJOR 0
#define REENTRY_VERSION_MINOR 1
#define REENTRY_VERSION_PATCH 0
#define REENTRY_VERSION_STRING "0.1.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 100 for 0.1.0 (as zstd's). */
#define REENTRY_VERSION_NUMBER \
  (REENTRY_VERSION_MAJOR * 10000 + REENTRY_VERSION_MINOR * 100 + REENTRY_VERSION_PATCH)
#define REENTRY_ABI_VERSION 1

/*! reentry_version() : the version of the loaded library, e.g. "0.1.0"; compare
 *  with REENTRY_VERSION_STRING, the version this header belongs to. Static
 *  storage: never freed. */
REENTRY_API const char* reentry_version(void);

/*! reentry_version_number() : the version of the loaded library as a number,
 *  MAJOR * 10000 + MINOR * 100 + PATCH; compare with REENTRY_VERSION_NUMBER. */
REENTRY_API unsigned reentry_version_number(void);

/*! reentry_abi_version() : the ABI version of the loaded library; a host built
 *  against REENTRY_ABI_VERSION works with a library of the same ABI version. */
REENTRY_API int reentry_abi_version(void);

/* ---- Status codes (values of absl::StatusCode) --------------------------- */

typedef int reentry_status;
enum {
  REENTRY_OK = 0,
  REENTRY_CANCELLED = 1,
  REENTRY_UNKNOWN = 2,
  REENTRY_INVALID_ARGUMENT = 3,
  REENTRY_DEADLINE_EXCEEDED = 4,
  REENTRY_NOT_FOUND = 5,
  REENTRY_ALREADY_EXISTS = 6,
  REENTRY_PERMISSION_DENIED = 7,
  REENTRY_RESOURCE_EXHAUSTED = 8,
  REENTRY_FAILED_PRECONDITION = 9,
  REENTRY_ABORTED = 10,
  REENTRY_OUT_OF_RANGE = 11,
  REENTRY_UNIMPLEMENTED = 12,
  REENTRY_INTERNAL = 13,
  REENTRY_UNAVAILABLE = 14,
  REENTRY_DATA_LOSS = 15,
  REENTRY_UNAUTHENTICATED = 16
};

/* ---- Errors returned with a call ----------------------------------------- */

/* What went wrong in one call. Opaque; owned by the caller once returned. */
typedef struct reentry_error reentry_error;

/*! reentry_error_code() : the status of the failed call (never REENTRY_OK);
 *  REENTRY_INVALID_ARGUMENT for a NULL error. */
REENTRY_API reentry_status reentry_error_code(const reentry_error* error);

/*! reentry_error_message() : the message, naming the field and value; valid
 *  until reentry_error_free. "" for a NULL error; never NULL. */
REENTRY_API const char* reentry_error_message(const reentry_error* error);

/*! reentry_error_field() : the request field or item the error is about
 *  (e.g. "columns[2].type", "norm_group"), or "" when not about one field;
 *  valid until reentry_error_free; never NULL. */
REENTRY_API const char* reentry_error_field(const reentry_error* error);

/*! reentry_error_free() : frees an error. NULL is accepted and ignored. */
REENTRY_API void reentry_error_free(reentry_error* error);

/* ---- Engine lifecycle ---------------------------------------------------- */

/* An engine holds loaded, validated definitions (instruments, calendars,
 * catalogs, policies, networks). Opaque. */
typedef struct reentry_engine reentry_engine;

/* Options of reentry_engine_create_with; zero-filled with `size` set are the
 * defaults. May grow (convention 9). */
typedef struct reentry_engine_options {
  size_t size;                  /* sizeof(reentry_engine_options) */
  int skip_builtin_definitions; /* nonzero: start with no definitions loaded */
} reentry_engine_options;

/*! reentry_engine_create() : creates an engine with the builtin definitions
 *  loaded (instruments psa, pattern, reentry_needs_screen, and the builtin
 *  calendars, catalogs, policies and networks).
 *  @return REENTRY_OK and *out set, or an error and *out set to NULL.
 *  Destroy it with reentry_engine_destroy. An engine can be shared by any
 *  number of threads concurrently (convention 5). */
REENTRY_API reentry_status reentry_engine_create(reentry_engine** out);

/*! reentry_engine_create_with() : as reentry_engine_create, with `options`
 *  (NULL: the defaults) and the error returned with the call in *error when
 *  `error` is not NULL (NULL on success). */
REENTRY_API reentry_status reentry_engine_create_with(const reentry_engine_options* options,
                                                      reentry_engine** out, reentry_error** error);

/*! reentry_engine_destroy() : frees an engine. NULL is accepted and ignored.
 *  No call may be running on the engine. */
REENTRY_API void reentry_engine_destroy(reentry_engine* engine);

/* ---- Calls --------------------------------------------------------------- */

/*! reentry_call() : calls rpc `method` of service reentry.v1.Engine (e.g.
 *  "Score"; every rpc of proto/reentry/v1/engine.proto, which `reentry
 *  methods` lists) with a binary protobuf request of request_len bytes
 *  (request may be NULL when request_len is 0: the empty message).
 *  @return REENTRY_OK with *response the binary response message; or an error
 *  status with *response a binary reentry.v1.Error { code, message, field };
 *  REENTRY_UNIMPLEMENTED for an unknown method. In both cases *response_len is
 *  its length and *response (never NULL, even for 0 bytes) is freed with
 *  reentry_free. If response or response_len is NULL, nothing can be returned
 *  and the call fails with REENTRY_INVALID_ARGUMENT. */
REENTRY_API reentry_status reentry_call(reentry_engine* engine, const char* method,
                                        const void* request, size_t request_len, void** response,
                                        size_t* response_len);

/*! reentry_method_name() : the name of rpc number `index` (0, 1, ...) of the
 *  ones this library answers, in the order of service reentry.v1.Engine, or
 *  NULL past the last; for generic clients and tools that list the rpcs.
 *  Static storage: never freed. */
REENTRY_API const char* reentry_method_name(size_t index);

/*! reentry_call_json() : as reentry_call, with the request and the response in
 *  proto3 JSON (field names in lowerCamelCase or as in the .proto; responses
 *  print every field in lowerCamelCase). *response_json is NUL-terminated;
 *  *response_len excludes the NUL. Malformed JSON or an unknown field returns
 *  REENTRY_INVALID_ARGUMENT. */
REENTRY_API reentry_status reentry_call_json(reentry_engine* engine, const char* method,
                                             const char* request_json, size_t request_len,
                                             char** response_json, size_t* response_len);

/* ---- Batch scoring from columns ------------------------------------------ */

enum {
  REENTRY_COLUMN_BOOL8 = 1,  /* uint8_t, 0 or 1 */
  REENTRY_COLUMN_INT32 = 2,  /* int32_t (counts, years, choice indices) */
  REENTRY_COLUMN_FLOAT64 = 3 /* double; NaN means not answered */
};
/* "Not answered" in an INT32 column (R's NA_integer_). */
#define REENTRY_NOT_ANSWERED_INT32 INT32_MIN

typedef struct reentry_column {
  const char* item_id; /* an item of the instrument */
  int type;            /* REENTRY_COLUMN_* */
  const void* data;    /* n_rows values */
} reentry_column;

typedef struct reentry_scale_output {
  const char* scale_id;  /* a scale of the instrument */
  double* raw_score;     /* n_rows, or NULL when not wanted */
  int32_t* scaled_score; /* n_rows, or NULL */
  uint8_t* flag;         /* n_rows, or NULL */
  int32_t* level;        /* n_rows: index into the scale's levels, or NULL */
} reentry_scale_output;

/*! reentry_score_columns() : scores n_rows people with the newest version of
 *  `instrument_id`, reading one column per item and writing the requested
 *  outputs of each scale into caller-owned arrays; nothing is allocated per
 *  row. norm_group NULL or "" selects the instrument's default norm group.
 *  Results equal those of "Score" for every row exactly. An item whose column
 *  is absent was answered by nobody; the instrument's missing-item rule applies.
 *  @return REENTRY_OK; or REENTRY_INVALID_ARGUMENT naming the column, item and
 *  row of the first invalid value (e.g. a negative count) and the outputs are
 *  then unspecified; REENTRY_NOT_FOUND for an unknown instrument. Asking for a
 *  scaled score, flag or level the scale does not define is an error.
 *  One thread; reentry_score_batch takes options (threads, a pinned version)
 *  and returns its error with the call. */
REENTRY_API reentry_status reentry_score_columns(reentry_engine* engine, const char* instrument_id,
                                                 const char* norm_group,
                                                 const reentry_column* columns, size_t n_columns,
                                                 size_t n_rows, reentry_scale_output* outputs,
                                                 size_t n_outputs);

/* "Every hardware thread" for reentry_batch_options.threads. */
#define REENTRY_THREADS_ALL (-1)

/* Options of reentry_score_batch; zero-filled with `size` set are the
 * defaults. May grow (convention 9). */
typedef struct reentry_batch_options {
  size_t size;                    /* sizeof(reentry_batch_options) */
  const char* instrument_version; /* NULL or "": the newest loaded version. Pin
                                     it when columns hold choice indices, which
                                     are positions in one version's list. */
  const char* norm_group;         /* NULL or "": the instrument's default */
  int threads;                    /* 0 or 1: the calling thread only; n > 1: up
                                     to n threads, each scoring a contiguous
                                     block of at least 32,768 rows;
                                     REENTRY_THREADS_ALL: every hardware thread */
  size_t column_size;             /* the element size of `columns` as the host
                                     compiled reentry_column; 0: this header's */
  size_t output_size;             /* likewise for reentry_scale_output; 0: this
                                     header's */
} reentry_batch_options;

/*! reentry_score_batch() : as reentry_score_columns, with `options` (NULL:
 *  the defaults) and the error returned with the call in *error when `error`
 *  is not NULL (NULL on success). With threads, rows are split into
 *  contiguous blocks scored at once; results and errors (the first invalid
 *  row) are the same as on one thread. */
REENTRY_API reentry_status reentry_score_batch(reentry_engine* engine, const char* instrument_id,
                                               const reentry_batch_options* options,
                                               const reentry_column* columns, size_t n_columns,
                                               size_t n_rows, reentry_scale_output* outputs,
                                               size_t n_outputs, reentry_error** error);

/* ---- Local validation from columns ---------------------------------------- */

/* Options of reentry_validate_columns; zero-filled with `size` set are the
 * defaults. May grow (convention 9). */
typedef struct reentry_validate_options {
  size_t size;                    /* sizeof(reentry_validate_options) */
  const char* const* group_names; /* n_groups labels (unique, non-empty UTF-8),
                                     indexed by group_index; NULL with 0 */
  size_t n_groups;
  const char* const* level_names; /* n_levels calibration levels, each from
                                     level_mins[i] (ascending) to the next;
                                     NULL with 0: calibrate per distinct score */
  const double* level_mins;
  size_t n_levels;
  int max_roc_points;         /* 0: 1,000 */
  int max_calibration_scores; /* 0: 200 */
  int json;                   /* nonzero: the response in proto3 JSON,
                                 NUL-terminated; 0: binary */
} reentry_validate_options;

/*! reentry_validate_columns() : the Validate report (reentry.v1.
 *  ValidateResponse: AUC with DeLong's interval, error rates and predictive
 *  values by group, calibration with Wilson intervals) of n_rows people held
 *  in columns: row i is (scores[i], outcomes[i] 0 or 1, group
 *  group_names[group_index[i]]), predicted positive when score >=
 *  positive_from. group_index may be NULL (then n_groups must be 0): no
 *  groups. Nothing is allocated per row when the scores take at most 4,096
 *  values (deciles, scaled scores); otherwise 32 bytes per row for the sort.
 *  Needs no engine; any number of threads may call at once.
 *  @return REENTRY_OK with *response the ValidateResponse (binary, or JSON
 *  with options->json), freed with reentry_free; or REENTRY_INVALID_ARGUMENT
 *  naming the argument and row (a NaN score, an outcome not 0 or 1, a group
 *  index out of range, a NaN positive_from, NULL columns with rows) with
 *  *response NULL and the error in *error when `error` is not NULL. */
REENTRY_API reentry_status reentry_validate_columns(const double* scores, const uint8_t* outcomes,
                                                    const int32_t* group_index, size_t n_rows,
                                                    double positive_from,
                                                    const reentry_validate_options* options,
                                                    void** response, size_t* response_len,
                                                    reentry_error** error);

/* ---- Memory and errors --------------------------------------------------- */

/*! reentry_free() : frees a buffer the library returned. NULL is accepted. */
REENTRY_API void reentry_free(void* p);

/*! reentry_last_error() : the message of the calling thread's last failure, or
 *  "" if it has had none. A success does not clear it: check the status
 *  first. The pointer stays valid until the thread's next failure; never NULL,
 *  never freed by the host. */
REENTRY_API const char* reentry_last_error(void);

/* ---- Experimental: not yet promised (convention 11) ---------------------- */

#ifdef REENTRY_EXPERIMENTAL

/*! reentry_batch_kernel_name() : the batch kernel variant this CPU runs, e.g.
 *  "kernel_x86_64_v3_ops", for benchmarks and support requests. Static
 *  storage: never freed. */
REENTRY_API const char* reentry_batch_kernel_name(void);

#endif /* REENTRY_EXPERIMENTAL */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* REENTRY_C_H_ */
