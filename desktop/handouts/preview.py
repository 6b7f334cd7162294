"""Pages of a PDF as pictures, for the preview and for printing through the system's dialog.

pypdfium2 draws the very PDF that is saved, so what the host sees is what prints.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    rgb: bytes  # width * height * 3 bytes, rows top to bottom


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def rasterize(pdf: bytes, dpi: float = 60, first: int = 0, max_pages: int | None = None) -> list[PageImage]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        last = len(doc) if max_pages is None else min(len(doc), first + max_pages)
        images = []
        for i in range(first, last):
            page = doc[i]
            try:
                pil = page.render(scale=dpi / 72).to_pil().convert("RGB")
            finally:
                page.close()
            images.append(PageImage(pil.width, pil.height, pil.tobytes()))
        return images
    finally:
        doc.close()
