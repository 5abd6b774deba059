"""The Danish and English report in a real browser: screenshots and a printed A4 PDF (issue 19).

Headless Chromium renders both languages at desktop (1280 px) and phone (390 px)
width and prints them to PDF; the DOM it builds has the language attribute and
the section ids, the PDF's pages are A4, its text has the Danish or English
number format and no word lies outside the page (tables fit). Skipped without
/usr/bin/chromium; the PDF checks also need pdfinfo and pdftotext (poppler-utils).
"""

import html
import pathlib
import re
import shutil
import subprocess

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from report_fixtures import PLAN_TOML, SECTIONS  # noqa: E402

import capf  # noqa: E402
from capf.report import write_report  # noqa: E402

CHROMIUM = pathlib.Path("/usr/bin/chromium")
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
A4 = (595.0, 842.0)  # points; Chromium writes 594.96 x 841.92

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


def chromium(tmp_path, *args, timeout=180):
    profile = tmp_path / "profile"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    plan_file = folder / "plan.toml"
    plan_file.write_text(PLAN_TOML, encoding="utf-8")
    plan = capf.load_plan(plan_file)
    ds = capf.project(plan, samples=64, seed=3)
    return {lang: write_report(ds, plan, folder / f"report_{lang}.html", lang=lang)
            for lang in ("da", "en")}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_browser_sees_the_language_and_the_sections(reports, lang, tmp_path):
    proc = chromium(tmp_path, "--dump-dom", reports[lang].resolve().as_uri())
    dom = proc.stdout
    assert re.search(rf'<html lang="{lang}">', dom), proc.stderr[-2000:]
    for sid in SECTIONS:
        assert f'<section id="{sid}">' in dom, sid
    assert "<script" not in dom


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_screenshots(reports, lang, width, tmp_path):
    from PIL import Image

    shot = tmp_path / f"{lang}_{width}.png"
    proc = chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},2400",
                    "--hide-scrollbars", reports[lang].resolve().as_uri())
    assert shot.exists(), proc.stderr[-2000:]
    with Image.open(shot) as im:
        assert im.size == (width, 2400)
        colours = im.convert("L").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 50  # not a blank page


@pytest.mark.skipif(not POPPLER, reason="needs pdfinfo and pdftotext (poppler-utils)")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_prints_to_a4_with_tables_that_fit(reports, lang, tmp_path):
    pdf = tmp_path / f"report_{lang}.pdf"
    proc = chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    reports[lang].resolve().as_uri())
    assert pdf.exists() and pdf.stat().st_size > 50_000, proc.stderr[-2000:]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    # Sorø's one-municipality report: 15 inventory lines with their notes, three
    # reduction figures, the tables; 21 pages in Danish since the wind and solar lines.
    # The bound catches a layout that breaks (a page per row or figure), not growth.
    assert 4 <= pages <= 24
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)],
                           capture_output=True, text=True).stdout
    found = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", sizes)
    assert len(found) == pages
    for w, h in found:
        assert abs(float(w) - A4[0]) < 2 and abs(float(h) - A4[1]) < 2, (w, h)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    if lang == "da":
        assert "Opgørelse i basisåret" in text and "mangel hvor ikke nået (sum)" in text
        assert "241,4" in text and "241.4" not in text
        assert re.search(r"\b\d{1,3}\.\d{3}\b", text)  # Danish thousands: 1.373
    else:
        assert "Base-year inventory" in text and "gap where not met (sum)" in text
        assert "241.4" in text and "241,4" not in text
        assert re.search(r"\b\d{1,3},\d{3}\b", text)  # English thousands: 1,373
    # the last column of each wide table is printed (Chromium clips what runs off the page)
    last = ("markering", "sandsynlighed", "vurdering", "prisår", "kilde") if lang == "da" \
        else ("flag", "probability", "verdict", "price year", "source")
    for header in last:
        assert header in text, header
    # every word inside the right margin (12 mm = 34 pt): no table runs off the paper
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
                       r"(.*?)</word>", bbox)
    assert len(words) > 500
    outside = [html.unescape(w) for x0, x1, w in words if float(x1) > A4[0] - 30]
    assert not outside, outside[:10]
