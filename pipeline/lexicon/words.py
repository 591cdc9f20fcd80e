"""The words several stages share: what opens a paragraph of a document's frame (its citations, its
signature, its recipients), the authorities and office titles of a signature, the administrative unit
words, the words of totals and money, the heads of agency names and the kinds of a plan's parts. Each is
declared once here and read by the readers, the normalizer, the extractors and the checks."""
from __future__ import annotations

import re

# The signing authorities of a signature block: "TM." (on behalf of a body), "KT." (deputising), "TL.", "TUQ.",
# "Q."; "T/M." as Party and inspection-team documents print it
AUTHORITY = r"(?:TM|T/M|KT|Q|TL|TUQ)"
# Lines that open a paragraph of the document's frame whatever precedes them: the citations that open a
# plan or decision, its recipients and addressees, the signing authority, the number line, the place and
# date line ("Thái Nguyên, ngày 10 tháng 3 năm 2025"), an appendix title.
FRAME_OPENER = re.compile(rf"^(?:Căn cứ\b|Nơi nhận|Kính gửi|{AUTHORITY}\.\s|Số\s*:|PHỤ (?:LỤC|BIỂU)\b|"
                          r"[A-ZĐ][^\W\d_]*(?: [A-ZĐ][^\W\d_]*){0,4}, ngày\b)")
# The national name and motto that head every document: lines of their own
NATIONAL_HEADING = re.compile(r"^(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
                              r"Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc)\W*$", re.IGNORECASE)

# The offices a signer holds, in the capitals of a signature block ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH")
OFFICE_TITLES = ("CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG BAN", "TRƯỞNG PHÒNG", "BÍ THƯ", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
                 "CHÁNH VĂN PHÒNG", "TRƯỞNG ĐOÀN", "CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "THỦ TRƯỞNG", "TỔNG GIÁM ĐỐC",
                 "VIỆN TRƯỞNG", "HIỆU TRƯỞNG")
OFFICE = "(?:PHÓ\\s+)?(?:" + "|".join(OFFICE_TITLES) + ")(?:\\s+THƯỜNG TRỰC)?"
# A line of a signature block: the authority ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") or the office
SIGNATURE_LINE = re.compile(rf"^(?:{AUTHORITY}\.\s|{OFFICE}\s*$)")


# The units of the administrative map by tier (thành phố is a province or a district); villages below communes
PROVINCE_UNITS = ("tỉnh", "thành phố")
DISTRICT_UNITS = ("huyện", "quận", "thị xã", "thành phố")
COMMUNE_UNITS = ("xã", "phường", "thị trấn", "đặc khu")
VILLAGE_UNITS = ("thôn", "xóm", "bản", "tổ dân phố")
# the units issuers and areas are named by, as an alternation
UNIT_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
UNIT_WORD = "|".join(UNIT_WORDS)
LEVEL_OF_UNIT = {"tỉnh": "tinh", "huyện": "huyen", "quận": "huyen", "thị xã": "huyen", "xã": "xa", "phường": "xa",
                 "thị trấn": "xa", "đặc khu": "xa"}
# The People's Committee and Council, as headers print them (capitals, or abbreviated)
PEOPLES_COMMITTEE = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\b", re.IGNORECASE)
PEOPLES_COUNCIL = re.compile(r"^(?:HỘI ĐỒNG NHÂN DÂN|HĐND)\b", re.IGNORECASE)


def opens_frame_line(text: str) -> bool:
    """Whether a line opens a paragraph of the document's frame (citations, recipients, signature)."""
    return bool(FRAME_OPENER.match(text) or SIGNATURE_LINE.match(text) or NATIONAL_HEADING.match(text))


def is_national_heading(text: str) -> bool:
    """"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc": each a paragraph of its own."""
    return bool(NATIONAL_HEADING.match(text))


# Words that name goals ("MỤC TIÊU", "các chỉ tiêu"); a "Chương trình mục tiêu quốc gia" is a programme's name
GOAL_WORDS = r"mục tiêu(?! quốc gia)|chỉ tiêu"

