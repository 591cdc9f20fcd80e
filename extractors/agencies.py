"""Bodies given a responsibility → `agencies`, and what each is given → `agency_assignments`.

Where plans assign work (the organization and tasks parts, a decision's article on who carries it out):
- a numbered heading names the body ("2. Phòng Tài chính - Kế hoạch", "1. Sở Nội vụ chủ trì …", "3. Đề nghị
  Ủy ban MTTQ Việt Nam tỉnh …", "5. Các sở ngành liên quan, Viện Nghiên cứu phát triển Thành phố");
- a sentence or clause opens with it ("- Công an tỉnh: chủ trì …", "…; Ủy ban nhân dân các xã triển khai …"),
  or a verb hands the task on ("Giao Sở … chủ trì", "Đề nghị: Hiệp hội …, Hội Nông dân tỉnh"), or it is a
  named partner ("phối hợp với Sở Tư pháp");
- a label or a task table's column lists lead and partner bodies ("Đơn vị chủ trì: Sở Nội vụ.", "Cơ quan
  chủ trì | Cơ quan phối hợp", "Chủ trì: UBND xã Mậu A; Sở Công Thương hướng dẫn");
- a decision makes office-holders answerable ("Giám đốc Sở Tài chính, Chủ tịch UBND các xã … chịu trách
  nhiệm thi hành"): their bodies are the agencies;
- in any part of a plan or decision, a paragraph is addressed to it ("6.1. Đối với Đoàn kiểm tra: …") or
  names it as a task's agent ("Xe ô tô do Văn phòng Sở Công Thương bố trí").
The issuing committee or department, and in a local document the central government, are not agencies.
A name is read by one grammar: a head (Sở, Ban, Ủy ban nhân dân, Công an, the collectives "các sở, ban,
ngành" …) and the words after it up to a task verb, a colon or the start of the next name. Names are kept
as printed, with a canonical form that spells the abbreviations out (UBND, NN&PTNT, MTTQ, LĐ-TB&XH …) and,
for the departments merged on 1 March 2025, the department they became. A collective addressee written
several ways ("các sở, ban, ngành tỉnh", "Các sở, ngành có liên quan") is one agency.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.header import header
from extractors.sections import Section, section_at, section_tree
from pipeline.lexicon.gazetteer import fold_name
from pipeline.lexicon.outline import BULLETS, parse_marker
from pipeline.lexicon.words import (AGENCY_HEAD, CENTRAL_GOVERNMENT, COLLECTIVE_KINDS, HOLDER_TITLES, OFFICE_HOLDER,
                                   UNIT_WORD, UNIT_WORDS)
from pipeline.model import Document, Paragraph, per_document
from pipeline.lexicon.vietnamese import traditional_tone_marks

TASK_VERB = (r"chủ trì|phối hợp|thực hiện|tham mưu|triển khai|có trách nhiệm|chịu trách nhiệm|định kỳ|tổ chức|"
             r"hướng dẫn|chỉ đạo|theo dõi|căn cứ|tiếp tục|xây dựng|phụ trách|được giao|quyết liệt|rà soát|"
             r"báo cáo|đôn đốc|kiểm tra|tăng cường|bố trí|cân đối|vận động|tuyên truyền|giám sát|ưu tiên|"
             r"nghiên cứu|đề xuất|trên cơ sở|theo chức năng|thường xuyên|khẩn trương|chủ động|đẩy mạnh|"
             r"lồng ghép|hỗ trợ|thẩm định|thẩm tra|ban hành|cần|phải|sẽ|đã|đang|nắm|làm|hoàn thành|hoàn thiện|"
             r"xử lý|sớm|kiện toàn|nghiêm túc|tích cực(?= tham gia| triển khai| phối hợp| thực hiện)|thu thập|"
             r"cung cấp|cập nhật|bảo đảm|đảm bảo|phân bổ|"
             r"là cơ quan|là đơn vị|huy động|tham gia|thông báo|tiếp nhận|chuẩn bị|định hướng|nâng cao|phổ biến|"
             r"quán triệt|ứng dụng|trình|đẩy nhanh|niêm yết|cấu hình|tuân thủ|xóa|gửi|đánh giá|quyết định|giúp|"
             r"tiếp xúc|chịu|là|nay|được|áp dụng|công bố|tiến hành|ký|phê duyệt|chấp hành|sử dụng|nhận|"
             r"trả lời|thông qua|tổng hợp|nộp|gồm|bao gồm|ở|đến|lấy|kịp thời|khai thác|cho biết|(?<!Tiếng )nói|trong|xét xử|"
             r"nơi|Tiếp tục|xem xét|vừa|chỉ được|bổ sung|để|"
             r"do(?= Giám đốc| Chủ tịch| Bộ trưởng| Thủ tướng| UBND| Ủy ban)|"
             r"cấp(?! xã| huyện| tỉnh| thành phố| trung ương| quốc gia| cơ sở| phường| quận| Trung ương| [Tt]ỉnh|"
             r" [Tt]hành phố|\s*,)|"
             r"có(?= các| nhiệm vụ| quyền| ý kiến| thể)|tập trung|quan tâm|lập|giải quyết|trực tiếp|bằng|với|cùng|theo|"
             # what a department's letters and decisions say their subject does or does not (archive originals:
             # "Sở Công Thương không tiến hành …", "… chỉ tổ chức …", "Công ty liên hệ …", "… đối với …")
             r"(?<![Hh]àng )không(?! gian| khí| quân| lưu| ảnh)|chỉ(?! huy| dẫn| số| tiêu| thị)|đối với|liên hệ|"
             r"chấm dứt|từ chối|dự thảo|xác định|kính(?= gửi| đề nghị| trình| báo)|"
             r"quy định|phân công|yêu cầu|tự(?= giải thể| chịu| kiểm tra| bố trí)")
NAME_START = re.compile(rf"{AGENCY_HEAD}|(?:phòng|sở)(?=\s+[A-ZĐ])|HĐND(?=\s)")  # "Giao phòng Quản lý Công nghiệp"
# Heads that are also common nouns ("Cơ quan thực hiện", "Ngân hàng hướng dẫn …"): a body only with a proper
# name, a tier or a place after them
COMMON_HEAD = re.compile(r"^(?:[Cc]ơ quan|Ngân hàng|Trung tâm|Bảo hiểm|Trạm|Lực lượng|Chủ đầu tư|Viện|Điện lực|"
                         r"Thanh tra(?=\s*,))\s*,?\s+"  # "Thanh tra, kiểm tra, giám sát …": what is done
                         r"(?![A-ZĐÂÊÔƠƯ0-9]|.*(?:\s[A-ZĐÂÊÔƠƯ0-9]|"
                         r"\b(?:tỉnh|huyện|xã|phường|thành phố|cấp|nhà nước)\b))")
# A heading that opens with a head and a verb ("Cơ quan thực hiện thủ tục …") names a role, not a body
VERB_AFTER_HEAD = re.compile(rf"(?:[Cc]ác\s+)?(?:[Cc]ơ quan|đơn vị)\s+(?:{TASK_VERB})(?![\w])")
# What a body's name never is: territorial units ("các đơn vị hành chính"), a phrase cut after a function word
NOT_A_BODY = re.compile(r"\bđơn vị hành chính\b|\s(?:của|về|và|với|cho|để|do|các|những|tại|có|một)$")
# A name that surely begins a new body in a list: a collective ("các sở …"), or a head followed by a proper
# name, a tier ("Công an tỉnh") or "nhân dân"; "Ban chỉ đạo, Ban quản lý" is one pair of lower-case names
STRONG_START = re.compile(rf"(?:Các|các)\s|(?:{AGENCY_HEAD})(?:(?:\s+[^\W\d_A-ZĐÂÊÔƠƯ]\w*){{0,3}}\s+[A-ZĐÂÊÔƠƯ0-9]|"
                          r"\s+nhân dân|\s+nhà nước|\s+(?:tỉnh|thành phố|huyện|xã|phường|cấp|các)\b)")
NOUN_COMPOUNDS = {"chương trình", "quy trình", "công trình", "lộ trình", "tờ trình", "tiến trình", "hành trình",
                  "thành lập", "độc lập", "xã hội", "quân sự", "liên quan đến", "đăng ký", "việc làm", "công lập",
                  # a verb that ends a noun of two words inside names ("Ban Quản lý dự án đầu tư xây dựng",
                  # "Trung tâm Dịch vụ tổng hợp", "Trung tâm Kiểm định chất lượng công trình xây dựng")
                  "đầu tư xây dựng", "công trình xây dựng", "dự án xây dựng", "dịch vụ tổng hợp"}
HEAD_AT = re.compile(rf"(?:Đề nghị|Giao|Yêu cầu)?\s*:?\s*({AGENCY_HEAD})")
# Where a name may end: a colon, a semicolon, a bracket, a full stop, a comma, "và", or a task verb
# A person's name after a body's ("Giám đốc Sở Tài chính Nguyễn Xuân Lưu trình bày"): news of a person, no task
PERSON = (r"(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trương|Lương|Mai|Trịnh|"
          r"Lâm|Phùng|Đào|Cao|Lưu|Tạ|Thái|Vương|Châu|Quách|Kiều|Triệu|Hứa|Tăng)(?! Chí Minh)(?:\s+[A-ZĐ]\w*){2,3}\b")
BOUNDARY = re.compile(rf"\s+(?P<person>){PERSON}|\s*(?P<mark>[:;(\t])\s*|\s{{3,}}(?P<aside>)|"
                      rf"\s+(?P<cells>)(?=Các\s)|\.(?=\s|$)|\s*(?P<comma>,)\s*|"
                      rf"\s+(?P<va>và|hoặc)\s+|\s+[-–]\s+(?P<dash>)(?={AGENCY_HEAD})|"
                      rf"\s+(?P<verb>{TASK_VERB})(?![\w])|\s*$")
# "và" joins two bodies unless the second is the council ("Văn phòng Đoàn ĐBQH và HĐND tỉnh"), or the Front's
# fixed pair "Ủy ban MTTQ … và các đoàn thể / các tổ chức chính trị - xã hội", addressed as one
NOT_AFTER_VA = re.compile(r"(?:các\s+)?(?:Hội đồng nhân dân|HĐND)\b|các\s+(?:tổ chức\s+)?(?:[đĐ]oàn thể|tổ chức "
                          r"chính trị)", re.IGNORECASE)
OFFICE_BEFORE = re.compile(OFFICE_HOLDER.pattern.replace(r"(?=\S)", "") + "$")
COLLECTIVE_WORD = re.compile(r"(?:các\s+)?(?:" + "|".join(COLLECTIVE_KINDS) + r")(?![\w])")
UNIT_WORD_AT = re.compile(r"(?:" + "|".join(UNIT_WORDS) + r")(?![\w])")
ENDS_WITH_UNIT = re.compile(r"(?:^|\s)(?:" + "|".join(UNIT_WORDS) + r")$")
# Collectives a task sentence may open with but that name no body ("Các ngành, các cấp", "các phòng, ban, ngành").
GENERIC = re.compile(r"^các (?:ngành|cấp|phòng|ban|cơ quan|đơn vị|sở)\b(?:[, ]+(?:các )?(?:ngành|cấp|phòng|ban|sở|"
                     r"đoàn thể|địa phương|đơn vị|cơ quan|ủy ban nhân dân các xã|chức năng))*\s*$")
ALL_LEVELS = re.compile(r"^các (?:ngành|cấp)\b[, ]+(?:các )?(?:cấp|ngành)\b")
# A verb that hands a task to the body after it; "Chỉ đạo" only when it opens an item of recommendations
LEAD_VERB = re.compile(r"\b(?:Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu)(?:\s+cho)?\s*:?\s+(?=" + AGENCY_HEAD +
                       r"|(?:phòng|sở)\s+[A-ZĐ])")
LEAD_VERB_WORDS = ("iao", "ề nghị", "êu cầu")  # in every LEAD_VERB match: tested first, as substrings
OPENING_LEAD = re.compile(r"(?:Chỉ đạo|Đôn đốc)\s+(?=" + AGENCY_HEAD + ")")
# "6.1. Đối với Đoàn kiểm tra: Các thành viên Đoàn thực hiện …", "- Đối với các xã, phường: …": the body a
# paragraph of tasks is for, in whatever part it stands
ADDRESSED = re.compile(r"[Đđ]ối với\s+(?=" + AGENCY_HEAD + ")")
NEXT_WORD = re.compile(r"\s+[^\s,;:.()]+")
# what a team is named by ("Đoàn kiểm tra", "Tổ công tác thẩm định"): the word after its head is its own
TEAM_TASK = re.compile(r"\s+(?=(?:kiểm tra|thanh tra|giám sát|thẩm định|khảo sát|liên ngành|công tác)\b)\S+")
# "Xe ô tô 7 chỗ do Văn phòng Sở Công Thương tỉnh Lào Cai bố trí", "nhiệm vụ do Sở Y tế chủ trì": the body a
# task is given to as its agent (not "do UBND tỉnh ban hành": who issued a document)
AGENT = re.compile(r"(?<!\w)do\s+(?=" + AGENCY_HEAD + ")")
AGENT_VERB = re.compile(r"\s+(?:chủ trì|bố trí|thực hiện|phụ trách|đảm nhiệm|triển khai)(?![\w])")
# A phrase that may precede the subject: "Căn cứ Kế hoạch này, …", "Trên cơ sở …,"
PREAMBLE = re.compile(r"(?:Căn cứ|Trên cơ sở|Theo chức năng, nhiệm vụ)[^,;:]{0,80},\s*")
PARTNER = re.compile(r"\b[Pp]hối hợp(?:\s+chặt chẽ)?(?:\s+với|\s+cùng)?\s+(?=" + AGENCY_HEAD + ")")
# The verbs that give a body its task, right after its name in a heading ("1. Sở Tư pháp chủ trì, theo dõi …")
ASSIGNING_VERB = re.compile(r"\s+(?:chủ trì|phối hợp|tham mưu|theo dõi|tổng hợp|hướng dẫn|chỉ đạo|có trách nhiệm|"
                            r"chịu trách nhiệm|triển khai|thực hiện|đôn đốc|kiểm tra|báo cáo)(?![\w])")
# A label that lists lead or partner bodies: "Đơn vị chủ trì thực hiện: …", "Cơ quan phối hợp: …", "Chủ trì: …"
ROLE_LABEL = re.compile(r"(?:(?:Đơn vị|Cơ quan)\s+)?(chủ trì|phối hợp|thực hiện|phụ trách)(?:\s+(?:tham mưu\s+)?"
                        r"thực hiện)?\s*:\s*", re.IGNORECASE)
AGENCY_COLUMN = re.compile(r"(?:cơ quan|đơn vị)\s*(?:chủ trì|phối hợp|thực hiện|phụ trách)|^(?:chủ trì|phối hợp)$",
                           re.IGNORECASE)
# Bodies a provincial or local plan never assigns: the central government and ministries (they receive reports)
CENTRAL = re.compile(rf"^(?:[Cc]ác\s+)?(?:Bộ(?! (?:[Cc]hỉ huy|[Tt]ư lệnh|đội))\b|bộ\b|{CENTRAL_GOVERNMENT}|Trung ương)")
# what follows a department's name in its issuer line: its province ("Sở Công Thương tỉnh Lào Cai")
ISSUER_PLACE = re.compile(rf"(?:{UNIT_WORD})\s")
# office-holders, not bodies: "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ …" (their bodies are named apart)
HOLDERS = re.compile(rf"^(?:các\s+)?(?:{'|'.join(HOLDER_TITLES)})\b|"
                     rf"(?<!tăng )(?:{'|'.join(t for t in HOLDER_TITLES if t != 'Trưởng')})$", re.IGNORECASE)
NOTE_MARK_AFTER = re.compile(r"(?:\*+|\[\d{1,3}\]|\(\d{1,3}\))+\s*$")
PEOPLES_COMMITTEE_OF = re.compile(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(tỉnh|thành phố|huyện|quận|thị xã|xã|"
                                  r"phường|thị trấn)(?:\s+[A-ZĐ]\S*(?:\s+[A-ZĐ]\S*)*)?$", re.IGNORECASE)
# "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền" / "UBND 04 xã: …": one committee for each commune named
COMMITTEES_LISTED = re.compile(r"((?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(?:các\s+|\d+\s+)?(xã|phường))\s*:\s*"
                               r"((?:[A-ZĐ][\w]*(?:\s+[A-ZĐ0-9][\w]*)*)(?:\s*(?:,|và)\s*[A-ZĐ][\w]*"
                               r"(?:\s+[A-ZĐ0-9][\w]*)*)+)")
ABBREVIATIONS = [
    (r"\bUBND\b", "Ủy ban nhân dân"), (r"\bHĐND\b", "Hội đồng nhân dân"), (r"\bMTTQ\b", "Mặt trận Tổ quốc"),
    (r"\bNN\s*(?:&|và)\s*PTNT\b", "Nông nghiệp và Phát triển nông thôn"),
    (r"\bTN\s*(?:&|và)\s*MT\b", "Tài nguyên và Môi trường"), (r"\bNN\s*(?:&|và)\s*MT\b", "Nông nghiệp và Môi trường"),
    (r"\bLĐ\s*-?\s*TB\s*(?:&|và)\s*XH\b", "Lao động - Thương binh và Xã hội"),
    (r"\bGD\s*(?:&|và)\s*ĐT\b", "Giáo dục và Đào tạo"), (r"\bKT\s*(?:&|và)\s*HT\b", "Kinh tế và Hạ tầng"),
    (r"\bKH\s*(?:&|và)\s*CN\b", "Khoa học và Công nghệ"), (r"\bVHTTDL\b", "Văn hóa, Thể thao và Du lịch"),
    (r"\bVH\s*-\s*TT\b", "Văn hóa - Thông tin"), (r"\bTC\s*-\s*KH\b", "Tài chính - Kế hoạch"),
    (r"\bPTNT\b", "Phát triển nông thôn"), (r"\bNTM\b", "nông thôn mới"), (r"\bMTQG\b", "mục tiêu quốc gia"),
    (r"\bBCĐ\b", "Ban Chỉ đạo"), (r"\bBQL\b", "Ban Quản lý"), (r"\bQLDA\b", "Quản lý dự án"),
    (r"\bĐTXD\b", "đầu tư xây dựng"), (r"\bCP\b", "Cổ phần"), (r"\bTP\b\.?", "thành phố"),
]
# Departments merged on 1 March 2025 into Sở (Phòng) Nông nghiệp và Môi trường.
MERGED_2025 = re.compile(r"^(Sở|Phòng)\s+(?:Nông nghiệp và Phát triển nông thôn|Tài nguyên và Môi trường)$")
# A role's words, looked for in a task's lower-cased lead as a substring before the pattern checks their bounds
ROLE_WORDS = [("chu_tri", "chủ trì", re.compile(r"\bchủ trì\b")), ("phoi_hop", "phối hợp", re.compile(r"\bphối hợp\b"))]
CRITERIA = re.compile(r"(?:tiêu chí|chỉ tiêu)\s+(?:số\s+)?(\d{1,2}(?:\.\d{1,2})?)", re.IGNORECASE)
# How surely a source names an assigned body: headings first, then labels and tables, subjects, partners
SOURCE_RANK = {"heading": 0, "label": 1, "table": 1, "subject": 2, "addressee": 2, "partner": 3}


@dataclass
class Agency:
    name: str
    start: int
    end: int
    source: str                       # heading, label, table, subject, article, partner, addressee
    section: Section | None = None
    role: str | None = None           # chu_tri, phoi_hop where a label, a column or a verb says it
    office: bool = False              # named through its head's title ("Thủ trưởng các phòng, ban, ngành")
    same_as: Agency | None = field(default=None, repr=False)  # the agency this naming was merged into


_ABBREVIATIONS = [(re.compile(pattern), full) for pattern, full in ABBREVIATIONS]


@lru_cache(maxsize=1 << 14)
def canonical(name: str) -> str:
    """The name with abbreviations spelt out and tone marks in their traditional place."""
    for pattern, full in _ABBREVIATIONS:
        name = pattern.sub(full, name)
    return traditional_tone_marks(re.sub(r"\s+", " ", name).strip())


def level_of(name: str, issuer_level: str | None, issuer: str | None = None) -> str | None:
    """The tier of government a body belongs to: the tier its name states ("… tỉnh", "các xã", "cấp huyện"),
    else the one its kind implies (a Sở is provincial; a Phòng is a district's, or a division of the issuing
    department), else the issuer's; None for enterprises."""
    n = re.sub(r"\bxã hội\b", "", fold_name(canonical(name)))  # "Xã hội" of a name is no commune
    if re.match(r"^(?:các )?(?:công ty|tổng công ty|liên danh|doanh nghiệp|ngân hàng thương mại|chủ đầu tư|"
                r"tổ chức, cá nhân|tổ chức cung cấp)", n):
        return None  # enterprises and private bodies: no tier of government
    if re.search(r"\bkhu vực\b", n) and re.match(r"^(?:kho bạc|ngân hàng nhà nước|kiểm toán|chi cục hải quan)", n):
        return "trung_uong"  # a regional branch of a central body
    for word, level in (("các xã", "xa"), ("các huyện", "huyen"), ("các tỉnh", "tinh")):
        if word in n:
            return level
    city = issuer_level if issuer_level in ("tinh", "huyen") else "tinh"  # a city is a province or a district
    found = [(m.start(), lvl) for word, lvl in (("xã", "xa"), ("phường", "xa"), ("đặc khu", "xa"),
                                                ("huyện", "huyen"), ("tỉnh", "tinh"), ("thành phố", city),
                                                ("trung ương", "trung_uong"), ("việt nam", "trung_uong"))
             for m in re.finditer(rf"\b{word}\b", n)]
    if found:
        return max(found)[1]
    if re.match(r"^(?:các )?(?:sở|đài|báo)\b", n):
        return "tinh"
    if re.match(r"^(?:các )?phòng\b", n):
        departmental = issuer and re.match(r"(?:Sở|Ban|Văn phòng|Cục|Chi cục)\b", issuer)
        return issuer_level if departmental and issuer_level else "huyen"
    if re.match(r"^bộ\b(?! (?:chỉ huy|tư lệnh))", n):
        return "trung_uong"
    return issuer_level


