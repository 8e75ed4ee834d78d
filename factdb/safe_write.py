"""Writing a user's output file without harming what is already there.

:func:`atomic_output` is the one way factdb writes a file the user named
(``export -o``, ``timeline --plot``):

* ``-`` means standard output;
* a symlink is written *through*: its target is replaced, the link stays;
* an existing path that is not a regular file (a folder, a device such as
  ``/dev/full``, a named pipe, a socket) is refused, never replaced;
* the data goes to a new, uniquely named temporary file in the target's own
  folder (``O_EXCL``, so nothing of the user's is ever overwritten or deleted
  on the way), is flushed to disk, and only then renamed over the target in
  one atomic step: a reader sees the old file or the new one, never half;
* on any error the temporary file is removed and the target is untouched;
* a replaced file keeps its permission bits; a new one gets the umask's.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from .errors import FactdbError


class OutputError(FactdbError):
    """The output path cannot be written safely."""


def resolve_target(path: str) -> str:
    """The regular file that writing ``path`` would replace (symlinks followed), or raise."""
    real = os.path.realpath(path)
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        raise OutputError(f"{path}: folder {os.path.dirname(path) or '.'} does not exist; create it first")
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise OutputError(f"{path}: cannot use it: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a folder; give a file name inside it")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{path}: is not a regular file (a device, pipe or socket): refusing to replace it;"
            " give a new file name, or - for standard output"
        )
    return real


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(path: str, *, binary: bool = False) -> Iterator[IO]:
    """A file object whose contents replace ``path`` only if the block succeeds."""
    if path == "-":
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    target = resolve_target(path)
    folder, name = os.path.split(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
