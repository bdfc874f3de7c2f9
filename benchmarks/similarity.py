"""A generated class with planted copies: how fast the similarity report is, and how right.

    python -m benchmarks.similarity [--count 1000] [--copiers 0.1] [--seed 9] [--keep DIR]

Each independent student picks, for every graded function, one of several differently written
implementations (the reference, every zoo entry, correct and wrong, and the few written below),
then writes it in a style of their own: the small choices two people writing the same algorithm
make differently (``range(0, n)`` or ``range(n)``, ``h * stride`` or ``stride * h``, ``x += y``
or ``x = x + y``, ``np.sum(a)`` or ``a.sum()``, the order of independent statements, their own
names, comments and prints). A copier takes another student's cells, all of them or a few, and
disguises them the way the issue lists: every variable and loop variable renamed, independent
statements reordered, comments and prints added.

The script writes the class as real notebooks, runs ``python -m autograder similarity`` on it,
and prints the time it took and how the planted pairs ranked: the requirement is that every
planted pair ranks above every non-planted pair of distinct origin (two students whose
implementations differ for at least one function), and the precision and recall of the pairs
the report flags.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import inspect
import io
import random
import re
import shutil
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder import course, zoo
from autograder.similarity import bound_names, normalise
from benchmarks.grading import build, write_submission
from coursekit.examples import answers

ASSIGNMENT_ID = "conv_step_by_step"
LONG_TOKENS = 100  # a function whose reference solution has this many tokens is a long one

# Implementations written for this benchmark, so that the pool holds more than the zoo's
# variations of the reference: vectorised and differently structured versions.
EXTRA = {
    "zero_pad": [
        (
            "slice_into_zeros",
            """def zero_pad(X, pad):
    m, n_H, n_W, n_C = X.shape
    X_pad = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C), dtype=X.dtype)
    X_pad[:, pad:pad + n_H, pad:pad + n_W, :] = X
    return X_pad
""",
        )
    ],
    "conv_single_step": [
        (
            "method_calls",
            """def conv_single_step(a_slice_prev, W, b):
    product = a_slice_prev * W
    Z = product.sum() + b.item()
    return float(Z)
""",
        )
    ],
    "conv_forward": [
        (
            "tensordot_per_position",
            """def conv_forward(A_prev, W, b, hparameters):
    stride = hparameters['stride']
    pad = hparameters['pad']
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f = W.shape[0]
    n_C = W.shape[3]
    n_H = 1 + (n_H_prev + 2 * pad - f) // stride
    n_W = 1 + (n_W_prev + 2 * pad - f) // stride
    padded = zero_pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    for h in range(n_H):
        top = h * stride
        for w in range(n_W):
            left = w * stride
            window = padded[:, top:top + f, left:left + f, :]
            Z[:, h, w, :] = np.tensordot(window, W, axes=([1, 2, 3], [0, 1, 2])) + b[0, 0, 0, :]
    cache = (A_prev, W, b, hparameters)
    return Z, cache
""",
        )
    ],
    "pool_forward": [
        (
            "whole_batch_per_position",
            """def pool_forward(A_prev, hparameters, mode='max'):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f = hparameters['f']
    stride = hparameters['stride']
    n_H = (n_H_prev - f) // stride + 1
    n_W = (n_W_prev - f) // stride + 1
    A = np.zeros((m, n_H, n_W, n_C_prev))
    reduce = np.max if mode == 'max' else np.mean
    for h in range(n_H):
        for w in range(n_W):
            patch = A_prev[:, h * stride:h * stride + f, w * stride:w * stride + f, :]
            A[:, h, w, :] = reduce(patch, axis=(1, 2))
    cache = (A_prev, hparameters)
    return A, cache
""",
        )
    ],
    "create_mask_from_window": [
        (
            "compare_with_max",
            """def create_mask_from_window(x):
    biggest = x.max()
    mask = x == biggest
    return mask
""",
        )
    ],
    "distribute_value": [
        (
            "np_full",
            """def distribute_value(dz, shape):
    n_H, n_W = shape
    a = np.full((n_H, n_W), dz / (n_H * n_W))
    return a
