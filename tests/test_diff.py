"""`khplan diff`: two versions of a plan, what changed between them and the checks a change breaks."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pipeline.apps.diff import diff_files

KHPLAN = [sys.executable, "-m", "pipeline.apps.cli"]


def test_one_changed_amount_is_named_with_its_values_and_the_check_it_breaks(dev_corpus: Path, tmp_path: Path):
    original = dev_corpus / "thai-nguyen-56-kh-ubnd-2025.md"
    edited = tmp_path / "thai-nguyen-56-v2.md"
    edited.write_text(original.read_text(encoding="utf-8").replace(
        "Vốn ngân sách huyện: 230.000", "Vốn ngân sách huyện: 203.000"), encoding="utf-8")
    a, b, changes = diff_files(original, edited)
    [figure] = [c for c in changes if c.kind == "figure"]
    assert (figure.change, figure.what, figure.old, figure.new) == \
        ("changed", "Vốn ngân sách huyện", "230.000 triệu đồng", "203.000 triệu đồng")
    assert a.text[slice(*figure.old_span)] == "230.000 triệu đồng"
    assert b.text[slice(*figure.new_span)] == "203.000 triệu đồng"
    [broken] = [c for c in changes if c.change == "breaks"]
    assert broken.what.startswith("sum:") and "230.000" in broken.what and "203.000" in broken.what
    assert [c.kind for c in changes] == ["figure", "check"]  # nothing else changed

    report = tmp_path / "diff.html"
    run = subprocess.run([*KHPLAN, "diff", original, edited, "--html", report], capture_output=True, text=True)
    assert run.returncode == 1
    out = " ".join(run.stdout.split())
    assert "CHANGED figure: Vốn ngân sách huyện 230.000 triệu đồng → 203.000 triệu đồng" in out
    assert "BREAKS check: sum" in out
    page = report.read_text(encoding="utf-8")
    assert re.search(r"<mark class='old'>230.000 triệu đồng</mark>", page)
    assert re.search(r"<mark class='new'>203.000 triệu đồng</mark>", page)


def test_targets_lists_and_agencies_added_removed_changed(tmp_path: Path):
    head = ["ỦY BAN NHÂN DÂN", "HUYỆN THẠCH AN", "Số: 12/KH-UBND", "Thạch An, ngày 10 tháng 3 năm 2025", "KẾ HOẠCH",
            "Thực hiện Chương trình xây dựng nông thôn mới năm 2025", "II. MỤC TIÊU"]
    v1 = head + ["1. Phấn đấu năm 2025 có 02 xã đạt chuẩn nông thôn mới: xã Đức Xuân, xã Lê Lợi.",
                 "2. Tỷ lệ hộ nghèo giảm còn 10%.",
                 "III. TỔ CHỨC THỰC HIỆN", "1. Phòng Tư pháp", "- Thực hiện.", "2. Công an huyện", "- Thực hiện."]
    v2 = head + ["1. Phấn đấu năm 2025 có 02 xã đạt chuẩn nông thôn mới: xã Đức Xuân, xã Vân Trình.",
                 "2. Phấn đấu có thêm 03 xóm đạt chuẩn.",
                 "III. TỔ CHỨC THỰC HIỆN", "1. Phòng Tư pháp", "- Thực hiện.", "2. Phòng Nội vụ", "- Thực hiện."]
    (tmp_path / "v1.txt").write_text("\n".join(v1), encoding="utf-8")
    (tmp_path / "v2.txt").write_text("\n".join(v2), encoding="utf-8")
    _, _, changes = diff_files(tmp_path / "v1.txt", tmp_path / "v2.txt")
    seen = {(c.kind, c.change, c.what) for c in changes}
    assert ("agency", "removed", "Công an huyện") in seen and ("agency", "added", "Phòng Nội vụ") in seen
    assert any(k == "target" and ch == "added" and "xóm" in w for k, ch, w in seen)
    assert any(k == "target" and ch == "removed" and "%" in w for k, ch, w in seen)
    [members] = [c for c in changes if c.kind == "commune_list"]
    assert (members.change, members.old, members.new) == ("changed", "2: Đức Xuân, Lê Lợi", "2: Đức Xuân, Vân Trình")
    assert subprocess.run([*KHPLAN, "diff", tmp_path / "v1.txt", tmp_path / "v1.txt"]).returncode == 0
