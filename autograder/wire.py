"""The wire format between the grader and a student's process, used by both sides.

Why not pickle: unpickling runs code chosen by whoever wrote the bytes, and the bytes coming back
from a student's process are written by the student. A message here is a JSON document for the
structure plus raw buffers for the arrays, and decoding builds nothing but None, bools, ints,
floats, strings, lists, tuples, dicts with string keys and numpy arrays of plain numeric dtypes
(booleans, integers, floats, complex numbers). Anything else a student returns becomes an opaque
value that only describes itself. Why raw buffers rather than base64 text: the inputs of the
hidden cases and the arrays coming back are most of the traffic, and copying them once is
cheaper than encoding them twice.

This module imports nothing from the repository: it also runs inside the sandbox, where the
repository does not exist.

A frame on a stream is ``[4-byte length][4-byte JSON length][JSON][buffers]``; in the JSON an
array is ``{"$nd": [offset, dtype, shape]}``, a numpy scalar ``{"$np": [offset, dtype]}``.
"""

from __future__ import annotations

import json
import math
import os
import struct

import numpy as np

HEADER = struct.Struct(">II")  # frame length (after this header), JSON length
MAX_DEPTH = 40  # nesting of containers; deeper values are only described
REPR_LIMIT = 200
DTYPE_KINDS = "biufc"  # bool, signed, unsigned, float, complex: nothing with objects inside
MAX_DIMENSIONS = 32


class WireError(ValueError):
    """Bytes that are not in the wire format: the sender broke the protocol."""


# ---------------------------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------------------------


def _describe_unknown(value) -> dict:
    try:
        text = repr(value)[:REPR_LIMIT]
    except BaseException:  # a student's __repr__ may do anything
        text = "<no description>"
    return {"$unknown": type(value).__name__[:60], "repr": text}


class _Encoder:
    def __init__(self):
        self.buffers: list[bytes | memoryview] = []
        self.size = 0

    def _buffer(self, array: np.ndarray) -> int:
        data = np.ascontiguousarray(array)
        offset = self.size
        view = memoryview(data).cast("B") if data.size else b""
        self.buffers.append(view)
        self.size += data.nbytes
        return offset

    def pack(self, value, depth: int = 0):
        if depth > MAX_DEPTH:
            return {"$unknown": "object", "repr": "a value nested too deeply to send back"}
        kind = type(value)
        if value is None or kind in (bool, str, int):
            return value
        if kind is float:
            return value if math.isfinite(value) else {"$float": repr(value)}
        if isinstance(value, np.ndarray):
            if value.dtype.kind not in DTYPE_KINDS or value.dtype.hasobject:
                return {
                    "$unknown": "ndarray",
                    "repr": f"a numpy array of {value.dtype} (not numbers), shape {value.shape}",
                }
            dtype = value.dtype.newbyteorder("<") if value.dtype.byteorder == ">" else value.dtype
            array = np.asarray(value, dtype=dtype)
            return {"$nd": [self._buffer(array), array.dtype.str, list(array.shape)]}
        if isinstance(value, np.generic):
            if value.dtype.kind not in DTYPE_KINDS:
                return _describe_unknown(value)
            array = np.asarray(value).reshape(1)
            return {"$np": [self._buffer(array), array.dtype.str]}
        if isinstance(value, tuple):
            return {"$tuple": [self.pack(item, depth + 1) for item in value]}
        if isinstance(value, list):
            return [self.pack(item, depth + 1) for item in value]
        if isinstance(value, dict) and all(type(key) is str for key in value):
            return {"$dict": {key: self.pack(item, depth + 1) for key, item in value.items()}}
        return _describe_unknown(value)


def encode(value) -> bytes:
    """One message, ready to be framed: the JSON length, the JSON, then the buffers."""
    encoder = _Encoder()
    document = json.dumps(encoder.pack(value), separators=(",", ":")).encode("utf-8")
    return b"".join([struct.pack(">I", len(document)), document, *encoder.buffers])


def frame(message: bytes) -> bytes:
    return struct.pack(">I", len(message)) + message


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------


def _opaque(type_name, text):
    """A stand-in for a value that could not be sent: it names its type and describes itself."""
    name = type_name if isinstance(type_name, str) and type_name.isidentifier() else "object"
    text = str(text)[:REPR_LIMIT]
    return type(name, (), {"__repr__": lambda self: text, "__slots__": ()})()


