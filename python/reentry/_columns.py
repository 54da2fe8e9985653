"""Batch scoring from columns: Python arrays to reentry_column and back.

Inputs are passed to the library without copying when their type and layout
already fit a column type of the C ABI:

    numpy bool or uint8, C-contiguous   -> REENTRY_COLUMN_BOOL8   (boolean items)
    numpy int32, C-contiguous           -> REENTRY_COLUMN_INT32
    numpy float64, C-contiguous         -> REENTRY_COLUMN_FLOAT64
    array.array 'B' / 'i' (4 bytes) / 'd' -> BOOL8 (boolean items) / INT32 / FLOAT64

Anything else (other dtypes, strided views, lists, strings naming choices,
None for "not answered") is converted once into a new array of the nearest
column type. Outputs are new numpy arrays (``array.array`` without numpy), or
the caller's own arrays passed in ``out``, which the library writes directly.
"""

import array
import ctypes
import json
import math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from . import _native
from ._errors import Error, StatusCode

try:  # numpy is optional
    import numpy as _np
except ImportError:  # pragma: no cover - exercised by the no-numpy test run
    _np = None

# Output kinds: (name, numpy dtype, array typecode, struct field).
OUTPUT_KINDS = (
    ("raw_score", "float64", "d", "raw_score"),
    ("scaled_score", "int32", "i", "scaled_score"),
    ("level", "int32", "i", "level"),
    ("flag", "bool", "B", "flag"),
)

_TRUE = {"1", "yes", "true", "y", "t"}
_FALSE = {"0", "no", "false", "n", "f"}


def _invalid(field: str, message: str) -> Error:
    return Error(StatusCode.INVALID_ARGUMENT, f"{field}: {message}", field)


class Prepared:
    """One input column as the library will read it."""

    __slots__ = ("item_id", "type", "holder", "address", "copied")

    def __init__(self, item_id: str, type_: int, holder: Any, address: int, copied: bool):
        self.item_id = item_id
        self.type = type_
        self.holder = holder  # keeps the memory alive during the call
        self.address = address
        self.copied = copied


def _numpy_address(values: Any) -> int:
    return values.__array_interface__["data"][0]


def _int32_array(values: List[Optional[int]]) -> Tuple[Any, int]:
    if _np is not None:
        out = _np.array(
            [_native.NOT_ANSWERED_INT32 if v is None else v for v in values], dtype=_np.int32)
        return out, _numpy_address(out)
    out = array.array("i", [_native.NOT_ANSWERED_INT32 if v is None else v for v in values])
    return out, out.buffer_info()[0]


def _float64_array(values: List[Optional[float]]) -> Tuple[Any, int]:
    if _np is not None:
        out = _np.array([math.nan if v is None else v for v in values], dtype=_np.float64)
        return out, _numpy_address(out)
    out = array.array("d", [math.nan if v is None else v for v in values])
    return out, out.buffer_info()[0]


