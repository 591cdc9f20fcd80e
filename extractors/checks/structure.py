"""Structural rules: numbering, periods and dates, places on the map.

- `numbering_sequence`: sibling headings and list items numbered 1, 2, 3 … (a, b, c …; I, II …);
- `date_range`: a period that ends before it starts, a stated length that contradicts its years
  ("05 năm 2026–2028"), a cited document dated after the document itself, a plan's schedule dated
  before the plan;
- `gazetteer`: a district the issuing province does not have (but a near spelling of one it has),
  a commune named under a district that does not contain it.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from decimal import Decimal

from extractors import references
from extractors.checks.base import Check
from extractors.communes import COMMUNE_TYPES, mentions
from extractors.spans import number_matches, word_matches
from extractors.header import authored, header
from extractors.sections import NAMED_PREFIX, Section, section_tree
from pipeline.lexicon.outline import LETTERS, NUMBERED, label, ordinal, row_label
from pipeline.lexicon.roman import roman_value
from pipeline.lexicon.gazetteer import fold_name, legacy
from pipeline.model import Document


def numbering_sequence_checks(doc: Document) -> list[Check]:
    """Siblings of one parsed level must count up by one (in the Vietnamese alphabet for letters: a, b, c,
    d, đ, e, g …). Siblings the tree could not tell apart are read back into their lists first: a list
    restarts at 1 (or any number after a line ending with ":", a quoted excerpt, "… như sau:") and the
    outer list resumes where it stopped. A gap fails only when it is certain: in a list that starts at its
    first number, in an administrative document of its own that quotes no other's numbered provisions;
    the item repeats a number the list has used, skips exactly one number that the text between does not
    print, or is the one mislabelled item between two that follow each other. Anything else is `warn`
    with the reason."""
    own = authored(doc)
    doubts = []  # what makes any gap in this document doubtful
    if "VBHN" in (header(doc).doc_number or ""):
        doubts.append(("a consolidated text (VBHN) keeps the numbers of the articles it leaves out",
                       "văn bản hợp nhất giữ số của các điều không đưa vào"))
    if AMENDING.search(doc.body):
        doubts.append(("an amending text quotes the provisions it amends with their own numbers",
                       "văn bản sửa đổi trích các quy định được sửa với số thứ tự của chúng"))
    groups: dict[tuple[str | None, str], list[Section]] = {}
    for s in section_tree(doc):
        if s.marker in NUMBERED:
            groups.setdefault((s.parent.section_id if s.parent else None, s.marker), []).append(s)
    out = []
    for (parent, _), siblings in groups.items():
        out += _sequence_checks(doc, [s for s in siblings if ordinal(s.marker, s.numeral) is not None],
                                own, parent is None, doubts)
    return out


def _after_colon(doc: Document, s: Section) -> bool:
    """Whether the paragraph before the item ends with ":" (an item that opens a list or a quotation)."""
    i = bisect.bisect_right(doc.paragraph_starts, s.start) - 1
    before = next((q.text for q in reversed(doc.paragraphs[max(0, i - 3):i]) if q.text.strip()), "")
    return before.rstrip(" *_").endswith(":")


def _printed_between(doc: Document, prev: Section, s: Section, label_: str) -> bool:
    """Whether the missing item's number is printed as a marker in the text between two siblings (the
    reader joined it into a paragraph, a line break split it from its word, or a table holds it): then
    the gap is the reading's, not the text's."""
    between = doc.text[prev.start + len(prev.number):s.start]
    word = NAMED_PREFIX.get(s.marker)
    marker = rf"(?i:{word})\s+{re.escape(label_)}(?!\w)" if word else rf"(?:^|[\s*_(]){re.escape(label_)}\s*[.):]"
    return bool(re.search(marker, between, re.MULTILINE))


# "Sửa đổi, bổ sung khoản 3 Điều 5 như sau:": an amending text, whose quotations keep their own numbers
AMENDING = re.compile(r"(?:Sửa đổi|sửa đổi|Bổ sung|bổ sung|Thay thế|thay thế)[^\n]{0,200}như sau\s*:")


def _sequence_checks(doc: Document, siblings: list[Section], own: bool, top: bool,
                     document_doubts: list[tuple[str, str]]) -> list[Check]:
    """The gaps of one group of siblings (see `numbering_sequence_checks`)."""
    out = []
    ordinals = [ordinal(s.marker, s.numeral) for s in siblings]
    runs: list[list[int]] = []        # the lists read back from the siblings: [first, last, gaps so far]
    for k, (s, n) in enumerate(zip(siblings, ordinals)):
        if not runs:
            runs.append([n, n, 0])
            if n != 1 and top and s.marker in ("roman", "part", "chapter") and own:
                out.append(_numbering(s, "warn", 1, n, f"the parts start at '{s.numeral}': "
                                      f"'{label(s.marker, 1)}' is missing (or the preamble is counted as it)",
                                      f"các phần bắt đầu từ '{s.numeral}': thiếu phần '{label(s.marker, 1)}'"))
            continue
        last = runs[-1][1]
        if n == last + 1:
            runs[-1][1] = n
            continue
        if s.marker == "letter" and last == LETTERS.index("d") + 1 and s.numeral == "e":
            runs[-1][1] = n  # đ left out, as many documents do: a doubt, not an error
            out.append(_numbering(s, "warn", last + 1, n, "item 'e' follows 'd': 'đ' is left out "
                                  "(Vietnamese lettering: a, b, c, d, đ, e, g …)",
                                  "mục 'e' đứng sau 'd': thiếu mục 'đ' (thứ tự chữ cái: a, b, c, d, đ, e, g …)"))
            continue
        outer = next((r for r in reversed(runs[:-1]) if n == r[1] + 1), None)
        if outer is not None:  # the outer list resumes after a nested one
            while runs[-1] is not outer:
                runs.pop()
            outer[1] = n
            continue
        if n == 1 or _after_colon(doc, s):  # a new list, or a quoted excerpt, under the item before
            runs.append([n, n, 0])
            continue
        following = ordinals[k + 1] if k + 1 < len(ordinals) else None
        counting = "roman" if roman_value(s.numeral) else s.marker  # "Chương IV" counts in Roman numerals
        expected, shown_prev = label(counting, last + 1), label(counting, last)
        if following == last + 2 and n != last + 1:
            kind, runs[-1][1] = "mislabelled", last + 1
        else:  # "repeated": a number this list has already used ("… 8, 9, 7")
            kind = ("duplicate" if n == last else "skip" if n == last + 2
                    else "repeated" if runs[-1][0] <= n < last else "jump")
            runs[-1][1] = n
        doubts = list(document_doubts)
        if runs[-1][2]:
            doubts.append(("an earlier gap in this list leaves its count unsure",
                           "danh sách đã có chỗ đánh số sai trước đó, không chắc số đếm"))
        runs[-1][2] += 1
        if runs[-1][0] != 1:
            doubts.append(("the items here were not read as one list that starts at its first number",
                           "các mục không được đọc thành một danh sách bắt đầu từ số đầu tiên"))
        if kind == "jump":
            doubts.append((f"'{s.numeral}' is more than one number away from '{shown_prev}'",
                           f"'{s.numeral}' cách '{shown_prev}' hơn một số"))
        if kind == "skip" and _printed_between(doc, siblings[k - 1], s, expected):
            doubts.append((f"'{expected}' is printed in the text before it", f"'{expected}' có in trong đoạn trước"))
        en = f"item numbered '{s.numeral}' follows '{shown_prev}': expected '{expected}'"
        vi = f"mục đánh số '{s.numeral}' đứng sau '{shown_prev}': đúng ra là '{expected}'"
        if doubts:
            en += " (doubtful: " + "; ".join(d[0] for d in doubts) + ")"
            vi += " (chưa chắc: " + "; ".join(d[1] for d in doubts) + ")"
        out.append(_numbering(s, "warn" if doubts else "fail", last + 1, n, en, vi))
    return out


def _numbering(s: Section, status: str, expected: int, actual: int, en: str, vi: str) -> Check:
    return Check("numbering_sequence", status, Decimal(expected), Decimal(actual), Decimal(0), en, vi,
                 s.start, s.start + len(s.number))


PERIOD = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?!\d)")
# "05 năm 2026–2028", "05 năm (giai đoạn 2026-2028)": a stated length just before the period (not the "năm"
# of a date: "tháng 2 năm 1987 – 1992")
STATED_YEARS = re.compile(r"(?<!tháng )(?<!tháng)(\d{1,2})\s+năm\s*[(,]?\s*(?:giai đoạn|thời kỳ|từ năm|năm)?\s*$",
                          re.IGNORECASE)
# a period hard-wrapped after its first year: "giai đoạn 2026" / "- 2030" read as a bullet
PERIOD_HEAD = re.compile(r"(?:giai đoạn|thời kỳ|niên độ|nhiệm kỳ)\s+((?:19|20)\d\d)\W*$", re.IGNORECASE)
PERIOD_TAIL = re.compile(r"^[-–—]\s*((?:19|20)\d\d)(?!\d)")
# "từ ngày 08 đến ngày 10 tháng 12 năm 2025", "từ ngày 17/11 đến ngày 20/11/2025": a span of days
DAY_SPAN = re.compile(r"từ ngày\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?|\s+tháng\s+(\d{1,2})"
                      r"(?:\s+năm\s+(\d{4}))?)?\s*(?:,\s*)?đến(?: hết)?(?: ngày)?\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})"
                      r"\s*[/.-]\s*(\d{4})|\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))", re.IGNORECASE)
# "Sau 8 năm triển khai thực hiện Nghị quyết số 21-NQ/TW ngày 25/10/2017": years since a cited document
YEARS_SINCE = re.compile(r"\b[Ss]au\s+(?:hơn\s+|gần\s+)?(\d{1,2})\s+năm\s+(?:triển khai|thực hiện|ban hành|"
                         r"triển khai thực hiện|tổ chức thực hiện|thi hành)\b")
NUMBER_YEAR = re.compile(r"^\d{1,6}/(\d{4})/")
# documents before this year are historic: their periods are not a plan's
HISTORIC = 2000


def date_range_checks(doc: Document) -> list[Check]:
    """Periods and days that end before they start, stated lengths against their years, and the dates
    of cited documents (see `_reference_dates`). Periods of the years before 2000 are history, not a
    plan's periods (encyclopedia pages, biographies): not checked."""
    issued = header(doc).issued_date
    out = []
    if issued is None or issued.year >= HISTORIC:
        out += _period_checks(doc)
    out += _day_span_checks(doc)
    out += _reference_dates(doc, issued)
    if issued and header(doc).doc_type == "ke_hoach":
        out += _schedule_checks(doc, issued)
    return out