class _Decoder:
    def __init__(self, buffers: memoryview):
        self.buffers = buffers

    def _array(self, offset, dtype_text, shape) -> np.ndarray:
        if not (isinstance(offset, int) and isinstance(dtype_text, str) and len(dtype_text) < 8):
            raise WireError("malformed array")
        try:
            dtype = np.dtype(dtype_text)
        except TypeError as error:
            raise WireError(f"unknown dtype {dtype_text!r}") from error
        if dtype.kind not in DTYPE_KINDS or dtype.hasobject or dtype.itemsize == 0:
            raise WireError(f"dtype {dtype} is not a plain number type")
        if not (isinstance(shape, list) and len(shape) <= MAX_DIMENSIONS):
            raise WireError("malformed shape")
        if not all(type(n) is int and n >= 0 for n in shape):
            raise WireError("malformed shape")
        count = math.prod(shape)
        end = offset + count * dtype.itemsize
        if offset < 0 or end > len(self.buffers):
            raise WireError("array data outside the message")
        # A copy into writable memory: the receiver may write into its inputs, as in Jupyter.
        array = np.empty(shape, dtype=dtype)
        if count:
            array.reshape(-1).view(np.uint8)[:] = np.frombuffer(
                self.buffers[offset:end], dtype=np.uint8
            )
        return array

    def unpack(self, data, depth: int = 0):
        if depth > MAX_DEPTH + 1:
            raise WireError("nested too deeply")
        if data is None or type(data) in (bool, str, int, float):
            return data
        if isinstance(data, list):
            return [self.unpack(item, depth + 1) for item in data]
        if isinstance(data, dict) and len(data) in (1, 2):
            if "$nd" in data and isinstance(data["$nd"], list) and len(data["$nd"]) == 3:
                return self._array(*data["$nd"])
            if "$np" in data and isinstance(data["$np"], list) and len(data["$np"]) == 2:
                return self._array(data["$np"][0], data["$np"][1], [1])[0]
            if "$float" in data and data["$float"] in ("nan", "inf", "-inf"):
                return float(data["$float"])
            if "$tuple" in data and isinstance(data["$tuple"], list):
                return tuple(self.unpack(item, depth + 1) for item in data["$tuple"])
            if "$dict" in data and isinstance(data["$dict"], dict):
                return {key: self.unpack(item, depth + 1) for key, item in data["$dict"].items()}
            if "$unknown" in data:
                return _opaque(data["$unknown"], data.get("repr", ""))
        raise WireError(f"unexpected data {str(data)[:80]}")


def decode(message: bytes | bytearray | memoryview):
    """Read a value sent by the other side; raise WireError for anything malformed."""
    view = memoryview(message)
    if len(view) < 4:
        raise WireError("message too short")
    (length,) = struct.unpack_from(">I", view)
    if 4 + length > len(view):
        raise WireError("message shorter than its header says")
    try:
        document = json.loads(bytes(view[4 : 4 + length]))
    except (ValueError, RecursionError) as error:
        raise WireError(f"{type(error).__name__}: {error}") from None
    try:
        return _Decoder(view[4 + length :]).unpack(document)
    except WireError:
        raise
    except (ValueError, TypeError, RecursionError, OverflowError, MemoryError) as error:
        raise WireError(f"{type(error).__name__}: {error}") from None


# ---------------------------------------------------------------------------------------------
# Frames on a file descriptor
# ---------------------------------------------------------------------------------------------


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_exact(fd: int, size: int) -> bytearray | None:
    """Exactly ``size`` bytes, or None if the other side closed first."""
    data = bytearray(size)
    view = memoryview(data)
    while view:
        count = os.readv(fd, [view])
        if not count:
            return None
        view = view[count:]
    return data


def read_frame(fd: int, limit: int = 1 << 31) -> bytearray | None:
    """One frame from a blocking descriptor; None at the end, WireError above ``limit``."""
    head = read_exact(fd, 4)
    if head is None:
        return None
    (length,) = struct.unpack(">I", head)
    if length > limit:
        raise WireError(f"a frame of {length} bytes is over the limit of {limit}")
    return read_exact(fd, length)


class FrameReader:
    """Splits bytes arriving in pieces (from a non-blocking descriptor) into whole frames."""

    def __init__(self, limit: int):
        self.limit = limit
        self.pending = bytearray()
        self.total = 0

    def feed(self, chunk: bytes) -> list[bytearray]:
        self.pending += chunk
        self.total += len(chunk)
        frames = []
        while len(self.pending) >= 4:
            (length,) = struct.unpack_from(">I", self.pending)
            if length > self.limit:
                raise WireError(f"a frame of {length} bytes is over the limit of {self.limit}")
            if len(self.pending) < 4 + length:
                break
            frames.append(self.pending[4 : 4 + length])
            del self.pending[: 4 + length]
        return frames
