"""The wire format: what a student's process may send back decodes to plain values or not at
all, never to code."""

from __future__ import annotations

import json
import pickle
import struct

import numpy as np
import pytest

from autograder.wire import FrameReader, WireError, decode, encode, frame


def test_values_round_trip_exactly():
    value = (
        np.arange(6.0).reshape(2, 3),
        {"pad": 2, "stride": np.int64(3)},
        [True, None, "x", 1.5, float("nan"), float("-inf")],
        np.float64(0.3),
        np.array([[True, False]]),
        np.arange(4, dtype=">i4"),  # big-endian arrives as the same numbers
        np.zeros((0, 3)),
        np.array(2.5),
    )
    back = decode(encode(value))
    assert isinstance(back, tuple) and isinstance(back[2], list)
    assert np.array_equal(back[0], value[0]) and back[0].dtype == np.float64
    assert back[1]["stride"] == 3 and isinstance(back[1]["stride"], np.int64)
    assert np.isnan(back[2][4]) and back[2][5] == float("-inf")
    assert type(back[3]) is np.float64 and back[3] == 0.3
    assert back[4].dtype == bool and back[4].tolist() == [[True, False]]
    assert back[5].tolist() == [0, 1, 2, 3]
    assert back[6].shape == (0, 3) and back[7].shape == () and back[7] == 2.5


def test_received_arrays_are_writable_copies():
    back = decode(encode(np.arange(3.0)))
    back[0] = 7.0  # a student may write into an input, as in Jupyter
    assert back.flags.writeable and back.tolist() == [7.0, 1.0, 2.0]


def test_unknown_values_only_describe_themselves():
    back = decode(encode(((x for x in ()), {1: 2}, np.array([object()]), 3 + 4j)))
    assert type(back[0]).__name__ == "generator" and "generator" in repr(back[0])
    assert type(back[1]).__name__ == "dict" and "{1: 2}" in repr(back[1])
    assert type(back[2]).__name__ == "ndarray" and "not numbers" in repr(back[2])
    assert type(back[3]).__name__ == "complex"


def _message(document: dict, buffers: bytes = b"") -> bytes:
    text = json.dumps(document).encode()
    return struct.pack(">I", len(text)) + text + buffers


@pytest.mark.parametrize(
    "document, buffers, why",
    [
        ({"$nd": [0, "|O", [1]]}, b"\0" * 8, "object dtype"),
        ({"$nd": [0, "<f8", [4]]}, b"\0" * 8, "data outside the message"),
        ({"$nd": [0, "<f8", [-1]]}, b"", "negative shape"),
        ({"$nd": [0, "V8", [1]]}, b"\0" * 8, "void dtype"),
        ({"$nd": [0, "<f8", [1.5]]}, b"\0" * 8, "fractional shape"),
        ({"$code": "import os"}, b"", "an unknown tag"),
        ({"$float": "1e999"}, b"", "a float that is not nan or inf"),
    ],
)
def test_malformed_messages_are_refused(document, buffers, why):
    with pytest.raises(WireError):
        decode(_message(document, buffers))


def test_pickles_and_garbage_are_refused():
    with pytest.raises(WireError):
        decode(pickle.dumps(np.zeros(3)))
    with pytest.raises(WireError):
        decode(b"\x00\x00\x00\x10{not json")
    with pytest.raises(WireError):
        decode(b"\x00")


def test_frames_split_across_reads_and_a_frame_over_the_limit_is_refused():
    stream = frame(b"one") + frame(b"two") + frame(b"three")
    reader = FrameReader(limit=10)
    frames = []
    for i in range(0, len(stream), 3):
        frames += reader.feed(stream[i : i + 3])
    assert [bytes(f) for f in frames] == [b"one", b"two", b"three"]
    with pytest.raises(WireError):
        FrameReader(limit=4).feed(frame(b"too long"))
