"""A small SVG renderer for the report's figures: scales, ticks, texts, paths, legends.

The report's figures are written as inline SVG (:mod:`capf.report._svgfig`) instead of
being drawn by matplotlib: vector figures that scale to the column (``viewBox``), print
sharply, keep their texts as real ``<text>`` (selectable, searchable, Danish letters) and
cost a few milliseconds each. Nothing here measures fonts: the extent of a text is
*estimated* from a fixed table of advance widths (:data:`_WIDTHS`: the Helvetica/Arial
metrics, in 1/1000 em, which Liberation Sans shares), and every figure names those fonts
first (:data:`FONT`), so the estimate holds where one of them is installed; a wider
fallback font is covered by :data:`SLACK`. Coordinates are in the ``viewBox``'s units
(about CSS pixels at a 760-unit wide figure).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from markupsafe import escape

__all__: list[str] = []

#: The figures' font: Arial/Helvetica metrics (Liberation Sans is metric-compatible).
FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"
#: Extra room left around estimated texts, for a fallback font a little wider.
SLACK = 1.08
#: Advance widths of the Helvetica/Arial glyphs, 1/1000 em (the fonts' AFM metrics).
_WIDTHS: dict[str, int] = {
    **dict.fromkeys(" !,./:;I[\\]ft", 278), **dict.fromkeys("0123456789#$_?aebdghnopqu", 556),
    **dict.fromkeys("ijl", 222), **dict.fromkeys("ckszvxy", 500), "r": 333, "m": 833, "w": 722,
    **dict.fromkeys("()-`", 333), '"': 355, "%": 889, "&": 667, "'": 191, "*": 389,
    **dict.fromkeys("+<=>~", 584), "@": 1015, **dict.fromkeys("ABEKPSVXY", 667),
    **dict.fromkeys("CDHNRU", 722), **dict.fromkeys("FTZ", 611), **dict.fromkeys("GOQ", 778),
    "J": 500, "L": 556, "M": 833, "W": 944, "^": 469, "{": 334, "}": 334, "|": 260,
    "æ": 889, "ø": 611, "å": 556, "Æ": 1000, "Ø": 778, "Å": 667, "é": 556, "ö": 556,
    "ä": 556, "ü": 556, "–": 556, "—": 1000, "×": 584, "·": 278, "…": 1000, "\u00a0": 278,
}
_DEFAULT_WIDTH = 611  # a glyph not in the table: a wide letter's width


def text_width(s: str, size: float) -> float:
    """Estimated width of ``s`` at font size ``size`` (see :data:`_WIDTHS`)."""
    return sum(_WIDTHS.get(c, _DEFAULT_WIDTH) for c in s) * size / 1000.0


def fit(s: str, size: float, width: float) -> str:
    """``s`` shortened with "…" until its estimated extent (with :data:`SLACK`) fits."""
    if text_width(s, size) * SLACK <= width:
        return s
    while len(s) > 1 and text_width(s + "…", size) * SLACK > width:
        s = s[:-1]
    return s.rstrip() + "…"


def nice_ticks(lo: float, hi: float, n: int = 6, steps: Sequence[float] = (1, 2, 2.5, 5, 10),
               integer: bool = False) -> tuple[list[float], float]:
    """At most ``n`` round ticks in [lo, hi] (step 1, 2, 2.5 or 5 × a power of ten)."""
    span = hi - lo
    if not math.isfinite(span) or span <= 0:
        return [lo], 1.0
    raw = span / max(n - 1, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next((s * mag for s in steps if s * mag >= raw * (1 - 1e-9)), 10 * mag)
    if integer:
        step = max(1.0, round(step))
    first = math.ceil(lo / step - 1e-9)
    ticks = [k * step for k in range(first, int(math.floor(hi / step + 1e-9)) + 1)]
    return [0.0 if abs(v) < step * 1e-9 else v for v in ticks], step


def step_digits(step: float) -> int:
    """Decimals a tick step needs (0-3): 2.5 -> 1, 0.25 -> 2, 100 -> 0."""
    return next((d for d in range(4) if abs(round(step, d) - step) <= 1e-9 * max(1, step)), 3)


class Scale:
    """A linear map from data ``[lo, hi]`` to pixels ``[a, b]``."""

    def __init__(self, lo: float, hi: float, a: float, b: float):
        self.lo, self.hi, self.a, self.b = lo, hi, a, b
        self._k = (b - a) / (hi - lo) if hi != lo else 0.0

    def __call__(self, v):
        return self.a + (np.asarray(v, float) - self.lo) * self._k

    def inverse(self, p):
        """Data value at pixel ``p``."""
        return self.lo + (np.asarray(p, float) - self.a) / self._k


def _f(v: float) -> str:
    """A coordinate with at most one decimal."""
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _points(xs, ys) -> list[list[tuple[float, float]]]:
    """Runs of finite points (a NaN ends a run)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(np.asarray(xs, float).tolist(), np.asarray(ys, float).tolist(), strict=True):
        if math.isfinite(x) and math.isfinite(y):
            runs[-1].append((x, y))
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def line_path(xs, ys) -> str:
    """SVG path data of a polyline in pixels, broken at NaN."""
    return " ".join("M" + " L".join(f"{_f(x)},{_f(y)}" for x, y in run)
                    for run in _points(xs, ys))


