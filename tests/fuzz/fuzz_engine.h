// The engine every C ABI fuzzer calls: created once, with the builtin
// instruments, and kept for the whole run.
#ifndef REENTRY_TESTS_FUZZ_FUZZ_ENGINE_H_
#define REENTRY_TESTS_FUZZ_FUZZ_ENGINE_H_

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

#endif  // REENTRY_TESTS_FUZZ_FUZZ_ENGINE_H_