""",
        )
    ],
    "pool_backward": [
        (
            "unravel_index_for_max",
            """def pool_backward(dA, cache, mode='max'):
    A_prev, hparameters = cache
    stride = hparameters['stride']
    f = hparameters['f']
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    top, left = h * stride, w * stride
                    if mode == 'max':
                        window = A_prev[i, top:top + f, left:left + f, c]
                        r, s = np.unravel_index(np.argmax(window), window.shape)
                        dA_prev[i, top + r, left + s, c] += dA[i, h, w, c]
                    else:
                        share = dA[i, h, w, c] / (f * f)
                        dA_prev[i, top:top + f, left:left + f, c] += share
    return dA_prev
""",
        )
    ],
}


def zoo_cell(function_name: str, entry_id: str) -> str:
    """The source of one zoo entry as a student's solution cell of ``function_name``: a zoo
    entry is named after its id, a student's function after the exercise."""
    entry = next(e for e in zoo.entries(function_name) if e.id == entry_id)
    name = entry.implementation.__name__
    source = textwrap.dedent(inspect.getsource(entry.implementation))
    body = source[source.index(f"def {name}(") :]
    return re.sub(rf"^def {re.escape(name)}\(", f"def {function_name}(", body, count=1)


def implementations(function_name: str) -> list[tuple[str, str]]:
    """(origin, source) of every way of writing ``function_name`` the class draws from."""
    reference = answers("complete", ASSIGNMENT_ID)[function_name]
    pool = [("reference", reference)]
    pool += [(e.id, zoo_cell(function_name, e.id)) for e in zoo.entries(function_name)]
    pool += EXTRA.get(function_name, [])
    return pool


# ---------------------------------------------------------------------------------------------
# Rewriting code
# ---------------------------------------------------------------------------------------------

SIMPLE = (ast.Name, ast.Constant, ast.Attribute)
REDUCTIONS = {"sum", "max", "min", "mean"}


