"""One layer of a file checked in a forked child, which shares the parsed tree with this process.

Why a process: after the one parse, the project grammar (libxml2's RELAX NG validator) and the
Schematron rules (libxslt) each take seconds on a large file. lxml releases the GIL in both,
yet the two in threads on one tree measured as slow as one after the other (10 MB: 1.3 s of
wall and CPU either way). A child made by ``fork()`` has the tree without a copy (the pages
are shared until written, and the rules only read it), runs the Schematron rules while this
process runs the grammar, and sends back only its issues.

When, by measurement (bench/validation.py; paired whole-process runs, 2 cores):

* files from ``FORK_MIN_BYTES`` (1 MB) up: ``--schema project`` took 0.52 s against 0.42 s
  at 2 MB and 2.02 s against 1.57 s at 10 MB, but the same at 1 MB and 0.01 s more at
  256 KB, where the fork and the child's start cost what they save;
* up to ``FORK_MAX_BYTES`` (12 MB): both libraries write into every node they visit
  (libxslt numbers the elements for document order on every run, libxml2's RELAX NG
  validator marks them in ``psvi``), so the child ends up with its own copy of nearly the
  whole tree: 145 MB of memory (PSS) became 258 MB at 10 MB, and would be 1.4 GB instead of
  0.8 GB at 50 MB, past the budget of 4 times the file plus 300 MB;
* not while jing checks tei_all beside this process: jing already keeps the other core busy,
  and all layers took as long with the child as without it (10 MB: 3.09 s against 2.96 s),
  for 110 MB more memory. At 50 MB too, where jing ends seconds before this process: with
  the child (over the 12 MB cap, for the measurement) all layers took 13.9-14.5 s of CPU
  against 13.0-13.1 s without it and no less wall time (paired runs, load about 4 on 2
  cores: 20.6-22.6 s against 16.8-20.1 s), while the child copies nearly the whole tree
  (above). On 2 cores the run is CPU-bound (jing about 4 s, this process 8.5 s): a second
  process only adds its copying.

(Threads would share the tree without copying it, and lxml releases the GIL in both, but
they are not safe here: libxslt takes a node's ``psvi`` for its own key marks, which the
RELAX NG validator writes meanwhile.)

Also only where ``fork`` exists and from a process with a single thread (a fork copies only
the calling thread, so a lock another thread held would stay held in the child; Python 3.12
warns). Otherwise, and whenever the child fails in any way (killed, out of memory, an
unexpected exception), the work runs in this process when its result is asked for: the same
issues in the same order, or the same exception.
"""
from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
from collections.abc import Callable
from dataclasses import astuple

from ..errors import InputError
from .report import Issue

#: Smallest file (bytes) whose Schematron rules run in a child (see above: below it the fork
#: costs about what it saves).
FORK_MIN_BYTES = 1 << 20
#: Largest: the child's copy of the tree (about 11 bytes per byte of a markup-dense edition)
#: must keep the whole within 4 times the file plus 300 MB.
FORK_MAX_BYTES = 12 << 20


class Pending:
    """Issues being found; ``result()`` waits for them, ``cancel()`` abandons them."""

    def __init__(self, work: Callable[[], list[Issue]]):
        self._work = work
        self._pid: int | None = None
        self._fd: int | None = None

    def result(self) -> list[Issue]:
        if self._pid is None:
            return self._work()
        fd, pid = self._fd, self._pid
        self._fd = self._pid = None
        with os.fdopen(fd, "rb") as pipe:  # type: ignore[arg-type]  # set with the pid
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return self._work()  # the child failed: the same work here gives its answer
        kind, value = json.loads(data)
        if kind == "input":
            raise InputError(*value)
        return [Issue(*fields) for fields in value]

    def cancel(self) -> None:
        """Stop and reap the child, if any (the caller is leaving on an exception)."""
        if self._pid is None:
            return
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self._pid, 0)
        with contextlib.suppress(OSError):
            os.close(self._fd)  # type: ignore[arg-type]  # set with the pid
        self._fd = self._pid = None

    def fork(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: the work runs here instead
            os.close(read)
            os.close(write)
            return
        if pid == 0:
            _child(self._work, read, write)  # never returns
        os.close(write)
        self._pid, self._fd = pid, read


def start(work: Callable[[], list[Issue]], size: int, *, jing_running: bool = False) -> Pending:
    """``work`` (a layer of a file of ``size`` bytes) begun in a child when that pays (see the
    module's docstring); else it runs when its result is asked for."""
    pending = Pending(work)
    if not jing_running and FORK_MIN_BYTES <= size <= FORK_MAX_BYTES and can_fork():
        pending.fork()
    return pending


def can_fork() -> bool:
    """fork() exists and this process has one thread (Linux's /proc tells: threads started
    by native code, such as Saxon's runtime, are not in Python's ``threading`` list)."""
    if not hasattr(os, "fork"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _child(work: Callable[[], list[Issue]], read: int, write: int) -> None:
    """Run ``work``, write its issues (or its InputError) to the pipe, and exit: never return
    into the parent's code, whatever happens (exit status 1 makes the parent run it itself)."""
    status = 1
    try:
        os.close(read)
        # The collector would otherwise walk (and so copy) every object inherited from the parent.
        gc.freeze()
        payload: list[object]
        try:
            payload = ["issues", [astuple(issue) for issue in work()]]
        except InputError as exc:
            if type(exc) is not InputError:
                raise  # a subclass: the parent raises it itself, by running the work
            payload = ["input", [exc.path, exc.message, exc.line, exc.column]]
        with os.fdopen(write, "wb") as pipe:
            pipe.write(json.dumps(payload).encode())
        status = 0
    finally:
        os._exit(status)