# a table column of a plan's schedule: when its tasks are to be done ("Thời gian thực hiện", "Thời hạn",
# "Thời gian công bố Quyết định kiểm tra", "Tiến độ"), not when something was ("Thời gian ban hành")
SCHEDULE_HEADER = re.compile(r"thời gian|thời hạn|thời điểm|tiến độ|ngày thực hiện|ngày hoàn thành", re.IGNORECASE)
PAST_HEADER = re.compile(r"ban hành|đã|ký|thành lập|cấp|kết quả", re.IGNORECASE)
SLASH_DATE = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)"  # day, month, year
CELL_DATE = re.compile(rf"(?<![\d/]){SLASH_DATE}(?![\d/])")
# a cell of a schedule: a time, not a task that mentions one; a date alone, or after a word of deadline
MAX_TIME_CELL = 60
DATE_ALONE = re.compile(rf"^\W*(?:(?:trước|đến|hạn|hoàn thành|dự kiến|chậm nhất|ngày)\s+)*{SLASH_DATE}\W*$",
                        re.IGNORECASE)
CITED_IN_CELL = re.compile(r"số\s*\S*\d+/", re.IGNORECASE)
# a date this long before the plan is no slip of a late signature: the plan's schedule cannot hold it
SCHEDULE_SLACK = dt.timedelta(days=60)


