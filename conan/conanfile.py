"""Conan 2 recipe for reentry.

    conan create conan/ --build=missing
    conan create conan/ --build=missing -o "reentry/*:shared=True"

Packages the C ABI shared library (reentry::reentry_c: libreentry_c with a
versioned SONAME, what hosts in C, Python, Java, C# and Go load) and, unless
shared=True, the static C++ library (reentry::reentry) with its headers. The
builtin definitions are embedded in both, so consumers need no data files;
the package also carries the `reentry` program, the .proto files and the
builtin definitions as text (share/reentry).

Options:
  shared  True: the C ABI only, the shared library libreentry_c and reentry.h
          (the C++ library's symbols are hidden, so it exists only as a static
          library). False (default): the static C++ library as well.
  fPIC    must stay True where it exists: the same objects are linked into
          libreentry_c, so they are always position independent.

The recipe follows the CMake build (CMakeLists.txt): the same options off for
tests, examples, benchmarks and the Python wheel, protoc as a tool requirement
(the messages are generated at build time), and the project's own CMake
package (reentryConfig.cmake: components c and cxx) for consumers.
tests/install/check_conan_recipe.py checks it stays in step; its
test_package is the C host tests/install/consume.sh builds with plain CMake
and pkg-config.
"""
import os

from conan import ConanFile
from conan.errors import ConanInvalidConfiguration
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, rm, rmdir


class ReentryConan(ConanFile):
    name = "reentry"
    version = "0.1.0"
    description = ("Risk/needs assessment, case planning and service linkage for reentry: "
                   "an embeddable C++17 library with a stable C ABI and protobuf messages")
    # No license has been chosen for the project yet; see the repository.
    license = "LicenseRef-unspecified"
    homepage = "https://github.com/reentry/reentry"
    url = homepage
    topics = ("risk-assessment", "case-management", "reentry", "protobuf", "c-api")
    package_type = "library"
    settings = "os", "arch", "compiler", "build_type"
    options = {"shared": [True, False], "fPIC": [True, False]}
    default_options = {"shared": False, "fPIC": True}

    # What the build reads: CMakeLists.txt and every file it names.
    exports_patterns = ("CMakeLists.txt", "cmake/*", "include/*", "src/*", "capi/*", "proto/*",
                        "instruments/*", "catalogs/*", "tools/*", "README.md", "CHANGELOG.md",
                        "docs/embedding.md")

    def export_sources(self):
        # The recipe lives in conan/; the sources are the repository around it.
        root = os.path.join(self.recipe_folder, "..")
        for pattern in self.exports_patterns:
            copy(self, pattern, src=root, dst=self.export_sources_folder)

    def config_options(self):
        if self.settings.os == "Windows":
            self.options.rm_safe("fPIC")

    def configure(self):
        if self.options.shared:
            self.options.rm_safe("fPIC")
        # Boost is used for its headers only (Boost.Graph, Date_Time), inside
        # the implementation.
        self.options["boost"].header_only = True

    def requirements(self):
        # Public: the C++ API exposes absl::Status and reentry.v1 protobuf
        # messages; libreentry_c links them privately.
        self.requires("protobuf/3.21.12", transitive_headers=True)
        self.requires("abseil/20230125.3", transitive_headers=True)
        self.requires("boost/1.83.0", transitive_headers=False, transitive_libs=False)

    def build_requirements(self):
        # protoc generates the reentry.v1 messages at build time, matching the
        # runtime's version.
        self.tool_requires("protobuf/<host_version>")
        self.tool_requires("cmake/[>=3.25 <4]")

    def validate(self):
        check_min_cppstd(self, 17)
        if not self.options.shared and self.options.get_safe("fPIC") is False:
            raise ConanInvalidConfiguration(
                "reentry:fPIC=False is not possible: the objects of the static library are "
                "also linked into libreentry_c, so they are always position independent")

    def layout(self):
        cmake_layout(self)

    def generate(self):
        toolchain = CMakeToolchain(self)
        toolchain.variables["REENTRY_BUILD_TESTS"] = False
        toolchain.variables["REENTRY_BUILD_BENCH"] = False
        toolchain.variables["REENTRY_BUILD_FUZZ"] = False
        toolchain.variables["REENTRY_BUILD_EXAMPLES"] = False
        toolchain.variables["REENTRY_BUILD_PYTHON"] = False
        toolchain.variables["REENTRY_BUILD_TOOLS"] = True
        toolchain.variables["REENTRY_INSTALL"] = True
        toolchain.generate()
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        CMake(self).install()
        if self.options.shared:
            # The C ABI alone: no static library, no C++ headers, no C++ targets
            # (reentryConfig.cmake then offers reentry::reentry_c only).
            lib = os.path.join(self.package_folder, "lib")
            rm(self, "libreentry.a", lib)
            rm(self, "reentry.lib", lib)
            rm(self, "reentryTargets*.cmake", os.path.join(lib, "cmake", "reentry"))
            rmdir(self, os.path.join(self.package_folder, "include", "reentry"))

    def package_info(self):
        # Consumers use the targets the project's own package config defines.
        self.cpp_info.set_property("cmake_find_mode", "none")
        self.cpp_info.builddirs.append(os.path.join("lib", "cmake", "reentry"))
        self.cpp_info.set_property("pkg_config_name", "reentry")
        c_abi = self.cpp_info.components["reentry_c"]
        c_abi.libs = ["reentry_c"]
        c_abi.requires = ["protobuf::libprotobuf", "abseil::absl_status", "abseil::absl_statusor",
                          "abseil::absl_strings", "abseil::absl_str_format",
                          "abseil::absl_flat_hash_map", "abseil::absl_civil_time",
                          # (headers used inside; Conan wants every requirement named)
                          "boost::headers"]
        if not self.options.shared:
            cxx = self.cpp_info.components["reentry"]
            cxx.libs = ["reentry"]
            cxx.requires = ["protobuf::libprotobuf", "abseil::absl_status",
                            "abseil::absl_statusor", "abseil::absl_strings",
                            "abseil::absl_str_format", "abseil::absl_flat_hash_map",
                            "abseil::absl_civil_time", "abseil::absl_span", "boost::headers"]
            if self.settings.os in ("Linux", "FreeBSD"):
                cxx.system_libs = ["pthread"]
        self.runenv_info.prepend_path("PATH", os.path.join(self.package_folder, "bin"))
