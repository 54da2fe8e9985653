"""reentry from Python: score assessments, one person or a whole caseload.

A thin binding over the library's C ABI (libreentry_c) with ctypes: the
standard library only, numpy when present. Requests and responses are the
reentry.v1 messages as dicts in proto3 JSON (proto/reentry/v1)::

    import reentry

    with reentry.Engine() as engine:
        result = engine.score(instrument_id="psa", answers={
            "age_at_current_arrest": 20, "current_violent_offense": True,
            "pending_charge": True, ...})["result"]
        for scale in result["scales"]:
            print(scale["scaleId"], scale["rawScore"], scale.get("scaledScore"))

        # A whole caseload: one array per item, results as arrays.
        scored = engine.score_columns("psa", {"age_at_current_arrest": ages, ...})
        scored["nca.scaled_score"]

Every rpc is reachable with ``engine.call("Method", {...})``; the common ones
have helpers (score, list_instruments, describe_instrument, load_instrument,
list_definitions, load_calendar, list_holidays, validate). Failures raise
:class:`reentry.Error` with ``code``, ``message`` and ``field``.
"""

from ._engine import Engine
from ._errors import Error, StatusCode
from ._native import ABI_VERSION, NOT_ANSWERED_INT32, THREADS_ALL

__version__ = "0.1.0"

__all__ = [
    "ABI_VERSION",
    "Engine",
    "Error",
    "NOT_ANSWERED_INT32",
    "StatusCode",
    "THREADS_ALL",
    "__version__",
]
