"""Scanned pages kept as images (JPEG, PNG, TIFF, multi-page TIFF included): each frame is placed on a
PDF page of its printed size (from the image's resolution, 300 dpi when it states none) and read by OCR
as a scanned PDF page is (`pipeline.readers.ocr.read_page`), so lines keep their edges and pages."""
from __future__ import annotations

import io

from pipeline.model import Reading
from pipeline.readers import ocr
from pipeline.readers.detect import UnreadableDocument, brief

MAX_PAGES = 500
DEFAULT_DPI = 300


def read_image(data: bytes) -> Reading:
    import pypdfium2 as pdfium
    from PIL import Image, ImageSequence

    if not ocr.available():
        raise UnreadableDocument(f"an image of a page, and {ocr.missing_reason()}")
    reading = Reading([])
    try:
        with Image.open(io.BytesIO(data)) as image:
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if number > MAX_PAGES:
                    raise UnreadableDocument(f"an image of more than {MAX_PAGES} pages")
                dpi = _dpi(frame)
                grey = _on_white(frame).convert("L")
                pdf = pdfium.PdfDocument.new()
                page = pdf.new_page(grey.width * 72 / dpi, grey.height * 72 / dpi)
                picture = pdfium.PdfImage.new(pdf)
                picture.set_bitmap(pdfium.PdfBitmap.from_pil(grey))
                picture.set_matrix(pdfium.PdfMatrix().scale(page.get_width(), page.get_height()))
                page.insert_obj(picture)
                page.gen_content()
                reading.blocks.extend(ocr.read_page(page, number))
                reading.ocr_pages.append(number)
                page.close()
                pdf.close()
    except UnreadableDocument:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        raise UnreadableDocument(f"the image is damaged, truncated or too large ({brief(exc)})") from None
    reading.page_count = len(reading.ocr_pages)
    reading.warnings.append(f"an image read by OCR (Tesseract, {ocr.LANGUAGE}): "
                            f"{reading.page_count} page{'s' * (reading.page_count > 1)}")
    return reading


def _on_white(frame):
    """A frame with transparency laid on white paper (transparent pixels would otherwise turn black)."""
    from PIL import Image

    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, "white")
        paper.alpha_composite(rgba)
        return paper
    return frame


def _dpi(frame) -> float:
    """The image's stated horizontal resolution, when plausible for a scan."""
    dpi = frame.info.get("dpi")
    stated = float(dpi[0]) if isinstance(dpi, tuple) and dpi else 0.0
    return stated if 70 <= stated <= 1200 else DEFAULT_DPI