def band_path(xs, y0, y1) -> str:
    """SVG path data of the area between two lines in pixels (where both are finite)."""
    xs, y0, y1 = (np.asarray(v, float) for v in (xs, y0, y1))
    ok = np.isfinite(xs) & np.isfinite(y0) & np.isfinite(y1)
    out, i = [], 0
    while i < xs.size:
        if not ok[i]:
            i += 1
            continue
        j = i
        while j < xs.size and ok[j]:
            j += 1
        top = [f"{_f(x)},{_f(y)}" for x, y in zip(xs[i:j], y1[i:j], strict=True)]
        bottom = [f"{_f(x)},{_f(y)}" for x, y in zip(xs[i:j][::-1], y0[i:j][::-1], strict=True)]
        out.append("M" + " L".join(top + bottom) + " Z")
        i = j
    return " ".join(out)


def hatch_path(xs, y0, y1) -> str:
    """Diagonal hatching of a band: in each step between two x the diagonal of the band's
    trapezoid and two shorter strokes (inside it: it is convex, its sides vertical)."""
    xs, y0, y1 = (np.asarray(v, float) for v in (xs, y0, y1))
    out = []
    for i in range(xs.size - 1):
        a, b = slice(i, i + 2), (y0[i:i + 2], y1[i:i + 2])
        if not (np.isfinite(xs[a]).all() and np.isfinite(b[0]).all() and np.isfinite(b[1]).all()):
            continue
        xm, lm, um = (xs[i] + xs[i + 1]) / 2, (y0[i] + y0[i + 1]) / 2, (y1[i] + y1[i + 1]) / 2
        out.append(f"M{_f(xs[i])},{_f(y0[i])} L{_f(xs[i + 1])},{_f(y1[i + 1])}")
        out.append(f"M{_f(xm)},{_f(lm)} L{_f(xs[i + 1])},{_f((y0[i + 1] + y1[i + 1]) / 2)}")
        out.append(f"M{_f(xs[i])},{_f((y0[i] + y1[i]) / 2)} L{_f(xm)},{_f(um)}")
    return " ".join(out)


