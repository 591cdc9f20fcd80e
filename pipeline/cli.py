"""The `khplan` command."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

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


if __name__ == "__main__":
    app()
