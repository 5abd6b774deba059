"""Progress bars for long runs (tqdm), silent when nobody is watching."""

from __future__ import annotations

import contextlib
import sys

__all__ = ["bar", "wanted", "callback"]


def wanted(quiet: bool = False, stream=None) -> bool:
    """True when a progress bar helps: not asked to be quiet and writing to a terminal.

    Parameters
    ----------
    quiet : bool, default False
        Asked for no output (``--quiet``).
    stream : file-like, optional
        Where the bar would be drawn; standard error by default.

    Returns
    -------
    bool

    Examples
    --------
    >>> import io
    >>> wanted(stream=io.StringIO()), wanted(quiet=True)
    (False, False)
    """
    stream = stream or sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


@contextlib.contextmanager
def bar(total: int, desc: str, *, enabled: bool = True, unit: str = "action"):
    """A context giving ``update(done, total)``; a tqdm bar (notebook-aware) when enabled.

    Parameters
    ----------
    total : int
        How many steps the run has (a count of ``unit``).
    desc : str
        The label before the bar.
    enabled : bool, default True
        False (or ``total <= 0``) gives an ``update`` that does nothing.
    unit : str, default "action"
        What ``total`` counts (``action``, ``sample``), shown as e.g. ``sample/s``.

    Yields
    ------
    callable
        ``update(done, total)``, to call after each step.

    Examples
    --------
    >>> with bar(3, "projecting", enabled=False) as update:
    ...     for done in range(1, 4):
    ...         update(done, 3)
    """
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
    """The ``progress=`` argument of the API as a callable or None: ``True`` draws a bar.

    Parameters
    ----------
    progress : bool or callable or None
        ``True`` for a tqdm bar, a callable ``progress(done, total)`` to call as it is, or
        ``None``/``False`` for nothing.
    total : int
        How many steps the run has (a count of ``unit``).
    desc : str
        The label before the bar.
    unit : str, default "action"
        What ``total`` counts.

    Yields
    ------
    callable or None
        ``update(done, total)``, or None when nothing is to be reported.

    Examples
    --------
    >>> seen = []
    >>> with callback(lambda done, total: seen.append(done), 2, "samples") as update:
    ...     update(1, 2)
    >>> seen
    [1]
    >>> with callback(None, 2, "samples") as update:
    ...     print(update)
    None
    """
    if progress is True:
        with bar(total, desc, unit=unit) as update:
            yield update
    else:
        yield progress if callable(progress) else None
