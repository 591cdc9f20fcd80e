"""Where documents are processed: worker processes on this machine (pebble), or a Ray cluster.

Both run `pipeline.run.process_file` on one file at a time and yield results as they complete. A
document that runs past the timeout, or whose worker dies (a crash, a kill, running out of memory),
costs that document alone: it comes back as an error row and the worker is replaced.
"""
from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterable, Iterator
from queue import SimpleQueue
from pathlib import Path

from pipeline.run import FileResult, error_result, prepare_worker, process_file


def _timed_out(path: Path, sha: str, timeout: float) -> FileResult:
    return error_result(path, "read", f"processing took longer than {timeout:g} s and was stopped", sha,
                        "TimeoutError")


def _died(path: Path, sha: str, detail: str) -> FileResult:
    return error_result(path, "read", f"the worker processing this file died ({detail})", sha, "WorkerDied")


class LocalExecutor:
    """A pool of worker processes on this machine (one per core by default)."""

    def __init__(self, workers: int, timeout: float):
        self.workers, self.timeout = workers, timeout

    def results(self, files: Iterable[tuple[Path, str]]) -> Iterator[tuple[Path, FileResult]]:
        from pebble import ProcessExpired, ProcessPool

        window = self.workers * 16  # tasks in flight: enough to keep workers busy, few enough to stay small
        # Finished tasks come through a queue: waiting on all pending futures at once costs time for each
        # of them at every result, time the parent shares with the workers.
        finished: SimpleQueue = SimpleQueue()
        with ProcessPool(max_workers=self.workers, context=multiprocessing.get_context("spawn"),
                         initializer=prepare_worker) as pool:
            pending: dict = {}
            queue = iter(files)
            while True:
                while len(pending) < window and (item := next(queue, None)) is not None:
                    path, sha = item
                    future = pool.schedule(process_file, args=(path,), timeout=self.timeout)
                    pending[future] = (path, sha)
                    future.add_done_callback(finished.put)
                if not pending:
                    return
                future = finished.get()
                path, sha = pending.pop(future)
                try:
                    yield path, future.result()
                except TimeoutError:
                    yield path, _timed_out(path, sha, self.timeout)
                except ProcessExpired as exc:
                    yield path, _died(path, sha, f"exit code {exc.exitcode}")
                except Exception as exc:  # an error pickling the result, say: this file only
                    yield path, error_result(path, "extract", f"processing failed: {exc!r}", sha,
                                             type(exc).__name__)


class RayExecutor:
    """Tasks on a Ray cluster (`address` of a running head node, or a local Ray started here).

    The file's bytes travel with the task, so workers on other machines need no shared file system."""

    def __init__(self, address: str | None, timeout: float, workers: int | None = None):
        self.address, self.timeout, self.workers = address, timeout, workers

    def results(self, files: Iterable[tuple[Path, str]]) -> Iterator[tuple[Path, FileResult]]:
        import ray

        started_here = not ray.is_initialized()
        if started_here:
            ray.init(address=self.address, num_cpus=None if self.address else self.workers,
                     include_dashboard=False, log_to_driver=False, configure_logging=False)
        remote = ray.remote(max_retries=0)(_process_bytes)
        window = int(ray.cluster_resources().get("CPU", 1)) * 4
        try:
            pending: dict = {}
            queue = iter(files)
            while True:
                while len(pending) < window and (item := next(queue, None)) is not None:
                    path, sha = item
                    pending[remote.remote(str(path), path.read_bytes())] = (path, sha, time.monotonic())
                if not pending:
                    return
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
                for ref in ready:
                    path, sha, _ = pending.pop(ref)
                    try:
                        yield path, ray.get(ref)
                    except (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError) as exc:
                        yield path, _died(path, sha, type(exc).__name__)
                    except ray.exceptions.RayError as exc:
                        yield path, error_result(path, "extract", f"processing failed: {exc}", sha, type(exc).__name__)
                now = time.monotonic()
                for ref, (path, sha, started) in list(pending.items()):
                    if now - started > self.timeout:
                        ray.cancel(ref, force=True)
                        pending.pop(ref)
                        yield path, _timed_out(path, sha, self.timeout)
        finally:
            if started_here:
                ray.shutdown()


def _process_bytes(path: str, data: bytes) -> FileResult:
    prepare_worker()  # once per Ray worker process
    return process_file(Path(path), data)
