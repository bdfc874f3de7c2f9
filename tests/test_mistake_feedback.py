"""Mistake-aware feedback: a failing output that matches a known zoo mistake is named as such."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import public_tests
from autograder import course, zoo
from autograder.course import REPO_ROOT
from autograder.hidden import hidden_cases
from autograder.hidden import run_hidden as run_hidden_of
from autograder.reference import reference
from autograder.zoo import public_hints

FUNCTIONS = course.all_exercise_names()


def run_hidden(function_name, target):
    run_hidden_of(course.owner_of(function_name).id, function_name, target)


HINT = "Hint: your output matches what happens when {}."
RAISED_HINT = "Hint: this error is what happens when {}."


def _failure(test, target) -> str:
    with pytest.raises(AssertionError) as failure:
        test(target)
    return str(failure.value)


def _publicly_hinted(function_name: str) -> list[tuple[zoo.Entry, str]]:
    """Each zoo entry with a public hint, and that hint's words (an output or an error)."""
    described = {
        description: (RAISED_HINT if isinstance(literal, dict) else HINT).format(description)
        for (name, _), hints in public_tests.PUBLIC_HINTS.items()
        if name == function_name
        for description, literal in hints
    }
    return [
        (e, described[e.description])
        for e in zoo.wrong_entries(function_name)
        if e.description in described
    ]


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_public_message_names_a_zoo_mistake(function_name):
    entries = _publicly_hinted(function_name)
    assert entries, f"no public hint for {function_name}"
    for entry, hint in entries:
        message = _failure(public_tests.PUBLIC_TESTS[function_name], entry)
        assert hint in message.split("\n\n")[0], f"{entry.qualified_id}: the hint leads"
        assert message.count(hint) == 1, f"{entry.qualified_id}: the hint is said once"
        for case in getattr(public_tests, f"{function_name}_cases")():
            problems = public_tests.check_case(function_name, entry, case)
            if hint in problems:  # the plain facts come first, the hint last
                assert len(problems) >= 2 and problems[-1] == hint


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_hidden_message_names_a_zoo_mistake(function_name):
    hinted = 0
    for entry in zoo.wrong_entries(function_name):
        message = _failure(lambda target: run_hidden(function_name, target), entry)
        hinted += HINT.format(entry.description) in message
    assert hinted >= 1


def test_public_message_for_the_stride_mistake_reads_plainly():
    entry = next(e for e in zoo.entries("conv_forward") if e.id == "corner_ignores_stride")
    message = _failure(public_tests.conv_forward_test, entry)
    assert (
        'case "4x4 input, 2x2 filter of ones, stride 2"' in message
        and "Z differs at 3 of 4 entries" in message
        and "Hint: your output matches what happens when the window's top-left corner ignores "
        "the stride: use vert_start = h * stride"
        in message
    )


def test_unknown_mistake_gets_the_plain_facts_without_a_hint():
    ref = reference("conv_step_by_step")

    def conv_forward_off_by_one(A_prev, W, b, hparameters):
        Z, cache = ref.conv_forward(A_prev, W, b, hparameters)
        return Z + 1, cache

    def distribute_value_negated(dz, shape):
        return -ref.distribute_value(dz, shape)

    for function_name, target in (
        ("conv_forward", conv_forward_off_by_one),
        ("distribute_value", distribute_value_negated),
    ):
        message = _failure(public_tests.PUBLIC_TESTS[function_name], target)
        assert "expected" in message and "got" in message
        assert "Hint:" not in message
        message = _failure(lambda t, name=function_name: run_hidden(name, t), target)
        assert "expected" in message and "Hint:" not in message


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_a_correct_entry_passes_every_case(function_name):
    for entry in zoo.correct_entries(function_name):
        cases = getattr(public_tests, f"{function_name}_cases")()
        public_tests.run_cases(function_name, entry, cases, quiet=True)
        run_hidden(function_name, entry)


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_hidden_cases_know_the_zoo_mistakes(function_name):
    descriptions = {e.description for e in zoo.wrong_entries(function_name)}
    cases = hidden_cases(function_name)
    assert any(case.known_mistakes for case in cases)
    for case in cases:
        assert set(case.known_mistakes) <= descriptions
        for outputs in case.known_mistakes.values():
            if isinstance(outputs, public_tests.Raises):
                assert outputs.error_type and outputs.message
                continue
            assert not public_tests.outputs_match(
                tuple(getattr(o, "value", o) for o in outputs), case.expected
            ) or len(outputs) != len(case.expected)


