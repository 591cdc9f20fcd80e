"""Agencies and what each is given, on the layouts the genre uses: numbered sentences under TỔ CHỨC THỰC
HIỆN, labels of lead and partner bodies, task tables, a decision's article on who carries it out, headings
naming several bodies or listing communes; and what is not a body (a role, a heading of tasks, a ministry)."""
from __future__ import annotations

from pathlib import Path

from extractors import agencies
from pipeline.load import load_document
from tests.fixtures.rendering import render_docx

# A provincial plan as the legal-document web pages export it: lines hard-wrapped at about 80 characters,
# the header laid out as a pipe table, bold markers around numbers and headings.
MD_HEAD = """|
**ỦY BAN NHÂN DÂN
TỈNH BẮC NINH**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc**
---------------
|
|
Số: 141/KH-UBND
|
*Bắc Ninh, ngày
20 tháng 11 năm 2025*
|

**KẾ HOẠCH**

**Nâng cao năng lực
xây dựng pháp luật trên địa bàn tỉnh**

Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025 và các văn bản
hướng dẫn thi hành có liên quan của Chính phủ và của các bộ, ngành Trung ương;

**I. MỤC ĐÍCH,
YÊU CẦU**

Nâng cao chất lượng đội ngũ cán bộ, công chức làm công tác xây dựng pháp luật trên địa
bàn tỉnh.

"""
MD_CLOSING = """
|
Nơi nhận:
- Bộ Tư pháp (b/c);
- UBND các xã, phường;
- Lưu: VT, NC.
|
**TM. ỦY BAN NHÂN
DÂN**
**KT. CHỦ TỊCH**
**PHÓ CHỦ TỊCH**
**Phạm Văn Thịnh**
|
"""


def markdown_plan(tmp_path: Path, body: str) -> object:
    path = tmp_path / "plan.md"
    path.write_text(MD_HEAD + body + MD_CLOSING, encoding="utf-8")
    return load_document(path)


def names(doc) -> set[str]:
    return {r["name"] for r in agencies.extract(doc)}


def roles(doc) -> set[tuple[str, str]]:
    return {(r["agency_name"], r["role"]) for r in agencies.extract_assignments(doc)}


def test_numbered_sentences_under_organization_name_bodies_not_sentences(tmp_path: Path):
    doc = markdown_plan(tmp_path, """**II. TỔ CHỨC
THỰC HIỆN**

**1. **Các cơ quan, đơn vị,
địa phương xây dựng Kế hoạch triển khai thực hiện phù hợp với chức năng, nhiệm
vụ, điều kiện thực tế của từng cơ quan, đơn vị, địa phương xong trong tháng 12/2025.

**2. **Sở Tài chính chủ trì,
phối hợp với các Sở, ban, ngành, đơn vị và UBND cấp xã bố trí kinh phí chi thường
xuyên trong dự toán ngân sách nhà nước hàng năm.

**3. **UBND các xã, phường
tăng cường công tác lãnh đạo công tác xây dựng và thực thi pháp luật trên địa bàn.

**4. **Giao Sở Tư pháp theo
dõi, đôn đốc các cơ quan, đơn vị, địa phương triển khai thực hiện Kế hoạch này; phối
hợp với Văn phòng UBND tỉnh tham mưu sơ kết, tổng kết và báo cáo Bộ Tư pháp theo
quy định./.
""")
    rows = {r["name"]: r for r in agencies.extract(doc)}
    # whole names, cut at the task's verb; the partner "Văn phòng UBND tỉnh" named; the ministry that
    # receives the report and the collective partners ("các Sở, ban, ngành, đơn vị") are no rows of their own
    assert set(rows) == {"Các cơ quan, đơn vị, địa phương", "Sở Tài chính", "UBND các xã, phường", "Sở Tư pháp",
                         "Văn phòng UBND tỉnh"}
    assert rows["UBND các xã, phường"]["level"] == "xa" and rows["Sở Tài chính"]["level"] == "tinh"
    for r in rows.values():
        assert doc.text[r["start_char"]:r["end_char"]] == r["name"]
    assert {("Sở Tài chính", "chu_tri"), ("Văn phòng UBND tỉnh", "phoi_hop")} <= roles(doc)