@per_document
def agencies(doc: Document) -> list[Agency]:
    """Every agency given a responsibility, once each, in reading order (computed once)."""
    return sorted((a for a in namings(doc) if a.same_as is None and a.source != "dropped"), key=lambda a: a.start)


@per_document
def namings(doc: Document) -> list[Agency]:
    """Every place a body is given a responsibility, each linked to the agency it names (`same_as`, None for
    the agency's own naming); namings of bodies left out have source "dropped" (computed once)."""
    return _find(doc)


def names_at(text: str, pos: int = 0, listing: bool = False) -> tuple[list[tuple[str, int]], str]:
    """The names that open `text` at `pos` ("A, B và C chủ trì …" → A, B, C with their offsets) and what
    follows the last one: "verb", ":", ";", "(", "." or "end" ("" when no name opens there). In a list of
    bodies (a label, a table's cell) every comma before a head begins a new name."""
    names: list[tuple[str, int]] = []
    after = ""
    while len(names) < 16:
        pos = _skip_office(text, pos)
        head = NAME_START.match(text, pos)
        if not head:
            break
        end, after, nxt = _name_end(text, pos, head.end(), listing)
        if after == "person":
            return [], after  # an office-holder named in person: a report of what someone said or did
        name = text[pos:end].rstrip(" ,.-–")
        if not name or len(name.split()) > 25 or COMMON_HEAD.match(name + " ") \
                or (name == head.group(0) and not name.lower().startswith("các")) \
                or re.match(r"cơ quan\s+(?!.*\s[A-ZĐ])", name + " ") or NOT_A_BODY.search(name) \
                or re.fullmatch(r"[A-ZĐ]\w*\s+[^\W\dA-ZĐ]\w*", name) and not UNIT_WORD_AT.match(name.split()[1]):
            return names, after if names else ""
        names.append((name, pos))
        if nxt is None:
            break
        pos = nxt
    return names, after


