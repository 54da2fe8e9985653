// The engine every C ABI fuzzer calls: created once, with the builtin
// instruments, and kept for the whole run.
#ifndef REENTRY_TESTS_FUZZ_FUZZ_ENGINE_H_
#define REENTRY_TESTS_FUZZ_FUZZ_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "reentry.h"

inline reentry_engine* FuzzEngine() {
  static reentry_engine* const engine = [] {
    reentry_engine* e = nullptr;
    if (reentry_engine_create(&e) != REENTRY_OK) std::abort();
    return e;
  }();
  return engine;
}

// The method the first input byte picks among the library's rpcs (from its
// method table, through reentry_method_name) and one name that is none.
inline const char* FuzzMethod(uint8_t choice) {
  static const size_t count = [] {
    size_t n = 0;
    while (reentry_method_name(n) != nullptr) ++n;
    return n;
  }();
  const size_t pick = choice % (count + 1);
  return pick == count ? "NotAMethod" : reentry_method_name(pick);
}

#endif  // REENTRY_TESTS_FUZZ_FUZZ_ENGINE_H_
