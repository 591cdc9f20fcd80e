"""The pyarrow schemas of every output table. Each field carries a description (and, where it has
one, its vocabulary) in its metadata; the writer refuses records that do not fit."""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1.4"  # 1.4: error stage skip, agency sources label/table/partner, funding origin cell, target category by the unit counted

DOC_TYPES = ["ke_hoach", "cong_van", "quyet_dinh", "bao_cao", "nghi_quyet", "other"]
ADMIN_LEVELS = ["trung_uong", "tinh", "huyen", "xa"]
SECTION_KINDS = ["purpose", "targets", "tasks", "funding", "organization", "other"]
# the outline grammar's kinds (pipeline.lexicon.outline.RANK), and headings that carry no marker
SECTION_MARKERS = ["part", "chapter", "division", "alpha", "article", "roman", "num1", "num2", "num3", "num4", "letter",
                   "paren", "dash", "plus", "heading"]
RELATIONS = ["can_cu", "thuc_hien", "kem_theo", "other"]
ERROR_STAGES = ["read", "extract", "write", "skip"]  # skip: a file of no document format (a program, a CSV)
FUNDING_SOURCES = ["total", "central_budget", "local_budget", "province_budget", "district_budget",
                   "commune_budget", "integrated", "community", "credit", "other"]
CAPITAL_TYPES = ["development_investment", "recurrent"]
MONEY_UNITS = ["đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"]
ORIGINS = ["text", "footnote", "table", "cell"]  # cell: prose in a table cell
CHECK_RULES = ["sum", "table_total", "list_count", "percent", "fraction", "numbering_sequence", "date_range",
               "duplicate_member", "gazetteer", "cross_reference"]
CHECK_STATUSES = ["pass", "fail", "warn", "skip"]
UNIT_TYPES = ["xã", "phường", "thị trấn", "thôn", "xóm", "bản", "tổ dân phố"]
COMPARATORS = ["eq", "gte", "lte", "increase", "maintain"]
TARGET_CATEGORIES = ["xa_ntm", "ntm_nang_cao", "ntm_kieu_mau", "thon", "huyen", "other"]
AGENCY_SOURCES = ["heading", "subject", "addressee", "label", "table", "partner"]
ROLES = ["chu_tri", "phoi_hop", "thuc_hien"]
RESOLUTIONS = ["gazetteer_district", "gazetteer_province", "gazetteer_other_province", "ambiguous",
               "not_in_gazetteer", "village"]


def _f(name: str, type_: pa.DataType, description: str, *, nullable: bool = True,
       vocabulary: list[str] | None = None) -> pa.Field:
    meta = {"description": description}
    if vocabulary:
        meta["vocabulary"] = ",".join(vocabulary)
    return pa.field(name, type_, nullable=nullable, metadata=meta)


_DOC_ID = _f("doc_id", pa.string(), "Document id: the first 16 hex digits of the file's SHA-256", nullable=False)
_SPAN = [_f("start_char", pa.int64(), "Start of the span in the normalized document text", nullable=False),
         _f("end_char", pa.int64(), "End of the span (exclusive) in the normalized document text", nullable=False),
         _f("page", pa.int32(), "Page of the span's start (PDF only)")]
_VERSION = _f("schema_version", pa.string(), "Version of the table schemas that wrote the row", nullable=False)