def _schedule_checks(doc: Document, issued: dt.date) -> list[Check]:
    """A plan's schedule (a table column headed by when its tasks are done) dated before the plan itself.
    The header is the first row and the rows after it above the first row numbered as a list ("1", "I",
    "a") or holding a date; a cell is a time when it is short and holds no citation ("… số 10/KH-UBND ngày
    05/01/2024"), and its time is its last date (the end of "Từ 01/01/2025 đến 31/12/2025"). `fail` when the cell is a date
    alone and the column's other dates are on or after the plan's date (the row breaks the schedule: a
    slip, as "25/3/2025" among "23/3/2026" in a plan of 10/3/2026); `warn` otherwise."""
    out = []
    for table in doc.tables:
        rows = table.rows
        header_rows = next((i for i, r in enumerate(rows) if (i and r and row_label(r[0].text.strip()))
                            or any(CELL_DATE.search(c.text) for c in r)), len(rows))  # (the first row: a header)
        if header_rows == 0 or header_rows == len(rows):
            continue
        for col in range(max(map(len, rows))):
            head = " ".join(r[col].text for r in rows[:header_rows] if col < len(r))
            if not SCHEDULE_HEADER.search(head) or PAST_HEADER.search(head):
                continue
            dates = []  # (date, span, whether the cell is that date alone)
            for r in rows[header_rows:]:
                text = r[col].text if col < len(r) else ""
                found = list(CELL_DATE.finditer(text))
                if not found or len(text) > MAX_TIME_CELL or CITED_IN_CELL.search(text):
                    continue
                m = found[-1]
                try:
                    when = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                except ValueError:
                    continue
                dates.append((when, r[col].start + m.start(), r[col].start + m.end(), bool(DATE_ALONE.match(text))))
            later = [d for d, _, _, _ in dates if d >= issued]
            for when, start, end, alone in dates:
                if when >= issued - SCHEDULE_SLACK:
                    continue
                en = (f"{when:%d/%m/%Y} in the schedule ('{' '.join(head.split())}') is before the plan itself "
                      f"({issued:%d/%m/%Y})")
                vi = f"ngày {when:%d/%m/%Y} trong tiến độ ('{' '.join(head.split())}') trước ngày ban hành kế hoạch ({issued:%d/%m/%Y})"
                if not later:
                    en += " (doubtful: no other date of the column is after it)"
                    vi += " (chưa chắc: không có ngày nào khác của cột sau ngày ban hành)"
                elif not alone:
                    en += " (doubtful: the cell says more than a date)"
                    vi += " (chưa chắc: ô ghi thêm nội dung ngoài ngày)"
                out.append(Check("date_range", "fail" if later and alone else "warn", None, None, Decimal(0), en, vi,
                                 start, end))
    return out


