"""Conan 2 recipe for reentry.

    conan create conan/ --build=missing

Packages the C++ library (static, reentry::reentry) and the C ABI shared
library (reentry::reentry_c, libreentry_c with a versioned SONAME). The
builtin instruments are embedded in both, so consumers need no data files.
"""
import os

from conan import ConanFile
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy


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
    options = {"fPIC": [True, False]}
    default_options = {"fPIC": True}
    def export_sources(self):
        # The recipe lives in conan/; the sources are the repository around it.
        root = os.path.join(self.recipe_folder, "..")
        for pattern in ("CMakeLists.txt", "cmake/*", "include/*", "src/*", "capi/*", "proto/*",
                        "instruments/*", "tools/*"):
            copy(self, pattern, src=root, dst=self.export_sources_folder)

    def config_options(self):
        if self.settings.os == "Windows":
            self.options.rm_safe("fPIC")

    def requirements(self):
        # Public: the C++ API exposes absl::Status and reentry.v1 protobuf messages.
        self.requires("protobuf/3.21.12", transitive_headers=True)
        self.requires("abseil/20230125.3", transitive_headers=True)
        self.requires("boost/1.83.0", options={"header_only": True})

    def build_requirements(self):
        self.tool_requires("protobuf/<host_version>")
        self.tool_requires("cmake/[>=3.25 <4]")

    def validate(self):
        from conan.tools.build import check_min_cppstd
        check_min_cppstd(self, 17)

    def layout(self):
        cmake_layout(self)

    def generate(self):
        toolchain = CMakeToolchain(self)
        toolchain.variables["REENTRY_BUILD_TESTS"] = False
        toolchain.variables["REENTRY_BUILD_BENCH"] = False
        toolchain.variables["REENTRY_BUILD_EXAMPLES"] = False
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

    def package_info(self):
        # Consumers use the targets the project's own package config defines.
        self.cpp_info.set_property("cmake_find_mode", "none")
        self.cpp_info.builddirs.append(os.path.join("lib", "cmake", "reentry"))
        self.cpp_info.set_property("pkg_config_name", "reentry")
        self.cpp_info.components["reentry_c"].libs = ["reentry_c"]
        self.cpp_info.components["reentry_c"].requires = [
            "protobuf::libprotobuf", "abseil::absl_status", "abseil::absl_statusor",
            "abseil::absl_strings", "abseil::absl_str_format", "abseil::absl_flat_hash_map",
            "abseil::absl_civil_time"]
        self.cpp_info.components["reentry"].libs = ["reentry"]
        self.cpp_info.components["reentry"].requires = [
            "protobuf::libprotobuf", "abseil::absl_status", "abseil::absl_statusor",
            "abseil::absl_strings", "abseil::absl_str_format", "abseil::absl_flat_hash_map",
            "abseil::absl_civil_time", "abseil::absl_span", "boost::headers"]
        self.runenv_info.prepend_path("PATH", os.path.join(self.package_folder, "bin"))