def _skip_office(text: str, pos: int) -> int:
    """Past an office-holder's title when a body's name follows it ("Giám đốc Sở …" → "Sở …")."""
    m = OFFICE_HOLDER.match(text, pos)
    if m and NAME_START.match(text, m.end()):
        return m.end()
    return pos


def _name_end(text: str, start: int, head_end: int, listing: bool = False) -> tuple[int, str, int | None]:
    """Where the name that begins at `start` ends, what ends it, and where the next name of the same list
    begins (None when the list ends there)."""
    head = text[start:head_end]
    # "Ban chỉ đạo", "Ban quản lý": the word after the head is its own; "Đoàn kiểm tra", "Tổ công tác thẩm định":
    # the team's task is its name (not "Đoàn có trách nhiệm …")
    word = (NEXT_WORD.match(text, head_end, head_end + 40) if head.endswith(("Ban", "ban"))
            else TEAM_TASK.match(text, head_end) if head.endswith(("Đoàn", "Tổ công tác")) else None)
    pos = word.end() if word else head_end
    collective = bool(re.match(r"(?:Các|các)\s", text[start:start + 4])) or text[head_end:head_end + 1] == ","
    for m in BOUNDARY.finditer(text, pos):
        if m.end() == m.start() and m.start() < len(text):
            continue
        if m.start() >= len(text.rstrip()) or m.end() >= len(text) and not m.group(0).strip():
            return m.start(), "end", None
        if m.group("person") is not None:
            return m.start(), "person", None
        if m.group("dash") is not None:
            return m.start(), ",", m.end()  # "Sở Nông nghiệp và Môi trường - Cơ quan …": a list in a cell
        if m.group("aside") is not None:
            return m.start(), "(", None  # a bracketed aside, blanked: the name ends before it
        mark = m.group("mark") or m.group("comma") or m.group("va")
        if m.group("cells") is not None:
            return m.start(), ",", m.end()  # "Sở Tài chính Các sở, ngành": cells of a flattened table
        if m.group("verb"):
            before = text[max(start, m.start() - 16):m.start()].split()
            if before and (before[-1] in ("các", "những") or
                           f"{before[-1]} {m.group('verb')}".lower() in NOUN_COMPOUNDS or
                           " ".join(before[-2:] + [m.group("verb")]).lower() in NOUN_COMPOUNDS):
                continue  # "các tổ chức", "chương trình": nouns, not the task's verb
            if m.group("verb") in ("ứng dụng", "hỗ trợ", "nghiên cứu") and re.match(r"\s+[A-ZĐ]", text[m.end():]) \
                    and not NAME_START.match(text, m.end() + 1):
                continue  # "Khu Nông nghiệp ứng dụng Công nghệ cao": a proper name goes on
            return m.start(), "verb", None
        if mark in (":", "(", "\t") or (mark is None and m.group(0).startswith(".")):
            return m.start(), {"\t": "end", None: "."}.get(mark, mark), None  # a tab: the next cell
        rest = text[m.end():]
        if mark == ";":
            return m.start(), ";", m.end() if NAME_START.match(_after_office(rest)) else None
        if mark in ("và", "hoặc"):
            joint = re.match(r"Văn phòng .*(?:Hội đồng nhân dân|HĐND|Đoàn đại biểu Quốc hội)$", text[start:m.start()])
            if (STRONG_START if mark == "và" else NAME_START).match(_after_office(rest)) \
                    and not NOT_AFTER_VA.match(rest) and not joint:  # "Văn phòng HĐND và UBND": one office
                return m.start(), mark, m.end()
            continue
        # a comma: the next name of a list, more of a collective ("sở, ban, ngành"), or more of this name
        if OFFICE_HOLDER.match(rest):
            return m.start(), ",", m.end()  # ", Giám đốc Trung tâm …": the next office-holder's body
        if (STRONG_START if not listing else NAME_START).match(_after_office(rest)) and not (
                collective and COLLECTIVE_WORD.match(rest) and not rest.startswith("các")):
            return m.start(), ",", m.end()
        if collective and COLLECTIVE_WORD.match(rest):
            continue
        if UNIT_WORD_AT.match(rest) and ENDS_WITH_UNIT.search(text[start:m.start()]):
            continue  # "Ủy ban nhân dân xã, phường"
        if rest[:1].isupper():
            continue  # "Sở Văn hóa, Thể thao và Du lịch"
        return m.start(), ",", None
    return len(text), "end", None