DOCUMENTS = pa.schema([
    _DOC_ID,
    _f("source_path", pa.string(), "Path of the input file as given", nullable=False),
    _f("format", pa.string(), "Format detected from the bytes", nullable=False,
       vocabulary=["pdf", "docx", "html", "txt", "md", "doc", "rtf", "odt", "xlsx", "xls", "ods", "image"]),
    _f("sha256", pa.string(), "SHA-256 of the file's bytes", nullable=False),
    _f("page_count", pa.int32(), "Pages (PDF only)"),
    _f("char_count", pa.int64(), "Characters of normalized text", nullable=False),
    _f("doc_number", pa.string(), "Number as printed after 'Số:' (e.g. 56/KH-UBND); null when blank"),
    _f("doc_type", pa.string(), "Type of document", nullable=False, vocabulary=DOC_TYPES),
    _f("issuer", pa.string(), "Issuing body (e.g. UBND tỉnh Thái Nguyên)"),
    _f("admin_level", pa.string(), "Administrative level of the issuer", vocabulary=ADMIN_LEVELS),
    _f("province", pa.string(), "Province of the issuer"),
    _f("district", pa.string(), "District of the issuer (district- and commune-level issuers)"),
    _f("commune", pa.string(), "Commune of the issuer (commune-level issuers)"),
    _f("place", pa.string(), "Place of issue as printed before the date"),
    _f("issued_date", pa.date32(), "Date of issue; null when the day or month is blank"),
    _f("plan_year", pa.int32(), "Year the plan is for: its title's year or first year of its period, else the year it is issued in when it sets its own goals or time frame"),
    _f("period_start", pa.int32(), "First year of a 'giai đoạn' period in the title"),
    _f("period_end", pa.int32(), "Last year of a 'giai đoạn' period in the title"),
    _f("title", pa.string(), "Title under the document type line"),
    _f("subject", pa.string(), "Subject of a letter (after 'V/v')"),
    _f("signer_name", pa.string(), "Name in the signature block"),
    _f("signer_title", pa.string(), "Title of the signer (e.g. Phó Chủ tịch)"),
    _f("signing_authority", pa.string(), "TM (on behalf of), KT (deputising), Q, TL, TUQ",
       vocabulary=["TM", "KT", "Q", "TL", "TUQ"]),
    _f("recipients", pa.list_(pa.string()), "Items of the 'Nơi nhận' list"),
    _f("addressees", pa.list_(pa.string()), "Items of the 'Kính gửi' list"),
    _f("warnings", pa.list_(pa.string()), "Problems met while reading the file that did not stop it"),
    _f("text_encoding", pa.string(), "How a text file stored its characters (utf-8, utf-8-bom, utf-16, "
       "cp1258…) and the legacy font encoding converted from (tcvn3, vni); null when the format says"),
    _f("ocr_pages", pa.list_(pa.int32()), "Pages whose text was read off the page image by OCR (Tesseract), "
       "not from a text layer"),
    _VERSION,
])

SECTIONS = pa.schema([
    _DOC_ID,
    _f("section_id", pa.string(), "Section id, unique across the output", nullable=False),
    _f("parent_id", pa.string(), "Enclosing section"),
    _f("level", pa.int32(), "1 = a part of the document (I., II. …); lists outside parts start at 2", nullable=False),
    _f("number", pa.string(), "Number or bullet as printed (IV, 2.1, a, -, +)", nullable=False),
    _f("marker", pa.string(), "Kind of numbering", nullable=False, vocabulary=SECTION_MARKERS),
    _f("heading", pa.string(), "Heading text (up to the first colon or full stop)", nullable=False),
    _f("kind", pa.string(), "What the part is about; subsections inherit", nullable=False, vocabulary=SECTION_KINDS),
    *_SPAN,
    _VERSION,
])

REFERENCES = pa.schema([
    _DOC_ID,
    _f("ref_id", pa.string(), "Reference id, unique across the output", nullable=False),
    _f("ref_number", pa.string(), "Number of the cited document (e.g. 27/2022/NĐ-CP)", nullable=False),
    _f("ref_type", pa.string(), "Type of the cited document (quyet_dinh, nghi_dinh, ke_hoach …)"),
    _f("ref_date", pa.date32(), "Date of the cited document"),
    _f("ref_issuer", pa.string(), "Issuer of the cited document as printed after 'của'"),
    _f("relation", pa.string(), "How it is cited", nullable=False, vocabulary=RELATIONS),
    _f("section_id", pa.string(), "Section the citation stands in"),
    _f("in_footnote", pa.bool_(), "Whether the citation stands in a footnote", nullable=False),
    *_SPAN,
    _VERSION,
])

FUNDING = pa.schema([
    _DOC_ID,
    _f("item_id", pa.string(), "Funding item id, unique across the output", nullable=False),
    _f("parent_id", pa.string(), "The item this amount is a part of"),
    _f("label", pa.string(), "What the amount is, as printed before it", nullable=False),
    _f("source", pa.string(), "Where the money comes from", nullable=False, vocabulary=FUNDING_SOURCES),
    _f("capital_type", pa.string(), "Investment or recurrent spending, when stated", vocabulary=CAPITAL_TYPES),
    _f("amount_vnd", pa.int64(), "Amount in đồng", nullable=False),
    _f("amount_text", pa.string(), "The amount as printed (e.g. 80.178,119 triệu đồng)", nullable=False),
    _f("unit", pa.string(), "Unit as printed", nullable=False, vocabulary=MONEY_UNITS),
    _f("decimals", pa.int32(), "Decimals printed: the figure is exact to ±half a unit of the last one",
       nullable=False),
    _f("year", pa.int32(), "Year the amount is for, when its sentence (or its parent's) says"),
    _f("origin", pa.string(), "Where the amount stands", nullable=False, vocabulary=ORIGINS),
    _f("section_id", pa.string(), "Section the amount stands in (for footnotes: the anchoring amount's)"),
    _f("label_start", pa.int64(), "Start of the label in the normalized document text", nullable=False),
    *_SPAN,
    _VERSION,
])