def test_labels_of_lead_and_partner_bodies_give_each_body_and_its_role(tmp_path: Path):
    doc = markdown_plan(tmp_path, """**II. NHIỆM VỤ,
GIẢI PHÁP**

**1. Rà soát,
kiện toàn đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật**

- Thường xuyên rà soát, kiện
toàn đội ngũ cán bộ, công chức đảm bảo đủ số lượng, tiêu chuẩn theo quy định.

*Đơn vị chủ trì thực hiện: *Các
Sở, ngành, đơn vị, UBND cấp xã.

*Đơn vị phối hợp: *Sở Nội
vụ, Sở Tư pháp.

*Thời gian thực hiện: *Thường
xuyên.

**2. Đẩy mạnh chuyển đổi số trong công tác xây dựng pháp luật**

*Đơn vị chủ trì thực hiện: *Báo
và Phát thanh, Truyền hình tỉnh; Sở Tư pháp.

*Đơn vị phối hợp: *Sở Khoa học
và Công nghệ; Trung tâm Thông tin tỉnh; các cơ quan, đơn vị liên quan.

**III. TỔ CHỨC
THỰC HIỆN**

**1. **Các Sở, ngành, đơn vị
liên quan kiện toàn đội ngũ công chức làm công tác pháp chế.
""")
    # "Các Sở, ngành, đơn vị" (labels) and "Các Sở, ngành, đơn vị liên quan" (heading) are one collective,
    # named as the heading names it; "UBND cấp xã" is the communes' committees
    assert names(doc) == {"Các Sở, ngành, đơn vị liên quan", "UBND cấp xã", "Sở Nội vụ", "Sở Tư pháp",
                          "Báo và Phát thanh, Truyền hình tỉnh", "Sở Khoa học và Công nghệ",
                          "Trung tâm Thông tin tỉnh", "các cơ quan, đơn vị liên quan"}
    assert {("Sở Nội vụ", "phoi_hop"), ("Sở Tư pháp", "chu_tri"), ("Sở Tư pháp", "phoi_hop"),
            ("Báo và Phát thanh, Truyền hình tỉnh", "chu_tri"), ("Trung tâm Thông tin tỉnh", "phoi_hop")} <= roles(doc)


def test_task_table_columns_of_lead_and_partner_bodies(tmp_path: Path):
    path = render_docx([
        "ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP", "Số: 617/KH-UBND", "Đồng Tháp, ngày 01 tháng 12 năm 2025",
        "KẾ HOẠCH", "Chuyển đổi số trong doanh nghiệp trên địa bàn tỉnh",
        "I. MỤC TIÊU", "Hỗ trợ doanh nghiệp chuyển đổi số.",
        "II. TỔ CHỨC THỰC HIỆN", "1. Sở Khoa học và Công nghệ",
        "Là cơ quan đầu mối, tham mưu Ủy ban nhân dân Tỉnh tổ chức triển khai kế hoạch.",
        "Nơi nhận:", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Huỳnh Minh Tuấn",
        "PHỤ LỤC", "DANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM",
        [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
         ["1", "Triển khai nền tảng đào tạo trực tuyến mở.", "Sở KH&CN",
          "Các sở, ban, ngành tỉnh; UBND các xã, phường", "Thường xuyên"],
         ["2", "Biểu dương, khen thưởng doanh nghiệp có thành tích trong chuyển đổi số.", "Sở Nội vụ",
          "Sở KH&CN; các cơ quan, đơn vị liên quan", "Hằng năm"],
         ["3", "Triển khai hạ tầng 5G trong các khu công nghiệp.", "Sở KH&CN",
          "Ban Quản lý Khu kinh tế, Sở Công Thương, các doanh nghiệp viễn thông", "Quí IV-2025"]],
    ], tmp_path / "plan.docx")
    doc = load_document(path)
    rows = {r["name"]: r for r in agencies.extract(doc)}
    # "Sở KH&CN" of the table is the department the heading names in full
    assert set(rows) == {"Sở Khoa học và Công nghệ", "Các sở, ban, ngành tỉnh", "UBND các xã, phường", "Sở Nội vụ",
                         "các cơ quan, đơn vị liên quan", "Ban Quản lý Khu kinh tế", "Sở Công Thương",
                         "các doanh nghiệp viễn thông"}
    assert rows["các doanh nghiệp viễn thông"]["level"] is None
    assert {("Sở Nội vụ", "chu_tri"), ("Sở Công Thương", "phoi_hop"), ("Sở Khoa học và Công nghệ", "chu_tri"),
            ("Sở Khoa học và Công nghệ", "phoi_hop")} <= roles(doc)


