"""Where documents are processed: worker processes on this machine (pebble), or a Ray cluster.

Both run `pipeline.run.worker.process_files` on tasks of files (`tasks`: small text files several to a task,
others alone) and yield the tasks' results in the order of their files (`InOrder`), whichever worker
finishes first, so that what is written does not depend on timing. A task that runs past the timeout, or
whose worker dies (a crash, a kill, running out of memory), is tried again file by file; a document that
does so on its own costs that document alone: it comes back as an error row and the worker is replaced.
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
# Tasks taken on ahead of the oldest unfinished one, per worker: a slow document (a scan, a hang until the
# timeout) holds back the yielding of the results after it, and, once this many are done or under way, the
# taking on of new tasks; 64 tasks a worker is 512 small text files or 64 PDFs held at most.
AHEAD_PER_WORKER = 64
# files LibreOffice converts: several to a task, converted in one call (`pipeline.readers.office`)
OFFICE_SUFFIXES = frozenset({".doc", ".rtf", ".odt", ".xls", ".ods"})


def tasks(files: Iterable[tuple[Path, str]]) -> Iterator[Task]:
    """The files grouped into tasks, in file order: consecutive text files under 1 MB (about 10 ms of work
    each) up to eight to a task, which spares most of the cost of sending, receiving and building record
    batches per file; consecutive files LibreOffice converts likewise (its start costs seconds, a file a
    fraction of one); PDF, DOCX and large files (tens of milliseconds to seconds a page when scanned) alone,
    so that a task's time stays near one document's and the timeout keeps its meaning."""
    group: Task = []  # consecutive files of one kind: tasks stay in file order
    group_kind = None
    for path, sha in files:
        suffix = path.suffix.lower()
        kind = "text" if suffix in TEXT_SUFFIXES and _size(path) < SMALL_TEXT_BYTES else \
            "office" if suffix in OFFICE_SUFFIXES else None
        if group and kind != group_kind:
            yield group
            group = []
        if kind is None:
            yield [(path, sha)]
            continue
        group.append((path, sha))
        group_kind = kind
        if len(group) == TASK_FILES:
            yield group
            group = []
    if group:
        yield group


class InOrder:
    """Results of numbered tasks (slots 0, 1, 2 …) given back in the order of the slots, whatever the order
    they finish in. A slot's result may come in parts (its task split file by file after a failure, or
    around files the Ray executor refuses to send): each part has a key, a tuple, the whole task's being
    (); a part split again has its key extended ((1,) → (1, 0), (1, 1) …), and parts are given back in the
    order of their keys, which is the order of their files."""

    def __init__(self):
        self.parts: dict[int, dict[tuple, TaskResult | None]] = {}
        self.next = 0

    def __len__(self) -> int:
        """Slots taken on and not yet given back (under way, or done and waiting for an earlier one)."""
        return len(self.parts)

    def open(self, slot: int, keys: Iterable[tuple] = ((),)) -> None:
        self.parts[slot] = dict.fromkeys(keys)

    def split(self, slot: int, key: tuple, pieces: int) -> list[tuple]:
        """The part `key` of `slot` made into `pieces` parts: their keys."""
        del self.parts[slot][key]
        keys = [(*key, i) for i in range(pieces)]
        self.parts[slot].update(dict.fromkeys(keys))
        return keys

    def put(self, slot: int, key: tuple, result: TaskResult) -> None:
        self.parts[slot][key] = result

    def ready(self) -> Iterator[TaskResult]:
        """The results of the oldest complete slots, in order."""
        while (parts := self.parts.get(self.next)) is not None and None not in parts.values():
            del self.parts[self.next]
            self.next += 1
            yield from (parts[key] for key in sorted(parts))


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
        pending: dict = {}                                # future → (slot, part key, task)
        retries: deque[tuple[int, tuple, Task]] = deque()
        ordered = InOrder()
        queue = enumerate(tasks(files))
        while True:
            while len(pending) < window:
                if retries:
                    slot, key, task = retries.popleft()
                elif len(ordered) < self.workers * AHEAD_PER_WORKER and (item := next(queue, None)):
                    (slot, task), key = item, ()
                    ordered.open(slot)
                else:
                    break
                future = pool.schedule(process_files, args=([path for path, _ in task],), timeout=self.timeout)
                pending[future] = (slot, key, task)
                future.add_done_callback(finished.put)
            if not pending:
                return
            future = finished.get()
            slot, key, task = pending.pop(future)
            try:
                result = future.result()
            except Exception as exc:
                if len(task) > 1:  # which file was at fault is not known: each is tried on its own
                    keys = ordered.split(slot, key, len(task))
                    retries.extend((slot, part, [item]) for part, item in zip(keys, task))
                    continue
                path, sha = task[0]
                if isinstance(exc, TimeoutError):
                    result = _timed_out(path, sha, self.timeout)
                elif isinstance(exc, ProcessExpired):
                    result = _died(path, sha, f"exit code {exc.exitcode}")
                else:  # an error pickling the result, say: this file only
                    result = _failed(path, sha, repr(exc), type(exc).__name__)
            ordered.put(slot, key, result)
            yield from ordered.ready()


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
        cpus = int(ray.cluster_resources().get("CPU", 1))
        window = cpus * 2
        try:
            pending: dict = {}                            # ref → (slot, part key, files, started)
            # runs of files read and ready to send: a task's, or a failed task's files one by one
            to_send: deque[tuple[int, tuple, list[tuple[Path, str, bytes]]]] = deque()
            ordered = InOrder()
            queue = enumerate(tasks(files))
            while True:
                while len(pending) < window:
                    if to_send:
                        slot, key, sent = to_send.popleft()
                    elif len(ordered) < cpus * AHEAD_PER_WORKER and (item := next(queue, None)):
                        slot, task = item
                        pieces = _sendable_pieces(task)  # files refused (unreadable, too large) are not sent
                        ordered.open(slot, [(i,) for i in range(len(pieces))])
                        for i, piece in enumerate(pieces):
                            if isinstance(piece, TaskResult):
                                ordered.put(slot, (i,), piece)
                            else:
                                to_send.append((slot, (i,), piece))
                        continue
                    else:
                        break
                    ref = remote.remote([str(path) for path, _, _ in sent], [data for _, _, data in sent])
                    pending[ref] = (slot, key, sent, time.monotonic())
                yield from ordered.ready()
                if not pending:
                    return
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
                failed: list[tuple[int, tuple, list, Exception | None]] = []  # None: timed out
                for ref in ready:
                    slot, key, sent, _ = pending.pop(ref)
                    try:
                        ordered.put(slot, key, ray.get(ref))
                    except ray.exceptions.RayError as exc:
                        failed.append((slot, key, sent, exc))
                now = time.monotonic()
                for ref, (slot, key, sent, started) in list(pending.items()):
                    if now - started > self.timeout:
                        ray.cancel(ref, force=True)
                        pending.pop(ref)
                        failed.append((slot, key, sent, None))
                for slot, key, sent, exc in failed:
                    if len(sent) > 1:  # which file was at fault is not known: each is tried on its own
                        keys = ordered.split(slot, key, len(sent))
                        to_send.extend((slot, part, [item]) for part, item in zip(keys, sent))
                        continue
                    path, sha, _ = sent[0]
                    if exc is None:
                        result = _timed_out(path, sha, self.timeout)
                    elif isinstance(exc, (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError)):
                        result = _died(path, sha, type(exc).__name__)
                    else:
                        result = _failed(path, sha, str(exc), type(exc).__name__)
                    ordered.put(slot, key, result)
                yield from ordered.ready()
        finally:
            if started_here:
                ray.shutdown()


def _sendable_pieces(task: Task) -> list[TaskResult | list[tuple[Path, str, bytes]]]:
    """A task's files read, in runs of files to send with their bytes, and the error rows of those refused
    between them (unreadable, or too large to be a plan), in file order."""
    pieces: list = []
    for path, sha in task:
        data = read_input(path)
        if isinstance(data, FileRows):
            pieces.append(TaskResult(file_results([data])))
        elif pieces and isinstance(pieces[-1], list):
            pieces[-1].append((path, sha, data))
        else:
            pieces.append([(path, sha, data)])
    return pieces


def _process_bytes(paths: list[str], datas: list[bytes]) -> TaskResult:
    prepare_worker()  # once per Ray worker process
    return process_files([Path(path) for path in paths], datas)