def marker_path(x: float, y: float, shape: str, size: float) -> str:
    """Path data of a marker (``o s D ^ v P X``) of ``size`` pixels centred at (x, y)."""
    r = size / 2
    if shape == "o":
        return (f"M{_f(x - r)},{_f(y)} a{_f(r)},{_f(r)} 0 1,0 {_f(2 * r)},0 "
                f"a{_f(r)},{_f(r)} 0 1,0 {_f(-2 * r)},0 Z")
    if shape == "s":
        pts = [(-r, -r), (r, -r), (r, r), (-r, r)]
    elif shape == "D":
        pts = [(0, -r * 1.2), (r, 0), (0, r * 1.2), (-r, 0)]
    elif shape == "^":
        pts = [(0, -r), (r, r * 0.8), (-r, r * 0.8)]
    elif shape == "v":
        pts = [(0, r), (r, -r * 0.8), (-r, -r * 0.8)]
    else:  # a plus (P) or a cross (X): twelve corners
        a, b = r, r / 3
        pts = [(-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b), (b, a), (-b, a), (-b, b),
               (-a, b), (-a, -b), (-b, -b)]
        if shape == "X":
            c = math.sqrt(0.5)
            pts = [((px - py) * c, (px + py) * c) for px, py in pts]
    return "M" + " L".join(f"{_f(x + dx)},{_f(y + dy)}" for dx, dy in pts) + " Z"


def _dash(style: dict) -> str:
    ls = style.get("linestyle")
    w = float(style.get("linewidth", 1.0))
    if ls == "--":
        return f' stroke-dasharray="{_f(4 * w + 2)},{_f(2 * w + 1.5)}"'
    if ls == ":":
        return f' stroke-dasharray="{_f(w)},{_f(1.6 * w + 1)}"'
    return ""


class Canvas:
    """SVG elements of one figure, ``width`` × ``height`` units, with its accessible title.

    ``uid`` names the figure (``id``) uniquely in the report. No ids are referred to:
    the report has no ``url(...)`` at all (hatching is drawn as lines, not a pattern).
    """

    def __init__(self, width: float, height: float, title: str, uid: str):
        self.width, self.height, self.title, self.uid = width, height, title, uid
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        """Append raw SVG markup (escaped by the caller)."""
        self.parts.append(element)

    def open(self, gid: str | None = None, cls: str | None = None) -> None:
        """Start a group (``data-gid``: the data series it draws)."""
        attrs = f' data-gid="{escape(gid)}"' if gid else ""
        attrs += f' class="{cls}"' if cls else ""
        self.parts.append(f"<g{attrs}>")

    def close(self) -> None:
        """End a group."""
        self.parts.append("</g>")

    def text(self, x: float, y: float, s: str, size: float, anchor: str = "start",
             colour: str = "#1a1a1a", weight: str | None = None, rotate: bool = False,
             cls: str = "t") -> None:
        """A text with its baseline at (x, y) (``rotate``: upwards, centred at x, y)."""
        extra = f' font-weight="{weight}"' if weight else ""
        extra += f' transform="rotate(-90 {_f(x)} {_f(y)})"' if rotate else ""
        fill = "" if colour == "#1a1a1a" else f' fill="{colour}"'
        self.parts.append(f'<text class="{cls}" x="{_f(x)}" y="{_f(y)}" font-size="{size:g}"'
                          f' text-anchor="{anchor}"{fill}{extra}>{escape(s)}</text>')

    def path(self, d: str, stroke: str | None = None, width: float = 1.0,
             fill: str = "none", opacity: float | None = None, style: dict | None = None) -> None:
        """A path (``style``: linestyle/linewidth for the dashes)."""
        attrs = f' fill="{fill}"'
        if stroke:
            attrs += f' stroke="{stroke}" stroke-width="{width:g}" stroke-linejoin="round"'
            attrs += _dash(style or {})
        if opacity is not None:
            attrs += f' fill-opacity="{opacity:g}"'
        self.parts.append(f'<path d="{d}"{attrs}/>')

    def render(self) -> str:
        """The ``<svg>`` element: ``role="img"``, its title, a ``viewBox`` and no size."""
        title = escape(self.title)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" id="{self.uid}" class="fig" role="img" '
                f'aria-label="{title}" viewBox="0 0 {_f(self.width)} {_f(self.height)}" '
                f'font-family="{FONT}"><title>{title}</title>'
                f'<rect width="100%" height="100%" fill="#ffffff"/>'
                + "".join(self.parts) + "</svg>")


