"""A mutation fuzzer for plan files.

Each case takes a valid plan file, applies one to three random mutations to its
parsed TOML (deletions, duplications, type changes, unit swaps, extreme and
non-finite numbers, unknown keys, wrong nesting, cyclic ``extends``, names that
refer to the wrong kind of thing) or to its bytes (non-UTF-8, truncation, empty,
oversized), and checks the contract: ``capf check`` either passes, and then the
plan projects and assesses with finite results, or exits 2 with one message per
problem, each naming the file and a field, and no traceback.
"""

from __future__ import annotations

import contextlib
import copy
import io
import math
import random
import re
import signal
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import tomli_w

UNITS = ["kWh", "t", "ha", "MWh/yr", "kt CO2e/yr", "%", "vkm", "head", "yr", "m", "kg CH4/yr",
         "DKK", "GJ/yr", "t CO2/yr", "km**2", "1/yr", "kg/kWh", "t/ha/yr", "banana"]
EXTREMES = [math.nan, math.inf, -math.inf, 1e308, -1e308, -0.0, 0, -1, 1e-320, 2**63, -2**63]
ODD_VALUES = [42, -1, 3.14, "text", True, False, [], {}, [1, 2], {"a": 1}, "", " ", "*",
              "1990", 1990, ["999", 999], "60 %", "-5 %"]
NAMES = ["bau", "plan", "rewet_lowland", "heat_pumps", "999", "Climate Act 2030", "nope"]
#: Numbers as a careless or hostile planner types them (issue 14).
HOSTILE_NUMBERS = ["2 000", "2000,5", "2,5", "0,5", "1.000,5", "1.000.000", "9**9**9", "10**10**3",
                   "1e-400", "1e400", "2*3", "-0", "+5", ".5", "5.", "1e29", "-1e29", "0x10",
                   "1_000", "½", "٣", "", " "]
HOSTILE_UNITS = ["ha**99", "ha**9**9", "% %", "(((((ha)))))", "MW", "kW", "GW", "ha*", "/yr",
                 "ha ha", "1/yr", "%/yr", "MWh/yr/yr", "km²", "CO2e·kt/a", "t CO2 CH4/yr", "yr**-1",
                 "(ha", "ha)", "e", "ha^2^2"]
CONTROL = ["\x00", "\x1b", "\x07", "\x7f", "\u202e", "\t", "\n"]


