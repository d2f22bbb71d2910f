"""Chapter work on a Dask distributed cluster (``build --scheduler tcp://HOST:PORT``).

The same work as the local process pool (``corpus._build_one``: one chapter in, its outputs
written into the output directory, an outcome back), submitted to the cluster's workers; the
build process keeps the manifest and the summary, in the order chapters finish, exactly as with
the pool, so a cluster build and a local one give the same files and the same manifest. The
workers must run the same teiedition (and so make the same bytes) and see the output
directory at the same path: a shared file system (docs/books.md#a-cluster).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .api import BuildOptions
from .errors import InputError


def run_on_dask(address: str, todo: list[tuple[Path, str]], outdir: Path, options: BuildOptions,
                finish: Callable, force: bool = False, recorded: dict[str, frozenset[str]] | None = None) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError("--scheduler", "needs Dask's distributed package: "
                         "pip install 'teiedition[dask]'") from None
    from .corpus import _build_one

    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(address, f"cannot reach the Dask scheduler: {exc}") from None
    with client:
        # pure=False: a chapter is built again when asked, never served from the cluster's
        # memory of an earlier build (its input file may have changed under the same name).
        # The directory as an absolute path: a worker's working directory is not ours.
        futures = [client.submit(_build_one, str(path), str(outdir.absolute()), options, force,
                                 (recorded or {}).get(str(path), frozenset()), pure=False,
                                 key=f"teiedition-build-{i}-{path.name}")
                   for i, (path, _) in enumerate(todo)]
        try:
            for future in as_completed(futures):
                finish(future.result())
        except BaseException:
            client.cancel(futures)
            raise
