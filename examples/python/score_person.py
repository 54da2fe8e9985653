#!/usr/bin/env python3
"""Scores one person with the reentry needs screen from Python, through the C
ABI with ctypes (no compiled extension), and prints the ranked needs.

    score_person.py <path to libreentry_c.so> [request.json]
"""
import ctypes
import json
import sys


def load(path):
    lib = ctypes.CDLL(path)
    lib.reentry_engine_create.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
    lib.reentry_engine_destroy.argtypes = [ctypes.c_void_p]
    lib.reentry_call_json.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
    lib.reentry_free.argtypes = [ctypes.c_void_p]
    lib.reentry_version.restype = ctypes.c_char_p
    return lib


def call(lib, engine, method, request):
    """Returns (status, decoded JSON response); the response is an Error on failure."""
    body = json.dumps(request).encode()
    response = ctypes.c_void_p()
    length = ctypes.c_size_t()
    status = lib.reentry_call_json(engine, method.encode(), body, len(body),
                                   ctypes.byref(response), ctypes.byref(length))
    try:
        text = ctypes.string_at(response, length.value).decode()
    finally:
        lib.reentry_free(response)
    return status, json.loads(text)


def main():
    lib = load(sys.argv[1])
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            request = json.load(f)
    else:
        request = {"responses": [{"itemId": "housing_address_at_release", "choice": "none"}]}
    request["instrumentId"] = "reentry_needs_screen"
    engine = ctypes.c_void_p()
    if lib.reentry_engine_create(ctypes.byref(engine)) != 0:
        sys.exit("cannot create an engine")
    try:
        status, response = call(lib, engine, "Score", request)
        if status != 0:
            print(f"error {response['code']} in {response['field']}: {response['message']}")
            return 1
        result = response["result"]
        print(f"reentry {lib.reentry_version().decode()}: "
              f"{result['instrumentId']} {result['instrumentVersion']}")
        for need in result["needs"]:
            kinds = [k for k in ("criminogenic", "survival") if need[k]]
            print(f"  {need['rank']:2d}. {need['domain']:<22} {need['level']:<9} {', '.join(kinds)}")
        for factor in result["responsivity"]:
            print(f"  responsivity: {factor['title']}")
        print(f"  next reassessment: {result['nextReassessmentOn']}")
        return 0
    finally:
        lib.reentry_engine_destroy(engine)


if __name__ == "__main__":
    sys.exit(main())