def test_decision_article_makes_office_holders_bodies_answerable(tmp_path: Path):
    path = tmp_path / "qd.md"
    path.write_text("""ỦY BAN NHÂN DÂN TỈNH NGHỆ AN

Số: 2820/QĐ-UBND

Nghệ An, ngày 19 tháng 11 năm 2025

**QUYẾT ĐỊNH**

**Về việc công bố danh mục thủ tục hành chính**

**ỦY BAN NHÂN DÂN TỈNH NGHỆ AN**

Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;

**QUYẾT ĐỊNH:**

**Điều 1.** Công bố kèm theo Quyết định này danh mục thủ tục hành chính.

**Điều 2.** Quyết định này có hiệu lực thi hành kể từ ngày ký.

**Điều 3.** Chánh Văn phòng Ủy ban nhân dân
tỉnh, Giám đốc Sở Tài chính, Thủ trưởng các sở, ban, ngành cấp tỉnh; Chủ tịch Ủy ban
nhân dân các xã, phường và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành
Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**
**Lê Hồng Vinh**
""", encoding="utf-8")
    doc = load_document(path)
    assert names(doc) == {"Văn phòng Ủy ban nhân dân tỉnh", "Sở Tài chính", "các sở, ban, ngành cấp tỉnh",
                          "Ủy ban nhân dân các xã, phường", "các tổ chức, cá nhân có liên quan"}


def test_headings_naming_several_bodies_communes_and_requested_bodies(tmp_path: Path):
    doc = markdown_plan(tmp_path, """**II. NHIỆM VỤ CỤ THỂ**

**1. Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình tỉnh**

Tăng thời lượng tuyên truyền về công tác dân số và phát triển.

**2. Công An Thành phố, Bộ Tư lệnh Thành phố**

Công an Thành phố chủ trì phối hợp với Bộ Tư lệnh Thành phố kiểm tra an toàn hệ thống.

**3. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông**

- Xây dựng kế hoạch cụ thể hóa các nhiệm vụ và giải pháp tại địa phương.

**4. Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường**

Căn cứ chức năng, nhiệm vụ triển khai thực hiện các nhiệm vụ và giải pháp của Kế hoạch.

**5. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh, Liên minh Hợp tác xã tỉnh**

Tuyên truyền, vận động hội viên tích cực tham gia chuyển đổi số.

**III. TỔ CHỨC THỰC HIỆN**

1. Căn cứ Kế hoạch này, các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường nghiên cứu triển
khai thực hiện, đảm bảo phù hợp với chức năng, nhiệm vụ của ngành, cơ quan, đơn vị mình.
""")
    # one row per body; the collective written three ways is one row, under the first heading's wording
    assert names(doc) == {"Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh, Truyền hình tỉnh",
                          "Công An Thành phố", "Bộ Tư lệnh Thành phố", "Ủy ban nhân dân xã Gia Thuận",
                          "Ủy ban nhân dân xã Tân Điền", "Ủy ban nhân dân xã Gò Công Đông",
                          "Các sở, ngành có liên quan", "Ủy ban nhân dân các xã, phường",
                          "Hiệp hội Doanh nghiệp tỉnh", "Hội Nông dân tỉnh", "Liên minh Hợp tác xã tỉnh"}


def test_roles_task_headings_and_ministries_are_not_agencies(tmp_path: Path):
    doc = markdown_plan(tmp_path, """**II. NỘI DUNG HOẠT ĐỘNG TRIỂN KHAI**

**1. Công tác phòng chống dịch bệnh**

b) Phòng chống bệnh đường ruột

- Tăng cường truyền thông vệ sinh ăn uống, rửa tay bằng xà phòng.

c) Cơ quan thực hiện:

- Đơn vị chủ trì: Sở Y tế.

- Báo cáo tổng hợp hàng ngày gửi UBND tỉnh, Ban Chỉ huy Phòng chống thiên tai.

- Sở Y tế phối hợp với Bộ Y tế, Bộ Công an tổ chức phun khử trùng tại các khu vực ngập sâu.
""")
    assert names(doc) == {"Sở Y tế"}


