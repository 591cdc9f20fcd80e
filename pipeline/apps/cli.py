"""The `khplan` command."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from pipeline.apps.draft import check_draft, print_results, render_html
from pipeline.output.store import OutputBusy
from pipeline.run.runner import run as run_pipeline

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Vietnamese plan documents into Parquet tables and check their figures.")
console = Console(stderr=True)


@app.callback()
def main() -> None:
    """khplan: plans in, tables out."""


OTHER_FORMATS_SHOWN = 10  # files of no document format named after a run (all are in the errors table)


class ProgressBar:
    """A progress bar on stderr: documents done, documents/s, time left."""

    def __init__(self, enabled: bool):
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)
        self.progress = Progress(TextColumn("documents"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                                 TimeRemainingColumn(), console=console, disable=not enabled)
        self.task = None

    def start(self, total: int) -> None:
        import time
        self.started = time.monotonic()
        self.progress.start()
        self.task = self.progress.add_task("run", total=total, rate="")

    def skip(self) -> None:
        """A file that needs no processing (OUT holds it, or it copies another): out of the total."""
        self.progress.update(self.task, total=self.progress.tasks[0].total - 1)

    def advance(self, result) -> None:
        import time
        done = self.progress.tasks[0].completed + 1
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.progress.update(self.task, advance=1, rate=f"{rate:.1f} docs/s")

    def stop(self) -> None:
        self.progress.stop()


@app.command()
def run(
    sources: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder for the Parquet tables")],
    strict: Annotated[bool, typer.Option(help="Exit non-zero when any file ends as an error row (files of no "
                                              "document format aside)")] = False,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: one per core)")] = None,
    force: Annotated[bool, typer.Option(help="Redo every file, even those OUT already holds")] = False,
    document_timeout: Annotated[float, typer.Option(help="Seconds one document may take")] = 300.0,
    executor: Annotated[str, typer.Option(help="local (worker processes) or ray")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray head node HOST:PORT (with --executor ray)")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents written per batch")] = 500,
    progress: Annotated[bool, typer.Option(help="Show a progress bar")] = True,
    wait: Annotated[bool, typer.Option("--wait", help="When another run is writing to OUT, wait for it to end "
                                       "(without: refuse at once)")] = False,
) -> None:
    """Read every supported file under SOURCES into OUT/<table>/; files OUT already holds are skipped.
    One run at a time per OUT: a second one refuses (exit code 3), or waits with --wait."""
    missing = [s for s in sources if not s.exists()]
    if missing:
        console.print(f"[red]no such file or folder:[/red] {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    if executor not in ("local", "ray"):
        console.print(f"[red]unknown executor:[/red] {executor} (local or ray)")
        raise typer.Exit(2)
    bar = ProgressBar(progress and console.is_terminal)
    try:
        summary = run_pipeline(sources, out, workers=workers, force=force, document_timeout=document_timeout,
                               executor=executor, address=address, batch_size=batch_size, progress=bar, wait=wait)
    except OutputBusy as exc:
        console.print(f"[red]refused:[/red] {escape(str(exc))}")
        raise typer.Exit(3)
    finally:
        bar.stop()
    rate = (summary.documents + summary.errors + len(summary.other_formats)) / summary.seconds if summary.seconds else 0
    others = f"{len(summary.other_formats)} files of no document format, " if summary.other_formats else ""
    console.print(f"{summary.files} files: {summary.documents} documents ({summary.pages} pages), "
                  f"{summary.errors} error rows, {others}{summary.skipped} already in {out}, "
                  f"{summary.duplicates} duplicates; "
                  f"{summary.failed_checks} failed checks; {summary.seconds:.1f} s ({rate:.1f} files/s)")
    if summary.other_formats:
        shown = summary.other_formats[:OTHER_FORMATS_SHOWN]
        console.print("not documents (errors of stage skip): " + ", ".join(shown)
                      + (f" and {len(summary.other_formats) - len(shown)} more" if len(summary.other_formats) > len(shown) else ""),
                      markup=False, highlight=False)
    if strict and summary.errors:
        raise typer.Exit(1)


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Draft plans to check")],
    html: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML report here")] = None,
) -> None:
    """Check the figures of draft plans: prints every failed or doubtful check with its sentence.

    Exit code 0 when no check fails, 1 when one does, 2 when a file cannot be read.
    """
    missing = [f for f in files if not f.is_file()]
    if missing:
        console.print(f"[red]no such file:[/red] {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    results = [check_draft(f) for f in files]
    print_results(results, Console(soft_wrap=True))
    if html:
        html.write_text(render_html(results), encoding="utf-8")
        console.print(f"report → {html}")
    if any(r.count("fail") for r in results):
        raise typer.Exit(1)
    if any(r.doc is None for r in results):
        raise typer.Exit(2)


@app.command()
def query(
    out: Annotated[Path, typer.Argument(help="Output folder of `khplan run` (or a folder of several runs)")],
    sql: Annotated[str | None, typer.Argument(help="SQL over the tables; without it, list the tables")] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (one object per row)")] = False,
    parquet: Annotated[Path | None, typer.Option("--parquet", help="Write the result to this Parquet file")] = None,
    limit: Annotated[int, typer.Option(help="Rows shown in the terminal table")] = 50,
) -> None:
    """Run SQL (DuckDB) over OUT's tables, each a view: documents, sections, targets, funding, checks …"""
    from pipeline.apps.query import connect, describe

    if not out.is_dir():
        console.print(f"[red]no such folder:[/red] {out}")
        raise typer.Exit(2)
    con = connect(out)
    if sql is None:
        for view, columns in describe(con):
            Console().print(f"[bold]{view}[/bold]: " + ", ".join(f"{c} [dim]{t}[/dim]" for c, t in columns))
        return
    try:
        result = con.sql(sql)
    except duckdb_error() as exc:
        console.print(f"[red]query failed:[/red] {exc}")
        raise typer.Exit(1)
    if result is None:
        return
    if parquet:
        result.write_parquet(str(parquet))
        console.print(f"{result.shape[0]} rows → {parquet}")
    elif csv:
        import csv as csv_module
        writer = csv_module.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows(result.fetchall())
    elif json:
        import json as json_module
        records = [dict(zip(result.columns, row)) for row in result.fetchall()]
        sys.stdout.write(json_module.dumps(records, ensure_ascii=False, default=str) + "\n")
    else:
        _print_table(result, limit)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version of the plan")],
    new: Annotated[Path, typer.Argument(help="The later version")],
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML report here")] = None,
) -> None:
    """Compare two versions of a plan: figures, targets, commune lists and agencies added, removed or
    changed, and the checks the changes break or fix. Exit code 0 when nothing changed, 1 otherwise."""
    from pipeline.apps.diff import diff_files, quote, render_html

    for f in (old, new):
        if not f.is_file():
            console.print(f"[red]no such file:[/red] {f}")
            raise typer.Exit(2)
    da, db, changes = diff_files(old, new)
    term = Console(soft_wrap=True)
    for c in changes:
        colour = {"added": "green", "removed": "red", "changed": "yellow", "breaks": "red", "fixes": "green"}[c.change]
        term.print(f"[{colour}]{c.change.upper()}[/{colour}] {c.kind}: {escape(c.what)}")
        if c.old is not None or c.new is not None:
            term.print(f"    {escape(c.old or '—')} → {escape(c.new or '—')}")
        for label, doc, span in (("A", da, c.old_span), ("B", db, c.new_span)):
            if span:
                before, hit, after = quote(doc, span)
                term.print(f"    {label} chars {span[0]}–{span[1]}: …{escape(before)}[bold]{escape(hit)}[/bold]{escape(after)}…")
    console.print(f"{len(changes)} changes")
    if html:
        html.write_text(render_html(old, new, da, db, changes), encoding="utf-8")
        console.print(f"report → {html}")
    if changes:
        raise typer.Exit(1)


def duckdb_error() -> type[Exception]:
    import duckdb
    return duckdb.Error


def _print_table(result, limit: int) -> None:
    from rich.table import Table

    frame = result.limit(limit).df()
    table = Table(*map(str, frame.columns), show_lines=False)
    for row in frame.itertuples(index=False):
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)
    total = result.shape[0]
    if total > limit:
        console.print(f"{total} rows; {limit} shown (--limit)")


if __name__ == "__main__":
    app()
