"""reentry.Engine: the library's engine, called with Python dicts."""

import ctypes
import json
import os
import threading
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Union

from . import _columns, _native
from ._errors import Error, StatusCode

Request = Optional[Mapping[str, Any]]
Response = Dict[str, Any]


def _answers_to_responses(request: Dict[str, Any]) -> Dict[str, Any]:
    """Score's shorthand: answers={item_id: value} becomes ItemResponses
    (bool -> boolean, int/float -> number, str -> choice; None: not answered)."""
    answers = request.pop("answers", None)
    if answers is None:
        return request
    responses = list(request.get("responses", []))
    for item_id, value in answers.items():
        if value is None:
            continue
        if isinstance(value, bool):
            responses.append({"itemId": item_id, "boolean": value})
        elif isinstance(value, (int, float)):
            responses.append({"itemId": item_id, "number": value})
        elif isinstance(value, str):
            responses.append({"itemId": item_id, "choice": value})
        else:
            field = f"answers[{item_id!r}]"
            raise Error(StatusCode.INVALID_ARGUMENT,
                        f"{field}: a {type(value).__name__} is not an answer "
                        "(bool, number or choice id)", field)
    request["responses"] = responses
    return request


def _consent_resource_to_text(request: Dict[str, Any]) -> Dict[str, Any]:
    """ImportConsent's consentJson given as a dict: written as JSON text."""
    for key in ("consentJson", "consent_json"):
        if isinstance(request.get(key), dict):
            request[key] = json.dumps(request[key], ensure_ascii=False)
    return request


def _rpc(method: str, doc: str,
         prepare: Optional[Callable[[Dict[str, Any]], Dict[str, Any]]] = None,
         ) -> Callable[..., Response]:
    """A named helper for rpc `method`: engine.<name>(request=None, **fields).

    The request is a dict in proto3 JSON (lowerCamelCase or snake_case field
    names); keyword arguments add or replace fields, and those given as None
    are left out. Returns the response as a dict (lowerCamelCase names)."""

    def helper(self: "Engine", request: Request = None, /, **fields: Any) -> Response:
        merged: Dict[str, Any] = dict(request or {})
        merged.update({k: v for k, v in fields.items() if v is not None})
        if prepare is not None:
            merged = prepare(merged)
        return self.call(method, merged)

    helper.__name__ = helper.__qualname__ = "".join(
        "_" + c.lower() if c.isupper() else c for c in method).lstrip("_")
    helper.__doc__ = f"rpc {method}: {doc}"
    helper.rpc = method  # type: ignore[attr-defined]
    return helper