def _period_checks(doc: Document) -> list[Check]:
    out = []
    paragraphs = doc.paragraphs + doc.footnote_paragraphs
    for k, p in enumerate(paragraphs):
        found = [(int(m.group(1)), int(m.group(2)), p.start + m.start(1), p.start + m.end(2), m.start())
                 for m in number_matches(doc, PERIOD, p)]
        nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        if nxt and (head := PERIOD_HEAD.search(p.text)) and (tail := PERIOD_TAIL.match(nxt.text)):
            found.append((int(head.group(1)), int(tail.group(1)), p.start + head.start(1), nxt.start + tail.end(1),
                          None))
        for first, last, start, end, at in found:
            if first < HISTORIC and last < HISTORIC:
                continue
            stated = STATED_YEARS.search(p.text, max(0, at - 40), at) if at is not None else None
            if last < first:
                out.append(Check("date_range", "fail", Decimal(first), Decimal(last), Decimal(0),
                                 f"the period {first}-{last} ends before it starts",
                                 f"giai đoạn {first}-{last} kết thúc trước khi bắt đầu", start, end))
            elif stated:
                years = int(stated.group(1))
                if years not in (last - first, last - first + 1):
                    out.append(Check("date_range", "fail", Decimal(years), Decimal(last - first + 1), Decimal(0),
                                     f"{years} years stated for {first}-{last} ({last - first + 1} years)",
                                     f"nêu {years} năm cho giai đoạn {first}-{last} ({last - first + 1} năm)",
                                     p.start + stated.start(1), end))
    return out


