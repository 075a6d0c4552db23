"""Small shapes from other governments' minutes, one plain string each."""

from __future__ import annotations

import datetime
import pickle

import pytest

from archive.ingest.parse import ParseError, meeting_to_dict, parse_transcript
from archive.ingest.parse.header import is_chrome, office_and_date
from archive.ingest.parse.inline import split_inline_points
from archive.ingest.parse.records import ParseErrorReason

OPENING = "2024年1月24日下午，徐华东市长主持召开市政府第38次常务会议。\n会议议定以下意见：\n"


@pytest.mark.parametrize(
    ("phrase", "number", "term", "number_text", "year"),
    [
        ("市政府第38次常务会议", 38, None, "第38次", None),
        ("市政府第三十八次常务会议", 38, None, "第三十八次", None),
        ("市政府十届四十二次常务会议", 42, 10, "十届四十二次", None),
        ("市政府第十届第四十二次常务会议", 42, 10, "第十届第四十二次", None),
        ("市政府五届104次常务会议", 104, 5, "五届104次", None),
        ("十七届市政府第六十次常务会议", 60, 17, "十七届市政府第六十次", None),
        ("市第十六届人民政府第 32 次常务会议", 32, 16, "第十六届人民政府第 32 次", None),
        ("2021年区政府第1次常务会议", 1, None, "第1次", 2021),
        ("市政府第一百二十次常务会议", 120, None, "第一百二十次", None),
        ("市政府第３８次常务会议", 38, None, "第３８次", None),
        ("市政府常务会议", None, None, None, None),
    ],
)
def test_meeting_number_term_and_wording(
    phrase: str, number: int | None, term: int | None, number_text: str | None, year: int | None
) -> None:
    meeting = parse_transcript(f"2024年1月24日下午，徐华东市长主持召开{phrase}。\n")
    assert (meeting.number, meeting.term, meeting.number_text, meeting.number_year) == (
        number,
        term,
        number_text,
        year,
    )


@pytest.mark.parametrize(
    ("phrase", "meeting_type"),
    [
        ("市政府第38次常务会议", "常务会议"),
        ("市长办公会议", "市长办公会议"),
        ("县长办公会议", "县长办公会议"),
        ("关于城市更新的专题会议", "专题会议"),
        ("市政府党组会议暨第5次常务会议", "党组会议暨常务会议"),
    ],
)
def test_meeting_types(phrase: str, meeting_type: str) -> None:
    meeting = parse_transcript(f"2024年1月24日上午，徐华东市长主持召开{phrase}。\n")
    assert meeting.meeting_type == meeting_type


def test_metadata_on_one_line_and_an_issue_date_alone() -> None:
    meeting = parse_transcript(
        "索引号：0001/2024-1 发布机构：吴江区人民政府办公室 发布日期：2024-01-26\n"
        "2024年1月26日\n"
        "2024年1月24日下午，王伟区长主持召开区政府第38次常务会议。\n"
    )
    assert meeting.metadata == (
        ("索引号", "0001/2024-1"),
        ("发布机构", "吴江区人民政府办公室"),
        ("发布日期", "2024-01-26"),
    )
    assert meeting.issue_date == datetime.date(2024, 1, 26)
    assert meeting.issuing_office == "吴江区人民政府办公室"
    assert meeting.body == "吴江区人民政府"
    assert meeting.warnings == ()


def test_metadata_with_an_issue_date_and_a_publishing_time() -> None:
    meeting = parse_transcript(
        "索引号：0001/2024-1\n发布机构：吴江区人民政府办公室\n"
        "发文日期：2024-01-26\n发布时间：2024-01-27 10:30\n"
        "2024年1月24日下午，王伟区长主持召开区政府第38次常务会议。\n"
    )
    assert meeting.metadata == (
        ("索引号", "0001/2024-1"),
        ("发布机构", "吴江区人民政府办公室"),
        ("发文日期", "2024-01-26"),
        ("发布时间", "2024-01-27 10:30"),
    )
    assert meeting.issue_date == datetime.date(2024, 1, 26)
    assert meeting.warnings == ()


@pytest.mark.parametrize(
    "line",
    [
        "第1页 共3页",
        "第 2 页/共 3 页",
        "- 3 -",
        "【打印本页】【关闭窗口】",
        "首页 > 政务公开 > 会议纪要",
    ],
)
def test_page_chrome_is_recognised(line: str) -> None:
    assert is_chrome(line)
    meeting = parse_transcript(OPENING + "一、审议《甲》\n" + line + "\n（一）同意。\n")
    assert meeting.warnings == ()
    assert meeting.agenda_items[0].decisions[0].text == "同意。"


@pytest.mark.parametrize("line", ["会议要求抓好落实。", "第三页内容", "抄送：市委办"])
def test_ordinary_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_an_issue_line_needs_an_office_before_the_date() -> None:
    assert office_and_date("吴江区人民政府办公室　2024年1月26日印发") == (
        "吴江区人民政府办公室",
        datetime.date(2024, 1, 26),
    )
    assert office_and_date("会议于2024年1月26日召开") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲。1.乙；2.丙。", ("甲。", ["乙", "丙。"])),
        ("（一）乙。（二）丙。", ("", ["乙。", "丙。"])),
        ("要做到：1、抓落实；2、抓督查。", ("要做到：", ["抓落实", "抓督查。"])),
        # A number inside a sentence is not a point, nor is a lone one.
        ("收入1.5亿元，增长2.3%。", None),
        ("甲。1.乙。", None),
        # Out of sequence markers are not a list.
        ("甲。2.乙；3.丙。", None),
    ],
)
def test_points_run_together(text: str, expected) -> None:
    assert split_inline_points(text) == expected


