# The batch kernel, compiled once per CPU level. On x86-64 with GCC or Clang:
# the baseline (SSE2), x86-64-v3 (AVX2) and x86-64-v4 (AVX-512); the library
# picks the best the running CPU supports (src/assess/batch.cc). Elsewhere only
# the baseline is built. The objects are returned in `objects_var`, to be linked
# into each library built from `target`'s objects. Each variant defines its own KernelOps table, so the
# variants never share an inline function compiled for another CPU.
function(reentry_add_batch_kernels target source objects_var)
  set(objects "")
  set(variants "generic|")
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$"
     AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    list(APPEND variants "x86_64_v3|-march=x86-64-v3" "x86_64_v4|-march=x86-64-v4")
    target_compile_definitions(${target} PRIVATE REENTRY_HAVE_X86_64_KERNELS=1)
  endif()
  foreach(variant IN LISTS variants)
    string(REPLACE "|" ";" parts "${variant}")
    list(GET parts 0 name)
    list(LENGTH parts count)
    set(flags "")
    if(count GREATER 1)
      list(GET parts 1 flags)
    endif()
    set(object ${target}_kernel_${name})
    add_library(${object} OBJECT ${source})
    target_include_directories(${object} PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_compile_definitions(${object} PRIVATE REENTRY_KERNEL_OPS=kernel_${name}_ops)
    target_compile_features(${object} PRIVATE cxx_std_17)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
      # The kernel is the throughput path: always optimize it fully, also in
      # debug builds, so tests exercise the vectorized code hosts run.
      target_compile_options(${object} PRIVATE -O3 ${flags})
    endif()
    reentry_target_warnings(${object})
    list(APPEND objects $<TARGET_OBJECTS:${object}>)
  endforeach()
  set(${objects_var} ${objects} PARENT_SCOPE)
endfunction()