def _day_span_checks(doc: Document) -> list[Check]:
    """"từ ngày 17 đến ngày 12 tháng 11 năm 2025": the first day takes the month and year of the last
    unless it prints its own."""
    out = []
    for p in doc.paragraphs + doc.footnote_paragraphs:
        if "từ ngày" not in p.text:
            continue
        for m in DAY_SPAN.finditer(p.text):
            d2, mo2, y2 = m.group(6), m.group(7) or m.group(9), m.group(8) or m.group(10)
            d1, mo1, y1 = m.group(1), m.group(2) or m.group(4) or mo2, m.group(3) or m.group(5) or y2
            try:
                first, last = dt.date(int(y1), int(mo1), int(d1)), dt.date(int(y2), int(mo2), int(d2))
            except ValueError:
                continue
            if last < first:
                out.append(Check("date_range", "fail", None, None, Decimal(0),
                                 f"the span from {first:%d/%m/%Y} to {last:%d/%m/%Y} ends before it starts",
                                 f"khoảng thời gian từ {first:%d/%m/%Y} đến {last:%d/%m/%Y} kết thúc trước khi "
                                 f"bắt đầu", p.start + m.start(), p.start + m.end()))
    return out


def _ref_key(number: str) -> tuple[str, str]:
    """A cited number as (its digits, its code without hyphens): "27/CT-TTg" → ("27", "CTTTG")."""
    head, _, code = number.partition("/")
    return head, re.sub(r"[\s\-/]", "", code).upper()


def _near(a: str, b: str) -> bool:
    """Codes one letter apart ("CTTG" misprinted for "CTTTG"), or alike once letters read twice are read
    once (OCR: "QĐĐ-SCTT" for "QĐ-SCT")."""
    if references.read_once(a) == references.read_once(b):
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_))) if len(a) != len(b) else \
        sum(x != y for x, y in zip(a, b)) == 1


