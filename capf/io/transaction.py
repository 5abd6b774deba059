"""One output folder written as a whole: a reader never sees files of two runs.

:class:`OutputTransaction` writes every output of a run into a fresh temporary
folder beside the output folder ``OUT`` (same file system) and, when all are
written and flushed to disk, makes it visible at once:

- on Linux, ``renameat2(RENAME_EXCHANGE)`` swaps the new folder and ``OUT`` in
  one atomic step; the old folder is then removed;
- elsewhere (or on a file system without it) ``OUT`` is renamed to
  ``.OUT.capf-old-*`` and the new folder to ``OUT``; a run killed between the
  two renames is repaired by the next one (the old folder is put back).

So ``OUT`` holds exactly one run's files: files of an earlier run that the new
one does not write are gone. A lock (``fcntl.flock`` on ``.OUT.lock`` beside
``OUT``) is held from start to end; a second run into the same folder is
refused with :class:`~capf.errors.OutputError`. Temporary folders left by a
killed run (``.OUT.capf-*``) are removed by the next run into ``OUT``: it holds
the lock, so the run that made them is over.

``OUT`` is replaced as a whole, so it must be new, empty or a folder capf wrote
(it has ``manifest.json``, or every entry is a sub-folder with one: a run of
several plans); any other folder is refused rather than emptied. capf never
follows a symbolic link inside ``OUT``. ``OUT`` itself may be a link to a folder
(the folder it names is written); a dangling link is refused.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "results"
>>> with OutputTransaction(out) as tx:
...     _ = tx.write("a.txt", lambda p: p.write_text("hello"))
...     _ = tx.write("plan/b.txt", lambda p: p.write_text("world"))
>>> sorted(str(p.relative_to(out)) for p in out.rglob("*"))
['a.txt', 'plan', 'plan/b.txt']
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Self

from ..errors import OutputError

__all__ = ["OutputLock", "OutputTransaction", "atomic_file"]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - old glibc or musl
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_renameat2 = _load_renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_path(path: Path, directory: bool = False) -> None:
    fd = os.open(path, (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if directory
                 else os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:  # pragma: no cover - some file systems refuse fsync on folders
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _settle(path: Path) -> str:
    """Flush ``path`` to disk and return its SHA-256 (hex): what a transaction does with each
    file once written. Both release the GIL (``hashlib`` on large chunks, ``os.fsync``)."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY)
    try:
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        os.fsync(fd)
    finally:
        os.close(fd)
    return h.hexdigest()


