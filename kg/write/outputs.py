"""Write output files all or nothing: check every target, stage beside it, rename, or write to stdout.

A target ``-`` is standard output. Any other target must be a regular file or not exist yet,
in a folder that exists (or can be created) and can be written; a symbolic link is followed,
so the file it points to is replaced and the link is kept. Every file of a set is written in
full to a temporary file beside its target before the first one is renamed into place, the
renames run with SIGINT and SIGTERM held back and with the output folders locked against
other kg writers, and the temporary files are removed on any exit, so a set of outputs is either
all new or all old. New files get the mode the umask gives, as any other program's would. The
file that standard output already goes to is refused (``--out /dev/stdout >> log`` would
replace the log): give ``-`` instead.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress

from kg.errors import InputError, where
from kg.write.stdout import STDOUT, write_stdout

__all__ = ["STDOUT", "check_target", "make_folder", "signals_held", "staged", "write_files", "write_output"]

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import BinaryIO

    #: Writes a file's content to an open binary stream.
    Writer = Callable[[BinaryIO], None]


def check_target(target: str | Path, create_parent: bool = False) -> Path:
    """Check that ``target`` can be written as a regular file, and return the path to write.

    Args:
        target: The output file.
        create_parent: A missing folder is fine if it can be created (nothing is created here).

    Returns:
        The path to replace: ``target`` itself, or the file a symbolic link points to.

    Raises:
        InputError: The target exists and is not a regular file, its folder is missing (and may
            not be created) or is not a folder, or the folder cannot be written.
    """
    from pathlib import Path

    path = Path(target)
    if path.is_symlink():
        if not path.exists():  # never create files or folders wherever a dangling link points
            raise InputError(f"{where(target)}: output is a symbolic link to a missing file ({os.readlink(path)})")
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        kind = "a directory" if path.is_dir() else "not a regular file"
        raise InputError(f"{where(target)}: output exists and is {kind}; give a file path")
    if path.exists() and _is_stdout(path):
        raise InputError(f"{where(target)}: is where standard output goes; give --out - to write there")
    folder = path.parent
    if not folder.exists() and create_parent:
        folder = next(p for p in folder.parents if p.exists())
    if not folder.is_dir():
        problem = "does not exist" if not folder.exists() else "is not a directory"
        raise InputError(f"{where(folder)}: output folder {problem}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{where(folder)}: output folder is not writable")
    return path


def _is_stdout(path: Path) -> bool:
    try:
        here, out = os.stat(path), os.fstat(1)
    except OSError:  # standard output closed
        return False
    return (here.st_dev, here.st_ino) == (out.st_dev, out.st_ino)


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents, or fail with a one-line error.

    Raises:
        InputError: A part of the path is a file, or the folder cannot be created.
    """
    if folder.is_dir():
        return
    for part in (folder, *folder.parents):
        if part.exists() and not part.is_dir():
            raise InputError(f"{where(part)}: exists and is not a directory")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{where(folder)}: cannot create the folder: {exc.strerror or exc}") from None


def write_files(
    contents: Mapping[Path, Writer], create_parents: bool = True, remove: Sequence[Path] = ()
) -> list[Path]:
    """Write a set of files all or nothing.

    Args:
        contents: Each target and the function that writes its bytes.
        create_parents: Create missing output folders.
        remove: Files an earlier set held that this one does not, deleted with the renames.

    Returns:
        The targets as given, in order.

    Raises:
        InputError: A target cannot be written (checked for every target before anything is
            written), or writing failed (the disk is full, ...); then no target has changed.
    """
    with staged(list(contents), remove, create_parents=create_parents) as handles:
        for handle, write in zip(handles, contents.values(), strict=True):
            write(handle)
    return list(contents)


@contextmanager
def staged(
    targets: Sequence[Path], remove: Sequence[Path] = (), create_parents: bool = True
) -> Iterator[list[BinaryIO]]:
    """Open a temporary file beside each target, to be written in any order and at any pace.

    When the block ends normally, every temporary file is renamed onto its target and each
    file of ``remove`` that exists is deleted (a file an earlier build wrote that the new set
    replaces), with SIGINT and SIGTERM held back; when it raises, or the process is stopped,
    no target has changed and the temporary files are gone. The output folders are locked
    against other kg writers meanwhile.

    Args:
        targets: The files to write.
        remove: Files to delete along with the renames (each checked like a target).
        create_parents: Create missing output folders.

    Yields:
        One binary stream per target, in order.

    Raises:
        InputError: A target cannot be written (checked before anything is written), or
            writing failed; then no target has changed.
    """
    from pathlib import Path

    checked = [check_target(target, create_parents) for target in targets]
    removed = [check_target(target, create_parents) for target in remove]
    staged_files: list[tuple[Path, Path]] = []
    handles: list[BinaryIO] = []
    made = sorted({f for real in checked for f in (real.parent, *real.parent.parents) if not f.exists()}, reverse=True)
    done = False
    try:
        for real in checked:
            make_folder(real.parent)
        with _folders_locked({real.parent for real in (*checked, *removed)}):
            for real in checked:
                import tempfile

                fd, name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
                staged_files.append((Path(name), real))
                handles.append(os.fdopen(fd, "wb"))
            yield handles
            for (tmp, _), handle in zip(staged_files, handles, strict=True):
                handle.close()
                os.chmod(tmp, 0o666 & ~_umask())
            with signals_held():
                for tmp, real in staged_files:
                    os.replace(tmp, real)
                for real in removed:
                    if real not in checked:
                        real.unlink(missing_ok=True)
            done = True
    except OSError as exc:
        failed = exc.filename or (checked[0].parent if len(checked) > 1 else targets[0] if targets else "-")
        raise InputError(f"{where(failed)}: cannot write: {exc.strerror or exc}") from None
    finally:
        _clean_up(handles, [tmp for tmp, _ in staged_files], [] if done else made)


def _clean_up(handles: list[BinaryIO], temporary: list[Path], folders: list[Path]) -> None:
    """Close every handle and remove every temporary file, and the folders made for them, whatever fails."""
    for handle in handles:
        with suppress(OSError):  # its last bytes could not be written (a full disk): the file goes anyway
            handle.close()
    for tmp in temporary:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
    for folder in folders:  # deepest first; only those this write made, and only if still empty
        with suppress(OSError):
            folder.rmdir()


def write_output(target: str | Path, write: Writer) -> str:
    """Write one output to a file (all or nothing) or, for ``-``, to standard output.

    Returns:
        ``"-"`` for standard output, else the path written.

    Raises:
        InputError: As for :func:`write_files`.
    """
    if str(target) == STDOUT:
        return write_stdout(write)
    from pathlib import Path

    return str(write_files({Path(target): write})[0])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _folders_locked(folders: set[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each output folder, so two writers of one set never interleave."""
    try:
        import fcntl
    except ImportError:  # a platform without flock: writers are not serialised
        yield
        return
    handles = []
    try:
        for folder in sorted(folders):
            handle = os.open(folder, os.O_RDONLY)
            handles.append(handle)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        for handle in handles:
            os.close(handle)  # closing releases the lock


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a set of files is renamed into place (or a store rewritten)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError):  # a platform without POSIX signal masks
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
