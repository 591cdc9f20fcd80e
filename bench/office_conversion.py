"""What LibreOffice costs a legacy Word file: one `soffice --convert-to` start per file against all the files
in one call (what a worker does with a task's files), then khplan's reading of the converted DOCX, on the
.doc files of corpus/archive/originals (measured in one run, alternated; medians).

    python bench/office_conversion.py [--runs 3] [--folder ../shared/corpus/archive/originals]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.load import load_document  # noqa: E402
from pipeline.readers import office  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=ROOT.parent / "shared" / "corpus" / "archive" / "originals")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if office.soffice() is None:
        sys.exit(office.missing_reason())
    files = sorted(a.folder.glob("*.doc"))
    datas = [f.read_bytes() for f in files]
    office._convert(datas[:1], "doc")  # the first call makes this process's LibreOffice profile
    alone, together = [], []
    for _ in range(a.runs):
        started = time.perf_counter()
        results = [office._convert([data], "doc")[0] for data in datas]
        alone.append((time.perf_counter() - started) / len(datas))
        assert all(isinstance(r, bytes) for r in results), [r for r in results if isinstance(r, str)]
        started = time.perf_counter()
        results = office._convert(datas, "doc")
        together.append((time.perf_counter() - started) / len(datas))
        assert all(isinstance(r, bytes) for r in results), [r for r in results if isinstance(r, str)]
    reading = []
    for f, converted in zip(files, results):
        started = time.perf_counter()
        load_document(f.with_suffix(".docx"), converted)
        reading.append(time.perf_counter() - started)
    print(f"{len(files)} .doc files ({sum(map(len, datas)) / 2**20:.1f} MB), median of {a.runs} alternated runs:")
    print(f"  LibreOffice, one start per file:   {statistics.median(alone):6.2f} s a file "
          f"(runs {', '.join(f'{t:.2f}' for t in alone)})")
    print(f"  LibreOffice, all in one call:      {statistics.median(together):6.2f} s a file "
          f"(runs {', '.join(f'{t:.2f}' for t in together)})")
    print(f"  khplan reading the DOCX (load_document): median {statistics.median(reading) * 1000:.0f} ms a file, "
          f"max {max(reading) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
