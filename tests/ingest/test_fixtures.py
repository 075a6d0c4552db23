"""Transcripts in the shapes other governments write, each parsed exactly, field by field.

The fixtures are invented (names, places and numbers) and stored as the bytes a site would
serve: GB18030 with CRLF, UTF-8 with a byte-order mark, UTF-16 with and without one, UTF-8
with bare CR line ends, Traditional characters, GBK.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from archive.ingest.parse import (
    AttendeeRole,
    ItemKind,
    ParsedAttendee,
    ParsedMeeting,
    ParseError,
    parse_transcript,
)
from archive.ingest.parse.records import ParseErrorReason
from archive.ingest.read import decode_transcript, encode_transcript

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PRESENT, OBSERVER, INVITED = AttendeeRole.PRESENT, AttendeeRole.OBSERVER, AttendeeRole.INVITED
ABSENT, PARTICIPANT = AttendeeRole.ABSENT, AttendeeRole.PARTICIPANT
REVIEW, HEARING, OTHER = ItemKind.REVIEW, ItemKind.HEARING, ItemKind.OTHER


def _parse(name: str, encoding: str) -> ParsedMeeting:
    data = (FIXTURES / name).read_bytes()
    text, detected = decode_transcript(data)
    assert detected == encoding
    assert encode_transcript(text, detected) == data
    return parse_transcript(text)


def _items(meeting: ParsedMeeting) -> list[tuple]:
    return [
        (item.order, item.number_text, item.kind, item.title, item.documents)
        for item in meeting.agenda_items
    ]


def _decisions(meeting: ParsedMeeting) -> list[list[tuple]]:
    return [
        [
            (d.text, d.lead_departments, d.supporting_departments, d.outcome, d.issuing_channel)
            for d in item.decisions
        ]
        for item in meeting.agenda_items
    ]


def _people(meeting: ParsedMeeting) -> list[tuple]:
    return [(a.name, a.role, a.department, a.title, a.note) for a in meeting.attendees]


# -- A county's web page: GB18030, CRLF, disclosure metadata, chrome, inline 1.…；2.… ---------


@pytest.fixture(scope="module")
def qinghe() -> ParsedMeeting:
    return _parse("qinghe_county_header.txt", "gb18030")


def test_qinghe_meeting_facts(qinghe: ParsedMeeting) -> None:
    assert qinghe.meeting_type == "常务会议"
    assert qinghe.body == "清河县人民政府"
    assert (qinghe.number, qinghe.term, qinghe.number_text) == (60, 17, "十七届县政府第六十次")
    assert qinghe.number_year is None
    # The meeting date is written in Chinese numerals with 〇, as is the (later) issue date.
    assert (qinghe.date, qinghe.time_of_day) == (datetime.date(2022, 12, 19), "上午")
    assert (qinghe.chair, qinghe.chair_title) == ("周建国", "县长")
    assert qinghe.doc_number == "〔2022〕15号"
    assert qinghe.issuing_office == "清河县人民政府办公室"
    assert qinghe.issue_date == datetime.date(2022, 12, 20)
    assert qinghe.metadata == (
        ("索引号", "11130500MB0000000X/2022-00123"),
        ("发布机构", "清河县人民政府办公室"),
        ("公开方式", "主动公开"),
        ("成文日期", "2022-12-20"),
    )
    assert qinghe.opening.startswith("二〇二二年十二月十九日上午，县长周建国主持召开")
    assert qinghe.opening.endswith("现将会议主要内容纪要如下：")
    # Breadcrumb, page counter and print links are page chrome: recognised, not warned about.
    assert qinghe.warnings == ()


def test_qinghe_items_split_points_run_together(qinghe: ParsedMeeting) -> None:
    assert _items(qinghe) == [
        (
            1,
            "一、",
            REVIEW,
            "审议《清河县城乡供水一体化实施方案》",
            ("清河县城乡供水一体化实施方案",),
        ),
        (2, "二、", HEARING, "听取县财政局关于2022年预算执行情况的汇报", ()),
    ]
    assert _decisions(qinghe) == [
        [
            ("会议原则同意《清河县城乡供水一体化实施方案》。", (), (), "原则同意", None),
            (
                "会后县水利局根据会议讨论意见修改完善，按程序以县政府名义印发",
                ("县水利局",),
                (),
                None,
                "以县政府名义印发",
            ),
            ("各乡镇要加强配合，确保年底前完成管网改造", (), (), None, None),
            ("县财政局要做好资金保障。", (), (), None, None),
        ],
        [
            ("会议指出，今年以来全县财政收入保持平稳。", (), (), None, None),
            ("县财政局要加强收入征管", (), (), None, None),
            ("各部门要严格控制一般性支出。", (), (), None, None),
        ],
    ]


def test_qinghe_attendance_in_prose_absences_and_mixed_separators(qinghe: ParsedMeeting) -> None:
    assert _people(qinghe) == [
        ("陈立伟", PRESENT, None, "副县长", None),
        ("周敏", PRESENT, None, "副县长", None),
        ("吴海燕", INVITED, "县人大常委会", "副主任", None),
        ("孙志刚", ABSENT, None, "副县长", "出差"),
        ("赵丽", ABSENT, None, "副县长", "参加市里会议"),
        (None, OBSERVER, "县财政局", None, "主要负责同志"),
        ("郑海涛", OBSERVER, "县水利局", None, None),  # a space between department and name
        ("王宏", OBSERVER, "县发展改革局", None, None),
        ("李雪", OBSERVER, "县审计局", None, None),
        ("张丽", OBSERVER, "县住建局", None, None),
        ("刘洋", OBSERVER, "县住建局", None, None),
    ]


# -- A district: UTF-8 with BOM, ASCII punctuation, per-year numbering, 1、 with (1) ---------


@pytest.fixture(scope="module")
def xinhua() -> ParsedMeeting:
    return _parse("xinhua_district_arabic.txt", "utf-8-sig")


def test_xinhua_meeting_facts(xinhua: ParsedMeeting) -> None:
    assert (xinhua.meeting_type, xinhua.body) == ("常务会议", "新华区人民政府")
    assert (xinhua.number, xinhua.number_year, xinhua.number_text) == (1, 2021, "第1次")
    assert xinhua.term is None
    # A weekday in brackets between the date and the half-day.
    assert (xinhua.date, xinhua.time_of_day) == (datetime.date(2021, 2, 26), "下午")
    assert (xinhua.chair, xinhua.chair_title) == ("李明", "区长")
    assert xinhua.doc_number == "新政纪〔2021〕1号"
    assert (xinhua.issuing_office, xinhua.issue_date) == (
        "新华区人民政府办公室",
        datetime.date(2021, 3, 2),
    )
    assert xinhua.metadata == ()
    assert xinhua.warnings == ()


def test_xinhua_items_without_titles_in_brackets(xinhua: ParsedMeeting) -> None:
    assert _items(xinhua) == [
        (
            1,
            "1、",
            REVIEW,
            "审议《新华区老旧小区改造<2021-2023年>行动计划》及配套政策",
            ("新华区老旧小区改造<2021-2023年>行动计划",),
        ),
        (2, "2、", OTHER, "研究区教育局关于新建实验小学的请示", ()),
        (3, "3、", OTHER, "研究人事任免事项", ()),
    ]
    assert _decisions(xinhua) == [
        [
            (
                "会议原则同意《新华区老旧小区改造<2021-2023年>行动计划》及配套政策,"
                "由区住建局会同区财政局修改完善后,以区政府名义印发实施.",
                ("区住建局",),
                ("区财政局",),
                "原则同意",
                "以区政府名义印发实施",
            ),
            ("各街道要加强宣传引导,做好群众工作.", (), (), None, None),
        ],
        [
            (
                "会议同意区教育局关于新建实验小学的请示,由区教育局牵头抓好落实.",
                ("区教育局",),
                (),
                "同意",
                None,
            )
        ],
        [("会议同意有关人事任免事项.", (), (), "同意", None)],
    ]


def test_xinhua_categorised_attendance(xinhua: ParsedMeeting) -> None:
    assert _people(xinhua) == [
        ("李明", PARTICIPANT, None, None, None),
        ("王芳", PARTICIPANT, None, None, None),
        ("赵刚", PARTICIPANT, None, None, None),
        ("张伟", PARTICIPANT, "区政府办公室", None, None),
        ("刘洋", PARTICIPANT, "区政府办公室", None, None),
        ("孙丽", PARTICIPANT, "区发展改革局", None, None),
        ("钱勇", PARTICIPANT, "区财政局", None, None),
        ("周强", PARTICIPANT, "新华街道", None, None),
    ]


# -- A city: UTF-16 with BOM, term and spaced number, sentence headings, inline （一）（二） ------


@pytest.fixture(scope="module")
def donglin() -> ParsedMeeting:
    return _parse("donglin_city_sentences.txt", "utf-16-le")


def test_donglin_meeting_facts(donglin: ParsedMeeting) -> None:
    assert (donglin.meeting_type, donglin.body) == ("常务会议", "东林市人民政府")
    assert (donglin.number, donglin.term) == (32, 16)
    assert donglin.number_text == "第十六届人民政府第 32 次"
    assert (donglin.date, donglin.time_of_day) == (datetime.date(2023, 6, 8), "上午")
    # 会议在…召开，市长韩东主持会议: the chair is named after the meeting.
    assert (donglin.chair, donglin.chair_title) == ("韩东", "市长")
    assert (donglin.doc_number, donglin.issuing_office, donglin.issue_date) == (None, None, None)
    # The transition 会议议定以下意见 (no colon) ends the opening line itself.
    assert donglin.opening.endswith("市长韩东主持会议。会议议定以下意见")
    assert donglin.warnings == ()


def test_donglin_sentence_headings_and_inline_points(donglin: ParsedMeeting) -> None:
    assert _items(donglin) == [
        (
            1,
            "一、",
            REVIEW,
            "会议审议并原则通过《东林市城市更新条例（草案）》",
            ("东林市城市更新条例（草案）",),
        ),
        (2, "二、", HEARING, "会议听取了市应急管理局关于汛期安全工作的汇报", ()),
        (3, "三、", OTHER, "会议研究了东林市农贸市场升级改造有关事项", ()),
    ]
    assert _decisions(donglin) == [
        [
            (
                "会议审议并原则通过《东林市城市更新条例（草案）》，"
                "由市住房城乡建设局根据会议意见修改完善后提请市人大常委会审议。",
                ("市住房城乡建设局",),
                (),
                "原则通过",
                "提请市人大常委会审议",
            )
        ],
        [
            ("市应急管理局要牵头做好防汛值班值守。", ("市应急管理局",), (), None, None),
            ("各区要全面排查地质灾害隐患点。", (), (), None, None),
            ("市气象局要加强预报预警。", (), (), None, None),
        ],
        [
            (
                "会议研究了东林市农贸市场升级改造有关事项，原则同意市商务局提出的改造方案。",
                (),
                (),
                "原则同意",
                None,
            )
        ],
    ]


def test_donglin_departments_that_sent_someone_unnamed(donglin: ParsedMeeting) -> None:
    assert _people(donglin) == [
        ("韩东", PRESENT, None, None, None),
        ("许明", PRESENT, None, None, None),
        ("葛晓燕", PRESENT, None, None, None),
        ("何平", PRESENT, None, None, None),
        (None, OBSERVER, "市政府办公室", None, "主要负责同志"),
        (None, OBSERVER, "市发展改革委", None, "主要负责同志"),
        (None, OBSERVER, "市财政局", None, "主要负责同志"),
    ]


# -- A combined meeting: CR line ends, no number, no year, unnumbered paragraphs ------------


@pytest.fixture(scope="module")
def anping() -> ParsedMeeting:
    return _parse("anping_combined_unnumbered.txt", "utf-8")


def test_anping_combined_meeting_is_not_filed_as_a_standing_meeting(anping: ParsedMeeting) -> None:
    assert anping.meeting_type == "党组会议暨常务会议"
    assert anping.body == "安平县人民政府"
    assert (anping.number, anping.term, anping.number_text, anping.number_year) == (
        None,
        None,
        None,
        None,
    )
    assert (anping.chair, anping.chair_title, anping.time_of_day) == ("钱立新", "县长", "上午")
    # 1月5日 without a year: no date is guessed, and the import says so.
    assert anping.date is None
    assert anping.warnings == ("第3行：会议日期“1月5日”没有写年份，未能确定日期",)
    assert anping.other_matters is True


def test_anping_unnumbered_paragraphs_are_items(anping: ParsedMeeting) -> None:
    assert _items(anping) == [
        (
            1,
            "",
            REVIEW,
            "会议审议了《安平县2024年河道保洁考核办法》",
            ("安平县2024年河道保洁考核办法",),
        ),
        (2, "", HEARING, "会议听取了县财政局关于2023年财政收支情况的汇报", ()),
    ]
    assert _decisions(anping) == [
        [
            (
                "会议审议了《安平县2024年河道保洁考核办法》，原则同意该办法，"
                "由县水利局牵头组织实施。",
                ("县水利局",),
                (),
                "原则同意",
                None,
            )
        ],
        [
            (
                # The heading's own sentence is the item's title, not part of its decision.
                "会议要求，县财政局要严格预算执行。",
                (),
                (),
                None,
                None,
            )
        ],
    ]


def test_anping_categories_on_their_own_lines_and_an_absence_in_prose(
    anping: ParsedMeeting,
) -> None:
    assert _people(anping) == [
        ("钱立新", PRESENT, None, None, None),
        ("孙红梅", PRESENT, None, None, None),
        ("杜志强", PRESENT, None, None, None),
        ("吴静", PRESENT, "县财政局", None, None),
        ("冯刚", PRESENT, "县水利局", None, None),
        ("马卫东", ABSENT, None, "副县长", "因公"),
    ]


# -- Traditional characters: parsed, and returned as written ---------------------------------


@pytest.fixture(scope="module")
def yongning() -> ParsedMeeting:
    return _parse("yongning_traditional.txt", "utf-8")


def test_yongning_traditional_text_is_read_and_kept_as_written(yongning: ParsedMeeting) -> None:
    # Vocabulary fields are the archive's own (Simplified); text fields are as written.
    assert (yongning.meeting_type, yongning.body) == ("常务会议", "永宁县人民政府")
    assert (yongning.number, yongning.number_text) == (104, "第一百零四次")
    assert (yongning.date, yongning.time_of_day) == (datetime.date(2023, 3, 8), "下午")
    assert (yongning.chair, yongning.chair_title) == ("陳國華", "縣長")
    assert (
        yongning.opening == "二〇二三年三月八日下午，縣長陳國華主持召開縣政府第一百零四次常務會議。"
    )
    assert _items(yongning) == [
        (1, "一、", REVIEW, "審議《永寧縣鄉村振興促進辦法》", ("永寧縣鄉村振興促進辦法",)),
        (2, "二、", HEARING, "聽取縣衛生健康局關於醫療衛生服務體系建設情況的匯報", ()),
    ]
    assert _decisions(yongning) == [
        [
            (
                "會議原則同意《永寧縣鄉村振興促進辦法》，會後縣農業農村局根據會議討論意見修改完善，"
                "按程序以縣政府名義印發。",
                ("縣農業農村局",),
                (),
                "原則同意",
                "以縣政府名義印發",
            )
        ],
        [
            (
                "會議聽取了縣衛生健康局的匯報。縣衛生健康局要牽頭抓好落實。",
                ("縣衛生健康局",),
                (),
                None,
                None,
            )
        ],
    ]
    assert _people(yongning) == [
        ("陳國華", PRESENT, None, None, None),
        ("劉建軍", PRESENT, None, None, None),
        ("黃曉東", PRESENT, None, None, None),
        ("張偉", OBSERVER, "縣財政局", None, None),
        ("趙麗", OBSERVER, "縣審計局", None, None),
        ("鄭永強", ABSENT, None, None, "出差"),
    ]
    assert yongning.warnings == ()


def test_traditional_text_in_a_warning_is_quoted_as_written() -> None:
    meeting = parse_transcript(
        "2023年3月8日下午，縣長陳國華主持召開縣政府第1次常務會議。\n出席：陳國華\n抄送：縣委辦\n"
    )
    assert meeting.warnings == ("第3行：无法归类的内容“抄送：縣委辦”",)


# -- A mayor's office meeting: UTF-16 without a byte-order mark ------------------------------


def test_mayor_office_meeting_keeps_its_type_and_partners() -> None:
    meeting = _parse("mayor_office_meeting.txt", "utf-16-le-nobom")
    assert meeting.meeting_type == "市长办公会议"
    assert (meeting.number, meeting.term, meeting.number_text) == (104, 5, "五届104次")
    # No document title names the city, and 会同市… is not a place.
    assert meeting.body is None
    assert _items(meeting) == [
        (1, "一、", OTHER, "关于城区停车设施建设", ()),
        (2, "二、", OTHER, "关于停车收费管理", ()),
    ]
    assert _decisions(meeting) == [
        [
            (
                "会议原则同意市城管局提出的停车设施建设方案。"
                "市城管局要会同市公安局交警支队抓紧组织实施。",
                ("市城管局",),
                ("市公安局交警支队",),
                "原则同意",
                None,
            )
        ],
        [
            (
                "由市发展改革委牵头，会同市城管局研究制定差别化停车收费政策，报市政府审定后实施。",
                ("市发展改革委",),
                ("市城管局",),
                None,
                None,
            )
        ],
    ]
    assert meeting.attendees == tuple(
        ParsedAttendee(name, PRESENT, None, None, None) for name in ("周海峰", "陆佳", "蒋文")
    )
    assert meeting.warnings == ()


# -- A news report about a meeting is not its minutes ----------------------------------------


def test_a_news_report_is_refused_with_its_reason() -> None:
    data = (FIXTURES / "news_report.txt").read_bytes()
    text, encoding = decode_transcript(data)
    assert encoding == "gb18030"  # GBK bytes are read by its superset
    with pytest.raises(ParseError) as raised:
        parse_transcript(text)
    assert raised.value.reason is ParseErrorReason.NEWS_REPORT
    assert raised.value.line == 2
    assert str(raised.value) == (
        "第2行：这是关于会议的新闻报道（“来源：东林日报　　发布时间：2023-05-12 09:30　　"
        "浏览次数：1024”），不是会议纪要"
    )