class Style(ast.NodeTransformer):
    """One student's small choices, each made at random where it applies; none changes what
    the code computes."""

    def __init__(self, rng: random.Random, p: float = 0.5):
        self.rng = rng
        self.p = p

    def chance(self) -> bool:
        return self.rng.random() < self.p

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Name) and func.id == "range" and len(node.args) == 1:
            if self.chance():
                node.args = [ast.Constant(0), node.args[0]]
                if self.chance():
                    node.args.append(ast.Constant(1))
        elif self._np_call(node, {"zeros", "ones"}) and len(node.args) == 1:
            shape = node.args[0]
            if isinstance(shape, ast.Tuple) and self.chance():
                if self.chance():
                    node.args = [ast.List(shape.elts, ast.Load())]
                else:
                    node.args, node.keywords = [], [ast.keyword("shape", shape), *node.keywords]
            if not any(k.arg == "dtype" for k in node.keywords) and self.chance():
                node.keywords.append(ast.keyword("dtype", ast.Name("float", ast.Load())))
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "np"
            and func.attr in REDUCTIONS
            and len(node.args) == 1
            and not node.keywords
            and isinstance(node.args[0], ast.Name | ast.Subscript)
            and self.chance()
        ):
            return ast.Call(ast.Attribute(node.args[0], func.attr, ast.Load()), [], [])
        return self._keywords(node)

    def visit_BinOp(self, node):
        self.generic_visit(node)
        commutes = isinstance(node.op, ast.Mult | ast.Add)
        if commutes and isinstance(node.left, SIMPLE) and isinstance(node.right, SIMPLE):
            if self.chance():
                node.left, node.right = node.right, node.left
        twice = [o for o in (node.left, node.right) if isinstance(o, ast.Constant) and o.value == 2]
        other = node.right if node.left in twice else node.left
        if isinstance(node.op, ast.Mult) and twice and isinstance(other, ast.Name):
            if self.chance():
                return ast.BinOp(ast.Name(other.id, ast.Load()), ast.Add(), other)
        if isinstance(node.op, ast.FloorDiv) and self.chance():  # sizes are positive
            divided = ast.BinOp(node.left, ast.Div(), node.right)
            return ast.Call(ast.Name("int", ast.Load()), [divided], [])
        if (
            isinstance(node.op, ast.Div)
            and isinstance(node.right, ast.BinOp)
            and isinstance(node.right.op, ast.Mult)
            and self.chance()
        ):
            first = ast.BinOp(node.left, ast.Div(), node.right.left)
            return ast.BinOp(first, ast.Div(), node.right.right)
        if isinstance(node.op, ast.Mult) and self.chance() and self.rng.random() < 0.3:
            multiply = ast.Attribute(ast.Name("np", ast.Load()), "multiply", ast.Load())
            return ast.Call(multiply, [node.left, node.right], [])
        return node

    def visit_Subscript(self, node):
        """``a[i, :, :]`` and ``a[i]`` are the same array; so are ``d["k"]`` and
        ``d.get("k")`` when the key is there."""
        self.generic_visit(node)
        index = node.slice
        if (
            isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "shape"
            and isinstance(index, ast.Constant)
            and index.value == 0
            and self.chance()
        ):
            return ast.Call(ast.Name("len", ast.Load()), [node.value.value], [])
        if isinstance(index, ast.Tuple) and self.chance():
            elements = list(index.elts)
            while len(elements) > 1 and _full_slice(elements[-1]):
                elements.pop()
            if len(elements) < len(index.elts):
                node.slice = elements[0] if len(elements) == 1 else ast.Tuple(elements, ast.Load())
        elif (
            isinstance(node.ctx, ast.Load)
            and isinstance(index, ast.Constant)
            and isinstance(index.value, str)
            and self.chance()
        ):
            return ast.Call(ast.Attribute(node.value, "get", ast.Load()), [index], [])
        return node

    def _np_call(self, node, names) -> bool:
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "np"
            and func.attr in names
        )

    def _keywords(self, node):
        """Defaults a student may spell out or leave out: np.pad's mode and fill value."""
        if self._np_call(node, {"pad"}) and self.chance():
            given = {k.arg for k in node.keywords}
            if given:
                node.keywords = []
            else:
                node.keywords = [ast.keyword("mode", ast.Constant("constant"))]
                if self.chance():
                    node.keywords.append(ast.keyword("constant_values", ast.Constant(0)))
        if (
            self._np_call(node, {"zeros"})
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Attribute)
            and node.args[0].attr == "shape"
            and not node.keywords
            and self.chance()
        ):
            like = ast.Attribute(ast.Name("np", ast.Load()), "zeros_like", ast.Load())
            return ast.Call(like, [node.args[0].value], [])
        return node

    def visit_Compare(self, node):
        self.generic_visit(node)
        if len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq) and self.chance():
            node.left, node.comparators = node.comparators[0], [node.left]
        return node

    def visit_FunctionDef(self, node):
        """Statement-level choices: ``a, b = x, y`` or two assignments; ``m, n = X.shape`` or
        ``m = X.shape[0]`` and ``n = X.shape[1]``."""
        self.generic_visit(node)
        for owner in ast.walk(node):
            for attribute in ("body", "orelse"):
                body = getattr(owner, attribute, None)
                if isinstance(body, list):
                    setattr(owner, attribute, [s for b in body for s in self._split(b)])
        return node

    def _split(self, statement):
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Tuple)
            and all(isinstance(e, ast.Name) for e in statement.targets[0].elts)
            and self.chance()
        ):
            return [statement]
        names = [e.id for e in statement.targets[0].elts]
        value = statement.value
        if isinstance(value, ast.Tuple) and len(value.elts) == len(names):
            parts = value.elts
        elif (
            isinstance(value, ast.Attribute)
            and value.attr == "shape"
            and len(set(names)) == len(names)
        ):
            parts = [ast.Subscript(value, ast.Constant(i), ast.Load()) for i in range(len(names))]
        else:
            return [statement]
        return [
            ast.Assign([ast.Name(name, ast.Store())], part)
            for name, part in zip(names, parts)
            if name != "_"
        ]

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        if isinstance(node.target, ast.Name | ast.Subscript) and self.chance():
            read = copy.deepcopy(node.target)
            read.ctx = ast.Load()
            return ast.Assign([node.target], ast.BinOp(read, node.op, node.value))
        return node

    def visit_Assign(self, node):
        self.generic_visit(node)
        target, value = node.targets[0], node.value
        if (
            len(node.targets) == 1
            and isinstance(target, ast.Name)
            and isinstance(value, ast.BinOp)
            and isinstance(value.left, ast.Name)
            and value.left.id == target.id
            and self.chance()
        ):
            return ast.AugAssign(ast.Name(target.id, ast.Store()), value.op, value.right)
        return node


def _full_slice(node) -> bool:
    return isinstance(node, ast.Slice) and not (node.lower or node.upper or node.step)


def _names(node, kind) -> set[str]:
    found = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, kind):
            found.add(child.id)
        if kind is ast.Store and isinstance(child, ast.Subscript | ast.Attribute):
            if isinstance(child.ctx, ast.Store):
                base = child
                while isinstance(base, ast.Subscript | ast.Attribute):
                    base = base.value
                if isinstance(base, ast.Name):
                    found.add(base.id)
    return found


