"""The Word exports laid out as their PDF: each kind (notice on both tracks, minutes, invitation,
report) converted to PDF by LibreOffice in one call, then compared with our own PDF of the same
records: the pages, the margins of the text and the lines of text.

LibreOffice is given the Liberation Serif the PDF embeds (the font folder of a temporary home), as
it substitutes it for Times New Roman on a machine without Times New Roman."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from reportlab.graphics import renderPDF

from pdfcheck import MM, lines, needs_poppler, page_count, words
from print_samples import AN_BINH, entry, meeting, party_meeting, render
from report_stats import fixture_statistics
from qcdc_desktop.core.notice import NoticeSettings
from qcdc_desktop.core.report_tables import report_tables
from qcdc_desktop.printing.fonts import document_fonts, shipped_fonts
from qcdc_desktop.printing.report import field_chart, month_chart, render_report
from qcdc_desktop.printing.word import write_document
from qcdc_desktop.printing.word_report import write_report_docx

pytestmark = [needs_poppler, pytest.mark.skipif(shutil.which("soffice") is None, reason=(
    "LibreOffice is not installed (scripts/setup.sh --test installs libreoffice-writer-nogui)"))]

KINDS = ("state", "party", "minutes", "invitation", "report")
SIGNER = "Nguyễn Văn An"


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Our PDF and LibreOffice's PDF of the Word file, of each kind; and the lines of the
    report's charts (a picture in the Word file, text in our PDF)."""
    folder = tmp_path_factory.mktemp("word")
    fonts = document_fonts(prefer_system=False)
    samples = {"state": (meeting(), "TB"), "party": (party_meeting(), "TB"), "minutes": (meeting(), "BB"),
               "invitation": (meeting(), "GM")}
    for name, (m, doc_type) in samples.items():
        e = entry(m, doc_type=doc_type)
        render(folder, m, e, f"{name}.pdf")
        write_document(m, e, unit=AN_BINH, settings=NoticeSettings(), out=folder / f"{name}.docx", fonts=fonts)
    stats = fixture_statistics(tmp_path_factory.mktemp("stats"))
    common = {"unit": AN_BINH, "settings": NoticeSettings(), "issued_on": dt.date(2024, 4, 5), "signer": SIGNER,
              "fonts": fonts}
    render_report(stats, out=folder / "report.pdf", **common)  # type: ignore[arg-type]
    write_report_docx(stats, out=folder / "report.docx", **common)  # type: ignore[arg-type]
    width = 165 * MM
    fields = next(t for t in report_tables(stats) if t.key == "fields")
    chart_lines: list[str] = []
    for index, drawing in enumerate((month_chart(stats.total.meetings_by_month, fonts, width),
                                     field_chart(fields, fonts, width))):
        renderPDF.drawToFile(drawing, str(folder / f"chart{index}.pdf"))
        chart_lines += lines(folder / f"chart{index}.pdf")
    home = folder / "home"
    (home / "fonts").mkdir(parents=True)
    for path in shipped_fonts().values():
        shutil.copy(path, home / "fonts" / path.name)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(folder / "lo"), *(str(folder / f"{k}.docx") for k in KINDS)],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "XDG_DATA_HOME": str(home)})
    return folder, chart_lines


def _ours(pairs: tuple[Path, list[str]], kind: str) -> Path:
    return pairs[0] / f"{kind}.pdf"


def _theirs(pairs: tuple[Path, list[str]], kind: str) -> Path:
    return pairs[0] / "lo" / f"{kind}.pdf"


def test_the_word_file_names_times_new_roman_on_a4_with_the_decree_margins(pairs) -> None:
    xml = zipfile.ZipFile(pairs[0] / "state.docx").read("word/document.xml").decode()
    assert 'w:pgSz w:w="11906" w:h="16838"' in xml  # A4 in twentieths of a point
    for side, mm in (("top", 20), ("bottom", 20), ("left", 30), ("right", 15)):
        assert f'w:{side}="{round(mm * 1440 / 25.4)}"' in xml or f'w:{side}="{int(mm * 1440 / 25.4)}"' in xml
    styles = zipfile.ZipFile(pairs[0] / "state.docx").read("word/styles.xml").decode()
    assert 'w:ascii="Times New Roman"' in styles


@pytest.mark.parametrize("kind", KINDS)
def test_same_pages(pairs, kind: str) -> None:
    assert page_count(_theirs(pairs, kind)) == page_count(_ours(pairs, kind))


@pytest.mark.parametrize("kind", KINDS)
def test_the_text_sits_within_a_millimetre_of_the_pdfs(pairs, kind: str) -> None:
    ours, theirs = words(_ours(pairs, kind)), words(_theirs(pairs, kind))
    for page in range(1, page_count(_ours(pairs, kind)) + 1):
        a = [w for w in ours if w.page == page]
        b = [w for w in theirs if w.page == page]
        assert abs(min(w.x_min for w in a) - min(w.x_min for w in b)) < 1 * MM, (kind, page, "left")
        assert abs(max(w.x_max for w in a) - max(w.x_max for w in b)) < 1 * MM, (kind, page, "right")
        # The first line: the header on page 1, the page number on the others.
        assert abs(min(w.y_min for w in a) - min(w.y_min for w in b)) < 1 * MM, (kind, page, "top")
        if page > 1:
            # The first line under the page number (word_parts.BODY_SHIFT: it was 1.1 mm higher).
            body_a = min(w.y_min for w in a if w.y_min > 15 * MM)
            body_b = min(w.y_min for w in b if w.y_min > 15 * MM)
            assert abs(body_a - body_b) < 1 * MM, (kind, page, "first line")


def _without(found: list[str], chart_lines: list[str]) -> list[str]:
    rest = list(found)
    for line in chart_lines:
        if line in rest:
            rest.remove(line)
    return rest


def _breaks_moved(ours: list[str], theirs: list[str]) -> list[tuple[list[str], list[str]]]:
    """The places where the lines differ: runs of differing lines (a run goes on over one equal
    line, as a table heading's cells wrap side by side), each as (our lines, their lines)."""
    places: list[tuple[int, int]] = []
    for index, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            if places and index - places[-1][1] <= 2:
                places[-1] = (places[-1][0], index + 1)
            else:
                places.append((index, index + 1))
    return [(ours[start:end], theirs[start:end]) for start, end in places]


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_lines_of_text(pairs, kind: str) -> None:
    """The same lines, but where reportlab narrowed the spaces of a line by up to 5 % to fit one
    more word (its spaceShrinkage; LibreOffice 7 does not, Word 2013 and later do, by their own
    rule): there the same words are broken one word earlier, within the same lines."""
    ours = _without(lines(_ours(pairs, kind)), pairs[1] if kind == "report" else [])
    theirs = lines(_theirs(pairs, kind))
    assert len(ours) == len(theirs), (ours, theirs)
    moved = _breaks_moved(ours, theirs)
    for a, b in moved:
        assert sorted(" ".join(a).split()) == sorted(" ".join(b).split()), (a, b)
        assert len(a) <= 4, (a, b)  # a paragraph's last lines, not the document
    assert len(moved) <= 2, moved


def test_the_header_and_footer_lines_are_the_same(pairs) -> None:
    for kind in KINDS:
        ours, theirs = lines(_ours(pairs, kind)), lines(_theirs(pairs, kind))
        assert ours[:6] == theirs[:6], kind  # the header, the document's name and summary
        assert ours[-3:] == theirs[-3:], kind  # the end of the recipients and the signer