def _after_office(text: str) -> str:
    return text[_skip_office(text, 0):]


def _blank_brackets(text: str) -> str:
    """The text with bracketed asides blanked out, offsets kept ("Sở Tài chính (cơ quan chủ trì)")."""
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text)


def _find(doc: Document) -> list[Agency]:
    sections = section_tree(doc)
    found: list[Agency] = []
    headed: set[int] = set()  # paragraphs whose heading named its agencies
    for s in sections:
        if s.kind not in ("organization", "tasks") or s.parent is None or s.marker in BULLETS:
            continue
        p = doc.paragraph_at(s.start)
        if p is None or not HEAD_AT.match(s.heading):
            continue
        if any(HEAD_AT.match(c.heading) for c in s.children if c.marker not in BULLETS):
            continue  # a group heading ("1. Các Sở, ban, ngành, đơn vị cấp tỉnh") over agency headings
        marker = parse_marker(p.text)
        lead = marker.end if marker else 0
        for name, at in _heading_names(_blank_brackets(p.text), lead):
            width = len(name) if p.text.startswith(name, at) else len(name.split(" ", 3)[-1])
            found.append(Agency(p.text[at:at + width] if width == len(name) else name, p.start + at,
                                p.start + at + width, "heading", s))
            headed.add(p.start)
    head = header(doc)
    # pages of no known type (news, encyclopedia, questions and answers) assign no task in their sentences
    assigning = head.doc_type != "other"
    # plans and decisions assign in any of their parts ("Đối với Đoàn kiểm tra: …", "… do Văn phòng Sở bố trí");
    # a report or a notice describes bodies that way ("Đối với Công ty …:" the inspected, "do Công ty … thực hiện")
    plans = head.doc_type in ("ke_hoach", "quyet_dinh")
    whole = not sections and assigning  # a plan, decision or letter without parts: all of it
    for p in doc.paragraphs:
        s = section_at(sections, p.start)
        addressed = None
        if plans and "ối với" in p.text:
            marker = parse_marker(p.text)
            addressed = ADDRESSED.match(p.text, marker.end if marker else 0)
        if addressed:
            names, after = names_at(p.text, addressed.end())
            found += [Agency(n, p.start + at, p.start + at + len(n), "subject", s) for n, at in names if after == ":"]
        if plans and " do " in p.text:
            for m in AGENT.finditer(p.text):
                names, _ = names_at(p.text, m.end())
                if names and AGENT_VERB.match(p.text, names[-1][1] + len(names[-1][0])):
                    found += [Agency(n, p.start + at, p.start + at + len(n), "subject", s) for n, at in names]
        if (s.kind in ("organization", "tasks") or _in_article(s)) if s else whole:
            under = s
            while under is not None and under.start not in headed:
                under = under.parent
            found += [a for a in _in_sentences(p, s, under is not None)
                      if not (a.source == "subject" and p.start in headed and a.start - p.start < 12)
                      and (assigning or a.source == "label")]
    found += _closing_requests(doc, sections)
    found += _from_tables(doc)
    if head.doc_type == "cong_van":
        for name in head.addressees:
            at = doc.text.find(name)
            if NAME_START.match(name) and at >= 0:
                found.append(Agency(name.strip(" ;."), at, at + len(name), "addressee"))
    _dedupe(found, head.issuer, head.admin_level)
    return found


