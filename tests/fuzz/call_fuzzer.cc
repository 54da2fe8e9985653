// Fuzzes reentry_call with arbitrary binary requests for every rpc of the method table: any
// input must give a status and a response, never a crash, leak or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_engine.h"
#include "reentry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  reentry_engine* engine = FuzzEngine();
  if (size == 0) return 0;
  const char* method = FuzzMethod(data[0]);
  void* response = nullptr;
  size_t length = 0;
  reentry_call(engine, method, data + 1, size - 1, &response, &length);
  // Every call returns a response buffer (the response or an Error).
  if (response == nullptr || reentry_last_error() == nullptr) std::abort();
  reentry_free(response);
  return 0;
}