class Engine:
    """An engine with the builtin definitions (instruments psa, pattern and
    reentry_needs_screen; calendar us_federal) and any you load.

    One engine may be shared by any number of threads, for every call; the
    library releases the GIL while it works, so threads score in parallel. Use
    it as a context manager, or call :meth:`close` once no call is running::

        with reentry.Engine() as engine:
            result = engine.score(instrument_id="psa", answers={...})["result"]

    Args:
        library: path of libreentry_c; None searches the REENTRY_LIBRARY
            environment variable, this package's folder, the build tree of a
            source checkout and the system's library path.
        builtin_definitions: False starts with no definitions loaded.

    Every failure raises :class:`reentry.Error` with the code, message and
    field the library returned.
    """

    def __init__(self, library: Union[str, "os.PathLike[str]", None] = None, *,
                 builtin_definitions: bool = True) -> None:
        self._lib = _native.load(os.fspath(library) if library is not None else None)
        self._described: Dict[Any, Dict[str, Any]] = {}
        self._described_lock = threading.Lock()
        options = _native.reentry_engine_options()
        options.size = ctypes.sizeof(options)
        options.skip_builtin_definitions = 0 if builtin_definitions else 1
        handle = ctypes.c_void_p()
        error = ctypes.c_void_p()
        status = self._lib.reentry_engine_create_with(
            ctypes.byref(options), ctypes.byref(handle), ctypes.byref(error))
        if status != 0:
            raise self._error(error)
        self._handle: Optional[int] = handle.value

    # ---- Lifecycle ------------------------------------------------------------

    def close(self) -> None:
        """Frees the engine. Further calls raise Error (FAILED_PRECONDITION).
        No call may be running on it."""
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            self._lib.reentry_engine_destroy(handle)

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    @property
    def closed(self) -> bool:
        return self._handle is None

    # ---- Calls ----------------------------------------------------------------

    @property
    def library_version(self) -> str:
        """The version of the loaded libreentry_c, e.g. "0.1.0"."""
        return self._lib.reentry_version().decode()

    def methods(self) -> List[str]:
        """The rpcs this library answers (service reentry.v1.Engine), in order."""
        names = []
        while True:
            name = self._lib.reentry_method_name(len(names))
            if name is None:
                return names
            names.append(name.decode())

    def call_json(self, method: str, request_json: Union[str, bytes] = b"{}") -> str:
        """Calls rpc `method` with a request in proto3 JSON and returns the
        response in proto3 JSON, unparsed."""
        handle = self._handle
        if handle is None:
            raise Error(StatusCode.FAILED_PRECONDITION, "engine: closed", "engine")
        body = request_json.encode() if isinstance(request_json, str) else bytes(request_json)
        response = ctypes.c_void_p()
        length = ctypes.c_size_t()
        status = self._lib.reentry_call_json(handle, method.encode(), body, len(body),
                                             ctypes.byref(response), ctypes.byref(length))
        try:
            text = ctypes.string_at(response, length.value).decode("utf-8", "replace")
        finally:
            self._lib.reentry_free(response)
        if status != 0:
            try:
                raise Error.from_json(json.loads(text))
            except ValueError:
                raise Error(status, text) from None
        return text

    def call(self, method: str, request: Request = None) -> Response:
        """Calls any rpc of service reentry.v1.Engine, present or future.

        Args:
            method: the rpc name, e.g. "Score" (see :meth:`methods`).
            request: the request message as a dict in proto3 JSON: field names
                in lowerCamelCase or as in the .proto, enums by name, dates
                "YYYY-MM-DD". None is the empty request.

        Returns:
            The response message as a dict (lowerCamelCase names, every field
            present).

        Raises:
            Error: with the code, message and field the library returned, e.g.
                NOT_FOUND for an unknown instrument, UNIMPLEMENTED for an
                unknown method, INVALID_ARGUMENT naming the bad field.
        """
        body = json.dumps(request or {}, ensure_ascii=False, separators=(",", ":"))
        return json.loads(self.call_json(method, body))

    # Named helpers, one line each: `name = _rpc("Method", "what it does")`.
    score = _rpc(
        "Score", "scores one assessment. ScoreRequest {instrumentId, instrumentVersion, "
        "normGroup, responses: [{itemId, boolean | number | choice}], clientId, assessedOn, "
        "previous, override}; answers={item_id: value} is shorthand for responses "
        "(bool -> boolean, number -> number, str -> choice, None -> not answered). "
        "Returns {result: AssessmentResult}.", _answers_to_responses)
    list_instruments = _rpc(
        "ListInstruments", "the loaded instruments. Returns {instruments: [{id, version, "
        "title, itemCount, scales, ...}]}.")
    describe_instrument = _rpc(
        "DescribeInstrument", "an instrument's definition. DescribeInstrumentRequest "
        "{instrumentId, instrumentVersion}. Returns {definition: InstrumentDefinition}.")
    load_instrument = _rpc(
        "LoadInstrument", "validates and loads an instrument. LoadInstrumentRequest "
        "{definition | text (protobuf text format), sourceName}.")
    list_definitions = _rpc(
        "ListDefinitions", "every loaded definition of every kind. ListDefinitionsRequest "
        "{kind} (empty: all). Returns {definitions: [{kind, id, version, title, builtin}]}.")
    load_calendar = _rpc(
        "LoadCalendar", "validates and loads a business calendar. LoadCalendarRequest "
        "{definition | text, sourceName}.")
    list_holidays = _rpc(
        "ListHolidays", "a calendar's observed holidays in a date range. ListHolidaysRequest "
        "{calendarId, calendarVersion, from, to}. Returns {holidays: [{date, name}]}.")
    load_catalog = _rpc(
        "LoadCatalog", "validates and loads an intervention catalog. LoadCatalogRequest "
        "{definition | text, sourceName}.")
    describe_catalog = _rpc(
        "DescribeCatalog", "a catalog's definition. DescribeCatalogRequest {catalogId, "
        "catalogVersion}. Returns {definition: CatalogDefinition}.")
    plan = _rpc(
        "Plan", "makes or revises a case plan. PlanRequest {clientId, catalogId, calendarId, "
        "planStartOn, person {phase, admittedOn, projectedReleaseOn, releasedOn, "
        "supervisionStartOn, supervisionEndOn}, assessments: [AssessmentResult], previous, "
        "progress, agreement}. Returns {plan: CasePlan}.")
    load_policy = _rpc(
        "LoadPolicy", "validates and loads a supervision policy. LoadPolicyRequest "
        "{definition | text, sourceName}.")
    describe_policy = _rpc(
        "DescribePolicy", "a policy's definition. DescribePolicyRequest {policyId, "
        "policyVersion}. Returns {definition: PolicyDefinition}.")
    monitor = _rpc(
        "Monitor", "a compliance report as of a day. MonitorRequest {plan, events: [{eventId, "
        "on, contact | drugTest | attendance | taskCompleted | violation | incentive | "
        "providerReport | phaseChange | housingLost | arrest}], asOf, supervisionLevel, "
        "policyId, person, assessments, referrals}. Returns {report: ComplianceReport}.")
    summarize = _rpc(
        "Summarize", "the Continuum of Care Progress Summary. SummarizeRequest {plan, "
        "assessments, events, referrals, asOf, person, supervisionLevel, policyId}. "
        "Returns {summary: ProgressSummary, markdown}.")
    load_network = _rpc(
        "LoadNetwork", "validates and loads a service network. LoadNetworkRequest "
        "{definition | text, sourceName}.")
    describe_network = _rpc(
        "DescribeNetwork", "a network's definition and referral machine. "
        "DescribeNetworkRequest {networkId, networkVersion}.")
    match = _rpc(
        "Match", "ranks a network's services for one person. MatchRequest {networkId, person, "
        "needs | serviceDomains | plan, riskTier, responsivity, loads}. Returns {candidates: "
        "[{serviceId, domain, fit, breakdown}], excluded: [{serviceId, reasons}], uncovered}.")
    refer = _rpc(
        "Refer", "writes a referral. ReferRequest {networkId, referralId, clientId, serviceId, "
        "fromAgencyId, desiredOutcomes, on, send}. Returns {referral: Referral}.")
    update_referral = _rpc(
        "UpdateReferral", "moves a referral and records reports received. "
        "UpdateReferralRequest {referral, toState, on, results, reports}. "
        "Returns {referral: Referral}.")
    handoff = _rpc(
        "Handoff", "moves a plan's lead to another agency with the warm-handoff tasks. "
        "HandoffRequest {networkId, plan, fromAgencyId, toAgencyId, phase, on, purpose, "
        "consents, bases, record}. Returns {plan: CasePlan, recordsTransfer: ShareResponse}.")
    allocate = _rpc(
        "Allocate", "assigns a cohort to services for the largest total fit. AllocateRequest "
        "{networkId, people: [{clientId, person, needs}], loads}. Returns {assignments, "
        "unmet, gaps, totalFit}.")
    share = _rpc(
        "Share", "what of a record may go from one agency to another. ShareRequest "
        "{networkId, clientId, fromAgencyId, toAgencyId, purpose, asOf, consents, bases, "
        "record}. Returns {decisions, packet, obligations, audit}.")
    check_consent = _rpc(
        "CheckConsent", "the required elements of a 42 CFR Part 2 consent that a consent "
        "lacks. CheckConsentRequest {consent}. Returns {missing: [...]}.")
    export_fhir = _rpc(
        "ExportFhir", "a plan, referrals, consents and assessment results as one FHIR R4 "
        "Bundle (type collection). ExportFhirRequest {patientReference, plan, referrals, "
        "consents, assessments, asOf, baseUrl}. Returns {bundleJson, resourceCount}; "
        "json.loads(response['bundleJson']) is the Bundle.")
    import_consent = _rpc(
        "ImportConsent", "a FHIR R4 Consent read into the Consent rpc Share takes. "
        "ImportConsentRequest {consentJson} (the resource as JSON text, or as a dict). "
        "Returns {consent: Consent}.", _consent_resource_to_text)
    validate = _rpc(
        "Validate", "local validation and fairness of a risk scale (AUC, error rates by "
        "group, calibration). ValidateRequest {rows | assessedRows, positiveFrom, ...}. "
        "Returns {report: ValidationReport}.")

    # ---- Batch scoring ----------------------------------------------------------

    def _definition(self, instrument: str, version: Optional[str]) -> Dict[str, Any]:
        # A version's definition never changes once loaded (loading it again is
        # ALREADY_EXISTS), so it is described once; "newest" is asked each time.
        if version:
            key = (instrument, version)
            with self._described_lock:
                cached = self._described.get(key)
            if cached is not None:
                return cached
        definition = self.describe_instrument(
            instrument_id=instrument, instrument_version=version or "")["definition"]
        with self._described_lock:
            self._described[(instrument, definition.get("version", ""))] = definition
        return definition

    def score_columns(self, instrument: str, columns: Mapping[str, Any], *,
                      norm_group: Optional[str] = None, version: Optional[str] = None,
                      threads: int = 1, outputs: Optional[Iterable[str]] = None,
                      out: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """Scores a whole caseload at once, one array per item
        (reentry_score_batch): results equal :meth:`score` row by row.

        Args:
            instrument: the instrument id, e.g. "psa".
            columns: item id -> values, one per person. numpy bool/uint8
                (boolean items), int32 and float64 arrays that are C-contiguous
                are read in place, without a copy; other arrays, array.array and
                lists are converted once. Not answered: None or NaN (floats),
                reentry.NOT_ANSWERED_INT32 (int32). Choice items take choice ids
                (strings) or indices into the pinned version's choices. An item
                with no column was answered by nobody.
            norm_group: the norm group whose tables score every row (None: the
                instrument's default).
            version: the instrument version (None: the newest, pinned for the
                call).
            threads: 1 scores on the calling thread; n > 1 on up to n threads;
                reentry.THREADS_ALL on every hardware thread.
            outputs: which outputs to compute, e.g. ["nca.scaled_score"]
                (None: every output the instrument defines).
            out: output name -> your own array to write into (numpy float64 for
                raw_score, int32 for scaled_score and level, bool or uint8 for
                flag; C-contiguous, one element per row).

        Returns:
            "<scale>.raw_score" (float64), "<scale>.scaled_score" (int32),
            "<scale>.level" (int32, an index into the scale's levels; see
            :meth:`scale_levels`) and "<scale>.flag" (bool) for each scale, in
            the instrument's order: numpy arrays, array.array without numpy, or
            the arrays given in `out`.

        Raises:
            Error: INVALID_ARGUMENT naming the column, item and row of the
                first invalid value (field "columns[i]"), NOT_FOUND for an
                unknown instrument or version.
        """
        handle = self._handle
        if handle is None:
            raise Error(StatusCode.FAILED_PRECONDITION, "engine: closed", "engine")
        definition = self._definition(instrument, version)
        return _columns.score_columns(self._lib, handle, definition, columns, norm_group,
                                      threads, outputs, out)

    def validate_columns(self, scores: Any, outcomes: Any, groups: Any = None, *,
                         positive_from: float, levels: Optional[Mapping[str, float]] = None,
                         max_roc_points: int = 0, max_calibration_scores: int = 0,
                         ) -> Dict[str, Any]:
        """Validates a score on a whole cohort held in columns
        (reentry_validate_columns): AUC with DeLong's interval, error rates
        and predictive values by group, calibration with Wilson intervals.

        Args:
            scores: one score per person; a C-contiguous numpy float64 array is
                read in place, anything else converted once.
            outcomes: 1 when the outcome happened, else 0; numpy uint8 or bool
                (C-contiguous) read in place.
            groups: None (no groups), one label per person, or (codes, labels):
                int32 codes into the list of labels (codes read in place).
            positive_from: predicted positive when score >= positive_from.
            levels: level -> minimum score, to calibrate per level.
            max_roc_points, max_calibration_scores: 0 for the defaults.

        Returns:
            {"report": ValidationReport} as proto3 JSON.

        Raises:
            Error: INVALID_ARGUMENT naming the argument and row ("scores[3]",
                "outcomes[7]", "group_index[2]", "positive_from").
        """
        return _columns.validate_columns(self._lib, scores, outcomes, groups, positive_from,
                                         levels, max_roc_points, max_calibration_scores)

    def scale_levels(self, instrument: str, version: Optional[str] = None,
                     ) -> Dict[str, List[str]]:
        """scale id -> its level ids in ascending order, for reading the
        "<scale>.level" indices of :meth:`score_columns`."""
        definition = self._definition(instrument, version)
        return {scale["id"]: [level["id"] for level in scale.get("levels", [])]
                for scale in definition.get("scales", [])}

    def _error(self, error: ctypes.c_void_p) -> Error:
        try:
            return Error(self._lib.reentry_error_code(error),
                         self._lib.reentry_error_message(error).decode("utf-8", "replace"),
                         self._lib.reentry_error_field(error).decode("utf-8", "replace"))
        finally:
            self._lib.reentry_error_free(error)