def _in_article(s: Section) -> bool:
    """Whether a section is (in) an article of a decision: its articles assign ("Điều 2. Sở Công Thương có
    trách nhiệm …", "Điều 3. Thủ trưởng các cơ quan: … căn cứ Quyết định thi hành")."""
    while s is not None:
        if s.marker == "article":
            return True
        s = s.parent
    return False


def _heading_names(text: str, lead: int) -> list[tuple[str, int]]:
    """The bodies a numbered heading names: "Sở Y tế", "Sở Tài chính chủ trì …", "Đề nghị: A, B, C",
    "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền" (one committee each)."""
    body = text[lead:]
    pre = PREAMBLE.match(body)
    start = pre.end() if pre else 0
    m = HEAD_AT.match(body, start)
    if not m:
        return []
    names, after = names_at(body, m.start(1))
    assigns = bool(names) and ASSIGNING_VERB.match(body, names[-1][1] + len(names[-1][0]))
    if not assigns and len(body) <= 160 and ":" not in body and not body.rstrip().endswith((".", ";")):
        # a line of bodies only ("5. Sở Văn hóa, Thể thao và Du lịch; Báo …", "6. Các doanh nghiệp hoạt động
        # trong lĩnh vực …"): a verb of an assignment after the names makes it a sentence ("1. Sở Tư pháp chủ
        # trì, theo dõi …")
        return [(name, lead + at) for name, at in _whole_line_names(body, m.start(1))]
    if after == "end" and len(body.split()) > 30:
        return []  # a sentence that only opens with a body's word
    if not names or after in ("", "."):
        return []
    listed = COMMITTEES_LISTED.match(body, m.start(1))
    if listed:
        return [(n, lead + at) for n, at, _ in _committees(listed)]
    return [(name, lead + at) for name, at in names]


