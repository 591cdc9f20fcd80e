"""The `khplan` command."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.draft import check_draft, print_results, render_html
from pipeline.run import run as run_pipeline

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Vietnamese plan documents into Parquet tables and check their figures.")
console = Console(stderr=True)


@app.callback()
def main() -> None:
    """khplan: plans in, tables out."""


@app.command()
def run(
    sources: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder for the Parquet tables")],
    strict: Annotated[bool, typer.Option(help="Exit non-zero when any file ends as an error row")] = False,
) -> None:
    """Read every supported file under SOURCES and write OUT/<table>.parquet."""
    missing = [s for s in sources if not s.exists()]
    if missing:
        console.print(f"[red]no such file or folder:[/red] {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    summary = run_pipeline(sources, out)
    rows = ", ".join(f"{t} {n}" for t, n in summary.rows.items())
    console.print(f"{summary.files} files → {summary.documents} documents, {summary.errors} error rows"
                  f" ({summary.duplicates} duplicates) → {out}  [{rows}]")
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


if __name__ == "__main__":
    app()