def _bool8_array(values: List[int]) -> Tuple[Any, int]:
    if _np is not None:
        out = _np.array(values, dtype=_np.uint8)
        return out, _numpy_address(out)
    out = array.array("B", values)
    return out, out.buffer_info()[0]


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _from_values(field: str, item: Optional[Mapping[str, Any]], values: Sequence[Any],
                 ) -> Tuple[int, Any, int]:
    """Converts a sequence of Python values for `item` (None: unknown item)."""
    kind = item.get("type", "") if item else ""
    if kind == "TYPE_BOOLEAN":
        codes: List[Optional[int]] = []
        for row, value in enumerate(values):
            if _is_missing(value):
                codes.append(None)
            elif isinstance(value, str):
                text = value.strip().lower()
                if text in _TRUE:
                    codes.append(1)
                elif text in _FALSE:
                    codes.append(0)
                elif text == "":
                    codes.append(None)
                else:
                    raise _invalid(field, f"row {row}: {value!r} is not yes/no/true/false/1/0")
            else:
                codes.append(int(value) if value in (0, 1) else _reject(field, row, value))
        if any(c is None for c in codes):
            return (_native.COLUMN_INT32,) + _int32_array(codes)
        return (_native.COLUMN_BOOL8,) + _bool8_array(codes)  # type: ignore[arg-type]
    if kind == "TYPE_CHOICE":
        choices = [c.get("id", "") for c in item.get("choices", [])]  # type: ignore[union-attr]
        index = {c: i for i, c in enumerate(choices)}
        codes = []
        for row, value in enumerate(values):
            if _is_missing(value) or value == "":
                codes.append(None)
            elif isinstance(value, str):
                if value not in index:
                    raise _invalid(field, f"row {row}: {value!r} is not a choice of item "
                                   f"{item['id']!r} (choices: {', '.join(choices)})")
                codes.append(index[value])
            elif isinstance(value, int) and not isinstance(value, bool):
                codes.append(value)
            else:
                _reject(field, row, value)
        return (_native.COLUMN_INT32,) + _int32_array(codes)
    numbers: List[Optional[float]] = []
    integral = True
    for row, value in enumerate(values):
        if _is_missing(value) or value == "":
            numbers.append(None)
            continue
        if isinstance(value, str):
            try:
                value = float(value) if any(ch in value for ch in ".eEnN") else int(value)
            except ValueError:
                _reject(field, row, value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)
            except (TypeError, ValueError):
                _reject(field, row, value)
        if isinstance(value, float) and not value.is_integer():
            integral = False
        if not -(2**31) < value < 2**31:
            integral = False
        numbers.append(value)
    if integral:
        return (_native.COLUMN_INT32,) + _int32_array(
            [None if v is None else int(v) for v in numbers])
    return (_native.COLUMN_FLOAT64,) + _float64_array(numbers)


def _reject(field: str, row: int, value: Any) -> int:
    raise _invalid(field, f"row {row}: {value!r} is not a value this column can hold")


def prepare_column(index: int, item_id: str, values: Any,
                   item: Optional[Mapping[str, Any]]) -> Prepared:
    """The column `values` of item `item` (its definition in proto3 JSON, or
    None when the instrument has no such item: the library then reports it),
    without a copy when the values already fit a column type."""
    field = f"columns[{index}]"
    boolean = bool(item) and item.get("type") == "TYPE_BOOLEAN"  # type: ignore[union-attr]
    if _np is not None and isinstance(values, _np.ndarray):
        if values.ndim != 1:
            raise _invalid(field, f"item {item_id!r}: an array of {values.ndim} dimensions; "
                           "a column is one-dimensional")
        dtype = values.dtype
        contiguous = values.flags["C_CONTIGUOUS"]
        if dtype == _np.bool_ or dtype == _np.uint8:
            target, type_ = (dtype, _native.COLUMN_BOOL8) if boolean else (
                _np.dtype(_np.int32), _native.COLUMN_INT32)
        elif dtype == _np.int32:
            target, type_ = dtype, _native.COLUMN_INT32
        elif dtype == _np.float64:
            target, type_ = dtype, _native.COLUMN_FLOAT64
        elif dtype.kind in "iu":
            fits = values.size == 0 or (int(values.min()) >= -(2**31) and
                                        int(values.max()) < 2**31)
            target, type_ = ((_np.dtype(_np.int32), _native.COLUMN_INT32) if fits else
                             (_np.dtype(_np.float64), _native.COLUMN_FLOAT64))
        elif dtype.kind == "f":
            target, type_ = _np.dtype(_np.float64), _native.COLUMN_FLOAT64
        else:  # strings, objects: choice ids, None, ...
            type_, holder, address = _from_values(field, item, values.tolist())
            return Prepared(item_id, type_, holder, address, True)
        if target == dtype and contiguous and dtype.isnative:
            return Prepared(item_id, type_, values, _numpy_address(values), False)
        converted = _np.ascontiguousarray(values, dtype=target)
        return Prepared(item_id, type_, converted, _numpy_address(converted), True)
    if isinstance(values, array.array):
        code = values.typecode
        if code == "d":
            return Prepared(item_id, _native.COLUMN_FLOAT64, values, values.buffer_info()[0], False)
        if code in "il" and values.itemsize == 4:
            return Prepared(item_id, _native.COLUMN_INT32, values, values.buffer_info()[0], False)
        if code == "B" and boolean:
            return Prepared(item_id, _native.COLUMN_BOOL8, values, values.buffer_info()[0], False)
        values = values.tolist()
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        values = list(values) if hasattr(values, "__iter__") and not isinstance(
            values, (str, bytes)) else _reject_column(field, item_id, values)
    type_, holder, address = _from_values(field, item, list(values))
    return Prepared(item_id, type_, holder, address, True)