def _paths(obj, prefix=()):
    """Every (container, key) in a nested dict/list."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.append((obj, k))
            out.extend(_paths(v, prefix + (k,)))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.append((obj, i))
            out.extend(_paths(v, prefix + (i,)))
    return out


_QTY = re.compile(r"^\s*([-+0-9.eE]+|nan|inf)\s*(.*)$")


def _mutate_once(d: dict, rng: random.Random) -> str:
    paths = _paths(d)
    if not paths:
        d["plan"] = {}
        return "empty"
    container, key = rng.choice(paths)
    value = container[key]
    op = rng.choice(["delete", "duplicate", "type", "unit", "extreme", "unknown", "nest",
                     "extends", "refs", "drop_table"] + HOSTILE_OPS)
    if op == "delete":
        del container[key]
    elif op == "duplicate":
        if isinstance(container, list):
            container.append(copy.deepcopy(value))
        else:
            container[f"{key}_copy" if rng.random() < 0.5 else key] = copy.deepcopy(value)
    elif op == "type":
        container[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    elif op == "unit":
        m = _QTY.match(value) if isinstance(value, str) else None
        number = m.group(1) if m else str(rng.choice([1, 50, 2000]))
        container[key] = f"{number} {rng.choice(UNITS)}"
    elif op == "extreme":
        x = rng.choice(EXTREMES)
        if isinstance(value, str):
            m = _QTY.match(value)
            container[key] = f"{x!r} {m.group(2) if m else ''}".strip()
        else:
            container[key] = x
    elif op == "unknown":
        target = value if isinstance(value, dict) else (container if isinstance(container, dict)
                                                        else d)
        target[rng.choice(["shares", "activty", "colour", "start_year", "__class__", "x"])] = 1
    elif op == "nest":
        container[key] = rng.choice([[copy.deepcopy(value)], {"value": copy.deepcopy(value)}])
    elif op == "extends":
        scen = d.get("scenario")
        if isinstance(scen, list) and scen and all(isinstance(s, dict) for s in scen):
            s = rng.choice(scen)
            s["extends"] = rng.choice([s.get("name", "x")] + [x.get("name", "x") for x in scen])
            other = rng.choice(scen)
            other["extends"] = s.get("name", "x")
    elif op == "refs":
        for table in ("scenario", "action", "target", "driver"):
            items = d.get(table)
            items = [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []
            if items:
                rng.choice(items)[rng.choice(["actions", "name", "extends", "from", "to",
                                              "source", "municipality", "relative_to"])] = \
                    rng.choice([rng.choice(NAMES), [rng.choice(NAMES)]])
    elif op in HOSTILE_OPS:
        _hostile(op, d, container, key, value, rng)
    else:
        top = [k for k in d if isinstance(d[k], (list, dict))]
        if top:
            del d[rng.choice(top)]
    return op


HOSTILE_OPS = ["number", "hostile_unit", "long", "control", "bool", "deep", "bignum", "many",
               "repeat", "provenance"]


def _hostile(op: str, d: dict, container, key, value, rng: random.Random) -> None:
    """Mutations of issue 14: number forms, units, sizes, text and types a user can give."""
    m = _QTY.match(value) if isinstance(value, str) else None
    unit = m.group(2) if m else rng.choice(UNITS)
    number = m.group(1) if m else str(rng.choice([1, 50, 2000]))
    if op == "number":
        container[key] = f"{rng.choice(HOSTILE_NUMBERS)} {unit}".strip()
    elif op == "hostile_unit":
        container[key] = f"{number} {rng.choice(HOSTILE_UNITS)}"
    elif op == "long":
        n = rng.choice([199, 201, 10_000, 100_000])
        container[key] = rng.choice([number * (n // max(1, len(number))) + " ha",
                                     f"{number} " + "ha*" * (n // 3) + "ha",
                                     "x" * n])
    elif op == "control":
        text = value if isinstance(value, str) else str(value)
        cut = rng.randrange(len(text) + 1)
        container[key] = text[:cut] + rng.choice(CONTROL) + text[cut:]
        if isinstance(container, dict) and rng.random() < 0.3:
            container[f"{key}{rng.choice(CONTROL)}"] = container.pop(key)
    elif op == "bool":
        container[key] = rng.choice([True, False])
    elif op == "deep":
        x = copy.deepcopy(value)
        for _ in range(rng.choice([11, 13, 40])):
            x = [x] if rng.random() < 0.5 else {"v": x}
        container[key] = x
    elif op == "bignum":
        container[key] = rng.choice([2**63 - 1, -2**63, 10**18, 2**53 + 1, 1e300, -1e300, 5e-324])
    elif op == "many":
        table = rng.choice(["scenario", "action", "target", "driver", "municipality"])
        items = d.get(table)
        if isinstance(items, list) and items and isinstance(items[0], dict):
            n = rng.choice([201, 2_001, 1_001])
            d[table] = items + [dict(items[0], name=f"x{i}", code=f"c{i}") for i in range(n)]
    elif op == "repeat":
        scen = d.get("scenario")
        if isinstance(scen, list) and scen and isinstance(scen[-1], dict):
            acts = scen[-1].get("actions") or ["heat_pumps"]
            scen[-1]["actions"] = list(acts) + list(acts)[:1] if isinstance(acts, list) else acts
    elif op == "provenance":
        meta = d.setdefault("plan", {})
        if isinstance(meta, dict):
            meta["provenance"] = {"start_from": "denmark"}


def _clean(obj):
    """TOML has no null; map None and keys TOML cannot hold to strings."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_clean(v) for v in obj if v is not None]
    return obj


def mutate_text(text: str, rng: random.Random) -> tuple[bytes, list[str]]:
    """A mutated plan file (bytes) and the mutations applied."""
    roll = rng.random()
    if roll < 0.04:
        return b"", ["empty"]
    if roll < 0.08:
        raw = text.encode()
        cut = rng.randrange(len(raw))
        return raw[:cut] + b"\xff\xfe\xc3" + raw[cut:], ["non_utf8"]
    if roll < 0.12:
        raw = text.encode()
        return raw[: rng.randrange(len(raw))], ["truncated"]
    if roll < 0.14:  # nesting deeper than any writer would (TOML parsers recurse)
        n = rng.choice([20, 1000, 5000])
        return (f"x = {'[' * n}{']' * n}\n" + text).encode(), ["deep_text"]
    if roll < 0.16:  # a byte-order mark, as Windows editors write: accepted
        return b"\xef\xbb\xbf" + text.encode(), ["bom"]
    d = tomllib.loads(text)
    ops = [_mutate_once(d, rng) for _ in range(rng.randint(1, 3))]
    try:
        return tomli_w.dumps(_clean(d)).encode(), ops
    except (TypeError, ValueError):  # a structure TOML cannot hold: write the original
        return text.encode(), ops + ["unwritable"]


@dataclass
class Outcome:
    cases: int = 0
    passed: int = 0
    rejected: int = 0
    messages: set[str] = field(default_factory=set)
    defects: list[tuple[str, str, bytes]] = field(default_factory=list)
    slowest: float = 0.0
    seconds: float = 0.0