def _independent(first, second) -> bool:
    simple = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)
    if not isinstance(first, simple) or not isinstance(second, simple):
        return False
    writes1, writes2 = _names(first, ast.Store), _names(second, ast.Store)
    reads1 = _names(first, ast.Load) | (writes1 if isinstance(first, ast.AugAssign) else set())
    reads2 = _names(second, ast.Load) | (writes2 if isinstance(second, ast.AugAssign) else set())
    printing = any(isinstance(s, ast.Expr) for s in (first, second))
    return not (writes1 & (reads2 | writes2) or writes2 & reads1 or printing)


def reorder(tree: ast.AST, rng: random.Random, p: float) -> None:
    """Swap adjacent statements that neither read nor write what the other writes."""
    for node in ast.walk(tree):
        for attribute in ("body", "orelse"):
            body = getattr(node, attribute, None)
            if not isinstance(body, list):
                continue
            index = 0
            while index + 1 < len(body):
                if _independent(body[index], body[index + 1]) and rng.random() < p:
                    body[index], body[index + 1] = body[index + 1], body[index]
                    index += 2
                else:
                    index += 1


LOOP_NAMES = ["i", "j", "k", "ii", "idx", "row", "col", "r", "s", "x", "y", "ch", "n", "t", "q"]
WORDS = ["tmp", "val", "out", "res", "arr", "buf", "cur", "my", "new", "part", "this", "the"]


def rename(tree: ast.AST, function_name: str, rng: random.Random) -> None:
    """Every name the function binds gets a new one: single letters another single letter or
    short name, longer names a variant (``n_H`` → ``nH_out``, ``A_prev`` → ``my_A_prev``)."""
    bound = sorted(bound_names(tree, function_name))
    read = _names(tree, ast.Load) - set(bound)
    taken = set(read) | {function_name, "np", "V"}
    mapping = {}
    for name in bound:
        for _ in range(100):
            if len(name) <= 2:
                candidate = rng.choice(LOOP_NAMES)
            else:
                word = rng.choice(WORDS)
                candidate = rng.choice(
                    [f"{word}_{name}", f"{name}_{word}", name.replace("_", "") + "_" + word]
                )
            if candidate not in taken and candidate.isidentifier():
                break
        else:
            candidate = f"{name}_{len(mapping)}"
        taken.add(candidate)
        mapping[name] = candidate
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in mapping:
            node.id = mapping[node.id]
        elif isinstance(node, ast.arg) and node.arg in mapping:
            node.arg = mapping[node.arg]
        elif isinstance(node, ast.FunctionDef) and node.name in mapping:
            node.name = mapping[node.name]


COMMENTS = [
    "# compute the output",
    "# loop over the batch",
    "# TODO check the shapes",
    "# this part was tricky",
    "# see the formula above",
    "# slice the window",
    "# gradient update",
    "# step {n}",
]


def add_prints(tree: ast.AST, function_name: str, rng: random.Random, count: int) -> None:
    function = next(
        (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function_name),
        None,
    )
    if function is None:
        return
    for _ in range(count):
        at = rng.randint(1, max(1, len(function.body) - 1))
        known = {a.arg for a in function.args.args}
        for statement in function.body[:at]:
            known |= _names(statement, ast.Store)
        what = [ast.Constant(rng.choice(["debug", "here", "value:", "shape"]))]
        what.append(ast.Name(rng.choice(sorted(known)), ast.Load()))
        function.body.insert(at, ast.Expr(ast.Call(ast.Name("print", ast.Load()), what, [])))


def add_comments(source: str, rng: random.Random, count: int) -> str:
    """Comment lines above statements (never inside a string that spans lines)."""
    lines = source.splitlines()
    starts = sorted(
        {n.lineno for n in ast.walk(ast.parse(source)) if isinstance(n, ast.stmt) and n.lineno > 1}
    )
    chosen = sorted(rng.sample(starts, min(count, len(starts))), reverse=True)
    for n, at in enumerate(chosen):
        indent = re.match(r"\s*", lines[at - 1]).group(0)
        lines.insert(at - 1, indent + rng.choice(COMMENTS).format(n=n + 1))
    return "\n".join(lines) + "\n"


