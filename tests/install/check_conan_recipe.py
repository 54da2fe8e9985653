#!/usr/bin/env python3
"""Checks the Conan 2 recipe (conan/) stays in step with the CMake build,
without Conan (which is not installed here):

- the recipe and its test_package parse as Python;
- its version is the project's (CMakeLists.txt project(VERSION));
- it has the options shared and fPIC, requires protobuf and abseil, and
  tool-requires protobuf (protoc generates the messages at build time);
- its export patterns cover every file the build reads: the files and
  folders CMakeLists.txt and cmake/ReentryInstall.cmake name, and every
  builtin definition;
- it turns off every REENTRY_BUILD_* option the build has but the tools;
- test_package builds conan/test_package/test_package.c, the C host that
  tests/install/consume.sh builds with plain CMake and pkg-config.

    check_conan_recipe.py <source dir>
"""
import ast
import fnmatch
import re
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2])
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


recipe_text = (root / "conan" / "conanfile.py").read_text()
recipe = ast.parse(recipe_text, "conan/conanfile.py")
ast.parse((root / "conan" / "test_package" / "conanfile.py").read_text(),
          "conan/test_package/conanfile.py")
recipe_class = next(node for node in recipe.body if isinstance(node, ast.ClassDef))
attributes = {}
for node in recipe_class.body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        try:
            attributes[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError:
            pass

cmake = (root / "CMakeLists.txt").read_text()
version = re.search(r"project\(reentry\s+VERSION\s+([0-9.]+)", cmake).group(1)
check(attributes.get("version") == version,
      f"recipe version {attributes.get('version')} is not the project's {version}")
check(set(attributes.get("options", {})) == {"shared", "fPIC"},
      f"recipe options {sorted(attributes.get('options', {}))} are not shared and fPIC")

calls = [(node.func.attr, node.args[0].value) for node in ast.walk(recipe)
         if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
         and node.args and isinstance(node.args[0], ast.Constant)]
requires = [ref for name, ref in calls if name == "requires"]
tools = [ref for name, ref in calls if name == "tool_requires"]
for package in ("protobuf/", "abseil/"):
    check(any(ref.startswith(package) for ref in requires), f"recipe does not require {package}")
check("protobuf/<host_version>" in tools, "recipe does not tool-require protobuf (protoc)")

# Every REENTRY_BUILD_* option set in the toolchain.
options = set(re.findall(r"option\((REENTRY_BUILD_\w+)", cmake))
set_in_recipe = set(re.findall(r'toolchain\.variables\["(REENTRY_BUILD_\w+)"\]', recipe_text))
check(options <= set_in_recipe,
      f"recipe leaves {sorted(options - set_in_recipe)} at their defaults")

# Every file the build reads is exported.
patterns = attributes.get("exports_patterns", ())
check(patterns, "recipe has no exports_patterns")


def exported(path):
    return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)


install = (root / "cmake" / "ReentryInstall.cmake").read_text()
named = set()
for text in (cmake, install):
    for token in re.findall(r"[\w./-]+", text):
        token = token.rstrip("/")
        if "/" in token or token.endswith((".md", ".txt")):
            if (root / token).exists() and not token.startswith(("/", "..")):
                named.add(token)
for subdirectory in re.findall(r"add_subdirectory\((\w+)\)", cmake):
    named.add(subdirectory)
needed = []
for token in sorted(named):
    path = root / token
    if path.is_dir():
        needed += [str(p.relative_to(root)) for p in path.rglob("*") if p.is_file()]
    else:
        needed.append(token)
# Folders only the tests, examples, benchmarks and the wheel read are not needed.
not_built = ("tests", "examples", "bench", "python", "tests/fuzz")
needed = [p for p in needed if not p.startswith(tuple(f"{d}/" for d in not_built))
          and "__pycache__" not in p]
missing = [p for p in needed if not exported(p)]
check(not missing, f"recipe does not export {missing[:8]}{' ...' if len(missing) > 8 else ''}")
for definition in list((root / "instruments").glob("*.textproto")) + \
        list((root / "catalogs").glob("*.textproto")):
    check(exported(str(definition.relative_to(root))), f"recipe does not export {definition}")

test_cmake = (root / "conan" / "test_package" / "CMakeLists.txt").read_text()
check("test_package.c" in test_cmake and "reentry::reentry_c" in test_cmake,
      "conan/test_package does not build test_package.c against reentry::reentry_c")
consume = (root / "tests" / "install" / "consume.sh").read_text()
check("conan/test_package" in consume, "tests/install/consume.sh does not build conan/test_package")

if problems:
    print("\n".join(f"FAILED: {p}" for p in problems))
    sys.exit(1)
print(f"conan recipe in step with the build: version {version}, options shared/fPIC, "
      f"{len(needed)} files exported, requires {', '.join(requires)}, tools {', '.join(tools)}")