def test_twin_mistakes_are_not_named():
    """Two mistakes with the same outputs on a case: naming either would be a guess."""
    case = public_tests.Case("3 over a 2x2 window", (3, (2, 2)), (np.full((2, 2), 0.75),))
    known = zoo.known_mistakes("distribute_value", case)
    integer_division = next(
        e for e in zoo.wrong_entries("distribute_value") if e.id == "integer_division"
    )
    assert integer_division.description not in known  # integer_array outputs zeros too


FLOAT = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


def _text_and_floats(block: str) -> tuple[str, list[float]]:
    """The block with its floats taken out (and its line breaks ignored), and the floats: the
    last bit of a sum depends on how many threads the BLAS used for it."""
    return re.sub(r"\s+", "", FLOAT.sub("#", block)), [float(x) for x in FLOAT.findall(block)]


def test_public_hints_block_is_in_sync_with_the_zoo():
    committed_text, committed = _text_and_floats(public_hints.current_block())
    rendered_text, rendered = _text_and_floats(public_hints.render())
    advice = "run: python -m autograder.zoo.public_hints, then python -m coursekit.release"
    assert committed_text == rendered_text, advice
    np.testing.assert_allclose(committed, rendered, rtol=1e-12, atol=1e-14, err_msg=advice)


def test_the_sync_check_sees_a_changed_digit():
    text, numbers = _text_and_floats("(3.750313890251995, {'W1': [[0.6245796671244123]]})")
    assert text == "(#,{'W1':[[#]]})" and numbers == [3.750313890251995, 0.6245796671244123]
    assert _text_and_floats("[0.25, -1.5e-07]")[1] == [0.25, -1.5e-07]


def test_public_hints_block_is_small():
    hints = public_tests.PUBLIC_HINTS
    block = public_hints.current_block()
    assert len(block.splitlines()) < 35 * len(FUNCTIONS)  # about 30 lines per function
    for (function_name, case_name), found in hints.items():
        case = next(
            c for c in getattr(public_tests, f"{function_name}_cases")() if c.name == case_name
        )
        assert sum(public_hints._size(e) for e in case.expected) <= public_hints.MAX_NUMBERS
        outputs = [
            public_tests.hint_outputs(case, literal)
            for _, literal in found
            if not isinstance(literal, dict)  # errors: their own tests, below
        ]
        for i, mine in enumerate(outputs):
            raw = tuple(getattr(o, "value", o) for o in mine)
            assert not public_tests.outputs_match(raw, case.expected), "a hint that passes"
            assert not any(
                public_tests.outputs_match(raw, other) for j, other in enumerate(outputs) if j != i
            ), "two hints with the same outputs"


def test_public_tests_stay_self_contained():
    text = Path(REPO_ROOT / "public_tests.py").read_text(encoding="utf-8")
    assert "import autograder" not in text and "from autograder" not in text
    assert "def " not in public_hints.current_block(), "no implementations in the hints"


# --- Mistakes that raise instead of returning -------------------------------------------------

MINUS_PAD = (
    "the padding is cut off with [pad:-pad], which is empty when pad == 0: "
    "use [pad:pad + n_H_prev, pad:pad + n_W_prev, :]"
)


def _entry(function_name: str, entry_id: str) -> zoo.Entry:
    return next(e for e in zoo.entries(function_name) if e.id == entry_id)


def test_a_mistake_that_raises_gets_its_hint_first_in_the_notebook_report():
    message = _failure(
        public_tests.conv_backward_test, _entry("conv_backward", "unpad_with_minus_pad")
    )
    lines = message.splitlines()
    assert lines[0] == "conv_backward failed 1 of 3 cases."
    assert lines[1] == RAISED_HINT.format(MINUS_PAD)
    assert lines[2] == ""
    assert lines[3].startswith('case "3x3 input, stride 1: windows overlap"')
    assert "ValueError: could not broadcast input array from shape (0,0,1)" in message
    assert message.count("Hint:") == 1


