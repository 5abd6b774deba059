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
import tomllib
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
                     "extends", "refs", "drop_table"])
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
    else:
        top = [k for k in d if isinstance(d[k], (list, dict))]
        if top:
            del d[rng.choice(top)]
    return op


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


def normalise(message: str) -> str:
    """A message with its values taken out, to count distinct kinds of message."""
    m = re.sub(r"'[^']*'|\"[^\"]*\"", "…", message)
    m = re.sub(r"\[\d+\]", "[i]", m)
    m = re.sub(r"-?\d+(\.\d+)?(e[-+]?\d+)?", "N", m)
    return m


def check_file(path: Path, outcome: Outcome, ops: list[str]) -> None:
    """Run ``capf check`` on ``path`` and, when it passes, the projection; record defects."""
    import capf
    from capf.cli import main

    err, out = io.StringIO(), io.StringIO()
    outcome.cases += 1
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(["check", str(path)])
    except BaseException as exc:  # noqa: BLE001 - anything escaping main is a defect
        outcome.defects.append((",".join(ops), f"{type(exc).__name__}: {exc}", path.read_bytes()))
        return
    lines = [x for x in err.getvalue().splitlines() if x.strip()]
    if code == 2:
        outcome.rejected += 1
        for line in lines:
            if not line.startswith(f"error: {path}: ") or "Traceback" in line:
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
        plan = capf.load_plan(path)
        ds = capf.project(plan)
        table = capf.assess(ds, plan)
        capf.pathways.gaps_by_sector(ds, plan)
        capf.pathways.budgets(ds, plan)
        capf.pathways.sector_test(ds, plan)
        capf.pathways.monitoring(ds, plan)
    except capf.CapfError as exc:
        # an input problem found only when assessing: acceptable if it is a capf error
        outcome.rejected += 1
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


def fuzz(files: list[Path], n: int, seed: int, workdir: Path) -> Outcome:
    """Run ``n`` mutated cases over ``files`` (seeded) and return what happened."""
    rng = random.Random(seed)
    outcome = Outcome()
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    for i in range(n):
        name, text = rng.choice(texts)
        data, ops = mutate_text(text, rng)
        path = workdir / f"case_{i:05d}_{name}"
        path.write_bytes(data)
        check_file(path, outcome, ops)
        path.unlink()
    return outcome