def personal(source: str, function_name: str, rng: random.Random) -> str:
    """An independent student's version of an implementation."""
    tree = ast.parse(source)
    tree = Style(rng, p=rng.uniform(0.3, 0.7)).visit(tree)
    reorder(tree, rng, 0.3)
    rename(tree, function_name, rng)
    if rng.random() < 0.3:
        add_prints(tree, function_name, rng, 1)
    ast.fix_missing_locations(tree)
    text = ast.unparse(tree) + "\n"
    return add_comments(text, rng, rng.randint(0, 2))


def disguise(source: str, function_name: str, rng: random.Random) -> str:
    """A copier's version of someone else's cell: renamed variables and loop variables,
    reordered independent statements, added comments and prints."""
    tree = ast.parse(source)
    reorder(tree, rng, 0.7)
    rename(tree, function_name, rng)
    add_prints(tree, function_name, rng, rng.randint(1, 2))
    ast.fix_missing_locations(tree)
    text = ast.unparse(tree) + "\n"
    return add_comments(text, rng, rng.randint(2, 4))


# ---------------------------------------------------------------------------------------------
# The class
# ---------------------------------------------------------------------------------------------


@dataclass
class GeneratedClass:
    cells: dict[str, dict[str, str]]  # student -> function -> source
    origins: dict[str, dict[str, str]]  # student -> function -> implementation it came from
    planted: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # pair -> copied

    def distinct_origin(self, a: str, b: str, function: str | None = None) -> bool:
        """Whether nothing of the two students' code comes from one text of the pool: their
        implementations differ for ``function``, or for every function. Two students who
        both wrote the same zoo entry share an origin, as two copies of one page would."""
        if function is not None:
            return self.origins[a][function] != self.origins[b][function]
        return all(self.origins[a][f] != self.origins[b][f] for f in self.origins[a])


def generate(count: int, copiers: float = 0.1, seed: int = 9) -> GeneratedClass:
    """``count`` students, ``copiers`` of them copying another student's cells: two thirds the
    whole notebook, the others three to five functions, two of them long ones (a copy of the
    one-line helpers alone is indistinguishable from writing them, and is not planted)."""
    rng = random.Random(seed)
    names = list(course.get(ASSIGNMENT_ID).exercise_names)
    pools = {name: implementations(name) for name in names}
    copying = round(count * copiers)
    independent = count - copying
    width = len(str(count))
    cells, origins = {}, {}
    for index in range(independent):
        sid = f"student_{index:0{width}}"
        cells[sid], origins[sid] = {}, {}
        for name in names:
            weights = [3] + [1] * (len(pools[name]) - 1)  # the reference's shape is common
            origin, source = rng.choices(pools[name], weights=weights)[0]
            cells[sid][name] = personal(source, name, rng)
            origins[sid][name] = origin
    sources = rng.sample(sorted(cells), copying)
    reference = answers("complete", ASSIGNMENT_ID)
    long = [n for n in names if len(normalise(reference[n], n).texts) >= LONG_TOKENS]
    planted = {}
    for index, source_id in enumerate(sources):
        sid = f"student_{independent + index:0{width}}"
        if index % 3 != 2:
            copied = names
        else:  # a few functions, two of them long: one-liners alone are no evidence
            short = [n for n in names if n not in long]
            copied = rng.sample(long, 2) + rng.sample(short + long, rng.randint(1, 3))
            copied = [n for n in names if n in copied]
        cells[sid], origins[sid] = {}, {}
        for name in names:
            if name in copied:
                cells[sid][name] = disguise(cells[source_id][name], name, rng)
                origins[sid][name] = origins[source_id][name]
            else:
                weights = [3] + [1] * (len(pools[name]) - 1)
                origin, source = rng.choices(pools[name], weights=weights)[0]
                cells[sid][name] = personal(source, name, rng)
                origins[sid][name] = origin
        planted[tuple(sorted((source_id, sid)))] = [n for n in names if n in copied]
    return GeneratedClass(cells, origins, planted)


def write_class(root: Path, generated: GeneratedClass) -> Path:
    for sid, written in generated.cells.items():
        write_submission(root, sid, build(written))
    return root


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