def test_a_list_of_absences_in_prose_after_the_lists() -> None:
    meeting = parse_transcript(OPENING + "出席：王伟\n李强因病请假，张敏因公请假。\n")
    assert [(a.name, a.role.value, a.note) for a in meeting.attendees] == [
        ("王伟", "出席", None),
        ("李强", "请假", "因病"),
        ("张敏", "请假", "因公"),
    ]


def test_a_sentence_ending_in_leave_is_not_attendance() -> None:
    meeting = parse_transcript(OPENING + "一、听取乙汇报\n会议同意职工请假。\n")
    assert meeting.attendees == ()
    assert meeting.agenda_items[0].decisions[0].text == "会议同意职工请假。"


def test_unnumbered_item_paragraphs_do_not_split_numbered_items() -> None:
    meeting = parse_transcript(OPENING + "一、关于安全生产\n会议听取了市应急局汇报。\n")
    assert [item.title for item in meeting.agenda_items] == ["关于安全生产"]
    assert meeting.agenda_items[0].decisions[0].text == "会议听取了市应急局汇报。"


def test_json_form_carries_the_new_header_fields() -> None:
    meeting = parse_transcript(
        "发布机构：吴江区人民政府办公室\n成文日期：2024-01-26\n"
        "2024年1月24日下午，王伟区长主持召开区政府十届第38次常务会议。\n"
    )
    data = meeting_to_dict(meeting)
    assert {key: data[key] for key in list(data)[12:]} == {
        "term": 10,
        "number_text": "十届第38次",
        "number_year": None,
        "issuing_office": "吴江区人民政府办公室",
        "issue_date": "2024-01-26",
        "metadata": {"发布机构": "吴江区人民政府办公室", "成文日期": "2024-01-26"},
    }


def test_a_parse_error_survives_a_trip_to_another_process() -> None:
    with pytest.raises(ParseError) as raised:
        parse_transcript("常务会议纪要〔2024〕7号\n")
    copy = pickle.loads(pickle.dumps(raised.value))
    assert (str(copy), copy.line, copy.reason) == (
        str(raised.value),
        1,
        ParseErrorReason.NO_OPENING,
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", ParseErrorReason.EMPTY),
        ("常务会议纪要〔2024〕7号\n", ParseErrorReason.NO_OPENING),
        ("今天天气很好。\n", ParseErrorReason.NOT_MINUTES),
        (
            "本报讯（记者 王明）2024年1月24日，市政府召开第38次常务会议。\n",
            ParseErrorReason.NEWS_REPORT,
        ),
    ],
)
def test_every_refusal_has_a_reason(text: str, reason: ParseErrorReason) -> None:
    with pytest.raises(ParseError) as raised:
        parse_transcript(text)
    assert raised.value.reason is reason


def test_points_one_per_line_under_chinese_items_are_decisions() -> None:
    meeting = parse_transcript(
        OPENING
        + "一、审议《甲办法》\n会议原则同意《甲办法》。\n1.会后市财政局根据会议意见修改完善；\n"
        + "2.市审计局要加强监督。\n二、听取乙汇报\n1.市应急局要牵头抓好落实。\n"
    )
    assert [item.title for item in meeting.agenda_items] == ["审议《甲办法》", "听取乙汇报"]
    assert [
        [(d.order, d.text, d.lead_departments) for d in item.decisions]
        for item in meeting.agenda_items
    ] == [
        [
            (1, "会议原则同意《甲办法》。", ()),
            (2, "会后市财政局根据会议意见修改完善；", ("市财政局",)),
            (3, "市审计局要加强监督。", ()),
        ],
        [(1, "市应急局要牵头抓好落实。", ("市应急局",))],
    ]
    assert meeting.warnings == ()


def test_a_space_before_the_title_or_before_the_name() -> None:
    meeting = parse_transcript(
        OPENING + "列席：市财政局局长 陈刚；市审计局 局长赵敏，市水务局 周强\n"
    )
    assert [(a.department, a.title, a.name) for a in meeting.attendees] == [
        ("市财政局", "局长", "陈刚"),
        ("市审计局", "局长", "赵敏"),
        ("市水务局", None, "周强"),
    ]
    assert meeting.warnings == ()


def test_a_government_name_alone_heads_the_text_and_absences_may_be_labelled_absent() -> None:
    meeting = parse_transcript(
        "某某县人民政府\n2019年7月8日上午，县长黄志明主持召开县政府第二十三次常务会议。\n"
        "出席：黄志明\n缺席：周平（请假）\n"
    )
    assert meeting.body == "某某县人民政府"
    assert [(a.name, a.role.value, a.note) for a in meeting.attendees] == [
        ("黄志明", "出席", None),
        ("周平", "请假", "请假"),
    ]
    assert meeting.warnings == ()
