"""The analyst notebook executes against the sample plans and draws four non-empty plots."""
from __future__ import annotations

import base64
import io
from pathlib import Path

import nbformat
from matplotlib import image as mpimg
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def test_notebook_executes_and_plots(tmp_path: Path):
    nb = nbformat.read(ROOT / "notebooks" / "analysis.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    images = [o["data"]["image/png"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    assert len(images) == 4
    for png in images:
        pixels = mpimg.imread(io.BytesIO(base64.b64decode(png)), format="png")
        drawn = (pixels[..., :3] < 0.9).any(axis=-1).mean()  # share of pixels that are not near-white
        assert drawn > 0.01  # bars, points and axes were drawn
