"""Where documents are processed: worker processes on this machine (pebble), or a Ray cluster.

Both run `pipeline.run.worker.process_files` on tasks of files (`tasks`: small text files several to a task,
others alone) and yield each task's result as it completes. A task that runs past the timeout, or whose
worker dies (a crash, a kill, running out of memory), is tried again file by file; a document that does
so on its own costs that document alone: it comes back as an error row and the worker is replaced.
"""
from __future__ import annotations

import multiprocessing
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from queue import SimpleQueue

from pipeline.run.worker import (FileRows, TaskResult, error_result, file_results, prepare_worker, process_files,
                                 read_input)

Task = list[tuple[Path, str]]  # files and their content hashes

TASK_FILES = 8                          # small text files to a task
SMALL_TEXT_BYTES = 1 << 20              # a text plan is rarely over 100 kB
TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
# files LibreOffice converts: several to a task, converted in one call (`pipeline.readers.office`)
OFFICE_SUFFIXES = frozenset({".doc", ".rtf", ".odt", ".xls", ".ods"})


def tasks(files: Iterable[tuple[Path, str]]) -> Iterator[Task]:
    """The files grouped into tasks: text files under 1 MB (about 10 ms of work each) eight to a task, which
    spares most of the cost of sending, receiving and building record batches per file; PDF, DOCX and large
    files (tens of milliseconds to seconds a page when scanned) alone, so that a task's time stays near one
    document's and the timeout keeps its meaning; files LibreOffice converts eight to a task too (its start
    costs seconds, a file a fraction of one)."""
    groups: dict[str, Task] = {"text": [], "office": []}
    for path, sha in files:
        suffix = path.suffix.lower()
        kind = "text" if suffix in TEXT_SUFFIXES and _size(path) < SMALL_TEXT_BYTES else \
            "office" if suffix in OFFICE_SUFFIXES else None
        if kind is None:
            yield [(path, sha)]
            continue
        groups[kind].append((path, sha))
        if len(groups[kind]) == TASK_FILES:
            yield groups[kind]
            groups[kind] = []
    yield from (group for group in groups.values() if group)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported by the worker that tries to read it


def _timed_out(path: Path, sha: str, timeout: float) -> TaskResult:
    return TaskResult([error_result(path, "read", f"processing took longer than {timeout:g} s and was stopped",
                                    sha, "TimeoutError")])


def _died(path: Path, sha: str, detail: str) -> TaskResult:
    return TaskResult([error_result(path, "read", f"the worker processing this file died ({detail})", sha,
                                    "WorkerDied")])


def _failed(path: Path, sha: str, reason: str, kind: str) -> TaskResult:
    return TaskResult([error_result(path, "extract", f"processing failed: {reason}", sha, kind)])