TARGETS = pa.schema([
    _DOC_ID,
    _f("target_id", pa.string(), "Target id, unique across the output", nullable=False),
    _f("subject", pa.string(), "What is counted or measured", nullable=False),
    _f("value", pa.float64(), "The figure aimed at (the increment for comparator 'increase')", nullable=False),
    _f("upper", pa.float64(), "Upper end of a range ('từ 02 đến 03 tiêu chí')"),
    _f("unit", pa.string(), "The counted thing in its plain singular, or a measure or rate (xã, tiêu chí/xã, %, ha, "
       "con/phụ nữ …)",
       nullable=False),
    _f("comparator", pa.string(), "How the figure binds", nullable=False, vocabulary=COMPARATORS),
    _f("denominator", pa.int32(), "Y of 'X/Y xã'"),
    _f("year", pa.int32(), "Year the target is for: stated in its sentence or its table column, else in its "
       "section's heading, else the end of the plan's period or the plan's year"),
    _f("scope", pa.string(), "Commune, district or body the target is assigned to"),
    _f("criterion", pa.string(), "Criterion or indicator it concerns (tiêu chí 9, chỉ tiêu 17.8)"),
    _f("category", pa.string(), "Kind of new-countryside target, by the unit it counts as a word of its own "
       "('nông thôn' names no thôn); other outside that programme", nullable=False, vocabulary=TARGET_CATEGORIES),
    _f("quote", pa.string(), "The clause that states it", nullable=False),
    _f("section_id", pa.string(), "Section it stands in"),
    *_SPAN,
    _VERSION,
])

COMMUNES = pa.schema([
    _DOC_ID,
    _f("commune_id", pa.string(), "Id of the named unit, unique across the output", nullable=False),
    _f("name", pa.string(), "Name (the gazetteer's spelling when resolved)", nullable=False),
    _f("unit_type", pa.string(), "Kind of unit", nullable=False, vocabulary=UNIT_TYPES),
    _f("district", pa.string(), "District the text gives or the gazetteer implies (pre-2025 map)"),
    _f("province", pa.string(), "Province"),
    _f("printed", pa.string(), "The name as first printed", nullable=False),
    _f("resolution", pa.string(), "How the name was placed on the map", nullable=False, vocabulary=RESOLUTIONS),
    _f("code", pa.string(), "Unit code on the map in force at the document's date"),
    _f("new_name", pa.string(), "The unit it became (or is) on the map in force from 1 July 2025"),
    _f("new_unit_type", pa.string(), "Kind of that unit (xã / phường / đặc khu)"),
    _f("new_province", pa.string(), "Province of that unit (34-province map)"),
    _f("new_code", pa.string(), "Code of that unit"),
    _f("lat", pa.float64(), "Latitude of the unit (gazetteer)"),
    _f("lon", pa.float64(), "Longitude of the unit (gazetteer)"),
    _f("mentions", pa.int32(), "Times the document names it", nullable=False),
    _f("section_id", pa.string(), "Section of the first mention"),
    *_SPAN,
    _VERSION,
])

COMMUNE_LISTS = pa.schema([
    _DOC_ID,
    _f("list_id", pa.string(), "List id, unique across the output", nullable=False),
    _f("stated_count", pa.int32(), "The count the text states (\"03 xã\")", nullable=False),
    _f("unit_type", pa.string(), "Kind of unit counted", nullable=False, vocabulary=UNIT_TYPES),
    _f("members", pa.list_(pa.string()), "Names listed, in order (gazetteer spelling when resolved)"),
    _f("member_count", pa.int32(), "Names listed", nullable=False),
    _f("purpose", pa.string(), "What the list is for: the count and the words up to the list", nullable=False),
    _f("section_id", pa.string(), "Section of the stated count"),
    _f("count_start", pa.int64(), "Start of the stated count", nullable=False),
    _f("count_end", pa.int64(), "End of the stated count", nullable=False),
    *_SPAN,
    _VERSION,
])