def _whole_line_names(body: str, start: int) -> list[tuple[str, int]]:
    """The bodies a heading line of their own names ("5. Các sở ngành liên quan, Viện Nghiên cứu …", "4. Sở
    Văn hóa, Thể thao và Du lịch; Báo …", "1. Ban chỉ đạo, Ban quản lý"): pieces at a semicolon, or at a
    comma or "và" before a name that surely begins a new body; each piece whole."""
    out, pos = [], start
    for m in re.finditer(r"\s*;\s*|\s*,\s*|\s+và\s+", body):
        if m.start() < start:
            continue
        rest = body[m.end():]
        if ";" in m.group(0) and NAME_START.match(rest) or (
                STRONG_START.match(rest) and not ("và" in m.group(0) and NOT_AFTER_VA.match(rest))):
            out.append((body[pos:m.start()], pos))
            pos = m.end()
    out.append((body[pos:].rstrip(), pos))
    return [(name, at) for name, at in out if name.strip() and len(name.split()) <= 25
            and not VERB_AFTER_HEAD.match(name) and not COMMON_HEAD.match(name + " ")]


def _committees(m: re.Match) -> list[tuple[str, int, int]]:
    """ "UBND các xã: Gia Thuận, Tân Điền" → ("UBND xã Gia Thuận", offset, width), …: the committee's words
    and the commune's name; the span is the commune's."""
    committee = re.sub(r"\s+(?:các|\d+)\s+", " ", m.group(1))
    return [(f"{committee} {part.group(0)}", m.start(3) + part.start(), len(part.group(0)))
            for part in re.finditer(r"[A-ZĐ][\w]*(?:\s+[A-ZĐ0-9][\w]*)*", m.group(3))]


def _in_sentences(p: Paragraph, section: Section | None, under_agency: bool = False) -> list[Agency]:
    """The bodies a paragraph of tasks names: subjects of its clauses, bodies a verb hands a task to, named
    partners, and the bodies its labels list. Under an agency's heading, "Chỉ đạo các …" names the bodies
    that agency directs, not ones the plan assigns."""
    text = _blank_brackets(p.text)
    marker = parse_marker(text)
    lead = marker.end if marker else 0
    out: list[Agency] = []

    def add(names: list[tuple[str, int]], source: str, role: str | None = None) -> None:
        listed = COMMITTEES_LISTED.match(text, names[0][1]) if len(names) == 1 else None
        if listed:  # one committee per commune listed; the span is the commune's name
            for name, at, width in _committees(listed):
                out.append(Agency(name, p.start + at, p.start + at + width, source, section, role=role))
            return
        for name, at in names:
            printed = p.text.startswith(name, at) or text.startswith(name, at)
            width = len(name) if printed else len(name.split(" ", 1)[1])  # "Sở " + a member's name
            office = bool(OFFICE_BEFORE.search(p.text, max(0, at - 20), at))
            out.append(Agency(p.text[at:at + width] if printed else name, p.start + at, p.start + at + width,
                              source, section, role=role, office=office))

    label = ROLE_LABEL.match(text, lead)
    if label:
        add(_name_list(text, label.end()), "label", _role(label.group(1)))
        for more in ROLE_LABEL.finditer(text, label.end()):
            add(_name_list(text, more.end()), "label", _role(more.group(1)))
        return out
    starts = [lead]
    if ";" in text or ". " in text:
        starts += [m.end() for m in re.finditer(r"(?:;|\.)\s+", text)]
    for at in starts:
        pre = PREAMBLE.match(text, at)
        at = pre.end() if pre else at
        names, after = names_at(text, at)
        if names and after == ":" and _is_collective(names[-1][0]):
            names = names[:-1] + _members(text, names[-1][1] + len(names[-1][0]))
        if names and after in ("verb", ":"):
            add(names, "subject")
    opening = OPENING_LEAD.match(text, lead)
    if opening and not under_agency:
        add(names_at(text, opening.end())[0], "subject")
    if any(w in p.text for w in LEAD_VERB_WORDS):
        for m in LEAD_VERB.finditer(p.text):  # bracketed asides too: "(giao Ban Quản lý dự án … lập hồ sơ)"
            names, after = names_at(p.text, m.end())
            if after != "(" or len(names) > 1:
                add(names, "subject", "chu_tri" if "iao" in m.group(0) else None)
    if "hối hợp" in text:
        for m in PARTNER.finditer(text):
            add([(n, at) for n, at in names_at(text, m.end())[0] if not _is_collective(n) and " các " not in n],
                "partner", "phoi_hop")  # a named partner; "các sở, ngành", "MTTQ và các đoàn thể của xã": anyone
    return out


def _members(text: str, colon: int) -> list[tuple[str, int]]:
    """The bodies a collective lists after its colon: "Thủ trưởng các cơ quan: Văn phòng UBND tỉnh, Sở Công
    Thương, …" → each; "Giám đốc các Sở: Nội vụ, Tư pháp" → ("Sở Nội vụ", …), offset of each member."""
    m = re.compile(r"\s*:\s*").match(text, colon)
    if not m:
        return []
    if NAME_START.match(text, m.end()):
        return _name_list(text, m.end())
    kind = re.search(r"(?:các\s+)(Sở|Phòng|Ban)\s*$", text[max(0, colon - 12):colon])
    if not kind:
        return []
    # members end at a comma or a semicolon, not at "và": "Khoa học và Công nghệ, Dân tộc và Tôn giáo"
    members = re.compile(r"[A-ZĐ][^,;.:()]*?(?=\s*(?:[,;.]|$))")
    out, pos = [], m.end()
    while (member := members.match(text, pos)) and member.group(0) and len(member.group(0).split()) <= 6:
        out.append((f"{kind.group(1)} {member.group(0)}", member.start()))
        nxt = re.compile(r"\s*,\s*(?=[A-ZĐ])").match(text, member.end())
        if not nxt:
            after = re.compile(r"\s*;\s*").match(text, member.end())
            return out + (_name_list(text, after.end()) if after else [])  # "…; Chủ tịch UBND các xã …"
        pos = nxt.end()
    return out


