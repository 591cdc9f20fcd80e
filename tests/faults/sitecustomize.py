"""Fault injection for tests/test_scale.py, loaded by every Python process the test starts (PYTHONPATH).

With KHPLAN_FAULTS set, reading a file that contains HANG-HERE sleeps for an hour and reading one that
contains CRASH-HERE kills its own process with SIGKILL, as a segfault or the OOM killer would."""
import os

if os.environ.get("KHPLAN_FAULTS"):
    import signal
    import time

    import pipeline.run.worker as worker

    _load = worker.load_document

    def load_document(path, data=None, sha=None):
        content = data if data is not None else path.read_bytes()
        if b"HANG-HERE" in content:
            time.sleep(3600)
        if b"CRASH-HERE" in content:
            os.kill(os.getpid(), signal.SIGKILL)
        return _load(path, data, sha)

    worker.load_document = load_document