@dataclass
class Quality:
    planted: int
    above_every_distinct_origin_pair: int  # planted pairs ranked above all of them
    above_every_other_pair: int  # ... above every non-planted pair, same origin or not
    best_distinct_origin: float  # evidence of the strongest non-planted distinct-origin pair
    weakest_planted: float
    flagged: int
    flagged_planted: int
    flagged_same_origin: int  # flagged non-planted pairs that share an implementation
    per_function: dict[str, tuple[int, int]]  # function -> (planted above every distinct, planted)

    @property
    def precision(self) -> float:
        """Among flagged pairs of distinct origin or planted: a pair that wrote the same zoo
        entry is neither a planted copy nor an independent one, so it counts on neither side."""
        judged = self.flagged - self.flagged_same_origin
        return self.flagged_planted / judged if judged else 1.0

    @property
    def strict_precision(self) -> float:
        """Every flagged pair that is not planted counted as a false alarm."""
        return self.flagged_planted / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.flagged_planted / self.planted if self.planted else 1.0


def quality(result, generated: GeneratedClass) -> Quality:
    """How ``result`` (an ``AssignmentSimilarity``) ranked the planted pairs."""
    evidence = {(p.a, p.b): p.evidence for p in result.overall}
    planted = set(generated.planted)
    others = [(pair, e) for pair, e in evidence.items() if pair not in planted]
    distinct = [e for pair, e in others if generated.distinct_origin(*pair)]
    best_distinct = max(distinct, default=0.0)
    best_other = max((e for _, e in others), default=0.0)
    planted_evidence = [evidence.get(pair, 0.0) for pair in planted]
    flagged = {(p.a, p.b) for p in result.overall if p.flagged}
    per_function = {}
    for ranking in result.rankings:
        scores = {(p.a, p.b): p.evidence for p in ranking.pairs}
        mine = [pair for pair, copied in generated.planted.items() if ranking.function in copied]
        rivals = [
            e
            for pair, e in scores.items()
            if pair not in planted and generated.distinct_origin(*pair, ranking.function)
        ]
        top = max(rivals, default=0.0)
        per_function[ranking.function] = (sum(scores.get(p, 0.0) > top for p in mine), len(mine))
    return Quality(
        planted=len(planted),
        above_every_distinct_origin_pair=sum(e > best_distinct for e in planted_evidence),
        above_every_other_pair=sum(e > best_other for e in planted_evidence),
        best_distinct_origin=best_distinct,
        weakest_planted=min(planted_evidence, default=0.0),
        flagged=len(flagged),
        flagged_planted=len(flagged & planted),
        flagged_same_origin=sum(
            1 for pair in flagged - planted if not generated.distinct_origin(*pair)
        ),
        per_function=per_function,
    )


def describe(q: Quality) -> str:
    lines = [
        f"planted pairs: {q.planted}; ranked above every non-planted pair of distinct origin: "
        f"{q.above_every_distinct_origin_pair} (weakest planted {q.weakest_planted:.1f}, "
        f"strongest such pair {q.best_distinct_origin:.1f}); above every non-planted pair: "
        f"{q.above_every_other_pair}",
        f"flagged: {q.flagged}, of which planted {q.flagged_planted} and "
        f"{q.flagged_same_origin} pairs that wrote the same implementation: precision "
        f"{q.precision:.3f} (counting those as false alarms too: {q.strict_precision:.3f}), "
        f"recall {q.recall:.3f}",
        "per function, planted pairs that copied it ranked above every distinct-origin pair: "
        + ", ".join(f"{name} {a}/{b}" for name, (a, b) in q.per_function.items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.similarity")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--copiers", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR")
    args = parser.parse_args(argv)
    from autograder import similarity

    root = args.keep or Path(tempfile.mkdtemp(prefix="similarity-"))
    submissions, out = root / "submitted", root / "out"
    for folder in (submissions, out):
        if folder.exists():
            shutil.rmtree(folder)
    started = time.monotonic()
    generated = generate(args.count, args.copiers, args.seed)
    write_class(submissions, generated)
    print(
        f"generated {len(generated.cells)} students ({len(generated.planted)} copiers) "
        f"in {time.monotonic() - started:.1f} s under {submissions}"
    )
    started = time.monotonic()
    with contextlib.redirect_stdout(io.StringIO()) as said:
        code = similarity.main([str(submissions), "--out", str(out)])
    seconds = time.monotonic() - started
    print(said.getvalue().strip())
    print(
        f"python -m autograder similarity on {len(generated.cells)} submissions: "
        f"{seconds:.1f} s end to end (reading the notebooks, fingerprints, ranking, "
        f"similarity.html of {(out / 'similarity.html').stat().st_size / 1e6:.1f} MB)"
    )
    found = similarity.read_cells(submissions)
    result = similarity.compare(ASSIGNMENT_ID, *found[ASSIGNMENT_ID])
    print(describe(quality(result, generated)))
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
