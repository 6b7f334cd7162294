"""Pages of a PDF as pictures, for the preview and for printing through the system's dialog.

pypdfium2 draws the very PDF that is saved, so what the host sees is what prints.
PDFium is not thread-safe: two documents used at once from two threads corrupt its
memory (the app crashed when a preview was drawn while an earlier one still was), so
every use of it in this process holds one lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    rgb: bytes  # width * height * 3 bytes, rows top to bottom


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            return len(doc)
        finally:
            doc.close()


def rasterize(pdf: bytes, dpi: float = 60, first: int = 0, max_pages: int | None = None) -> list[PageImage]:
    import pypdfium2 as pdfium

    with _PDFIUM:
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
