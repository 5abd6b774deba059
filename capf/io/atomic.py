"""Several files put into an existing folder together, beside the files already there.

:class:`AtomicWriter` is a thin wrapper over the machinery of
:mod:`capf.io.transaction`: each file is written like :func:`capf.io.atomic_file`
(a temporary file beside it, flushed to disk), and only when all files are complete
are they renamed into place (``os.replace``, atomic per file on one file system). On
any error the temporary files are removed and the earlier files stay as they were.

Unlike :class:`capf.io.OutputTransaction` (a whole output folder replaced at once,
what ``capf run`` writes), the folder's other files are left alone (``capf report``
and ``capf catalogue --csv``); it takes no lock: ``capf report`` holds a
:class:`capf.io.OutputLock` around it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Self

from ..errors import OutputError
from .transaction import _place, _stage_file

__all__ = ["AtomicWriter"]


class AtomicWriter:
    """Collect files for a directory and move them into place together.

    Parameters
    ----------
    directory : str or os.PathLike
        The folder to write into; created (with its parents) if missing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with AtomicWriter(d) as w:
    ...     w.write("a.txt", lambda p: p.write_text("hello"))
    >>> (d / "a.txt").read_text()
    'hello'
    """

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        self._pending: list[tuple[Path, Path]] = []

    def __enter__(self) -> Self:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create output directory {self.directory}: "
                              f"{exc.strerror or exc}", field="--out") from None
        if not os.access(self.directory, os.W_OK):
            raise OutputError(f"output directory {self.directory} is not writable",
                              field="--out")
        return self

    def write(self, name: str, writer: Callable[[Path], None]) -> None:
        """Write ``name`` with ``writer(temp_path)``; it is put in place on a normal exit.

        Parameters
        ----------
        name : str
            A plain file name inside the directory (no folder part).
        writer : callable
            ``writer(temporary_path)`` writes the file's content.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> with AtomicWriter(d) as w:
        ...     w.write("b.txt", lambda p: p.write_text("x"))
        ...     sorted(w.digests())
        ['b.txt']
        """
        if os.sep in name or (os.altsep and os.altsep in name) or name in ("", ".", ".."):
            raise OutputError(f"refusing output name {name!r}: a plain file name is expected",
                              field="--out")
        final = self.directory / name
        self._pending.append((_stage_file(final, writer), final))

    def digests(self) -> dict[str, str]:
        """SHA-256 of every file written so far, by final name.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with AtomicWriter(pathlib.Path(tempfile.mkdtemp())) as w:
        ...     w.write("a.txt", lambda p: p.write_bytes(b""))
        ...     w.digests()["a.txt"][:12]
        'e3b0c44298fc'
        """
        import hashlib

        out = {}
        for tmp, final in self._pending:
            h = hashlib.sha256()
            with open(tmp, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            out[final.name] = h.hexdigest()
        return out

    def __exit__(self, exc_type, exc, tb) -> None:
        pending, self._pending = self._pending, []
        if exc_type is not None:
            for tmp, _ in pending:
                tmp.unlink(missing_ok=True)
            return
        for i, (tmp, final) in enumerate(pending):
            try:
                _place(tmp, final)
            except BaseException:
                for later, _ in pending[i + 1:]:
                    later.unlink(missing_ok=True)
                raise