def _cited_twice(refs: list[dict]) -> list[Check]:
    """One document cited with two dates of one year: the dates its other citations do not give are
    flagged (`fail` when the numbers are printed alike and the issuers do not differ; `warn` when the
    numbers differ by one letter, a misprint or another document), each date once, where it is first cited.
    Two dates of different years are two documents (plans are numbered anew each year), unless they are
    the same day of the month ("06/3/2025" and "06/3/2026": a slip of the year, or the same number on the
    same day of two years): a doubt."""
    out = []
    flagged: set[tuple] = set()
    for i, r in enumerate(refs):
        digits, code = _ref_key(r["ref_number"])
        same, near = [], []
        when = r["ref_date"]
        for x in refs:
            d, c = _ref_key(x["ref_number"])
            other = x["ref_date"]
            if d != digits or x is r or other.year != when.year and (other.day, other.month) != (when.day, when.month):
                continue
            if other.year != when.year:
                if (c == code or _near(c, code)) and r["ref_type"] == x["ref_type"]:
                    near.append(x)
            elif c == code and not (r["ref_issuer"] and x["ref_issuer"]
                                    and fold_name(r["ref_issuer"]) != fold_name(x["ref_issuer"])):
                same.append(x)
            elif _near(c, code) and r["ref_type"] == x["ref_type"]:
                near.append(x)
        others = [x["ref_date"] for x in same + near if x["ref_date"] != r["ref_date"]]
        agreeing = 1 + sum(x["ref_date"] == r["ref_date"] for x in same + near)  # this citation and its like
        earlier = [x for x in same + near if x["ref_date"] != r["ref_date"] and x["start_char"] < r["start_char"]]
        if not others or agreeing > len(others) or agreeing == len(others) and not earlier:
            continue  # the date most citations give; of two dates as often given, the one cited first
        if (digits, code, r["ref_date"]) in flagged:
            continue  # the same slip cited again: one failure for it
        flagged.add((digits, code, r["ref_date"]))
        usual = max(set(others), key=others.count)
        status = "fail" if any(x["ref_date"] == usual for x in same) else "warn"
        en = f"{r['ref_number']} is cited here dated {r['ref_date']:%d/%m/%Y}, elsewhere {usual:%d/%m/%Y}"
        vi = f"{r['ref_number']} được dẫn ở đây ngày {r['ref_date']:%d/%m/%Y}, ở chỗ khác ngày {usual:%d/%m/%Y}"
        if usual.year != r["ref_date"].year:
            en += " (doubtful: the same day of another year, a slip of the year or two documents)"
            vi += " (chưa chắc: cùng ngày tháng, khác năm: ghi nhầm năm hoặc là hai văn bản)"
        elif status == "warn":
            en += " (doubtful: the numbers are printed differently)"
            vi += " (chưa chắc: số hiệu in khác nhau)"
        out.append(Check("date_range", status, None, None, Decimal(0), en, vi, r["start_char"], r["end_char"]))
    return out


def _reference_dates(doc: Document, issued: dt.date | None) -> list[Check]:
    """The dates of cited documents: after this document; a number whose year ("46/2002/QĐ-UBND")
    contradicts its date ("ngày 12/09/2022"); one document cited with two dates; "Sau 8 năm triển khai
    <document of 2017>" against the years to this document's date."""
    out = []
    refs = [r for r in references.extract(doc) if r["ref_date"]]
    flagged: set[tuple[str, dt.date]] = set()  # a slip cited again is one failure
    for r in refs:
        number, when = r["ref_number"], r["ref_date"]
        year = NUMBER_YEAR.match(number)
        if (number, when) in flagged:
            continue
        if issued and when > issued and not (year and int(year.group(1)) != when.year):
            flagged.add((number, when))
            out.append(Check("date_range", "fail", None, None, Decimal(0),
                             f"{number} is dated {when:%d/%m/%Y}, after this document ({issued:%d/%m/%Y})",
                             f"văn bản {number} ngày {when:%d/%m/%Y}, sau ngày ban hành "
                             f"văn bản này ({issued:%d/%m/%Y})", r["start_char"], r["end_char"]))
        if year and int(year.group(1)) == when.year:  # a relation verified is evidence too
            out.append(Check("date_range", "pass", None, None, Decimal(0),
                             f"{number} dated {when:%d/%m/%Y}: the year of its number",
                             f"{number} ngày {when:%d/%m/%Y}: khớp năm trong số hiệu", r["start_char"], r["end_char"]))
        elif year:
            flagged.add((number, when))
            later = f", after this document ({issued:%d/%m/%Y})" if issued and when > issued else ""
            later_vi = f", sau ngày ban hành văn bản này ({issued:%d/%m/%Y})" if later else ""
            out.append(Check("date_range", "fail", Decimal(int(year.group(1))), Decimal(when.year), Decimal(0),
                             f"{number}: the number gives the year {year.group(1)}, its date {when:%d/%m/%Y}{later}",
                             f"{number}: số hiệu ghi năm {year.group(1)}, nhưng ngày ban hành là "
                             f"{when:%d/%m/%Y}{later_vi}", r["start_char"], r["end_char"]))
    out += _cited_twice([r for r in refs if (r["ref_number"], r["ref_date"]) not in flagged])  # one slip, one flag
    if issued:
        for p in doc.paragraphs:
            if "năm" not in p.text:
                continue
            for m in YEARS_SINCE.finditer(p.text):
                r = next((r for r in refs if p.start + m.end() <= r["start_char"] <= p.start + m.end() + 60), None)
                if r is None:
                    continue
                years, since = int(m.group(1)), issued.year - r["ref_date"].year
                if abs(years - since) > 1:
                    out.append(Check("date_range", "fail", Decimal(years), Decimal(since), Decimal(0),
                                     f"{years} years stated since {r['ref_number']} ({r['ref_date']:%d/%m/%Y}); "
                                     f"this document is dated {issued:%d/%m/%Y}: {since} years",
                                     f"nêu {years} năm kể từ {r['ref_number']} ({r['ref_date']:%d/%m/%Y}); văn "
                                     f"bản này ngày {issued:%d/%m/%Y}: {since} năm",
                                     p.start + m.start(1), p.start + m.end(1)))
    return out