class LocalExecutor:
    """A pool of worker processes on this machine (one per core by default)."""

    def __init__(self, workers: int, timeout: float):
        self.workers, self.timeout = workers, timeout

    def results(self, files: Iterable[tuple[Path, str]]) -> Iterator[TaskResult]:
        from pebble import ProcessPool

        pool = ProcessPool(max_workers=self.workers, context=multiprocessing.get_context("spawn"),
                           initializer=prepare_worker)
        try:
            yield from self._results(pool, files)
        except BaseException:
            pool.close()
            pool.join()
            raise
        # Every task is done: the workers are let go while the caller writes its last results (the pool's
        # threads notice within a tenth of a second, a wait the caller need not share).
        pool.close()
        threading.Thread(target=pool.join, name="khplan-pool-join").start()

    def _results(self, pool, files: Iterable[tuple[Path, str]]) -> Iterator[TaskResult]:
        from pebble import ProcessExpired

        # Tasks in flight: enough to keep the workers busy while the parent writes a batch (up to a few tenths
        # of a second), few enough to stay small.
        window = self.workers * 8
        # Finished tasks come through a queue: waiting on all pending futures at once costs time for each
        # of them at every result, time the parent shares with the workers.
        finished: SimpleQueue = SimpleQueue()
        pending: dict = {}
        retries: deque[Task] = deque()
        queue = tasks(files)
        while True:
            while len(pending) < window and (task := retries.popleft() if retries else next(queue, None)):
                future = pool.schedule(process_files, args=([path for path, _ in task],), timeout=self.timeout)
                pending[future] = task
                future.add_done_callback(finished.put)
            if not pending:
                return
            future = finished.get()
            task = pending.pop(future)
            try:
                result = future.result()
            except Exception as exc:
                if len(task) > 1:  # which file was at fault is not known: each is tried on its own
                    retries.extend([item] for item in task)
                    continue
                path, sha = task[0]
                if isinstance(exc, TimeoutError):
                    yield _timed_out(path, sha, self.timeout)
                elif isinstance(exc, ProcessExpired):
                    yield _died(path, sha, f"exit code {exc.exitcode}")
                else:  # an error pickling the result, say: this file only
                    yield _failed(path, sha, repr(exc), type(exc).__name__)
            else:
                yield result


class RayExecutor:
    """Tasks on a Ray cluster (`address` of a running head node, or a local Ray started here).

    The files' bytes travel with the task, so workers on other machines need no shared file system."""

    def __init__(self, address: str | None, timeout: float, workers: int | None = None):
        self.address, self.timeout, self.workers = address, timeout, workers

    def results(self, files: Iterable[tuple[Path, str]]) -> Iterator[TaskResult]:
        import ray

        started_here = not ray.is_initialized()
        if started_here:
            ray.init(address=self.address, num_cpus=None if self.address else self.workers,
                     include_dashboard=False, log_to_driver=False, configure_logging=False)
        remote = ray.remote(max_retries=0)(_process_bytes)
        window = int(ray.cluster_resources().get("CPU", 1)) * 2
        try:
            pending: dict = {}
            retries: deque[Task] = deque()
            queue = tasks(files)
            while True:
                while len(pending) < window and (task := retries.popleft() if retries else next(queue, None)):
                    inputs = [read_input(path) for path, _ in task]
                    if refused := [rows for rows in inputs if isinstance(rows, FileRows)]:
                        yield TaskResult(file_results(refused))  # unreadable, or too large: not sent
                        task = [item for item, data in zip(task, inputs) if not isinstance(data, FileRows)]
                        inputs = [data for data in inputs if not isinstance(data, FileRows)]
                    if task:
                        ref = remote.remote([str(path) for path, _ in task], inputs)
                        pending[ref] = (task, time.monotonic())
                if not pending:
                    return
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
                failed: list[tuple[Task, Exception | None]] = []  # None: timed out
                for ref in ready:
                    task, _ = pending.pop(ref)
                    try:
                        result = ray.get(ref)
                    except ray.exceptions.RayError as exc:
                        failed.append((task, exc))
                    else:
                        yield result
                now = time.monotonic()
                for ref, (task, started) in list(pending.items()):
                    if now - started > self.timeout:
                        ray.cancel(ref, force=True)
                        pending.pop(ref)
                        failed.append((task, None))
                for task, exc in failed:
                    if len(task) > 1:  # which file was at fault is not known: each is tried on its own
                        retries.extend([item] for item in task)
                        continue
                    path, sha = task[0]
                    if exc is None:
                        yield _timed_out(path, sha, self.timeout)
                    elif isinstance(exc, (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError)):
                        yield _died(path, sha, type(exc).__name__)
                    else:
                        yield _failed(path, sha, str(exc), type(exc).__name__)
        finally:
            if started_here:
                ray.shutdown()


def _process_bytes(paths: list[str], datas: list[bytes]) -> TaskResult:
    prepare_worker()  # once per Ray worker process
    return process_files([Path(path) for path in paths], datas)