def _reject_column(field: str, item_id: str, values: Any) -> List[Any]:
    raise _invalid(field, f"item {item_id!r}: a {type(values).__name__} is not a column "
                   "(give a numpy array, an array.array or a list)")


def _norm_for(scale: Mapping[str, Any], group: str) -> Mapping[str, Any]:
    norms = scale.get("norms", [])
    for norm in norms:
        if group and group in norm.get("normGroups", []):
            return norm
    for norm in norms:
        if not norm.get("normGroups"):
            return norm
    return {}


def available_outputs(definition: Mapping[str, Any], norm_group: str) -> List[Tuple[str, str]]:
    """(scale id, output kind) for every output the instrument defines for
    `norm_group` ("" = its default), in the order of its scales."""
    group = norm_group or definition.get("defaultNormGroup", "")
    out = []
    for scale in definition.get("scales", []):
        norm = _norm_for(scale, group)
        out.append((scale["id"], "raw_score"))
        if norm.get("scaled"):
            out.append((scale["id"], "scaled_score"))
        if scale.get("levels"):
            out.append((scale["id"], "level"))
        if "flagAt" in norm:
            out.append((scale["id"], "flag"))
    return out


def _new_output(kind: str, n: int) -> Tuple[Any, int]:
    dtype, typecode = next((d, t) for name, d, t, _ in OUTPUT_KINDS if name == kind)
    if _np is not None:
        out = _np.empty(n, dtype=dtype)
        return out, _numpy_address(out)
    size = array.array(typecode).itemsize
    out = array.array(typecode, bytes(size * n))
    return out, out.buffer_info()[0]


def _caller_output(name: str, kind: str, n: int, values: Any) -> int:
    field = f"out[{name!r}]"
    dtype, typecode = next((d, t) for k, d, t, _ in OUTPUT_KINDS if k == kind)
    if _np is not None and isinstance(values, _np.ndarray):
        ok_dtype = values.dtype == _np.dtype(dtype) or (kind == "flag" and
                                                         values.dtype == _np.uint8)
        if not ok_dtype:
            raise _invalid(field, f"dtype {values.dtype} is not {dtype}")
        if values.ndim != 1 or not values.flags["C_CONTIGUOUS"] or not values.flags["WRITEABLE"]:
            raise _invalid(field, "must be a writeable, C-contiguous, one-dimensional array")
        if values.shape[0] != n:
            raise _invalid(field, f"has {values.shape[0]} elements for {n} rows")
        return _numpy_address(values)
    if isinstance(values, array.array):
        if values.typecode != typecode and not (typecode == "i" and values.typecode == "l" and
                                                values.itemsize == 4):
            raise _invalid(field, f"array typecode {values.typecode!r} is not {typecode!r}")
        if len(values) != n:
            raise _invalid(field, f"has {len(values)} elements for {n} rows")
        return values.buffer_info()[0]
    raise _invalid(field, f"a {type(values).__name__} cannot be written in place "
                   f"(give a numpy {dtype} array or an array.array({typecode!r}))")