class Axes:
    """One plot area of a canvas: scales, grid, ticks, axis labels; draws :class:`Series`."""

    def __init__(self, canvas: Canvas, box: tuple[float, float, float, float],
                 xlim: tuple[float, float], ylim: tuple[float, float],
                 xticks: list[float], yticks: list[float],
                 xfmt: Callable[[float], str], yfmt: Callable[[float], str]):
        self.canvas, self.box = canvas, box
        x0, y0, x1, y1 = box  # left, top, right, bottom
        self.x, self.y = Scale(*xlim, x0, x1), Scale(*ylim, y1, y0)
        self.xticks, self.yticks, self.xfmt, self.yfmt = xticks, yticks, xfmt, yfmt

    def frame(self, size: float, xlabels: bool = True) -> None:
        """Grid lines at the y ticks, the left and bottom spines, tick marks and labels."""
        c, (x0, y0, x1, y1) = self.canvas, self.box
        c.open(cls="axes")
        grid = " ".join(f"M{_f(x0)},{_f(float(self.y(v)))} H{_f(x1)}" for v in self.yticks)
        if grid:
            c.path(grid, "#dddddd", 0.6)
        c.path(f"M{_f(x0)},{_f(y0)} V{_f(y1)} H{_f(x1)}", "#333333", 0.8)
        marks = " ".join(f"M{_f(x0 - 3.5)},{_f(float(self.y(v)))} h3.5" for v in self.yticks)
        if xlabels:
            marks += " " + " ".join(f"M{_f(float(self.x(v)))},{_f(y1)} v3.5"
                                    for v in self.xticks)
        c.path(marks, "#333333", 0.8)
        for v in self.yticks:
            c.text(x0 - 6, float(self.y(v)) + size * 0.35, self.yfmt(v), size, "end",
                   cls="tick")
        if xlabels:
            for v in self.xticks:
                c.text(float(self.x(v)), y1 + 5 + size, self.xfmt(v), size, "middle",
                       cls="tick")
        c.close()

    def draw(self, series) -> None:
        """Each series in order, in a group with its ``data-gid``."""
        c = self.canvas
        x0, _, x1, _ = self.box
        for s in series:
            c.open(s.gid)
            st = s.style
            if s.kind == "line":
                c.path(line_path(self.x(s.x), self.y(s.y)), s.colour,
                       float(st.get("linewidth", 1.5)), style=st)
            elif s.kind == "hline":
                y = _f(float(self.y(s.y[0])))
                c.path(f"M{_f(x0)},{y} H{_f(x1)}", s.colour, float(st.get("linewidth", 1.0)),
                       style=st)
            elif s.kind == "band":
                d = band_path(self.x(s.x), self.y(s.base), self.y(s.y))
                c.path(d, fill=s.colour, opacity=float(st.get("alpha", 1.0)))
                if st.get("hatch"):
                    c.path(hatch_path(self.x(s.x), self.y(s.base), self.y(s.y)),
                           st.get("edgecolor", "#ffffff"), 1.0)
            elif s.kind in ("marker", "errorbar"):
                self._markers(s)
            elif s.kind == "bar":
                xa, xb = float(self.x(s.x[0])), float(self.x(s.x[0] + s.meta["width"]))
                ya, yb = sorted((float(self.y(0.0)), float(self.y(s.y[0]))))
                c.add(f'<rect x="{_f(xa)}" y="{_f(ya)}" width="{_f(max(xb - xa, 0.0))}" '
                      f'height="{_f(yb - ya)}" fill="{s.colour}" stroke="#ffffff" '
                      'stroke-width="1"/>')
            c.close()

    def _markers(self, s) -> None:
        c, st = self.canvas, s.style
        size = float(st.get("markersize", 6)) * 1.35  # points at 110 dpi -> units
        xs, ys = self.x(s.x), self.y(s.y)
        if s.kind == "errorbar":
            lo, hi = self.y(s.meta["lo"]), self.y(s.meta["hi"])
            d = " ".join(f"M{_f(x)},{_f(a)} V{_f(b)} M{_f(x - 4)},{_f(a)} h8 "
                         f"M{_f(x - 4)},{_f(b)} h8"
                         for x, a, b in zip(xs.tolist(), lo.tolist(), hi.tolist(), strict=True)
                         if math.isfinite(a) and math.isfinite(b))
            c.path(d, s.colour, 1.2)
        d = " ".join(marker_path(x, y, st.get("marker", "o"), size)
                     for x, y in zip(xs.tolist(), ys.tolist(), strict=True)
                     if math.isfinite(x) and math.isfinite(y))
        c.path(d, s.colour, float(st.get("markeredgewidth", 1.2)) * 1.2, fill="#ffffff")