def _name_list(text: str, pos: int) -> list[tuple[str, int]]:
    """The bodies a label or a table cell lists: names separated by commas, semicolons, "và", stopping at
    what is not a name."""
    out: list[tuple[str, int]] = []
    while pos < len(text):
        names, after = names_at(text, pos, listing=True)
        if names and after == ":" and _is_collective(names[-1][0]):
            return out + names[:-1] + _members(text, names[-1][1] + len(names[-1][0]))
        out += names
        nxt = re.compile(r"[^;.]*?[;.]\s*").match(text, out[-1][1] + len(out[-1][0])) if names else None
        if not nxt or nxt.end() >= len(text) or ROLE_LABEL.match(text, nxt.end()):
            break
        pos = nxt.end()
    return out


def _role(word: str) -> str | None:
    word = word.lower()
    return "chu_tri" if word in ("chủ trì", "phụ trách") else "phoi_hop" if word == "phối hợp" else None


def _closing_requests(doc: Document, sections: list[Section]) -> list[Agency]:
    """The bodies the closing paragraph asks to act ("Trên đây là Kế hoạch …, đề nghị các tổ chức, cá nhân
    liên quan phối hợp"): the paragraphs after the outline, before the recipients."""
    out: list[Agency] = []
    paragraphs = doc.paragraphs
    last = next((k for k, p in enumerate(paragraphs) if re.match(r"Nơi nhận", p.text)), len(paragraphs))
    closing = next((k for k in range(last - 1, -1, -1) if paragraphs[k].text.strip()), None)
    for k, p in enumerate(paragraphs[:last]):
        outside = sections and section_at(sections, p.start) is None and p.start > sections[0].start
        if (outside or k == closing and parse_marker(p.text) is None) and "ề nghị" in p.text:
            for m in LEAD_VERB.finditer(p.text):
                if m.group(0).lower().startswith("đề nghị"):
                    names, _ = names_at(p.text, m.end())
                    out += [Agency(n, p.start + at, p.start + at + len(n), "subject") for n, at in names]
    return out


def _from_tables(doc: Document) -> list[Agency]:
    """Bodies in the lead and partner columns of task tables ("Cơ quan chủ trì | Cơ quan phối hợp", "Cơ quan
    phụ trách" with "Chủ trì: …. Phối hợp: …" in its cells)."""
    out: list[Agency] = []
    for table in doc.tables:
        if not table.rows:
            continue
        columns = {i: _role(re.search(r"chủ trì|phối hợp|thực hiện|phụ trách", m.group(0), re.IGNORECASE).group(0))
                   for i, cell in enumerate(table.rows[0]) if (m := AGENCY_COLUMN.search(cell.text.strip()))}
        for row in table.rows[1:]:
            for i, role in columns.items():
                if i >= len(row) or not row[i].text.strip():
                    continue
                cell = row[i]
                text = _blank_brackets(cell.text.replace("\n", ";").replace("\u2028", " "))
                parts = [(role, 0, len(text))]
                labels = list(ROLE_LABEL.finditer(text))
                if labels:
                    parts = [(_role(m.group(1)) or role, m.end(), labels[k + 1].start() if k + 1 < len(labels)
                              else len(text)) for k, m in enumerate(labels)]
                    if labels[0].start() > 0:
                        parts.insert(0, (role, 0, labels[0].start()))
                for part_role, a, b in parts:
                    for name, at in _name_list(text[:b], a):
                        out.append(Agency(cell.text[at:at + len(name)], cell.start + at, cell.start + at + len(name),
                                          "table", role=part_role))
    return out


def _is_collective(name: str) -> bool:
    """A collective addressee ("các sở, ban, ngành", "Sở, ban, ngành thành phố", "UBND các xã, phường")."""
    return _collective_class(name) is not None


