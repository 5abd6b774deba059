"""Progress bars for long runs (tqdm), silent when nobody is watching."""

from __future__ import annotations

import contextlib
import sys

__all__ = ["bar", "wanted", "callback"]


def wanted(quiet: bool = False, stream=None) -> bool:
    """True when a progress bar helps: not asked to be quiet and writing to a terminal."""
    stream = stream or sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


@contextlib.contextmanager
def bar(total: int, desc: str, *, enabled: bool = True, unit: str = "action"):
    """A context giving ``update(done, total)``; a tqdm bar (notebook-aware) when enabled.

    ``unit`` is what ``total`` counts (``action``, ``sample``), shown as e.g. ``sample/s``."""
    if not enabled or total <= 0:
        yield lambda done, total: None
        return
    from tqdm.auto import tqdm

    with tqdm(total=total, desc=desc, unit=unit, leave=False) as t:
        def update(done: int, _total: int) -> None:
            t.n = done
            t.refresh()

        yield update


@contextlib.contextmanager
def callback(progress, total: int, desc: str, unit: str = "action"):
    """The ``progress=`` argument of the API as a callable or None: ``True`` draws a bar."""
    if progress is True:
        with bar(total, desc, unit=unit) as update:
            yield update
    else:
        yield progress if callable(progress) else None
