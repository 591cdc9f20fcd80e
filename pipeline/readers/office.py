"""Legacy and OpenDocument files (.doc, .rtf, .odt → DOCX; .xls, .ods → XLSX) converted by LibreOffice
headless (Debian's `libreoffice-writer-nogui` and `libreoffice-calc-nogui`; `make setup-office` installs
them), then read by the DOCX or XLSX reader, so tables and legacy fonts (TCVN3/VNI by each run's font)
are read as in a DOCX.

LibreOffice costs seconds to start and a fraction of a second a file once started (the 16 .doc files of
corpus/archive, bench/office_conversion.py: 4.7 s a file with one start per file, 1.8 s a file converted
16 in one call on a loaded machine, 5.0 against 0.7 s on a quieter one; a second `soffice --convert-to`
does not hand its files to a running instance in LibreOffice 7.4, it waits and writes nothing). So a
worker converts the files of a task in one call (`convert_ahead`) and the readers take their conversion
from it; a file converted alone costs one start. Each process has its own LibreOffice profile
(-env:UserInstallation), made on its first call and reused, so parallel workers never share one; a call
that runs past its timeout is killed with its process group.
"""
from __future__ import annotations

import atexit
import functools
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.readers.detect import CONVERTED_FORMATS, UnreadableDocument

CALL_TIMEOUT_S = 60        # LibreOffice's start, about 3-12 s on a loaded 2-core machine (the first makes its profile)
FILE_TIMEOUT_S = 30        # a 100-page .doc converts in about 2 s
MAX_CALL_S = 240           # below khplan run's --document-timeout (300 s), which kills the worker, not LibreOffice
MAX_AHEAD = 16             # conversions kept for the readers to take

# LibreOffice's import filter of each format: named, so that a damaged file fails rather than being read
# as plain text by the filter LibreOffice falls back to
IMPORT_FILTERS = {"doc": ("MS Word 97", "a Word 97-2003 document"), "rtf": ("Rich Text Format", "an RTF document"),
                  "odt": ("writer8", "an OpenDocument text"), "xls": ("MS Excel 97", "an Excel 97-2003 workbook"),
                  "ods": ("calc8", "an OpenDocument spreadsheet")}

_converted: dict[str, bytes] = {}  # sha256 of a file → its DOCX/XLSX bytes, converted ahead


@functools.cache
def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_reason() -> str:
    return ("LibreOffice is not installed, which converts .doc, .rtf, .odt, .xls and .ods files "
            "(apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")


def converted(data: bytes, fmt: str) -> bytes:
    """`data` of format `fmt` (doc, rtf, odt, xls, ods) as DOCX or XLSX bytes; raises UnreadableDocument
    with LibreOffice's failure in plain words."""
    result = _converted.pop(hashlib.sha256(data).hexdigest(), None)
    if result is None:
        result = _convert([data], fmt)[0]
    if isinstance(result, str):
        raise UnreadableDocument(result)
    return result


def convert_ahead(files: list[tuple[bytes, str]]) -> None:
    """Convert the files (bytes and format) of a task in one LibreOffice call per format, for `converted`
    to take; a file that fails is left to be converted alone (another file of the call may have caused it)."""
    _converted.clear()
    by_format: dict[str, dict[str, bytes]] = {}
    for data, fmt in files:
        by_format.setdefault(fmt, {})[hashlib.sha256(data).hexdigest()] = data
    for fmt, datas in by_format.items():
        if len(datas) < 2:
            continue  # one file: converted when its reader asks
        shas = list(datas)[:MAX_AHEAD]
        for sha, result in zip(shas, _convert([datas[sha] for sha in shas], fmt)):
            if isinstance(result, bytes):
                _converted[sha] = result


def _convert(datas: list[bytes], fmt: str) -> list[bytes | str]:
    """Each file of format `fmt` converted to DOCX or XLSX in one LibreOffice call: its bytes, or the reason
    it failed."""
    target = CONVERTED_FORMATS[fmt]
    import_filter, described = IMPORT_FILTERS[fmt]
    if soffice() is None:
        return [missing_reason()] * len(datas)
    with tempfile.TemporaryDirectory(prefix="khplan-convert-") as work:
        inputs = []
        for i, data in enumerate(datas):
            path = Path(work, f"in{i}.bin")  # LibreOffice tells the format from the bytes
            path.write_bytes(data)
            inputs.append(path)
        out = Path(work, "out")
        timeout = min(CALL_TIMEOUT_S + FILE_TIMEOUT_S * len(datas), MAX_CALL_S)
        command = [soffice(), f"-env:UserInstallation={_profile().as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", f"--infilter={import_filter}", "--convert-to", target, "--outdir", str(out), *map(str, inputs)]
        try:
            _run(command, timeout)
        except subprocess.TimeoutExpired:
            return [f"LibreOffice did not finish converting the file within {timeout} s"] * len(datas)
        except OSError as exc:
            return [f"LibreOffice could not be started ({exc.strerror})"] * len(datas)
        results: list[bytes | str] = []
        for path in inputs:
            result = out / f"{path.stem}.{target}"
            if result.is_file() and result.stat().st_size:
                results.append(result.read_bytes())
            else:
                results.append(f"LibreOffice could not load the file as {described}: it is damaged or encrypted")
        return results


def _run(command: list[str], timeout: float) -> None:
    """Run LibreOffice in its own process group, killed whole (soffice.bin with its launcher) on timeout."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise


@functools.cache
def _profile() -> Path:
    """This process's own LibreOffice profile folder, removed when the process exits."""
    folder = Path(tempfile.mkdtemp(prefix=f"khplan-lo-{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