class CaseTimeout(BaseException):
    """A case ran past its time limit (a BaseException, so no ``except Exception`` eats it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`CaseTimeout` in the running code after ``seconds`` (SIGALRM; main thread)."""
    if not seconds:
        yield
        return

    def expire(signum, frame):
        raise CaseTimeout(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def normalise(message: str) -> str:
    """A message with its values taken out, to count distinct kinds of message."""
    m = re.sub(r"'[^']*'|\"[^\"]*\"", "…", message)
    m = re.sub(r"\[\d+\]", "[i]", m)
    m = re.sub(r"-?\d+(\.\d+)?(e[-+]?\d+)?", "N", m)
    return m


_LINE = re.compile(r"error: (?P<file>.+?): (?P<field>[^\s:][^:]*?|\(plan\)): (?P<message>.+)$")


def check_file(path: Path, outcome: Outcome, ops: list[str], limit: float | None = None) -> None:
    """Run ``capf check`` on ``path`` and, when it passes, the projection; record defects.

    With ``limit`` (seconds) each case runs under a SIGALRM time limit: a case that
    does not finish in time is a defect (a hang), not a stuck test run.
    """
    import time

    t0 = time.perf_counter()
    try:
        with time_limit(limit):
            _check_file(path, outcome, ops)
    except CaseTimeout as exc:
        outcome.defects.append((",".join(ops), f"hang: {exc}", path.read_bytes()[:2000]))
    dt = time.perf_counter() - t0
    outcome.slowest = max(outcome.slowest, dt)
    outcome.seconds += dt


def _check_file(path: Path, outcome: Outcome, ops: list[str]) -> None:
    import capf
    from capf.cli import main

    err, out = io.StringIO(), io.StringIO()
    outcome.cases += 1
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out), \
                warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning on stderr would be a message without field
            code = main(["check", str(path)])
    except CaseTimeout:
        raise
    except BaseException as exc:  # noqa: BLE001 - anything escaping main is a defect
        outcome.defects.append((",".join(ops), f"{type(exc).__name__}: {exc}", path.read_bytes()))
        return
    lines = [x for x in err.getvalue().splitlines() if x.strip()]
    if code == 2:
        outcome.rejected += 1
        for line in lines:
            m = _LINE.match(line)
            if m is None or m["file"] != str(path) or "Traceback" in line:
                outcome.defects.append((",".join(ops), f"bad message: {line}", path.read_bytes()))
            outcome.messages.add(normalise(line.split(f"{path}: ", 1)[-1]))
        if not lines:
            outcome.defects.append((",".join(ops), "exit 2 without a message", path.read_bytes()))
        return
    if code != 0:
        outcome.defects.append((",".join(ops), f"exit {code}: {' | '.join(lines)}",
                                path.read_bytes()))
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # no overflow passes in silence
            plan = capf.load_plan(path)
            ds = capf.project(plan)
            table = capf.assess(ds, plan)
            capf.assess.gaps_by_sector(ds, plan)
            capf.assess.budgets(ds, plan)
            capf.assess.sector_test(ds, plan)
            capf.assess.monitoring(ds, plan)
            if any(a.investment is not None or a.operating is not None for a in plan.action):
                capf.assess.macc(ds, plan)
    except CaseTimeout:
        raise
    except capf.CapfError as exc:
        # an input problem found only when projecting or assessing: it must name a field
        # (the CLI adds the file)
        outcome.rejected += 1
        if not all(p.loc for p in exc.problems):
            outcome.defects.append((",".join(ops), f"error without a field: {exc}",
                                    path.read_bytes()))
        outcome.messages.add(normalise(str(exc)))
        return
    except BaseException as exc:  # noqa: BLE001
        outcome.defects.append((",".join(ops), f"{type(exc).__name__} after check passed: {exc}",
                                path.read_bytes()))
        return
    if not (np.isfinite(ds.emissions.values).all() and np.isfinite(ds.co2e.values).all()):
        outcome.defects.append((",".join(ops), "non-finite result", path.read_bytes()))
        return
    nums = table.select_dtypes("number")
    finite_or_empty = nums.apply(lambda c: c.isna() | np.isfinite(c.astype(float)))
    if not finite_or_empty.all(axis=None):
        outcome.defects.append((",".join(ops), "non-finite target table", path.read_bytes()))
        return
    outcome.passed += 1


def fuzz(files: list[Path], n: int, seed: int, workdir: Path,
         limit: float | None = None) -> Outcome:
    """Run ``n`` mutated cases over ``files`` (seeded) and return what happened.

    ``limit``: seconds each case may take (in-process, SIGALRM); none by default.
    """
    rng = random.Random(seed)
    outcome = Outcome()
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    for i in range(n):
        name, text = rng.choice(texts)
        data, ops = mutate_text(text, rng)
        path = workdir / f"case_{i:05d}_{name}"
        path.write_bytes(data)
        check_file(path, outcome, ops, limit)
        path.unlink()
    return outcome