def test_levels_of_bodies():
    # the tier a name states; "Xã hội" of a name is no commune; a Phòng of the issuing department is the
    # department's tier, elsewhere a district's; Bộ Tư lệnh of a city is the city's; enterprises have none
    assert agencies.level_of("Phòng Lao động - Thương binh và Xã hội", "huyen") == "huyen"
    assert agencies.level_of("Các đoàn thể, tổ chức xã hội", "tinh") == "tinh"
    assert agencies.level_of("Phòng Quản lý Công nghiệp", "tinh", "Sở Công Thương tỉnh Lào Cai") == "tinh"
    assert agencies.level_of("Phòng Tài chính - Kế hoạch", "tinh", "UBND tỉnh Cao Bằng") == "huyen"
    assert agencies.level_of("Bộ Tư lệnh Thành phố", "tinh") == "tinh"
    assert agencies.level_of("Kho bạc nhà nước khu vực XI", "tinh") == "trung_uong"
    assert agencies.level_of("Ủy ban nhân dân xã, phường", "tinh") == "xa"
    assert agencies.level_of("Công ty TNHH Lâm nghiệp 888 Yên Bái", "tinh") is None
    # national bodies; a city's bodies are of the city's tier
    assert agencies.level_of("Đài Truyền hình Việt Nam", "tinh") == "trung_uong"
    assert agencies.level_of("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "tinh") == "tinh"
    assert agencies.level_of("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "tinh") == "tinh"


def test_news_of_office_holders_and_members_name_no_agency(tmp_path: Path):
    doc = markdown_plan(tmp_path, """**II. TỔ CHỨC THỰC HIỆN**

1. Giám đốc Sở Tài chính Nguyễn Xuân Lưu trình bày Tờ trình các nghị quyết tại kỳ họp.

2. Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh Nguyễn Thị Hoàng cho biết kế hoạch được xây dựng trên cơ sở thể chế.

3. Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát quy hoạch.
""")
    assert names(doc) == {"Sở Xây dựng", "Sở Tài chính"}


def test_a_news_page_assigns_nothing_in_its_sentences(tmp_path: Path):
    path = tmp_path / "news.md"
    path.write_text("""# Tháo gỡ vướng mắc về đất đai

Nội dung chính

Cục Quản lý đất đai vừa có Báo cáo số 34 gửi Bộ trưởng về tình hình xử lý kiến nghị của các địa
phương.

- Trung tâm Nghiên cứu ứng dụng tế bào gốc chủ trì đề tài cấp nhà nước từ năm 2020.

Ủy ban nhân dân cấp tỉnh có trách nhiệm bố trí quỹ đất, giao đất cho các dự án.
""", encoding="utf-8")
    doc = load_document(path)
    assert names(doc) == set()


def test_articles_of_a_decision_assign_and_list_members_after_a_colon(tmp_path: Path):
    path = tmp_path / "qd.md"
    path.write_text("""ỦY BAN NHÂN DÂN TỈNH BẮC NINH

Số: 1520/QĐ-UBND

Bắc Ninh, ngày 05 tháng 12 năm 2025

**QUYẾT ĐỊNH**

**Phê duyệt Danh mục địa điểm tổ chức hội chợ, triển lãm thương mại năm 2026**

**ỦY BAN NHÂN DÂN TỈNH BẮC NINH**

Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;

**QUYẾT ĐỊNH:**

**Điều 1. **Phê
duyệt Danh mục địa điểm tổ chức hội chợ, triển lãm thương mại trên địa bàn tỉnh năm 2026.

**Điều 2. **Sở
Công Thương có trách nhiệm chủ trì, phối hợp với các cơ quan, UBND các xã, phường,
đơn vị liên quan thực hiện quản lý hoạt động hội chợ, triển lãm thương mại.

**Điều 3. **Thủ
trưởng các cơ quan: Văn phòng UBND tỉnh, Sở Công Thương, Sở Văn hóa, Thể thao và Du lịch; Giám đốc
các Sở: Nội vụ, Tư pháp; Chủ tịch UBND các xã, phường và các tổ chức, cá nhân liên quan căn cứ
Quyết định thi hành./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**
**Vương Quốc Tuấn**
""", encoding="utf-8")
    doc = load_document(path)
    assert names(doc) == {"Sở Công Thương", "Văn phòng UBND tỉnh", "Sở Văn hóa, Thể thao và Du lịch", "Sở Nội vụ",
                          "Sở Tư pháp", "UBND các xã, phường", "các tổ chức, cá nhân liên quan"}


def test_names_that_hold_a_verb_or_a_joint_office_stay_whole():
    # "ứng dụng" before a proper name is part of the name; "Văn phòng HĐND và UBND" is one office;
    # "Giám đốc các Sở: Khoa học và Công nghệ, Dân tộc và Tôn giáo" names two departments
    assert agencies.names_at("Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên chủ trì thẩm định")[0] == [
        ("Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên", 0)]
    assert agencies.names_at("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân cấp huyện có trách nhiệm")[0] == [
        ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân cấp huyện", 0)]
    text = "Giám đốc các Sở: Khoa học và Công nghệ, Dân tộc và Tôn giáo; Chủ tịch UBND các xã chịu trách nhiệm"
    assert [n for n, _ in agencies._members(text, text.index(":"))] == [
        "Sở Khoa học và Công nghệ", "Sở Dân tộc và Tôn giáo", "UBND các xã"]


def test_a_short_heading_with_a_task_verb_is_a_sentence_and_nouns_that_end_in_a_verb_stay_whole(tmp_path: Path):
    """A numbered heading without a full stop ("1. Sở Tư pháp chủ trì, theo dõi …") names its body, not
    itself; "Sở Nội vụ tổng hợp, báo cáo" is Sở Nội vụ; names that end in a noun of two words whose second
    is a verb ("đầu tư xây dựng", "dịch vụ tổng hợp") stay whole."""
    doc = markdown_plan(tmp_path, """**II. TỔ CHỨC THỰC HIỆN**

1. Sở Tư pháp chủ trì, theo dõi việc thực hiện Kế hoạch

2. Sở Nội vụ tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh.

3. Ban Quản lý dự án đầu tư xây dựng tỉnh chủ trì triển khai các công trình.

4. Trung tâm Dịch vụ tổng hợp tỉnh phối hợp thực hiện.

5. Các doanh nghiệp hoạt động trong lĩnh vực xây dựng
""")
    assert {"Sở Tư pháp", "Sở Nội vụ", "Ban Quản lý dự án đầu tư xây dựng tỉnh", "Trung tâm Dịch vụ tổng hợp tỉnh",
            "Các doanh nghiệp hoạt động trong lĩnh vực xây dựng"} <= names(doc)
    assert not any("chủ trì" in n or "tổng hợp, báo cáo" in n or n == "Sở Nội vụ tổng hợp" for n in names(doc))


def test_a_name_ends_before_what_its_body_does_or_does_not():
    """A department's letters: "Sở Công Thương không tiến hành …", "… chỉ tổ chức …", "Công ty liên hệ …",
    "… kính đề nghị …", "UBND tỉnh có ý kiến …"; "không gian", "có liên quan" stay inside names."""
    for sentence, name in [("Sở Công Thương không tiến hành kiểm tra thực địa", "Sở Công Thương"),
                           ("Sở Công Thương chỉ tổ chức kiểm tra khi có đề nghị", "Sở Công Thương"),
                           ("Sở Công Thương tỉnh Lào Cai kính đề nghị Bộ Công Thương xem xét", "Sở Công Thương tỉnh Lào Cai"),
                           ("Cục Địa chất và Khoáng sản Việt Nam đối với các mỏ", "Cục Địa chất và Khoáng sản Việt Nam"),
                           ("UBND tỉnh có ý kiến chỉ đạo", "UBND tỉnh"),
                           ("Trung tâm Dữ liệu không gian địa lý chủ trì", "Trung tâm Dữ liệu không gian địa lý"),
                           ("Các cơ quan, đơn vị có liên quan phối hợp", "Các cơ quan, đơn vị có liên quan")]:
        assert agencies.names_at(sentence)[0][0][0] == name, sentence
    for whole in ("Cục Hàng không Việt Nam", "Bộ chỉ huy Quân sự tỉnh", "Công ty TNHH Dịch vụ kính mắt"):
        assert agencies.names_at(f"{whole} chủ trì thực hiện")[0] == [(whole, 0)]  # the words inside names
    assert agencies.names_at("Thanh tra, kiểm tra, giám sát và xử lý vi phạm")[0] == []  # what is done, no body
    assert agencies.names_at("Thanh tra tỉnh chủ trì")[0] == [("Thanh tra tỉnh", 0)]


def test_a_central_decision_assigns_ministries(tmp_path: Path):
    """A decision of the Prime Minister ("2530/QĐ-TTg", its issuer line lost in the export) is central: the
    ministries it assigns are its agencies, as the provinces' are in a provincial plan."""
    from extractors.header import header
    path = tmp_path / "qd.md"
    path.write_text("\n\n".join([
        "Số: 2530/QĐ-TTg", "*Hà Nội, ngày 20 tháng 11 năm 2025*", "**QUYẾT ĐỊNH**",
        "**Phê duyệt Kế hoạch hành động quốc gia khắc phục ô nhiễm không khí**",
        "**Điều 1.** Phê duyệt Kế hoạch với các nội dung sau:", "**IV. TỔ CHỨC THỰC HIỆN**",
        "a) Bộ Xây dựng tổ chức triển khai các nhiệm vụ về công trình xanh.",
        "b) Bộ Công an chỉ đạo lực lượng công an kiểm soát khí thải phương tiện.",
        "c) Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam chủ trì tuyên truyền.",
        "**Điều 2.** Quyết định này có hiệu lực từ ngày ký."]), encoding="utf-8")
    doc = load_document(path)
    assert (header(doc).admin_level, header(doc).issuer) == ("trung_uong", "Thủ tướng Chính phủ")
    assert {"Bộ Xây dựng", "Bộ Công an", "Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam"} <= names(doc)


def test_a_decisions_closing_khoan_and_parts_of_responsibilities_name_their_bodies(tmp_path: Path):
    """"Điều 4. … 2. Chánh Văn phòng …; Thủ trưởng các sở, ban, ngành …; Chủ tịch Uỷ ban nhân dân các xã, phường
    … chịu trách nhiệm thi hành": the collectives of a decision's closing clause are its agencies, in a khoản
    as in the article itself; a part headed "Trách nhiệm …" assigns as "Tổ chức thực hiện" does."""
    path = render_docx([
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Số: 18/QĐ-UBND", "Lào Cai, ngày 06 tháng 11 năm 2025", "QUYẾT ĐỊNH",
        "Về việc ủy quyền giải quyết thủ tục hành chính",
        "Điều 1. Ủy quyền cho Sở Công Thương giải quyết thủ tục hành chính.",
        "Điều 2. Điều khoản thi hành",
        "1. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.",
        "2. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Công Thương; Thủ trưởng các sở, ban, ngành, đơn vị "
        "cấp tỉnh; Chủ tịch Uỷ ban nhân dân các xã, phường chịu trách nhiệm thi hành Quyết định này.",
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"], tmp_path / "qd.docx")
    assert {"Văn phòng Ủy ban nhân dân tỉnh", "Sở Công Thương", "các sở, ban, ngành, đơn vị cấp tỉnh",
            "Uỷ ban nhân dân các xã, phường"} <= names(load_document(path))
    doc = markdown_plan(tmp_path, "\n\n".join([
        "**I.\nTrách nhiệm phối hợp trong công tác thẩm định**", "**1.\nTrách nhiệm cụ thể**",
        "a) Sở Khoa học và Công nghệ", "- Đánh giá công nghệ sử dụng trong dự án đầu tư.",
        "b) Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh", "- Đánh giá sự phù hợp với lĩnh vực an ninh, quốc phòng.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Tư pháp theo dõi, đôn đốc."]))
    assert {"Sở Khoa học và Công nghệ", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Sở Tư pháp"} <= names(doc)


def test_a_departments_own_letter_does_not_assign_the_department(tmp_path: Path):
    """"Sở Công Thương nhận được Văn bản số …" in a letter of Sở Công Thương tỉnh Lào Cai: the issuer assigns,
    it is not assigned (as the issuing People's Committee is not)."""
    path = render_docx([
        "UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Số: 3155/SCT-QLCN", "Lào Cai, ngày 10 tháng 6 năm 2026",
        "V/v phương án nổ mìn", "Kính gửi: Công ty TNHH Vạn Thịnh",
        "Sở Công Thương nhận được Văn bản số 11/VT ngày 02/6/2026 của Công ty TNHH Vạn Thịnh. Sở Công Thương đề "
        "nghị Công ty TNHH Vạn Thịnh hoàn thiện hồ sơ; giao Phòng Quản lý Công nghiệp theo dõi, đôn đốc.",
        "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn B"], tmp_path / "cv.docx")
    found = names(load_document(path))
    assert "Phòng Quản lý Công nghiệp" in found and not any(n.startswith("Sở Công Thương") for n in found)


def test_a_paragraph_addressed_to_a_body_and_teams_named_by_their_task(tmp_path: Path):
    """"6.1. Đối với Đoàn kiểm tra: Các thành viên Đoàn thực hiện …" in a part of other matters: the paragraph
    is that body's tasks; "Đoàn kiểm tra", "Đoàn kiểm tra liên ngành" are names though "kiểm tra" is a verb."""
    doc = markdown_plan(tmp_path, "\n\n".join([
        "**I. MỤC ĐÍCH, YÊU CẦU**", "Kiểm tra việc chấp hành pháp luật về vật liệu nổ công nghiệp.",
        "**II. NHỮNG VẤN ĐỀ KHÁC**",
        "1. Đối với Đoàn kiểm tra liên ngành: Các thành viên thực hiện nghiêm túc Kế hoạch.",
        "2. Đối với các đơn vị có liên quan: Chuẩn bị báo cáo bằng văn bản.",
        "3. Đối với tài liệu mật: lưu giữ theo quy định."]))
    found = names(doc)
    assert {"Đoàn kiểm tra liên ngành", "các đơn vị có liên quan"} <= found
    assert not any("tài liệu" in n for n in found)
    assert agencies.names_at("Đoàn kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ")[0] == [("Đoàn kiểm tra", 0)]


def test_a_body_named_as_the_agent_of_a_task(tmp_path: Path):
    """"Xe ô tô 7 chỗ do Văn phòng Sở Công Thương tỉnh Lào Cai bố trí" (a part of resources): the office is
    given the task; "Quyết định số 12/QĐ-UBND do UBND tỉnh ban hành" gives nobody a task. A printed line
    that ends on the head of the name ("… do Văn phòng Sở" / "Công Thương …") runs on into it."""
    path = tmp_path / "plan.txt"
    path.write_text("\n".join([
        "SỞ CÔNG THƯƠNG", "Số: 15/KH-UBND", "Lào Cai, ngày 10 tháng 3 năm 2026", "KẾ HOẠCH", "Kiểm tra vật liệu nổ",
        "1. Căn cứ Quyết định số 12/QĐ-UBND do Ủy ban nhân dân tỉnh ban hành ngày 02/3/2026 về việc kiểm tra.",
        "2. Phương tiện cho hoạt động kiểm tra: Xe ô tô 7 chỗ do nhiều đơn vị bố trí, trong đó xe do Văn phòng Sở",
        "Công Thương tỉnh Lào Cai bố trí.",
        "3. Kinh phí thực hiện do ngân sách tỉnh bảo đảm theo quy định hiện hành của pháp luật về ngân sách nhà nước.",
        "4. Xe chuyên dùng do Phòng",  # a short line, the name on the next: it runs on all the same
        "Quản lý Công nghiệp bố trí."]), encoding="utf-8")
    doc = load_document(path)
    assert names(doc) == {"Văn phòng Sở Công Thương tỉnh Lào Cai", "Phòng Quản lý Công nghiệp"}
    from extractors.header import header
    assert (header(doc).doc_number, header(doc).doc_type) == ("15/KH-UBND", "ke_hoach")  # "…-UBND" / "KẾ HOẠCH"
