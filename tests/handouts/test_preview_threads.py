"""Previews are drawn on worker threads while another may still be drawing: PDFium must never see two at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT

# In a child process: a crash of PDFium's memory would take the test runner down with it.
DRAW_FROM_FOUR_THREADS = textwrap.dedent("""\
    import io
    from concurrent.futures import ThreadPoolExecutor

    from reportlab.pdfgen import canvas

    from desktop.handouts.preview import page_count, rasterize

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for n in range(6):
        pdf.drawString(72, 720, f"Page {n + 1}: José, Nguyễn Thị Hoa, Zoë")
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()

    def draw(_):
        assert page_count(data) == 6
        return len(rasterize(data, dpi=40))

    with ThreadPoolExecutor(4) as pool:
        drawn = list(pool.map(draw, range(40)))
    assert drawn == [6] * 40, drawn
    print("ok")
""")


def test_previews_drawn_from_several_threads_at_once_never_crash():
    proc = subprocess.run(
        [sys.executable, "-c", DRAW_FROM_FOUR_THREADS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
