"""reentry.Error: what a failed call raises."""

import enum
from typing import Any, Mapping


class StatusCode(enum.IntEnum):
    """The status codes of the C ABI: the numbers of absl::StatusCode."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16


def _code(value: int) -> "StatusCode | int":
    try:
        return StatusCode(value)
    except ValueError:
        return value


class Error(Exception):
    """A call the library refused, with the reentry.v1.Error it returned.

    Attributes:
        code: the status (a :class:`StatusCode`, e.g. ``StatusCode.NOT_FOUND``).
        message: what went wrong, naming the field and value, e.g.
            ``"responses[5].number: item 'prior_violent_convictions': count -1
            is negative"``.
        field: the request field the error is about (``"responses[5].number"``,
            ``"columns[2]"``, ``"norm_group"``), or ``""``.

    Bad input is ``StatusCode.INVALID_ARGUMENT``, an unknown instrument or
    definition ``StatusCode.NOT_FOUND``, an rpc this library does not answer
    ``StatusCode.UNIMPLEMENTED``.
    """

    def __init__(self, code: int, message: str, field: str = "") -> None:
        self.code = _code(code)
        self.message = message
        self.field = field
        name = self.code.name if isinstance(self.code, StatusCode) else str(self.code)
        super().__init__(f"{name}: {message}")

    @classmethod
    def from_json(cls, error: Mapping[str, Any]) -> "Error":
        """From a reentry.v1.Error in proto3 JSON ({code, message, field})."""
        return cls(int(error.get("code", StatusCode.UNKNOWN)), str(error.get("message", "")),
                   str(error.get("field", "")))

    def __reduce__(self):  # picklable, e.g. across multiprocessing
        return (Error, (int(self.code), self.message, self.field))