def score_columns(lib: ctypes.CDLL, engine: int, definition: Mapping[str, Any],
                  columns: Mapping[str, Any], norm_group: Optional[str], threads: int,
                  outputs: Optional[Iterable[str]], out: Optional[Mapping[str, Any]],
                  ) -> Dict[str, Any]:
    """Scores every row of `columns` with the instrument `definition`
    describes (its id and version are pinned for the call)."""
    items = {item["id"]: item for item in definition.get("items", [])}
    prepared = [prepare_column(i, item_id, values, items.get(item_id))
                for i, (item_id, values) in enumerate(columns.items())]
    lengths = {p.item_id: len(p.holder) for p in prepared}
    if out:
        for name, values in out.items():
            lengths.setdefault(f"out[{name!r}]", len(values))
    if not lengths:
        raise _invalid("columns", "no columns, so the number of rows is unknown")
    n_rows = next(iter(lengths.values()))
    for name, length in lengths.items():
        if length != n_rows:
            first = next(iter(lengths))
            raise _invalid("columns", f"{name!r} has {length} rows but {first!r} has {n_rows}")

    known = available_outputs(definition, norm_group or "")
    names = [f"{scale}.{kind}" for scale, kind in known]
    if outputs is None:
        wanted = list(known)
    else:
        wanted = []
        for name in outputs:
            if name not in names:
                raise _invalid("outputs", f"{name!r} is not an output of instrument "
                               f"{definition.get('id')!r} (outputs: {', '.join(names)})")
            wanted.append(tuple(name.split(".", 1)))
    for name in (out or {}):
        if name not in names:
            raise _invalid("out", f"{name!r} is not an output of instrument "
                           f"{definition.get('id')!r} (outputs: {', '.join(names)})")
        if tuple(name.split(".", 1)) not in wanted:
            wanted.append(tuple(name.split(".", 1)))

    results: Dict[str, Any] = {}
    by_scale: Dict[str, _native.reentry_scale_output] = {}
    order: List[str] = []
    for scale, kind in known:
        if (scale, kind) not in wanted:
            continue
        name = f"{scale}.{kind}"
        if out and name in out:
            results[name] = out[name]
            address = _caller_output(name, kind, n_rows, out[name])
        else:
            results[name], address = _new_output(kind, n_rows)
        if scale not in by_scale:
            by_scale[scale] = _native.reentry_scale_output(scale_id=scale.encode())
            order.append(scale)
        setattr(by_scale[scale], kind, address)

    c_columns = (_native.reentry_column * len(prepared))()
    for i, p in enumerate(prepared):
        c_columns[i].item_id = p.item_id.encode()
        c_columns[i].type = p.type
        c_columns[i].data = p.address
    c_outputs = (_native.reentry_scale_output * len(order))(*(by_scale[s] for s in order))
    options = _native.reentry_batch_options()
    options.size = ctypes.sizeof(options)
    options.instrument_version = str(definition.get("version", "")).encode()
    options.norm_group = (norm_group or "").encode()
    options.threads = int(threads)
    options.column_size = ctypes.sizeof(_native.reentry_column)
    options.output_size = ctypes.sizeof(_native.reentry_scale_output)
    error = ctypes.c_void_p()
    status = lib.reentry_score_batch(
        engine, str(definition.get("id", "")).encode(), ctypes.byref(options), c_columns,
        len(prepared), n_rows, c_outputs, len(order), ctypes.byref(error))
    if status != 0:
        try:
            raise Error(lib.reentry_error_code(error),
                        lib.reentry_error_message(error).decode("utf-8", "replace"),
                        lib.reentry_error_field(error).decode("utf-8", "replace"))
        finally:
            lib.reentry_error_free(error)
    # The memory of `prepared` was read during the call; keep it alive until here.
    del prepared
    return results


# ---- Validation from columns ---------------------------------------------------