def swatch(canvas: Canvas, x: float, y: float, s) -> None:
    """The legend's sample of series ``s``, 22 × 10 units, its left middle at (x, y)."""
    st = s.style
    if s.kind == "band" or s.kind == "bar":
        canvas.add(f'<rect x="{_f(x)}" y="{_f(y - 5)}" width="22" height="10" '
                   f'fill="{s.colour}" fill-opacity="{float(st.get("alpha", 1.0)):g}"/>')
        if st.get("hatch"):
            canvas.path(" ".join(f"M{_f(x + k)},{_f(y + 5)} l6,-10" for k in (0, 8, 16)),
                        st.get("edgecolor", "#ffffff"), 1.0)
    elif s.kind in ("marker", "errorbar"):
        if s.kind == "errorbar":
            canvas.path(f"M{_f(x + 11)},{_f(y - 6)} V{_f(y + 6)}", s.colour, 1.2)
        size = float(st.get("markersize", 6)) * 1.35
        canvas.path(marker_path(x + 11, y, st.get("marker", "o"), size), s.colour,
                    float(st.get("markeredgewidth", 1.2)) * 1.2, fill="#ffffff")
    else:
        canvas.path(f"M{_f(x)},{_f(y)} h22", s.colour, float(st.get("linewidth", 1.5)),
                    style=st)


def _columns(entries: list, size: float, width: float | None) -> tuple[int, float]:
    """Columns of a legend within ``width`` (None: one) and their width."""
    widths = [28 + text_width(label, size) * SLACK for _, label in entries]
    colw = max(widths, default=0.0)
    if width is None:
        return 1, colw
    cols = max(1, min(len(widths), int((width + 14) // (colw + 14))))
    return cols, colw


def legend(canvas: Canvas, x: float, y: float, entries: list, size: float,
           width: float | None = None) -> float:
    """Legend entries ``(series, label)`` from (x, y) down: one column, or as many aligned
    columns as fit in ``width`` (row by row). Returns the height used."""
    line = size * 1.45
    cols, colw = _columns(entries, size, width)
    for k, (s, label) in enumerate(entries):
        r, c = divmod(k, cols)
        cx, cy = x + c * (colw + 14), y + line / 2 + r * line
        canvas.open(s.gid, cls="legend")
        swatch(canvas, cx, cy, s)
        canvas.text(cx + 28, cy + size * 0.35, label, size, cls="legend-label")
        canvas.close()
    return legend_size(entries, size, width)[1]


def legend_size(entries: list, size: float, width: float | None = None) -> tuple[float, float]:
    """Width and height :func:`legend` takes."""
    if not entries:
        return 0.0, 0.0
    cols, colw = _columns(entries, size, width)
    rows = -(-len(entries) // cols)
    return cols * colw + (cols - 1) * 14, size * 1.45 * rows