def _remove(path: Path) -> None:
    """Remove a file, link or folder without following links."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _resolve_out(out: Path) -> Path:
    """The folder to write: ``out``, or the folder a link at ``out`` names."""
    out = Path(os.path.abspath(out))
    if out.is_symlink():
        target = Path(os.path.realpath(out))
        if not target.exists():
            raise OutputError(f"output folder {out} is a symbolic link to {os.readlink(out)}, "
                              "which does not exist; create that folder or give another --out")
        out = target
    if out.parent == out:
        raise OutputError(f"output folder {out} is a file-system root; give a folder inside it")
    return out


class OutputLock:
    """An exclusive lock on the output folder ``out`` (``.<name>.lock`` beside it).

    Refuses at once (:class:`~capf.errors.OutputError`) when another process
    holds it. The lock file is removed on release.

    Parameters
    ----------
    out : str or os.PathLike
        The output folder to lock (it need not exist; its parent is created).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> with OutputLock(out) as lock:
    ...     lock.path.name
    '.report.lock'
    >>> lock.path.exists()
    False
    """

    def __init__(self, out: str | os.PathLike):
        self.out = _resolve_out(Path(out))
        self.path = self.out.parent / f".{self.out.name}.lock"
        self._fd: int | None = None

    def __enter__(self) -> Self:
        import fcntl

        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the folder {self.out.parent} of output folder "
                              f"{self.out}: {exc.strerror or exc}") from None

        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        for _ in range(100):
            try:
                fd = os.open(self.path, flags, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot create the lock file {self.path} of output folder "
                                  f"{self.out}: {exc.strerror or exc}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                try:
                    holder = os.read(fd, 64).decode("ascii", "replace").strip()
                finally:
                    os.close(fd)
                who = f" (process {holder})" if holder else ""
                raise OutputError(f"another capf run{who} is writing to {self.out} (lock "
                                  f"{self.path}); wait until it has finished or give another "
                                  "--out") from None
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if same:  # not a lock file its previous holder removed meanwhile
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                self._fd = fd
                return self
            os.close(fd)
        raise OutputError(f"cannot lock output folder {self.out}: the lock file {self.path} "
                          "keeps changing")  # pragma: no cover

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            try:
                self.path.unlink(missing_ok=True)
            finally:
                os.close(self._fd)  # closing releases the lock
                self._fd = None


class OutputTransaction:
    """Write a whole output folder: all files of the run or none of them.

    Parameters
    ----------
    out : str or os.PathLike
        The output folder. Missing parent folders are created.

    Use as a context manager; :meth:`write` each file (a relative path: a file
    name, or ``<sub-folder>/<file name>``). On a normal exit the new folder
    replaces ``out`` as a whole; on an error (or a signal turned into
    ``KeyboardInterrupt``) it is removed and ``out`` stays as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with OutputTransaction(out) as tx:
    ...     tx.write("manifest.json", lambda p: p.write_text("{}")).name
    'manifest.json'
    >>> try:
    ...     with OutputTransaction(out) as tx:
    ...         _ = tx.write("b.txt", lambda p: p.write_text("half"))
    ...         raise OSError("disk full")
    ... except OSError:
    ...     pass
    >>> sorted(p.name for p in out.iterdir())  # as the first run left it
    ['manifest.json']
    """

    _TAG = "capf-"

    def __init__(self, out: str | os.PathLike):
        self.requested = Path(out)
        self.out: Path | None = None
        self.staging: Path | None = None
        self._lock: OutputLock | None = None
        self._written: list[PurePosixPath] = []
        # each written file is flushed and hashed on one worker thread, while the run goes
        # on formatting the next (issue 20); the commit waits for all of them
        self._settled: dict[PurePosixPath, Future[str]] = {}
        self._pool: ThreadPoolExecutor | None = None

    def _out(self) -> Path:
        """The output folder (set on entering the transaction)."""
        if self.out is None:
            raise OutputError("the output transaction is not open")
        return self.out

    def _staging(self) -> Path:
        """The staging folder (set on entering, cleared on commit or clean-up)."""
        if self.staging is None:
            raise OutputError("the output transaction is not open")
        return self.staging

    # -- set-up -------------------------------------------------------------------------
    def __enter__(self) -> Self:
        out = _resolve_out(self.requested)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the folder {out.parent} of output folder {out}: "
                              f"{exc.strerror or exc}") from None
        self.out = out
        self._lock = OutputLock(out)
        self._lock.__enter__()
        try:
            self._recover()
            self._check_replaceable()
            try:
                staging = tempfile.mkdtemp(prefix=f".{out.name}.{self._TAG}new-", dir=out.parent)
            except OSError as exc:
                raise OutputError(f"cannot write beside output folder {out} (in {out.parent}): "
                                  f"{exc.strerror or exc}") from None
            self.staging = Path(staging)
            os.chmod(staging, 0o777 & ~_umask())
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def _leftovers(self) -> list[Path]:
        """Temporary folders of earlier runs into ``out`` (and only into ``out``)."""
        import re

        out = self._out()
        own = re.compile(rf"\.{re.escape(out.name)}\.{self._TAG}(new|old)-[A-Za-z0-9_]+")
        return [out.parent / n for n in os.listdir(out.parent) if own.fullmatch(n)]

    def _recover(self) -> None:
        """Repair a swap a killed run left half-done, and remove its temporary folders."""
        out = self._out()
        left = self._leftovers()
        old = [p for p in left if p.name.startswith(f".{out.name}.{self._TAG}old-")]
        if old and not os.path.lexists(out):
            keep = max(old, key=lambda p: os.lstat(p).st_mtime_ns)
            os.rename(keep, out)  # the earlier results, back where they were
            left.remove(keep)
        for p in left:
            _remove(p)

    def _check_replaceable(self) -> None:
        out = self._out()
        try:
            st = os.lstat(out)
        except FileNotFoundError:
            return
        if not stat.S_ISDIR(st.st_mode):
            raise OutputError(f"output folder {out} exists and is not a folder")
        entries = sorted(os.listdir(out))
        if not entries or os.path.isfile(out / "manifest.json") and \
                not os.path.islink(out / "manifest.json"):
            return
        foreign = []
        for name in entries:
            p = out / name
            if os.path.islink(p):
                foreign.append(f"{name} (a symbolic link; capf never follows links in an "
                               "output folder)")
            elif not p.is_dir() or not (p / "manifest.json").is_file() or \
                    (p / "manifest.json").is_symlink():
                foreign.append(name)
        if foreign:
            shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
            raise OutputError(f"output folder {out} holds files that are not a capf run's "
                              f"results (no manifest.json): {shown}; capf replaces the whole "
                              "folder, so give a new or empty folder, or one capf wrote")

    # -- writing ------------------------------------------------------------------------
    def _target(self, name: str) -> tuple[PurePosixPath, Path]:
        rel = PurePosixPath(name)
        bad = (not name or not rel.parts or rel.is_absolute() or "\\" in name or len(rel.parts) > 2
               or any(part in ("", ".", "..") for part in rel.parts))
        if bad:
            raise OutputError(f"refusing output name {name!r}: a file name or "
                              "<folder>/<file name> inside the output folder is expected")
        if rel in self._written:
            raise OutputError(f"output {name!r} is written twice in one run")
        return rel, self._staging().joinpath(*rel.parts)

    def path(self, name: str) -> Path:
        """Where ``name`` is written before the folder is made visible.

        Parameters
        ----------
        name : str
            A file name or ``<sub-folder>/<file name>``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with OutputTransaction(pathlib.Path(tempfile.mkdtemp()) / "out") as tx:
        ...     tx.path("a/b.txt").parent.name
        'a'
        """
        return self._target(name)[1]

    def write(self, name: str, writer: Callable[[Path], object]) -> Path:
        """Write ``name`` with ``writer(path)``; returns the final path (visible after commit).

        The file is then flushed to disk and hashed on a worker thread, while the caller
        goes on; the commit waits for that, and any error there fails the transaction.

        Parameters
        ----------
        name : str
            A file name or ``<sub-folder>/<file name>`` (each written once).
        writer : callable
            ``writer(path)`` writes the file's content at ``path`` (in the staging folder).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
        >>> with OutputTransaction(out) as tx:
        ...     final = tx.write("plan/a.txt", lambda p: p.write_text("x"))
        >>> final.read_text()
        'x'
        """
        if self.staging is None:
            raise OutputError("the output transaction is not open")
        rel, path = self._target(name)
        path.parent.mkdir(exist_ok=True)
        writer(path)
        if not path.is_file() or path.is_symlink():
            raise OutputError(f"output {name!r} was not written as a file")
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="capf-output")
        self._settled[rel] = self._pool.submit(_settle, path)
        self._written.append(rel)
        return self._out().joinpath(*rel.parts)

    def _wait(self, *, quiet: bool = False) -> None:
        """Wait until every written file is flushed and hashed and stop the worker thread;
        raise the first error (none with ``quiet``: the transaction is being abandoned)."""
        try:
            for future in self._settled.values():
                if quiet:
                    future.exception()
                else:
                    future.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    def digests(self, folder: str = "") -> dict[str, str]:
        """SHA-256 of the files written so far in ``folder`` ("" = the top), by file name, each
        as it was when :meth:`write` returned.

        Parameters
        ----------
        folder : str, default ""
            A sub-folder name ("" = the top of the output folder).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with OutputTransaction(pathlib.Path(tempfile.mkdtemp()) / "out") as tx:
        ...     _ = tx.write("a.txt", lambda p: p.write_bytes(b""))
        ...     tx.digests()["a.txt"][:12]
        'e3b0c44298fc'
        """
        out = {}
        for rel in self._written:
            if str(rel.parent) != (folder or "."):
                continue
            out[rel.name] = self._settled[rel].result()  # as the file was when written
        return out

    # -- commit -------------------------------------------------------------------------
    def _commit(self) -> None:
        out, new = self._out(), self._staging()
        self._wait()  # every file on disk (an error here: nothing is made visible)
        for sub in {rel.parent for rel in self._written if str(rel.parent) != "."}:
            _fsync_path(new.joinpath(*sub.parts), directory=True)
        _fsync_path(new, directory=True)
        if not os.path.lexists(out):
            os.rename(new, out)
            old = None
        elif _exchange(new, out):
            old = new  # the staging name now holds the earlier results
        else:
            old = out.parent / f".{out.name}.{self._TAG}old-{new.name.rsplit('-', 1)[-1]}"
            os.rename(out, old)
            os.rename(new, out)
        self.staging = None
        _fsync_path(out.parent, directory=True)
        if old is not None:
            _remove(old)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                try:
                    self._commit()
                except OSError as err:
                    raise OutputError(f"cannot put the results in place at {self.out}: "
                                      f"{err.strerror or err}") from err
        finally:
            self._wait(quiet=True)  # the worker thread is done with the staged files
            if self.staging is not None:
                _remove(self.staging)
                self.staging = None
            if self._lock is not None:
                self._lock.__exit__(None, None, None)


def _stage_file(path: Path, writer: Callable[[Path], object]) -> Path:
    """Write ``path`` with ``writer`` to a temporary file beside it, flushed to disk.

    Returns the temporary file (``.<name>.*.tmp``); an error removes it. :func:`atomic_file`
    and :class:`capf.io.AtomicWriter` write every file this way, then :func:`_place` it.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        writer(tmp_path)
        _fsync_path(tmp_path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return tmp_path


def _place(tmp: Path, path: Path) -> None:
    """Move a file :func:`_stage_file` wrote to ``path`` in one step (``os.replace``)."""
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; the usual permissions
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_file(path: str | os.PathLike, writer: Callable[[Path], object]) -> Path:
    """Write ONE file in place: to a temporary name beside it, then ``os.replace``.

    The other files of its folder are left alone (unlike :class:`OutputTransaction`).
    An error removes the temporary file and leaves an earlier file as it was.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write; missing parent folders are created.
    writer : callable
        ``writer(temporary_path)`` writes the file's content.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "notes" / "a.txt"
    >>> atomic_file(p, lambda tmp: tmp.write_text("hello")).read_text()
    'hello'
    >>> [q.name for q in p.parent.iterdir()]  # no temporary file is left
    ['a.txt']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _place(_stage_file(path, writer), path)
    return path
