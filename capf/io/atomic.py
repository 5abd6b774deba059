"""Writing outputs so that an error never leaves a half-written result.

Every file is first written to a temporary name in the target directory; only
when all files of a run are complete are they renamed into place
(``os.replace``, atomic on one file system). On any error the temporary files
are removed and the previous results stay as they were.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from ..errors import OutputError

__all__ = ["AtomicWriter"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicWriter:
    """Collect files for a directory and move them into place together.

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

    def __enter__(self) -> "AtomicWriter":
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
        """Write ``name`` (a plain file name) with ``writer(temp_path)``."""
        if os.sep in name or (os.altsep and os.altsep in name) or name in ("", ".", ".."):
            raise OutputError(f"refusing output name {name!r}: a plain file name is expected",
                              field="--out")
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.directory)
        os.close(fd)
        tmp_path = Path(tmp)
        try:
            writer(tmp_path)
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise
        self._pending.append((tmp_path, self.directory / name))

    def digests(self) -> dict[str, str]:
        """SHA-256 of every file written so far, by final name."""
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
        if exc_type is not None:
            for tmp, _ in self._pending:
                tmp.unlink(missing_ok=True)
            self._pending.clear()
            return
        mode = 0o666 & ~_umask()
        for tmp, final in self._pending:
            os.chmod(tmp, mode)  # mkstemp creates 0600; give the file the usual permissions
            os.replace(tmp, final)
        self._pending.clear()
