"""``python -m autograder similarity SUBMISSIONS --out OUT``: which submissions look copied.

For each graded function, every student's solution cell is normalised, fingerprinted by
winnowing (Schleimer, Wilkerson and Aiken, 2003, the method behind MOSS), and the pairs of
students who share fingerprints are ranked by how much rare code they share. Written here rather
than with ``copydetect``: that library compares every pair of files (half a million pairs per
function for 1,000 students), knows no document frequency to discount what the whole class
writes alike, renames every identifier (attributes and keywords too) and cannot undo reordered
statements; an inverted index of fingerprints only visits pairs that share something, and
Python's own parser says which names the cell binds and which statements are independent.

Normalisation (what a copier changes and a copy keeps):

- comments, docstrings and other bare strings, ``print(...)`` statements and blank lines are
  dropped;
- every name the cell binds (parameters, variables, loop variables, helper functions) becomes
  ``V``, so renaming changes nothing; names it only reads (``np``, ``range``, ``zero_pad``),
  attribute names and keyword arguments are kept: they say which library calls the code makes;
- each run of adjacent assignments is put in one canonical order: statements that depend on
  each other (one writes a name the other reads or writes) keep their order, the others are
  sorted by their normalised text, so reordering independent statements changes nothing;
- layout is reduced to statement ends and block starts and ends; string quotes are unified.

A fingerprint is a hash of ``K`` consecutive tokens; winnowing keeps the smallest hash of every
``WINDOW`` consecutive ones, so any match of ``K + WINDOW - 1`` tokens or more is found.

Discounting, so that the report shows evidence rather than the assignment: fingerprints of the
release's starter code of that function are dropped, and so are those more than
``COMMON_SHARE`` of the class has (and at least ``COMMON_MINIMUM`` students): code much of the
class writes alike is no evidence. Every other fingerprint weighs ``log(n / df)``, its rarity
among the ``n`` students. A pair's evidence, per function, is the weight of the fingerprints
the two share times the share of the larger cell's weight that this is: a copy shares nearly
all of its rare code, two students who wrote alike by chance a part of it. So a one-line
``zero_pad`` that many students write alike weighs almost nothing, and a long function copied
whole weighs a lot. Pairs are ranked by evidence per function and, summed over the functions,
per assignment, where a pair is flagged past ``FLAG_SHARE`` of a typical notebook's weight.

A ranked pair is a reason to look, not proof: two students who started from the same web page
look alike too.
"""

from __future__ import annotations

import argparse
import ast
import bisect
import csv
import hashlib
import io
import math
import sys
import time
import tokenize
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import nbformat
import numpy as np

from autograder import course, output_files
from autograder.course import REPO_ROOT
from autograder.csv_cells import safe_row
from autograder.reports import StudentResult

K = 20  # tokens per fingerprint (about two statements): shorter matches are noise
WINDOW = 5  # winnowing window: matches of K + WINDOW - 1 tokens are always found
COMMON_SHARE = 0.1  # a fingerprint shared by more of the class is common code, not evidence
COMMON_MINIMUM = 5  # ... and by at least this many students
TOP_PAIRS = 20  # pairs shown per function and per assignment
CSV_PAIRS = 200  # pairs written to similarity.csv per function and per assignment
FLAG_SHARE = 0.15  # flagged: evidence of this share of a typical notebook's distinctive weight
USAGE_ERROR = 2
PRIME = np.uint64(0x100000001B3)
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
STRUCTURE = {tokenize.NEWLINE: ";", tokenize.INDENT: "{", tokenize.DEDENT: "}"}
STRUCTURE_TEXTS = set(STRUCTURE.values())


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------


@dataclass
class Tokens:
    """A cell reduced to what a copy keeps: token texts, and where each came from in the cell
    (``(start row, start column, end row, end column)``, rows from 1) for highlighting."""

    texts: list[str]
    places: list[tuple[int, int, int, int]]


def _char_column(lines: list[str], row: int, byte_column: int) -> int:
    """``ast`` counts columns in UTF-8 bytes, ``tokenize`` in characters."""
    if row - 1 >= len(lines):
        return byte_column
    return len(lines[row - 1].encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))