COMMITTEES = re.compile(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(?:các\s+|cấp\s+)?(xã|phường|thị trấn|đặc khu|"
                        r"huyện|quận|thị xã)\b\s*(\S?)")


@lru_cache(maxsize=1 << 14)
def _collective_class(name: str) -> str | None:
    """The class of a collective, for the wordings of one addressee to be one agency: the commune (district)
    committees, the departments and sectors, the mass organizations, the bodies at large; None for a named
    body. Qualifiers ("có liên quan", "cấp tỉnh") do not tell collectives apart; "thuộc …" does."""
    m = COMMITTEES.match(name)
    if m and not (m.group(2).isupper() or m.group(2).isdigit()):  # not "UBND phường Âu Lâu", "UBND xã 1"
        return "committees-" + ("huyen" if m.group(1) in ("huyện", "quận", "thị xã") else "xa")
    key = fold_name(canonical(name))
    if not re.match(r"^(?:các\s|\w+,\s)", key) or re.match(r"^[Cc]ác\s+\w+\s+[A-ZĐ]", canonical(name)):
        return None  # not a collective, or named ("các Ban Xây dựng Đảng")
    qualifier = re.search(r"\b(?:trực thuộc|thuộc)\b.*$", key)
    words = key[:qualifier.start()] if qualifier else key
    suffix = ":" + qualifier.group(0) if qualifier else ""
    if re.search(r"\b(?:sở|ban|ngành|phòng)\b", words):
        return "departments" + suffix
    if re.search(r"\bđoàn thể\b", words) and not re.search(r"\b(?:cơ quan|đơn vị)\b", words):
        return "mass" + suffix
    if re.match(r"^các (?:cơ quan|đơn vị|địa phương|tổ chức|cá nhân)\b", words) and not re.search(
            r"\b(?:doanh nghiệp|ngân hàng|cơ sở)\b", words):
        return "bodies" + suffix
    return None


def _dedupe(found: list[Agency], issuer: str | None, issuer_level: str | None) -> None:
    """One agency per body: per canonical name, and per class of collective (the first heading's wording);
    a task subject that is part of a heading's name is that agency. Each other naming is linked to its agency
    (`same_as`). Bodies the plan cannot assign (the central government, the issuing committee itself) and
    "các ngành, các cấp" are marked "dropped"."""
    out: list[Agency] = []
    classes: dict[str, Agency] = {}
    issuing = fold_name(canonical(issuer)) if issuer else ""

    def merge(a: Agency, into: Agency) -> None:
        a.same_as = into

    def replace(old: Agency, new: Agency) -> None:
        out[out.index(old)] = new
        for o in found:
            if o.same_as is old:
                o.same_as = new
        old.same_as = new

    for a in sorted(found, key=lambda a: (SOURCE_RANK.get(a.source, 2), a.start)):
        if mark := NOTE_MARK_AFTER.search(a.name):  # "Bộ Nội vụ[4]", "… TRUNG ƯƠNG**[2]**": a footnote's mark
            a.end -= len(a.name) - mark.start()
            a.name = a.name[:mark.start()]
        a.name = a.name.strip(" ,;.:-–/")
        key = fold_name(canonical(a.name))
        committee = PEOPLES_COMMITTEE_OF.match(canonical(a.name))
        cls = _collective_class(a.name)
        if (len(key.split()) < 2 or ALL_LEVELS.match(key) or HOLDERS.search(key)
                or (issuer_level != "trung_uong" and CENTRAL.search(a.name))
                # the issuing committee or department: it assigns, it is not assigned ("Sở Công Thương nhận được
                # Văn bản số …" in the department's own letter)
                or committee and issuing.startswith("ủy ban nhân dân") and committee.group(1).lower() in issuing
                or not committee and issuing and (key == issuing or issuing.startswith(key + " ")
                                                  and ISSUER_PLACE.match(issuing[len(key) + 1:]))
                # "Yêu cầu các phòng, ban, ngành …" among the tasks: everyone, not an addressee
                or cls and a.source in ("subject", "partner") and a.section is not None
                and a.section.kind == "tasks" and GENERIC.match(key)
                or not cls and a.source != "heading" and GENERIC.match(key)):
            a.source = "dropped"
            continue
        if cls:
            if cls in classes:
                chosen = classes[cls]
                if _names_tier_of(key, fold_name(canonical(chosen.name))):
                    replace(chosen, a)  # "Các Sở, ban, ngành Thành phố": the fuller wording
                    classes[cls] = a
                else:
                    merge(a, chosen)
            elif a.office and not (a.section and _in_article(a.section)):  # (a decision's article, or its khoản)
                a.source = "dropped"  # "Thủ trưởng các phòng, ban, ngành …" closing a plan: the stock formula
            else:
                classes[cls] = a
                out.append(a)
            continue
        same = next((o for o in out if o.source != "heading" and _subsequence(key.split(), fold_name(
            canonical(o.name)).split()) and canonical(o.name) != o.name and canonical(a.name) == a.name), None)
        if same is not None:
            replace(same, a)  # "Ban Quản lý dự án … số 1" for "Ban QLDA ĐTXD số 1 tỉnh": as spelt out
            continue
        part_of = next((o for o in out if a.source not in ("heading", "label", "table")
                        and _subsequence(fold_name(canonical(o.name)).split(), key.split())), None)
        equal = part_of or next((o for o in out if key == fold_name(canonical(o.name)) or (
            a.source in ("subject", "partner") and key in fold_name(canonical(o.name)))), None)
        if equal is not None:
            merge(a, equal)
            continue
        out.append(a)


def _names_tier_of(key: str, chosen: str) -> bool:
    """Whether `key` is the chosen wording with its tier added ("các sở, ban, ngành" + "thành phố")."""
    return key.startswith(chosen + " ") and key[len(chosen) + 1:] in ("thành phố", "tỉnh", "cấp tỉnh", "huyện",
                                                                       "cấp huyện", "quận", "thị xã")


def _subsequence(short: list[str], long: list[str]) -> bool:
    """Whether the words of `short` occur in `long` in order ("Ban Chỉ đạo huyện" in "Ban chỉ đạo các … huyện")."""
    words = iter(long)
    return all(w in words for w in short)


def extract(doc: Document) -> list[dict]:
    issuer_level, issuer = header(doc).admin_level, header(doc).issuer
    issued = header(doc).issued_date
    rows = []
    for n, a in enumerate(agencies(doc), 1):
        full = canonical(a.name)
        merged = MERGED_2025.match(full)
        rows.append({
            "doc_id": doc.doc_id, "agency_id": f"{doc.doc_id}-a{n:04d}", "name": a.name, "canonical_name": full,
            "level": level_of(a.name, issuer_level, issuer), "source": a.source,
            "successor": f"{merged.group(1)} Nông nghiệp và Môi trường" if merged else None,
            "successor_in_force": bool(merged and issued and issued.isoformat() >= "2025-03-01"),
            "section_id": a.section.section_id if a.section else None,
            "start_char": a.start, "end_char": a.end, "page": doc.page_at(a.start),
        })
    return rows


def extract_assignments(doc: Document) -> list[dict]:
    """What each agency is given, with its role: the task paragraphs under its heading, or the paragraph that
    names it (as subject, partner, in a label or a task table's column). The role is the one a label, a
    column or a verb gives ("Đơn vị phối hợp:", "phối hợp với …", "Giao … chủ trì"), else the one the task's
    opening words give ("chủ trì", "phối hợp"), else thuc_hien."""
    rows, seen = [], set()
    ids = {id(a): f"{doc.doc_id}-a{n:04d}" for n, a in enumerate(agencies(doc), 1)}
    for naming in sorted(namings(doc), key=lambda a: a.start):
        agency = naming
        while agency.same_as is not None:
            agency = agency.same_as
        if id(agency) not in ids:
            continue
        own = _paragraph_at(doc, naming.start)
        if naming.source == "heading" and naming.section is not None:
            sentence = len(own.text) - (naming.end - own.start) > 20  # "1. Sở Tài chính chủ trì, …": a task too
            tasks = [own] * sentence + doc.paragraphs_after(naming.section.start, naming.section.end) or [own]
        else:
            tasks = [own]
        for t in tasks:
            text = t.text.strip()
            if not re.search(r"[^\W\d_]", text):
                continue  # "* *", an empty line
            lead = (t.text[max(0, naming.start - t.start):] if naming.source != "heading" else text)[:160].lower()
            role = naming.role or next(
                (r for r, words, pattern in ROLE_WORDS if words in lead and pattern.search(lead)), "thuc_hien")
            if (ids[id(agency)], t.start, role) in seen:
                continue
            seen.add((ids[id(agency)], t.start, role))
            rows.append({
                "doc_id": doc.doc_id, "assignment_id": f"{ids[id(agency)]}-t{len(rows) + 1:04d}",
                "agency_id": ids[id(agency)], "agency_name": agency.name, "role": role, "task": text,
                "criteria": sorted(set(CRITERIA.findall(text) if "tiêu" in text.lower() else ()),
                                   key=lambda c: [int(x) for x in c.split(".")]),
                "section_id": naming.section.section_id if naming.section else None,
                "start_char": t.start, "end_char": t.end, "page": doc.page_at(t.start),
            })
    return rows


def _paragraph_at(doc: Document, offset: int) -> Paragraph:
    return doc.paragraph_at(offset) or Paragraph(offset, offset, "")