def _minus_pad_case() -> public_tests.Case:
    return next(
        c
        for c in public_tests.conv_backward_cases()
        if c.name == "3x3 input, stride 1: windows overlap"
    )


@pytest.mark.parametrize(
    "error_type, error_message",
    [
        # what the zoo entry raises: dA_prev[i, :, :, :] = da_prev_pad[pad:-pad, pad:-pad, :]
        (
            "ValueError",
            "ValueError: could not broadcast input array from shape (0,0,1) into shape (3,3,1)",
        ),
        # the same crop written dA_prev[i] += ...: NumPy words it otherwise, same shapes
        (
            "ValueError",
            "ValueError: operands could not be broadcast together with shapes (3,3,1) (0,0,1) "
            "(3,3,1) ",
        ),
        # without the type in front, and spaced differently
        ("ValueError", "could not broadcast input array from shape (0, 0, 1) into shape (3, 3, 1)"),
    ],
)
def test_a_raised_error_is_recognised_by_its_type_and_shapes(error_type, error_message):
    case = _minus_pad_case()
    assert public_tests.matched_error(case, error_type, error_message) == MINUS_PAD
    assert public_tests.judge_error(
        "conv_backward", case, "conv_backward raised an error", error_type, error_message
    ) == ["conv_backward raised an error", RAISED_HINT.format(MINUS_PAD)]


@pytest.mark.parametrize(
    "error_type, error_message",
    [
        (
            "IndexError",
            "IndexError: could not broadcast input array from shape (0,0,1) into shape (3,3,1)",
        ),  # another type
        (
            "ValueError",
            "ValueError: could not broadcast input array from shape (2,2,1) into shape (3,3,1)",
        ),  # other shapes: another mistake
        ("ValueError", "ValueError: math domain error"),  # no shapes, other words
        (None, None),  # what a child that broke the protocol might send
        ("ValueError", 12),
    ],
)
def test_another_error_gets_no_hint(error_type, error_message):
    case = _minus_pad_case()
    assert public_tests.matched_error(case, error_type, error_message) is None
    assert public_tests.judge_error("conv_backward", case, "raised", error_type, error_message) == [
        "raised"
    ]


def test_an_error_without_shapes_must_match_word_for_word():
    known = public_tests.Raises("IndexError", "index 2 is out of bounds for axis 0 with size 2")
    assert known.matches(
        "IndexError", "IndexError: index 2 is out of bounds for axis 0 with  size 2"
    )
    assert not known.matches("IndexError", "IndexError: index 3 is out of bounds for axis 0")


def test_the_zoo_knows_which_entries_raise_on_which_case():
    known = zoo.known_mistakes("conv_backward", _minus_pad_case())
    assert known[MINUS_PAD] == public_tests.Raises(
        "ValueError", "could not broadcast input array from shape (0,0,1) into shape (3,3,1)"
    )
    pad_2 = public_tests.conv_backward_cases()[2]  # pad 1: [1:-1] is right, nothing raised
    assert MINUS_PAD not in zoo.known_mistakes("conv_backward", pad_2)


def test_two_mistakes_raising_the_same_error_are_not_named(monkeypatch):
    twin = _entry("conv_backward", "unpad_with_minus_pad")
    doubled = zoo.wrong_entries("conv_backward") + [
        zoo.Entry("conv_backward", "twin", zoo.WRONG, "a twin", twin.implementation)
    ]
    monkeypatch.setattr(zoo, "wrong_entries", lambda name: doubled)
    known = zoo.known_mistakes("conv_backward", _minus_pad_case())
    assert MINUS_PAD not in known and "a twin" not in known


def test_hidden_cases_name_the_mistake_that_raises():
    message = _failure(
        lambda target: run_hidden("conv_backward", target),
        _entry("conv_backward", "unpad_with_minus_pad"),
    )
    assert RAISED_HINT.format(MINUS_PAD) in message.split("\n\n")[0]