SIMPLE_STATEMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign)
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass
class Facts:
    """What normalisation needs from the parse tree, gathered in one walk (walking it once
    per question cost most of the time on a class of a thousand)."""

    bound: set[str] = field(default_factory=set)  # names the cell binds
    names: list[tuple[str, int, int]] = field(default_factory=list)  # (name, row, byte column)
    dropped: list[ast.Expr] = field(default_factory=list)  # docstrings and print() statements
    blocks: list[list[ast.stmt]] = field(default_factory=list)
    effects: dict[int, tuple[set[str], set[str]]] = field(default_factory=dict)  # id -> rw


def _is_dropped(node: ast.Expr) -> bool:
    value = node.value
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return True
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "print"
    )


def facts_of(tree: ast.AST, function_name: str) -> Facts:
    """Bound names (parameters, assigned names, loop variables, helper definitions), where
    each name occurs, the statements to drop, the blocks of statements, and for each simple
    statement the names it reads and writes: assigning into ``x[...]`` or ``x.a``, or calling
    a method of a name the cell binds (``x.append``), writes ``x``."""
    facts = Facts()
    method_calls: list[tuple[int, str]] = []
    stack: list[tuple[ast.AST, int | None]] = [(tree, None)]
    while stack:
        node, owner = stack.pop()
        if isinstance(node, ast.stmt | ast.Module | ast.ExceptHandler | ast.match_case):
            for attribute in ("body", "orelse", "finalbody"):
                block = getattr(node, attribute, None)
                if isinstance(block, list) and block:
                    facts.blocks.append(block)
            if isinstance(node, SIMPLE_STATEMENTS):
                owner = id(node)
                facts.effects[owner] = (set(), set())
            elif isinstance(node, ast.Expr) and _is_dropped(node):
                facts.dropped.append(node)
                continue
            if isinstance(node, DEFINITIONS):
                facts.bound.add(node.name)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                facts.bound.add(node.name)
        elif isinstance(node, ast.Name):
            load = isinstance(node.ctx, ast.Load)
            if not load:
                facts.bound.add(node.id)
            facts.names.append(
                (node.id, getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
            )
            if owner is not None:
                facts.effects[owner][0 if load else 1].add(node.id)
        elif isinstance(node, ast.arg):
            facts.bound.add(node.arg)
            facts.names.append(
                (node.arg, getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
            )
        elif owner is not None:
            if isinstance(node, ast.Subscript | ast.Attribute) and not isinstance(
                node.ctx, ast.Load
            ):
                base = node
                while isinstance(base, ast.Subscript | ast.Attribute):
                    base = base.value
                if isinstance(base, ast.Name):
                    reads, writes = facts.effects[owner]
                    reads.add(base.id)
                    writes.add(base.id)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if isinstance(node.func.value, ast.Name):
                    method_calls.append((owner, node.func.value.id))
        stack.extend((child, owner) for child in ast.iter_child_nodes(node))
    facts.bound.discard(function_name)
    for owner, name in method_calls:
        if name in facts.bound:
            facts.effects[owner][1].add(name)
    return facts


def bound_names(tree: ast.AST, function_name: str) -> set[str]:
    return facts_of(tree, function_name).bound


def _span(node: ast.AST, lines: list[str]) -> tuple[tuple[int, int], tuple[int, int]]:
    start = (node.lineno, _char_column(lines, node.lineno, node.col_offset))
    end_row = node.end_lineno or node.lineno
    return start, (end_row, _char_column(lines, end_row, node.end_col_offset or 0))


def _string_text(text: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text  # f-strings and the like stay as written
    return repr(value)


def _canonical_order(keys: list[str], effects: list[tuple[set[str], set[str]]]) -> list[int]:
    """The order of a run of simple statements that every reordering of independent ones
    shares: statements that conflict (one writes what the other reads or writes) keep their
    order, and among those free to go next the smallest normalised text goes first."""
    count = len(keys)
    before: list[set[int]] = [set() for _ in range(count)]
    for j in range(count):
        reads_j, writes_j = effects[j]
        for i in range(j):
            reads_i, writes_i = effects[i]
            if writes_i & (reads_j | writes_j) or writes_j & reads_i:
                before[j].add(i)
    done: list[int] = []
    waiting = set(range(count))
    while waiting:
        ready = [j for j in waiting if before[j] <= set(done)]
        chosen = min(ready, key=lambda j: (keys[j], j))
        done.append(chosen)
        waiting.remove(chosen)
    return done


def _reorder(
    facts: Facts,
    texts: list[str],
    places: list[tuple[int, int, int, int]],
    lines: list[str],
) -> None:
    """Put every run of adjacent simple statements in its canonical order, in place, so that
    reordering independent statements changes no fingerprint."""
    starts = [(row, col) for row, col, _, _ in places]
    dropped = {id(node) for node in facts.dropped}
    for block in facts.blocks:
        runs, run = [], []
        for statement in [s for s in block if id(s) not in dropped] + [None]:
            if isinstance(statement, SIMPLE_STATEMENTS):
                run.append(statement)
                continue
            if len(run) > 1:
                runs.append(run)
            run = []
        for run in runs:
            spans = []
            for statement in run:
                first, last = _span(statement, lines)
                spans.append((bisect.bisect_left(starts, first), bisect.bisect_right(starts, last)))
            contiguous = all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
            if not contiguous or any(lo >= hi for lo, hi in spans):
                continue
            keys = [" ".join(texts[lo:hi]) for lo, hi in spans]
            effects = []
            for statement in run:
                reads, writes = facts.effects[id(statement)]
                if isinstance(statement, ast.AugAssign):
                    reads = reads | writes
                effects.append((reads, writes))
            order = _canonical_order(keys, effects)
            if order == list(range(len(run))):
                continue
            lo, hi = spans[0][0], spans[-1][1]
            texts[lo:hi] = [t for j in order for t in texts[spans[j][0] : spans[j][1]]]
            places[lo:hi] = [p for j in order for p in places[spans[j][0] : spans[j][1]]]
            starts[lo:hi] = [p[:2] for p in places[lo:hi]]


def normalise(source: str, function_name: str) -> Tokens:
    """The cell's tokens after normalisation (see the module's docstring). A cell that does not
    parse is still tokenised, without the renaming: a syntax error is no reason to miss a copy.
    Raises ``ValueError`` when the text cannot even be tokenised."""
    lines = source.splitlines()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in student strings
            tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        tree = None
    facts = facts_of(tree, function_name) if tree is not None else Facts()
    bound = facts.bound
    renamed = {
        (row, _char_column(lines, row, column))
        for name, row, column in facts.names
        if name in bound
    }
    dropped = [_span(node, lines) for node in facts.dropped]
    texts: list[str] = []
    places: list[tuple[int, int, int, int]] = []
    previous_def = False
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in SKIPPED:
                continue
            start, end = token.start, token.end
            indentation = token.type in (tokenize.INDENT, tokenize.DEDENT)  # belong to no statement
            if not indentation and any(a <= start <= b for a, b in dropped):  # line end too
                continue
            if token.type in STRUCTURE:
                text = STRUCTURE[token.type]
            elif token.type == tokenize.NAME:
                is_bound = start in renamed or (previous_def and token.string in bound)
                text = "V" if is_bound else token.string
            elif token.type == tokenize.STRING:
                text = _string_text(token.string)
            else:
                text = token.string
            previous_def = token.type == tokenize.NAME and token.string in ("def", "class")
            texts.append(text)
            places.append((start[0], start[1], end[0], end[1]))
    except (tokenize.TokenError, IndentationError, SyntaxError) as error:
        if not texts:
            raise ValueError(f"the cell cannot be read as Python ({error})") from error
        tree = None  # cut short: the statements no longer match the tokens
    if tree is not None:
        _reorder(facts, texts, places, lines)
    kept_texts, kept_places = [], []
    for text, place in zip(texts, places):
        if text == ";" and (not kept_texts or kept_texts[-1] in (";", "{")):
            continue  # a dropped statement leaves its line end behind
        kept_texts.append(text)
        kept_places.append(place)
    return Tokens(kept_texts, kept_places)


# ---------------------------------------------------------------------------------------------
# Fingerprints
# ---------------------------------------------------------------------------------------------

_TOKEN_HASHES: dict[str, int] = {}


def _token_hash(text: str) -> int:
    """A hash that is the same in every run (Python's own ``hash`` of a string is not)."""
    value = _TOKEN_HASHES.get(text)
    if value is None:
        value = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
        _TOKEN_HASHES[text] = value
    return value


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: winnowing picks minima, which must not favour any k-gram."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def kgram_hashes(texts: list[str], k: int = K) -> np.ndarray:
    """The hash of every run of ``k`` tokens (one hash of all of them when there are fewer)."""
    if not texts:
        return np.zeros(0, dtype=np.uint64)
    tokens = np.fromiter((_token_hash(t) for t in texts), dtype=np.uint64, count=len(texts))
    width = min(k, len(tokens))
    count = len(tokens) - width + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            hashes = hashes * PRIME + tokens[offset : offset + count]
        return _mix(hashes)


def winnow(hashes: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """Positions of the fingerprints kept: the smallest hash of each window (the rightmost one
    on ties, as in the paper, so that a run of equal hashes keeps one)."""
    if len(hashes) <= window:
        return np.array([len(hashes) - 1 - int(np.argmin(hashes[::-1]))]) if len(hashes) else []
    windows = np.lib.stride_tricks.sliding_window_view(hashes, window)
    rightmost = window - 1 - np.argmin(windows[:, ::-1], axis=1)
    return np.unique(np.arange(len(windows)) + rightmost)


@dataclass
class Document:
    """One student's cell for one function, fingerprinted."""

    student_id: str
    source: str
    tokens: Tokens
    hashes: np.ndarray  # winnowed fingerprints, one per kept position
    positions: np.ndarray  # first token of each fingerprint


def fingerprint(student_id: str, source: str, function_name: str, starter: np.ndarray) -> Document:
    tokens = normalise(source, function_name)
    hashes = kgram_hashes(tokens.texts)
    positions = np.asarray(winnow(hashes), dtype=np.int64)
    kept = hashes[positions] if len(positions) else np.zeros(0, dtype=np.uint64)
    own = ~np.isin(kept, starter)
    return Document(student_id, source, tokens, kept[own], positions[own])


def starter_hashes(assignment: course.Assignment) -> dict[str, np.ndarray]:
    """Every k-gram of each function's cell in the release (not only the winnowed ones, so
    that no fragment of the starter code counts wherever winnowing picks it)."""
    path = REPO_ROOT / "release" / assignment.id / assignment.notebook_name
    found = {name: np.zeros(0, dtype=np.uint64) for name in assignment.exercise_names}
    if not path.is_file():
        return found
    for cell in nbformat.read(path, as_version=4).cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in found and cell.cell_type == "code":
            try:
                found[grade_id] = np.unique(kgram_hashes(normalise(cell.source, grade_id).texts))
            except ValueError:
                pass
    return found


# ---------------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------------


@dataclass
class Pair:
    a: str  # student ids, a < b
    b: str
    evidence: float
    shared: int  # distinctive fingerprints in common
    similarity: float  # the share of the larger cell's distinctive weight the two share


@dataclass
class FunctionRanking:
    function: str
    documents: list[Document]
    pairs: list[Pair]  # every pair sharing a distinctive fingerprint, strongest first
    common: np.ndarray  # fingerprints discounted as common code
    shared: np.ndarray  # distinctive fingerprints two or more students have
    totals: dict[str, float] = field(default_factory=dict)  # distinctive weight of each cell

    def document(self, student_id: str) -> Document:
        return next(d for d in self.documents if d.student_id == student_id)


def common_limit(students: int) -> int:
    return max(COMMON_MINIMUM, int(COMMON_SHARE * students))


def rarity(counts: np.ndarray, students: int, limit: int) -> np.ndarray:
    """The weight of a fingerprint that ``counts`` of the ``students`` have: ``log(n / count)``
    (how surprising it is that a given classmate has it too), nothing past the common limit."""
    return np.where(counts <= limit, np.log(students / np.maximum(counts, 1)), 0.0)


def _pairs_of_groups(owners, starts, sizes, weights, n):
    """Every pair of students within each group of owners (one group per shared fingerprint),
    as keys ``i * n + j`` with the group's weight, made size by size with numpy."""
    keys, values = [], []
    for size in np.unique(sizes):
        chosen = sizes == size
        members = owners[starts[chosen][:, None] + np.arange(size)]
        first, second = np.triu_indices(int(size), 1)
        keys.append((members[:, first] * n + members[:, second]).ravel())
        values.append(np.repeat(weights[chosen], len(first)))
    return np.concatenate(keys), np.concatenate(values)


def rank_function(function: str, documents: list[Document]) -> FunctionRanking:
    """Pairs through an inverted index: only students who share a fingerprint are compared.

    A pair's evidence is the weight of the distinctive fingerprints they share, scaled by the
    share of the larger cell's distinctive weight that this is: a copy shares nearly all of
    its rare code, two students who wrote alike by chance share some."""
    n = len(documents)
    documents = sorted(documents, key=lambda d: d.student_id)
    empty = np.zeros(0, dtype=np.uint64)
    uniques = [np.unique(d.hashes) for d in documents]
    if n < 2:
        return FunctionRanking(function, documents, [], empty, empty)
    owners = np.concatenate([np.full(len(u), i, dtype=np.int64) for i, u in enumerate(uniques)])
    hashes = np.concatenate(uniques)
    order = np.argsort(hashes, kind="stable")
    hashes, owners = hashes[order], owners[order]
    values, starts, counts = np.unique(hashes, return_index=True, return_counts=True)
    limit = common_limit(n)
    weights = rarity(counts, n, limit)
    common = values[counts > limit]
    totals = []
    for own in uniques:
        totals.append(float(weights[np.searchsorted(values, own)].sum()))
    by_student = {d.student_id: total for d, total in zip(documents, totals)}
    sharing = (counts >= 2) & (counts <= limit)
    shared_values = values[sharing]
    if not sharing.any():
        return FunctionRanking(function, documents, [], common, shared_values, by_student)
    keys, pair_weights = _pairs_of_groups(
        owners, starts[sharing], counts[sharing], weights[sharing], n
    )
    unique_keys, inverse = np.unique(keys, return_inverse=True)
    weight_shared = np.bincount(inverse, weights=pair_weights)
    shared = np.bincount(inverse)
    pairs = []
    for key, weight, count in zip(unique_keys.tolist(), weight_shared, shared):
        i, j = divmod(key, n)
        larger = max(totals[i], totals[j], 1e-9)
        containment = min(1.0, weight / larger)
        a, b = documents[i].student_id, documents[j].student_id
        pairs.append(Pair(a, b, float(weight * containment), int(count), containment))
    pairs.sort(key=lambda p: (-round(p.evidence, 9), p.a, p.b))
    return FunctionRanking(function, documents, pairs, common, shared_values, by_student)


@dataclass
class OverallPair:
    a: str
    b: str
    evidence: float
    by_function: dict[str, float]
    flagged: bool = False


def rank_overall(rankings: list[FunctionRanking]) -> list[OverallPair]:
    pairs: dict[tuple[str, str], OverallPair] = {}
    for ranking in rankings:
        for pair in ranking.pairs:
            overall = pairs.setdefault((pair.a, pair.b), OverallPair(pair.a, pair.b, 0.0, {}))
            overall.evidence += pair.evidence
            overall.by_function[ranking.function] = pair.evidence
    ranked = sorted(pairs.values(), key=lambda p: (-round(p.evidence, 9), p.a, p.b))
    return ranked


def flag_threshold(rankings: list[FunctionRanking]) -> float:
    """Evidence from which a pair is flagged: ``FLAG_SHARE`` of the distinctive weight of the
    class's typical notebook (the median student's, over every function). A whole copied
    notebook has about all of it; two students who wrote alike by chance share a few
    hundredths. A scale of the class's own, so that the cut means the same whatever the
    size of the class or of the assignment."""
    totals: dict[str, float] = {}
    for ranking in rankings:
        for sid, total in ranking.totals.items():
            totals[sid] = totals.get(sid, 0.0) + total
    if not totals:
        return math.inf
    ordered = sorted(totals.values())
    middle = len(ordered) // 2
    typical = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return max(FLAG_SHARE * typical, 1e-9)


# ---------------------------------------------------------------------------------------------
# One assignment, from sources
# ---------------------------------------------------------------------------------------------


@dataclass
class AssignmentSimilarity:
    id: str
    students: int
    rankings: list[FunctionRanking]
    overall: list[OverallPair]
    threshold: float
    skipped: list[tuple[str, str]]  # (student, why), unreadable notebooks and unreadable cells


def compare(
    assignment_id: str,
    cells: dict[str, dict[str, str]],
    skipped: list[tuple[str, str]] = (),
    functions: list[str] | None = None,
) -> AssignmentSimilarity:
    """``cells``: student -> function -> the source of their solution cell."""
    try:
        assignment = course.get(assignment_id)
        names = list(functions or assignment.exercise_names)
        starters = starter_hashes(assignment)
    except KeyError:
        names = functions or sorted({f for by in cells.values() for f in by})
        starters = {}
    skipped = list(skipped)
    rankings = []
    for name in names:
        documents = []
        empty = np.zeros(0, dtype=np.uint64)
        for sid in sorted(cells):
            source = cells[sid].get(name)
            if source is None:
                continue
            try:
                documents.append(fingerprint(sid, source, name, starters.get(name, empty)))
            except ValueError as error:
                skipped.append((sid, f"{name}: {error}"))
        rankings.append(rank_function(name, documents))
    overall = rank_overall(rankings)
    threshold = flag_threshold(rankings)
    for pair in overall:
        pair.flagged = pair.evidence >= threshold
    return AssignmentSimilarity(assignment_id, len(cells), rankings, overall, threshold, skipped)


# ---------------------------------------------------------------------------------------------
# Side by side
# ---------------------------------------------------------------------------------------------


def matched_tokens(document: Document, shared: set[int], k: int = K) -> set[int]:
    """The tokens the shared fingerprints cover, less line ends and indentation (painting
    those would highlight whitespace)."""
    marked: set[int] = set()
    texts = document.tokens.texts
    for value, position in zip(document.hashes.tolist(), document.positions.tolist()):
        if value in shared:
            marked.update(range(position, min(position + k, len(texts))))
    return {i for i in marked if texts[i] not in STRUCTURE_TEXTS}


def highlighted_lines(document: Document, marked: set[int]) -> list[list[tuple[str, bool]]]:
    """The cell's lines, each as (text, matched) segments. Consecutive matched tokens on one
    line are joined, spaces included, so a matching statement reads as one highlight."""
    lines = document.source.splitlines() or [""]
    intervals: dict[int, list[tuple[int, int]]] = {}
    places = document.tokens.places
    for index in sorted(marked):
        row, col, end_row, end_col = places[index]
        if end_row != row:  # a string over several lines: mark its first line
            end_col = len(lines[row - 1]) if row - 1 < len(lines) else col
        spans = intervals.setdefault(row, [])
        joined = index - 1 in marked and places[index - 1][2] == row and spans
        if joined:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end_col))
        else:
            spans.append((col, end_col))
    rendered = []
    for number, line in enumerate(lines, 1):
        segments, cursor = [], 0
        for start, end in sorted(intervals.get(number, [])):
            start = max(start, cursor)
            if start > cursor:
                segments.append((line[cursor:start], False))
            if end > start:
                segments.append((line[start:end], True))
            cursor = max(cursor, end)
        if cursor < len(line) or not segments:
            segments.append((line[cursor:], False))
        rendered.append(segments)
    return rendered


def side_by_side(ranking: FunctionRanking, a: str, b: str) -> dict:
    first, second = ranking.document(a), ranking.document(b)
    shared = set(first.hashes.tolist()) & set(second.hashes.tolist())
    shared &= set(ranking.shared.tolist())
    return {
        "function": ranking.function,
        "a": a,
        "b": b,
        "left": highlighted_lines(first, matched_tokens(first, shared)),
        "right": highlighted_lines(second, matched_tokens(second, shared)),
    }


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "assignment",
    "function",
    "rank",
    "student_a",
    "student_b",
    "evidence",
    "shared_fingerprints",
    "similarity",
    "flagged",
)


def write_csv(path: Path, results: list[AssignmentSimilarity]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for result in results:
            for rank, pair in enumerate(result.overall[:CSV_PAIRS], 1):
                row = (result.id, "(all)", rank, pair.a, pair.b, f"{pair.evidence:.2f}", "", "")
                writer.writerow(safe_row((*row, "yes" if pair.flagged else "no")))
            for ranking in result.rankings:
                for rank, pair in enumerate(ranking.pairs[:CSV_PAIRS], 1):
                    row = (
                        result.id,
                        ranking.function,
                        rank,
                        pair.a,
                        pair.b,
                        f"{pair.evidence:.2f}",
                        pair.shared,
                        f"{pair.similarity:.2f}",
                        "",
                    )
                    writer.writerow(safe_row(row))


def render(results: list[AssignmentSimilarity], top: int = TOP_PAIRS) -> str:
    sections = []
    for result in results:
        by_name = {r.function: r for r in result.rankings}
        overall = []
        for pair in result.overall[:top]:
            functions = sorted(pair.by_function.items(), key=lambda item: (-item[1], item[0]))
            views = [side_by_side(by_name[name], pair.a, pair.b) for name, _ in functions]
            overall.append({"pair": pair, "functions": functions, "views": views})
        functions = []
        for ranking in result.rankings:
            rows = [
                {"pair": pair, "view": side_by_side(ranking, pair.a, pair.b)}
                for pair in ranking.pairs[:top]
            ]
            functions.append({"ranking": ranking, "rows": rows})
        sections.append({"result": result, "overall": overall, "functions": functions})
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    template = environment.get_template("similarity.html.j2")
    return template.render(
        sections=sections,
        k=K,
        window=WINDOW,
        common_share=COMMON_SHARE,
        common_minimum=COMMON_MINIMUM,
        flag_share=FLAG_SHARE,
        top=top,
    )


def write(out: Path, results: list[AssignmentSimilarity], top: int = TOP_PAIRS) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "similarity.csv", results)
    path = out / "similarity.html"
    output_files.write_text(path, render(results, top))
    return path


def from_results(students: list[StudentResult]) -> list[AssignmentSimilarity]:
    """The graded cells of every assignment, as the grader read them: nothing is read again."""
    by_assignment: dict[str, tuple[dict[str, dict[str, str]], list[tuple[str, str]]]] = {}
    for student in students:
        cells, skipped = by_assignment.setdefault(student.assignment, ({}, []))
        submission = student.submission
        if not submission.readable:
            skipped.append((student.student_id, submission.problem))
            continue
        cells[student.student_id] = {name: cell.source for name, cell in submission.cells.items()}
    order = [a.id for a in course.series() if a.id in by_assignment]
    order += [a for a in by_assignment if a not in order]
    return [compare(a, *by_assignment[a]) for a in order]


def write_from_results(out: Path, students: list[StudentResult]) -> Path:
    return write(out, from_results(students))


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def read_cells(submissions: Path, assignment_ids: list[str] | None = None):
    """Every readable solution cell under SUBMISSIONS, read as the grader reads them."""
    from autograder.submission import assignments_in, discover, read_submission

    folders, _ = discover(submissions)
    try:
        chosen = (
            [course.get(a) for a in assignment_ids] if assignment_ids else assignments_in(folders)
        )
        found = {}
        for assignment in chosen:
            cells, skipped = {}, []
            for folder in folders:
                submission = read_submission(folder, assignment)
                if not submission.readable:
                    skipped.append((folder.student_id, submission.problem))
                    continue
                cells[folder.student_id] = {n: c.source for n, c in submission.cells.items()}
            found[assignment.id] = (cells, skipped)
        return found
    finally:
        for folder in folders:
            folder.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder similarity",
        description="Rank the pairs of students whose solution cells look copied.",
    )
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS")
    parser.add_argument("--out", type=Path, required=True, metavar="OUT")
    parser.add_argument(
        "--assignment",
        action="append",
        choices=course.assignment_ids(),
        metavar="ID",
        help="compare only this assignment (repeatable; default: every one found)",
    )
    parser.add_argument("--top", type=int, default=TOP_PAIRS, metavar="N", help="pairs shown")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    if not args.submissions.is_dir():
        print(f"error: SUBMISSIONS {args.submissions} is not a folder", file=sys.stderr)
        return USAGE_ERROR
    if args.top < 1:
        print("error: --top must be at least 1", file=sys.stderr)
        return USAGE_ERROR
    out = args.out.resolve()
    submissions = args.submissions.resolve()
    if out == submissions or submissions in out.parents:
        print("error: OUT must not be inside SUBMISSIONS", file=sys.stderr)
        return USAGE_ERROR
    started = time.monotonic()
    warnings.filterwarnings("ignore", module="nbformat")
    found = read_cells(args.submissions, args.assignment)
    results = [compare(a, cells, skipped) for a, (cells, skipped) in found.items()]
    path = write(out, results, args.top)
    seconds = time.monotonic() - started
    parts = []
    for result in results:
        flagged = sum(1 for p in result.overall if p.flagged)
        parts.append(
            f"{result.id}: {result.students} students, {len(result.skipped)} skipped, "
            f"{flagged} pair{'s' * (flagged != 1)} flagged"
        )
    print(
        f"compared {'; '.join(parts) or 'no assignment found'} in {seconds:.1f} s; "
        f"report: {path}, table: {out / 'similarity.csv'}"
    )
    return 0