# The kinds of a plan's parts by the words of their headings, in the order they are tried: "PHÂN CÔNG NHIỆM
# VỤ" organizes, "MỤC TIÊU, NHIỆM VỤ" sets targets.
SECTION_KINDS = [
    # "Trách nhiệm của Sở Tài chính", "Trách nhiệm phối hợp trong công tác thẩm định …": who does what
    ("organization", re.compile(r"tổ chức thực hiện|phân công|^(?:\W*)trách nhiệm(?! pháp lý| hình sự| bồi thường)|"
                                r"trách nhiệm thi hành|trách nhiệm thực hiện", re.IGNORECASE)),
    ("funding", re.compile(r"nguồn lực|kinh phí|nguồn vốn|\bvốn\b|ngân sách", re.IGNORECASE)),
    ("purpose", re.compile(r"mục đích|yêu cầu", re.IGNORECASE)),
    ("targets", re.compile(GOAL_WORDS, re.IGNORECASE)),
    ("tasks", re.compile(r"nhiệm vụ|giải pháp|nội dung|kiến nghị", re.IGNORECASE)),
]


def section_kind(heading: str) -> str | None:
    """The kind a part's heading names (purpose, targets, tasks, funding, organization), or None."""
    return next((kind for kind, words in SECTION_KINDS if words.search(heading)), None)


# What labels a total: a table's total row or column, a flattened table's total line
TOTAL_WORDS = ("tổng cộng", "tổng số", "tổng", "cộng", "toàn tỉnh", "toàn huyện", "toàn xã", "toàn thành phố")
# "Tổng" that heads a name or an office, not a total: "Tổng công ty xây dựng Trường Sơn" (a row of inspected
# companies), "Tổng cục Thống kê", "Tổng Liên đoàn Lao động", "Tổng Thanh tra", "Tổng Bí thư"
NAMED_TONG = ("công ty", "cục", "đội", "liên đoàn", "thanh tra", "bí thư", "giám đốc", "kiểm toán", "biên tập",
              "lãnh sự", "tham mưu")
TOTAL_LABEL = re.compile(rf"^(?:{'|'.join(w for w in TOTAL_WORDS if w != 'tổng')}|tổng(?!\s+(?:{'|'.join(NAMED_TONG)})\b))\b",
                         re.IGNORECASE)

# The money units amounts are printed in, and the đồng each stands for
MONEY_UNITS = {"đồng": 1, "nghìn đồng": 10**3, "triệu đồng": 10**6, "tỷ đồng": 10**9}

# Words that name resources (a column "Nguồn lực thực hiện", a report's "tổng mức đầu tư", "vốn", "kinh phí");
# "vốn điều lệ" is a company's charter capital, a fact about a body, never a resource of the plan
RESOURCE_WORDS = re.compile(r"nguồn lực|kinh phí|nguồn vốn|\bvốn\b|ngân sách|mức đầu tư|\btmđt\b", re.IGNORECASE)
NOT_RESOURCE = re.compile(r"vốn điều lệ|vốn pháp định", re.IGNORECASE)
# Money paid into the budget or earned (a report's "nộp ngân sách 50 tỷ đồng", "doanh thu"): no resource
REVENUE = re.compile(r"nộp ngân sách|thu ngân sách|thu nội địa|doanh thu|lợi nhuận|kim ngạch", re.IGNORECASE)
# A sentence about penalties ("Phạt tiền từ 5.000.000 đồng đến 10.000.000 đồng …"): its amounts are fines
PENALTY = re.compile(r"phạt tiền|mức phạt|xử phạt|bị phạt", re.IGNORECASE)
# A table column of amounts by source ("Ngân sách tỉnh", "NSTW", "Vốn lồng ghép", "Xã hội hóa") or by year
# ("Năm 2026", "2027"): it takes the money unit its table prints once, on its total column
SOURCE_HEADER = re.compile(r"ngân sách|\bns(?:tw|đp|nn|t|h|x)\b|\bvốn\b|xã hội h[óo]a|lồng ghép|tín dụng|huy động|"
                           r"trung ương|địa phương", re.IGNORECASE)
