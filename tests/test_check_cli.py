"""`khplan check`: the drafter's command, its exit codes, its terminal summary, and its HTML report
opened in a real headless Chromium (Debian's chromium, installed by `make setup-browser`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.load import load_document

KHPLAN = [sys.executable, "-m", "pipeline.apps.cli"]
CHROMIUM = "/usr/bin/chromium"
DRAFT = "\n".join([
    "ỦY BAN NHÂN DÂN", "HUYỆN THẠCH AN", "Số: 12/KH-UBND", "KẾ HOẠCH",
    "Thực hiện Chương trình xây dựng nông thôn mới năm 2025",
    "I. MỤC TIÊU", "Phấn đấu có thêm 03 xã đạt chuẩn.",
    "II. KINH PHÍ THỰC HIỆN",
    "Tổng kinh phí: 12.500 triệu đồng, gồm:",
    "- Ngân sách tỉnh: 7.000 triệu đồng.",
    "- Ngân sách huyện: 4.500 triệu đồng.",
    "- Vốn huy động từ người dân: 1.000 triệu đồng, trong đó:",
    "+ Tiền mặt: 600 triệu đồng.",
    "+ Ngày công quy đổi: 500 triệu đồng.",
    "III. TỔ CHỨC THỰC HIỆN", "Các phòng, ban thực hiện.",
])


def khplan(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*KHPLAN, *map(str, args)], capture_output=True, text=True)


@pytest.fixture()
def drafts(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "good.txt"
    good.write_text(DRAFT.replace("quy đổi: 500", "quy đổi: 400"), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(DRAFT, encoding="utf-8")  # 600 + 500 > 1.000
    return good, bad


def test_exit_codes_and_terminal_summary(drafts, tmp_path: Path):
    good, bad = drafts
    ok = khplan("check", good)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "2 checks" in ok.stdout and "0 fail" in ok.stdout

    failed = khplan("check", good, bad)
    assert failed.returncode == 1
    out = " ".join(failed.stdout.split())
    assert "FAIL sum" in out
    assert "Vốn huy động từ người dân: 1.000 triệu đồng" in out  # the sentence it points at
    assert "lớn hơn" in out and "more than the stated 1.000 triệu đồng" in out

    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    unreadable = khplan("check", good, tmp_path / "broken.pdf")
    assert unreadable.returncode == 2 and "cannot be read" in unreadable.stdout
    assert khplan("check", tmp_path / "missing.txt").returncode == 2


def test_html_report_in_headless_chromium(drafts, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make setup-browser`"
    good, bad = drafts
    report = tmp_path / "report.html"
    assert khplan("check", bad, good, "--html", report).returncode == 1
    page_source = report.read_text(encoding="utf-8")
    assert "<script" not in page_source and "<link" not in page_source  # self-contained
    texts = {0: load_document(bad).text, 1: load_document(good).text}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(report.as_uri())
        assert page.title() == "khplan — kiểm tra số liệu"
        for n, text in texts.items():
            marks = page.locator(f"#doc-{n} mark.fig").evaluate_all(
                "ms => ms.map(m => [m.dataset.start, m.dataset.end, m.className, m.textContent])")
            assert len(marks) == 6  # 12.500, its three parts, and the two parts of 1.000
            for start, end, _, shown in marks:  # each highlight covers exactly its figure
                assert shown == text[int(start):int(end)]
            classes = {shown: cls.split()[1] for _, _, cls, shown in marks}
            if n == 0:
                assert classes["1.000 triệu đồng"] == "failed"
                assert classes["12.500 triệu đồng"] == "verified"
            else:
                assert set(classes.values()) == {"verified"}

        failed = page.locator("#doc-0 mark.fig.failed").first  # the stated 1.000 (its parts follow)
        failed.scroll_into_view_if_needed()
        note = page.locator("#doc-0 .note.failed")
        assert note.is_visible() and "lớn hơn" in note.text_content()
        mark_box, note_box = failed.bounding_box(), note.bounding_box()
        assert note_box["x"] > mark_box["x"] + mark_box["width"]          # beside the figure
        assert abs(note_box["y"] - mark_box["y"]) < 40                      # on its line
        page.locator("#doc-0 .problems a").first.click()                   # the summary links to it
        assert page.evaluate("location.hash").startswith("#check-0-")
        browser.close()


def test_warnings_shown_apart_from_failures(tmp_path: Path):
    """A draft with a failure and a doubt: the terminal and the HTML report list the failures first and
    the warnings under their own heading, never mixed."""
    draft = tmp_path / "draft.txt"
    lettered = "\n".join(["a) Nội dung một.", "b) Nội dung hai.", "c) Nội dung ba.", "d) Nội dung bốn.",
                          "e) Nội dung năm."])  # đ left out: a doubt
    draft.write_text(DRAFT.replace("III. TỔ CHỨC THỰC HIỆN", lettered + "\nIII. TỔ CHỨC THỰC HIỆN"),
                     encoding="utf-8")
    out = " ".join(khplan("check", draft).stdout.split())
    failures, warnings = out.index("Failures: the figures disagree (1)"), out.index("Warnings: doubtful")
    assert failures < out.index("FAIL sum") < warnings < out.index("WARN numbering_sequence")
    report = tmp_path / "report.html"
    khplan("check", draft, "--html", report)
    page = report.read_text(encoding="utf-8")
    assert "<ol class='problems fails'>" in page and "<ol class='problems warns'>" in page
    fails_list = page.split("<ol class='problems fails'>")[1].split("</ol>")[0]
    warns_list = page.split("<ol class='problems warns'>")[1].split("</ol>")[0]
    assert "FAIL sum" in fails_list and "WARN" not in fails_list
    assert "WARN numbering_sequence" in warns_list and "FAIL" not in warns_list