DISTRICT_WORDS = ("huyện", "thị xã")
DISTRICT_MENTION = re.compile(r"(?<!\w)((?i:huyện|thị xã))\s+((?:[A-ZĐ][^\W\d_]*)(?:\s+[A-ZĐ][^\W\d_]*){0,2})")


def _bare(name: str) -> str:
    """A name without any diacritics (Đông Hỷ and Đồng Hỷ meet here)."""
    s = unicodedata.normalize("NFD", fold_name(name).replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


# the three-tier map the gazetteer holds: in force from the last wave of district mergers until the
# two-tier map of 1 July 2025
LEGACY_MAP = (dt.date(2020, 1, 1), dt.date(2025, 7, 1))


def gazetteer_checks(doc: Document) -> list[Check]:
    """Places against the map in force at the document's date: the three-tier map for documents of
    2020 – June 2025; none for older documents (the map differed), undated texts (no date, no map),
    or documents from 1 July 2025 (districts are gone: a district named there is history)."""
    head = header(doc)
    if head.issued_date is None or not LEGACY_MAP[0] <= head.issued_date < LEGACY_MAP[1]:
        return []
    province = head.province
    out = []
    if province:
        gaz = legacy()
        districts = gaz.districts_of(province)
        by_bare = {_bare(d): d for d in districts}
        known = {fold_name(d) for d in districts}
        for p in doc.paragraphs:
            for m in word_matches(doc, DISTRICT_MENTION, DISTRICT_WORDS, p):
                name = m.group(2)
                tokens = name.split()
                matched = any(fold_name(" ".join(tokens[:n])) in known for n in range(len(tokens), 0, -1))
                if matched:
                    continue
                near = next((by_bare[_bare(" ".join(tokens[:n]))] for n in range(len(tokens), 0, -1)
                             if _bare(" ".join(tokens[:n])) in by_bare), None)
                if near:
                    start = p.start + m.start(2)
                    out.append(Check("gazetteer", "fail", None, None, Decimal(0),
                                     f"{province} has no {m.group(1)} '{name}': did you mean '{near}'?",
                                     f"tỉnh {province} không có {m.group(1)} '{name}': có phải là '{near}'?",
                                     start, start + len(" ".join(tokens[:len(near.split())]))))
    gaz = legacy()
    for m in mentions(doc):
        if not m.explicit_district or m.unit_type not in COMMUNE_TYPES:
            continue
        anywhere = gaz.find_communes(m.printed, None, province)
        if anywhere and not gaz.find_communes(m.printed, m.district, province) and gaz.find_districts(m.district, province):
            where = ", ".join(sorted({u.district for u in anywhere}))
            out.append(Check("gazetteer", "fail", None, None, Decimal(0),
                             f"{m.unit_type} {m.printed} is not in {m.district} (it is in {where})",
                             f"{m.unit_type} {m.printed} không thuộc {m.district} (thuộc {where})", m.start, m.end))
    return out