YEAR_HEADER = re.compile(r"(?:^|\s)(?:năm\s+)?(?:19|20)\d\d\s*$", re.IGNORECASE)
# A clause that spends part of an amount named before it ("817,3 tỷ đồng, đã chi 10,007 tỷ đồng …")
SPENT_PART = re.compile(r"\bđã (?:chi|chi trả|giải ngân|thanh toán)\s*$", re.IGNORECASE)

# The heads of agency names: collective bodies ("các sở, ban, ngành"), and the first word(s) of a body's name
AGENCY_HEAD = (r"(?:(?:Các|các)\s+(?:sở|phòng|ban|ngành|cơ quan|đơn vị|tổ chức|đoàn thể|hội)\b|"
               r"(?:Các\s+|các\s+)?(?:Sở|Phòng(?! chống| ngừa| tránh| cháy)|Ban(?! hành)|Văn phòng|Ủy ban|Uỷ ban|UBND|"
               r"Công an|Công An|Hội đồng|Hội|Đoàn|Chi cục|Cục|Ngân hàng|Đài|Báo(?! cáo)|Trung tâm|Kho bạc|Bộ|"
               r"Liên đoàn|Mặt trận|MTTQ|Cán bộ|cán bộ|Chi nhánh|Viện(?! [Pp]hó| trưởng)|Bảo hiểm|Thanh tra|Tòa án|Tòa|"
               r"Huyện ủy(?! viên)|Huyện uỷ(?! viên)|Tỉnh ủy(?! viên)|Tỉnh uỷ(?! viên)|Đảng ủy(?! viên)|"
               r"Đảng uỷ(?! viên)|Thành ủy(?! viên)|Thành uỷ(?! viên)|Hợp tác xã|Tổ công tác|Chi hội|Điện lực|"
               r"Hạt kiểm lâm|Trạm|Chi bộ|cơ quan|Cơ quan|Hiệp hội|Liên minh|Liên danh|Tổng công ty|Công ty|Kiểm toán|"
               r"Thuế|Viện kiểm sát|Bệnh viện|Bộ đội|Lực lượng|Chủ đầu tư|Tạp chí|Nhà xuất bản|Cổng [Tt]hông tin)"
               r"(?![\w])|"
               r"(?:Các|các)\s+(?:doanh nghiệp|ngân hàng|chủ đầu tư|cơ sở|trung tâm|địa phương|lực lượng)\b)")
# Bodies named collectively: the kinds a collective lists ("các sở, ban, ngành, đơn vị"), and the qualifiers
# that do not tell one collective from another ("có liên quan", "cấp tỉnh")
COLLECTIVE_KINDS = ("sở", "ban", "ngành", "phòng", "cơ quan", "đơn vị", "địa phương", "đoàn thể", "tổ chức",
                    "cá nhân", "hội", "doanh nghiệp", "cấp")
# Office-holders an article makes answerable ("Giám đốc Sở Tài chính", "Chủ tịch UBND các xã"): their body is
# the agency
HOLDER_TITLES = ("Chánh", "Giám đốc", "Thủ trưởng", "Chủ tịch", "Người đứng đầu", "Tổng Giám đốc", "Cục trưởng",
                 "Chi cục trưởng", "Viện trưởng", "Hiệu trưởng", "Chỉ huy trưởng", "Trưởng", "Bộ trưởng",
                 "Tổng cục trưởng", "Chủ nhiệm")
OFFICE_HOLDER = re.compile(rf"(?:{'|'.join(HOLDER_TITLES)})\s+(?=\S)")
# The bodies of the central government, which a provincial plan never assigns and whose documents are central
CENTRAL_GOVERNMENT = r"Chính phủ|Thủ tướng|Quốc hội|Ủy ban Thường vụ Quốc hội|Văn phòng Chính phủ|Ban Bí thư|Bộ Chính trị"