AGENCIES = pa.schema([
    _DOC_ID,
    _f("agency_id", pa.string(), "Agency id, unique across the output", nullable=False),
    _f("name", pa.string(), "Name as the document gives it", nullable=False),
    _f("canonical_name", pa.string(), "Name with abbreviations spelt out (UBND → Ủy ban nhân dân …)", nullable=False),
    _f("level", pa.string(), "Administrative level of the body", vocabulary=ADMIN_LEVELS),
    _f("source", pa.string(), "Where it is named: a heading of the organization part, the subject of a task, "
       "an addressee of a letter, a label or a task table's column of lead and partner bodies, a named partner",
       nullable=False, vocabulary=AGENCY_SOURCES),
    _f("successor", pa.string(), "The department it was merged into on 1 March 2025 (Sở NN&PTNT, Sở TN&MT)"),
    _f("successor_in_force", pa.bool_(), "Whether the document is dated after that merger", nullable=False),
    _f("section_id", pa.string(), "Section that names it"),
    *_SPAN,
    _VERSION,
])

AGENCY_ASSIGNMENTS = pa.schema([
    _DOC_ID,
    _f("assignment_id", pa.string(), "Assignment id, unique across the output", nullable=False),
    _f("agency_id", pa.string(), "The agency (agencies.agency_id)", nullable=False),
    _f("agency_name", pa.string(), "The agency's name as printed", nullable=False),
    _f("role", pa.string(), "chu_tri (leads), phoi_hop (cooperates), thuc_hien (carries out)", nullable=False,
       vocabulary=ROLES),
    _f("task", pa.string(), "The task as printed", nullable=False),
    _f("criteria", pa.list_(pa.string()), "Criteria and indicators the task puts in its charge (9, 17.5 …)"),
    _f("section_id", pa.string(), "Section of the agency"),
    *_SPAN,
    _VERSION,
])

CHECKS = pa.schema([
    _DOC_ID,
    _f("check_id", pa.string(), "Check id, unique across the output", nullable=False),
    _f("rule", pa.string(), "What relation is checked", nullable=False, vocabulary=CHECK_RULES),
    _f("status", pa.string(), "pass, fail, warn (doubtful), skip (cannot be checked)", nullable=False,
       vocabulary=CHECK_STATUSES),
    _f("expected", pa.float64(), "The stated figure (đồng for money, else a count or percent)"),
    _f("actual", pa.float64(), "What the parts give"),
    _f("difference", pa.float64(), "expected − actual"),
    _f("tolerance", pa.float64(), "How far apart they may be from the printed rounding alone", nullable=False),
    _f("unit", pa.string(), "VND for money; else the counted thing"),
    _f("message", pa.string(), "Explanation in English", nullable=False),
    _f("message_vi", pa.string(), "Explanation in Vietnamese", nullable=False),
    _f("item_ids", pa.list_(pa.string()), "Funding items involved (the total first)"),
    _f("part_spans", pa.list_(pa.list_(pa.int64())), "[start, end] of each part in the document text"),
    _f("section_id", pa.string(), "Section of the stated figure"),
    *_SPAN,
    _VERSION,
])

ERRORS = pa.schema([
    _f("source_path", pa.string(), "Path of the input file", nullable=False),
    _f("doc_id", pa.string(), "Document id when the file was read far enough to have one"),
    _f("sha256", pa.string(), "SHA-256 of the file's bytes (null when it could not be opened)"),
    _f("stage", pa.string(), "Stage that failed; skip: a file of a format that holds no document (not an error of "
       "the file, listed so that no input goes unreported)", nullable=False, vocabulary=ERROR_STAGES),
    _f("reason", pa.string(), "What went wrong, in plain words", nullable=False),
    _f("error_type", pa.string(), "Exception class (for developers)"),
    _VERSION,
])

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "sections": SECTIONS,
    "references": REFERENCES,
    "targets": TARGETS,
    "communes": COMMUNES,
    "commune_lists": COMMUNE_LISTS,
    "agencies": AGENCIES,
    "agency_assignments": AGENCY_ASSIGNMENTS,
    "funding": FUNDING,
    "checks": CHECKS,
    "errors": ERRORS,
}