def _validation_column(name: str, values: Any, dtype: str, typecode: str) -> Tuple[Any, int, bool]:
    """`values` as a C-contiguous array of `dtype` (numpy) or `typecode`
    (array.array): (holder, address, copied). A numpy array or array.array
    that already fits is passed in place."""
    if _np is not None and isinstance(values, _np.ndarray):
        if values.ndim != 1:
            raise _invalid(name, f"an array of {values.ndim} dimensions; a column is "
                           "one-dimensional")
        fits = values.dtype == _np.dtype(dtype) or (dtype == "uint8" and values.dtype == _np.bool_)
        if fits and values.flags["C_CONTIGUOUS"] and values.dtype.isnative:
            return values, _numpy_address(values), False
        converted = _np.ascontiguousarray(values, dtype=dtype)
        return converted, _numpy_address(converted), True
    if isinstance(values, array.array) and values.typecode == typecode:
        return values, values.buffer_info()[0], False
    try:
        items = [float(v) if typecode == "d" else int(v) for v in values]
    except (TypeError, ValueError) as e:
        raise _invalid(name, f"not a column of numbers: {e}") from None
    if _np is not None:
        converted = _np.array(items, dtype=dtype)
        return converted, _numpy_address(converted), True
    converted = array.array(typecode, items)
    return converted, converted.buffer_info()[0], True


def validate_columns(lib: ctypes.CDLL, scores: Any, outcomes: Any, groups: Any,
                     positive_from: float, levels: Optional[Mapping[str, float]],
                     max_roc_points: int, max_calibration_scores: int) -> Dict[str, Any]:
    """reentry_validate_columns over Python columns; see Engine.validate_columns."""
    score_holder, score_address, _ = _validation_column("scores", scores, "float64", "d")
    outcome_holder, outcome_address, _ = _validation_column("outcomes", outcomes, "uint8", "B")
    n_rows = len(score_holder)
    if len(outcome_holder) != n_rows:
        raise _invalid("outcomes", f"{len(outcome_holder)} rows, scores has {n_rows}")
    options = _native.reentry_validate_options()
    options.size = ctypes.sizeof(options)
    options.json = 1
    options.max_roc_points = max_roc_points
    options.max_calibration_scores = max_calibration_scores
    group_address = None
    keep: List[Any] = [score_holder, outcome_holder]
    if groups is not None:
        if isinstance(groups, tuple) and len(groups) == 2:
            codes, names = groups  # (int32 codes, labels): codes passed in place
            group_holder, group_address, _ = _validation_column("group_index", codes, "int32",
                                                                "i")
        else:
            names = []
            index: Dict[str, int] = {}
            codes = []
            for label in groups:
                label = str(label)
                if label not in index:
                    index[label] = len(names)
                    names.append(label)
                codes.append(index[label])
            group_holder, group_address, _ = _validation_column("group_index", codes, "int32",
                                                                "i")
        if len(group_holder) != n_rows:
            raise _invalid("group_index", f"{len(group_holder)} rows, scores has {n_rows}")
        c_names = (ctypes.c_char_p * len(names))(*[str(n).encode("utf-8") for n in names])
        keep += [group_holder, c_names]
        options.group_names = ctypes.cast(c_names, ctypes.POINTER(ctypes.c_char_p))
        options.n_groups = len(names)
    if levels:
        ordered = sorted(levels.items(), key=lambda item: item[1])
        c_levels = (ctypes.c_char_p * len(ordered))(*[k.encode("utf-8") for k, _ in ordered])
        c_mins = (ctypes.c_double * len(ordered))(*[float(v) for _, v in ordered])
        keep += [c_levels, c_mins]
        options.level_names = ctypes.cast(c_levels, ctypes.POINTER(ctypes.c_char_p))
        options.level_mins = ctypes.cast(c_mins, ctypes.POINTER(ctypes.c_double))
        options.n_levels = len(ordered)
    response = ctypes.c_void_p()
    length = ctypes.c_size_t()
    error = ctypes.c_void_p()
    status = lib.reentry_validate_columns(score_address, outcome_address, group_address, n_rows,
                                          float(positive_from), ctypes.byref(options),
                                          ctypes.byref(response), ctypes.byref(length),
                                          ctypes.byref(error))
    if status != 0:
        try:
            raise Error(lib.reentry_error_code(error),
                        lib.reentry_error_message(error).decode("utf-8", "replace"),
                        lib.reentry_error_field(error).decode("utf-8", "replace"))
        finally:
            lib.reentry_error_free(error)
    try:
        text = ctypes.string_at(response, length.value).decode("utf-8")
    finally:
        lib.reentry_free(response)
    del keep
    return json.loads(text)