# What a plan's goals count or measure, after the figure: administrative and village units, things
# ("02 vùng dự án", "11 cơ sở dữ liệu", "16 cơ sở sản xuất") and measures ("1.700 ha", "100 MW"). Several
# words before their first word ("cơ sở dữ liệu" before "cơ sở"); a rate's base after a slash ("con/phụ nữ",
# "lần/năm", "bé trai/100 bé gái"). Time limits ("không quá 03 ngày làm việc", "trong 24 giờ") are rules of
# procedure, no counts.
COUNTED_UNITS = ("tiêu chí", "xã", "phường", "thị trấn", "huyện", "thôn", "xóm", "bản", "tổ dân phố", "hộ", "người",
                 "lao động", "sản phẩm", "mô hình", "công trình", "chương trình", "dự án", "trường", "lớp", "lượt",
                 "lần", "cuộc", "cơ sở dữ liệu", "cơ sở", "cụm công nghiệp", "khu công nghiệp", "hợp tác xã",
                 "doanh nghiệp", "vùng", "giường bệnh", "bác sĩ", "bé trai", "con")
MEASURE_UNITS = ("ha", "km", "km²", "m²", "m2", "m3", "m³", "MW", "kW", "tấn")
# units that only a rate uses ("2,1 con/phụ nữ", "48 triệu đồng/người/năm"): alone they are words of the
# sentence ("02 con đường") or an amount of the plan's funding
RATE_ONLY_UNITS = ("con", "bé trai", "triệu đồng", "nghìn đồng", "đồng")
RATE_BASES = ("năm", "tháng", "quý", "ngày", "phụ nữ", "người", "hộ", "xã", "huyện", "đơn vị", "bé gái", "vạn dân",
                       "dân", "km²", "ha")
# A part of a report or plan that tells the past: its facts are no goals ("I. KẾT QUẢ THỰC HIỆN NĂM 2024",
# "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "TÌNH HÌNH …", "ĐÁNH GIÁ …", "HIỆN TRẠNG …"); a column of progress so far
# ("Tiến độ hiện tại") unless the heading names goals too ("MỤC TIÊU … HIỆN NAY").
SITUATION_HEADING = re.compile(r"^(?:đánh giá|kết quả|tình hình|thực trạng|hiện trạng|bối cảnh|sự cần thiết)\b|"
                               r"kết quả (?:thực hiện|đạt được)", re.IGNORECASE)
CURRENT_STATE_HEADING = re.compile(r"\bhiện (?:tại|nay)\b", re.IGNORECASE)
GOALS_HEADING = re.compile(rf"{GOAL_WORDS}|phương hướng|kế hoạch năm|nhiệm vụ (?:năm|trọng tâm|giai đoạn)",
                           re.IGNORECASE)


# The line that names a document's type under its header, and the type it gives (`extractors.header`); such
# a line stands alone, whatever follows it (`pipeline.normalize.paragraphs`)
DOCUMENT_TYPE_LINES = {"KẾ HOẠCH": "ke_hoach", "QUYẾT ĐỊNH": "quyet_dinh", "BÁO CÁO": "bao_cao",
                       "NGHỊ QUYẾT": "nghi_quyet", "CÔNG VĂN": "cong_van", "TỜ TRÌNH": "other",
                       "THÔNG BÁO": "other", "CHỈ THỊ": "other", "CHƯƠNG TRÌNH": "other", "THÔNG TƯ": "other",
                       "NGHỊ ĐỊNH": "other", "LUẬT": "other", "PHÁP LỆNH": "other", "HƯỚNG DẪN": "other",
                       "CÔNG ĐIỆN": "other", "ĐỀ ÁN": "other", "QUY ĐỊNH": "other", "QUY CHẾ": "other",
                       "BIÊN BẢN": "other", "GIẤY MỜI": "other", "TỜ TRÌNH:": "other"}
