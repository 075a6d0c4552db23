"""The transcript parser, specified on the two seed transcripts and on small plain strings."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from archive.ingest.parse import (
    ItemKind,
    ParsedMeeting,
    ParseError,
    meeting_to_dict,
    parse_transcript,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

OPENING = "2024年1月24日下午，徐华东市长主持召开市政府第38次常务会议。\n会议议定以下意见：\n"

REVIEW, HEARING = ItemKind.REVIEW, ItemKind.HEARING
GOV, GOV_OFFICE = "以市政府名义印发", "以市政府办公室名义印发"
NONE_STATED = ((), (), None, None)  # (lead, supporting, outcome, issuing channel)


@pytest.fixture(scope="module")
def meeting_38() -> ParsedMeeting:
    return parse_transcript((SEEDS / "000_98fefd519604f624.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def meeting_41() -> ParsedMeeting:
    return parse_transcript((SEEDS / "003_ddc3f58452989f6f.txt").read_text(encoding="utf-8"))


def _decision_facts(meeting: ParsedMeeting) -> list[list[tuple]]:
    return [
        [
            (d.lead_departments, d.supporting_departments, d.outcome, d.issuing_channel)
            for d in item.decisions
        ]
        for item in meeting.agenda_items
    ]


# -- The 38th meeting -------------------------------------------------------------------------


def test_38th_meeting_facts_from_the_opening(meeting_38: ParsedMeeting) -> None:
    assert meeting_38.meeting_type == "常务会议"
    assert meeting_38.body == "太仓市人民政府"
    assert meeting_38.number == 38
    assert meeting_38.date == datetime.date(2024, 1, 24)
    assert meeting_38.time_of_day == "下午"
    assert (meeting_38.chair, meeting_38.chair_title) == ("徐华东", "市长")
    assert meeting_38.doc_number is None
    # The first line starts with a space; the opening is kept as written, stripped.
    assert meeting_38.opening.startswith(
        "2024年1月24日下午，徐华东市长主持召开市政府第38次常务会议，"
    )
    assert meeting_38.opening.endswith("关于安全生产工作情况的汇报。")


def test_38th_meeting_items(meeting_38: ParsedMeeting) -> None:
    assert [
        (item.order, item.number_text, item.kind, item.title, item.documents)
        for item in meeting_38.agenda_items
    ] == [
        (1, "一、", REVIEW, "审议2024年政府各项主要工作和民生实事项目分解落实情况", ()),
        (
            2,
            "二、",
            REVIEW,
            "审议《关于推动太仓市金融更高质量服务实体经济的政策意见》",
            ("关于推动太仓市金融更高质量服务实体经济的政策意见",),
        ),
        (
            3,
            "三、",
            REVIEW,
            "审议《太仓市低空经济高质量发展三年行动计划（2024-2026年）》"
            "《太仓市促进低空经济高质量发展若干措施》",
            (
                "太仓市低空经济高质量发展三年行动计划（2024-2026年）",
                "太仓市促进低空经济高质量发展若干措施",
            ),
        ),
        (
            4,
            "四、",
            REVIEW,
            "审议《太仓市2024年春节期间助企惠民若干措施》",
            ("太仓市2024年春节期间助企惠民若干措施",),
        ),
        (
            5,
            "五、",
            REVIEW,
            "审议《关于加强全市排水许可管理工作的实施意见》",
            ("关于加强全市排水许可管理工作的实施意见",),
        ),
        # Written 6、 among 一、二、… in the source: still the sixth item.
        (6, "6、", REVIEW, "审议《太仓市城镇内涝防治专项规划》", ("太仓市城镇内涝防治专项规划",)),
        (
            7,
            "七、",
            HEARING,
            "听取宗教活动场所安全生产专业委员会、危废处置及辐射安全生产专业委员会、"
            "大型群众性活动安全生产专业委员会关于安全生产工作情况的汇报",
            (),
        ),
    ]


def test_38th_meeting_decisions(meeting_38: ParsedMeeting) -> None:
    assert _decision_facts(meeting_38) == [
        [(("市政府办",), (), "原则同意", GOV), NONE_STATED, NONE_STATED],
        # (二) names 市地方金融监管局 in a plain instruction (…要借力资本市场): not a lead.
        [(("市地方金融监管局",), (), "原则同意", GOV), NONE_STATED, NONE_STATED],
        [(("市工信局",), (), "原则同意", GOV_OFFICE), NONE_STATED, NONE_STATED],
        [(("市发改委",), (), "原则同意", GOV_OFFICE), NONE_STATED, NONE_STATED],
        # (二) says 市水务局要牵头抓总.
        [(("市水务局",), (), "原则同意", GOV), (("市水务局",), (), None, None), NONE_STATED],
        [(("市水务局",), (), "原则同意", GOV), NONE_STATED, NONE_STATED],
        [
            (("市民宗局", "太仓生态环境局", "市公安局"), (), "原则同意", None),
            NONE_STATED,
            NONE_STATED,
        ],
    ]
    assert [[d.order for d in item.decisions] for item in meeting_38.agenda_items] == [
        [1, 2, 3]
    ] * 7


def test_38th_meeting_item_lead_departments(meeting_38: ParsedMeeting) -> None:
    assert [item.lead_departments for item in meeting_38.agenda_items] == [
        ("市政府办",),
        ("市地方金融监管局",),
        ("市工信局",),
        ("市发改委",),
        ("市水务局",),
        ("市水务局",),
        ("市民宗局", "太仓生态环境局", "市公安局"),
    ]


def test_decision_text_is_the_line_without_its_marker(meeting_38: ParsedMeeting) -> None:
    first = meeting_38.agenda_items[0].decisions[0]
    assert first.text == (
        "会议听取了市政府办公室关于2024年政府各项主要工作和民生实事项目分解落实情况的汇报。"
        "会议原则同意该汇报，会后市政府办根据会议讨论意见作进一步修改完善，按程序以市政府名义印发。"
    )
    # The source line has trailing spaces after 能力。
    assert meeting_38.agenda_items[5].decisions[1].text.endswith("切实提升城市防洪排涝能力。")
    assert meeting_38.agenda_items[6].decisions[2].text.startswith("要狠抓重点领域安全生产工作。")


def test_38th_meeting_closing_lines_and_warnings(meeting_38: ParsedMeeting) -> None:
    assert meeting_38.written_approvals == ("市城发集团优化在售商品房“以旧换新”实施细则（试行）",)
    assert meeting_38.other_matters is True
    assert meeting_38.warnings == ("第23行：议题编号“6、”不规范，按第6项处理",)


# -- The 41st meeting -------------------------------------------------------------------------


def test_41st_meeting_facts_from_the_opening(meeting_41: ParsedMeeting) -> None:
    assert meeting_41.meeting_type == "常务会议"
    assert meeting_41.body == "太仓市人民政府"
    assert meeting_41.number == 41
    assert meeting_41.date == datetime.date(2024, 3, 16)
    assert meeting_41.time_of_day == "下午"
    assert (meeting_41.chair, meeting_41.chair_title) == ("徐华东", "市长")


def test_41st_meeting_items(meeting_41: ParsedMeeting) -> None:
    assert [
        (item.order, item.number_text, item.kind, item.title, item.documents)
        for item in meeting_41.agenda_items
    ] == [
        (
            1,
            "一、",
            HEARING,
            "听取交通运输安全生产专业委员会、沙溪镇关于安全生产工作情况的汇报",
            (),
        ),
        # Broken across two lines after "（2024-2026年） ": joined, the trailing space dropped.
        (
            2,
            "二、",
            REVIEW,
            "审议《太仓市安全生产治本攻坚三年行动（2024-2026年）实施方案和2024年重点工作任务》",
            ("太仓市安全生产治本攻坚三年行动（2024-2026年）实施方案和2024年重点工作任务",),
        ),
        (
            3,
            "三、",
            REVIEW,
            "审议《太仓国家基本气象站气象探测环境保护专项规划》",
            ("太仓国家基本气象站气象探测环境保护专项规划",),
        ),
        (4, "四、", HEARING, "听取太仓市生物医药产业创新集群发展情况汇报", ()),
        (
            5,
            "五、",
            REVIEW,
            "审议《关于学习运用“千万工程”经验加快推进农业农村现代化的实施意见》",
            ("关于学习运用“千万工程”经验加快推进农业农村现代化的实施意见",),
        ),
        (
            6,
            "六、",
            REVIEW,
            "审议《太仓市12345公共服务平台运行管理办法》",
            ("太仓市12345公共服务平台运行管理办法",),
        ),
    ]


def test_41st_meeting_decisions(meeting_41: ParsedMeeting) -> None:
    assert _decision_facts(meeting_41) == [
        [(("市交运局", "沙溪镇"), (), "原则同意", None), NONE_STATED, NONE_STATED],
        [(("市应急局",), (), "原则同意", "以市安委会名义印发实施"), NONE_STATED, NONE_STATED],
        [
            (("市气象局",), (), "原则同意", "以市政府名义印发实施"),
            # 市资源规划局会高新区、城厢镇、气象局等有关单位要…
            (("市资源规划局",), ("高新区", "城厢镇", "气象局"), None, None),
            # 市气象局要以《规划》发布为契机…: an instruction, not a lead.
            NONE_STATED,
        ],
        [(("市科技局",), (), "原则同意", None), NONE_STATED, NONE_STATED],
        [(("市农业农村局",), (), "原则同意", "提交市委常委会审议"), NONE_STATED, NONE_STATED],
        [
            (("市综合指挥中心",), (), "原则同意", "以市政府办公室名义印发实施"),
            NONE_STATED,
            NONE_STATED,
        ],
    ]
    assert meeting_41.agenda_items[2].lead_departments == ("市气象局", "市资源规划局")


def test_41st_meeting_closing_lines_and_warnings(meeting_41: ParsedMeeting) -> None:
    assert meeting_41.written_approvals == ()
    assert meeting_41.other_matters is False
    assert meeting_41.warnings == ()


# -- JSON form --------------------------------------------------------------------------------


def test_meeting_to_dict_has_the_fixed_shape_and_is_json_ready(meeting_41: ParsedMeeting) -> None:
    data = meeting_to_dict(meeting_41)
    # The original keys keep their order; newer keys are only ever appended after them.
    assert list(data)[:12] == [
        "meeting_type",
        "body",
        "number",
        "date",
        "time_of_day",
        "chair",
        "chair_title",
        "doc_number",
        "agenda_items",
        "written_approvals",
        "attendees",
        "warnings",
    ]
    assert list(data)[12:] == [
        "term",
        "number_text",
        "number_year",
        "issuing_office",
        "issue_date",
        "metadata",
    ]
    item = data["agenda_items"][2]
    assert list(item) == ["order", "kind", "title", "documents", "decisions"]
    assert list(item["decisions"][1]) == [
        "order",
        "text",
        "lead_departments",
        "supporting_departments",
        "outcome",
        "issuing_channel",
    ]
    assert item["kind"] == "审议"
    assert item["decisions"][1]["supporting_departments"] == ["高新区", "城厢镇", "气象局"]
    assert data["date"] == "2024-03-16"
    assert data["attendees"][-1] == {
        "name": None,
        "role": "列席",
        "department": "市委办",
        "title": None,
    }
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


# -- Small shapes -----------------------------------------------------------------------------


def test_chinese_numerals_in_item_markers_and_the_meeting_number() -> None:
    items = "".join(f"{n}、听取汇报{i}\n" for i, n in enumerate("一二三四五六七八九十", 1))
    meeting = parse_transcript(
        "二〇二二年十二月十九日上午，张伟县长主持召开县政府第三十八次常务会议。\n纪要如下\n"
        + items
        + "十一、审议《张北县养老服务办法》\n"
    )
    assert meeting.number == 38
    assert meeting.date == datetime.date(2022, 12, 19)
    assert (meeting.time_of_day, meeting.chair, meeting.chair_title) == ("上午", "张伟", "县长")
    assert meeting.body == "张北县人民政府"
    assert [item.order for item in meeting.agenda_items] == list(range(1, 12))
    assert meeting.agenda_items[10].number_text == "十一、"
    assert meeting.agenda_items[10].documents == ("张北县养老服务办法",)
    assert meeting.warnings == ()


@pytest.mark.parametrize(
    "transition", ["会议决定：", "会议议定事项：", "会议议定：", "会议确定以下几点：", "纪要如下"]
)
def test_transitions_in_other_words(transition: str) -> None:
    meeting = parse_transcript(
        "2024年1月24日下午，市长王伟主持召开市政府第12次常务会议。\n"
        + f"{transition}\n一、审议《甲》\n会议同意。\n"
    )
    assert meeting.opening == "2024年1月24日下午，市长王伟主持召开市政府第12次常务会议。"
    assert [(i.title, [d.text for d in i.decisions]) for i in meeting.agenda_items] == [
        ("审议《甲》", ["会议同意。"])
    ]
    assert meeting.warnings == ()


@pytest.mark.parametrize(
    ("phrase", "number"),
    [
        ("市政府十届四十二次常务会议", 42),
        ("市政府第十届第四十二次常务会议", 42),
        ("市政府五届104次常务会议", 104),
        ("十七届市政府第六十次常务会议", 60),
        ("市第十六届人民政府第 32 次常务会议", 32),
        ("2021年区政府第1次常务会议", 1),
        ("市政府常务会议", None),
    ],
)
def test_meeting_number_shapes(phrase: str, number: int | None) -> None:
    meeting = parse_transcript(f"2024年1月24日下午，徐华东市长主持召开{phrase}。\n")
    assert meeting.number == number
    assert meeting.meeting_type == "常务会议"


def test_crlf_full_width_spaces_and_a_byte_order_mark_are_tolerated() -> None:
    text = (
        "\ufeff　2024年1月24日下午，徐华东市长主持召开市政府第38次常务会议。\r\n\r\n"
        "会议议定以下意见：\r\n　　一、审议《甲办法》　\r\n（一）会议原则同意《甲办法》。\r\n"
    )
    meeting = parse_transcript(text)
    assert meeting.opening == "2024年1月24日下午，徐华东市长主持召开市政府第38次常务会议。"
    assert [(i.title, i.documents) for i in meeting.agenda_items] == [
        ("审议《甲办法》", ("甲办法",))
    ]
    assert meeting.agenda_items[0].decisions[0].text == "会议原则同意《甲办法》。"
    assert meeting.warnings == ()


def test_a_title_broken_across_lines_is_joined() -> None:
    meeting = parse_transcript(OPENING + "一、审议《关于加强 \n排水管理的意见》\n（一）同意。\n")
    item = meeting.agenda_items[0]
    assert item.title == "审议《关于加强排水管理的意见》"
    assert item.documents == ("关于加强排水管理的意见",)
    assert [d.text for d in item.decisions] == ["同意。"]


def test_item_kinds_come_from_the_leading_verb() -> None:
    meeting = parse_transcript(
        OPENING + "一、审议《甲》\n二、听取乙汇报\n三、书面审议《丙》\n四、研究人事任免事项\n"
    )
    assert [item.kind for item in meeting.agenda_items] == [
        ItemKind.REVIEW,
        ItemKind.HEARING,
        ItemKind.WRITTEN,
        ItemKind.OTHER,
    ]


def test_lead_and_supporting_department_shapes() -> None:
    meeting = parse_transcript(
        OPENING
        + "一、审议《甲》\n"
        + "（一）会议原则同意。由市财政局会同市发改委、市税务局牵头，以市政府名义印发实施。\n"
        + "（二）市安委会会同市应急局要加强督查。\n"
        + "（三）市应急局要加强督查，会议通过。\n"
    )
    decisions = meeting.agenda_items[0].decisions
    assert [(d.lead_departments, d.supporting_departments) for d in decisions] == [
        (("市财政局",), ("市发改委", "市税务局")),
        (("市安委会",), ("市应急局",)),
        ((), ()),
    ]
    assert [(d.outcome, d.issuing_channel) for d in decisions] == [
        ("原则同意", "以市政府名义印发实施"),
        (None, None),
        ("通过", None),
    ]


def test_leads_asked_to_act_or_issuing_themselves() -> None:
    meeting = parse_transcript(
        OPENING
        + "一、审议《甲》\n"
        + "（一）会议原则同意该方案，由市住建局印发实施。\n"
        + "（二）会议原则同意，请市财政局抓好落实。\n"
        + "（三）会议同意，市水务局负责组织实施。\n"
        + "（四）会议原则同意，由市交通运输局按程序报批后组织实施。\n"
        + "（五）会议原则同意，由市住建局修改完善后印发实施。\n"
        + "（六）请有关部门抓紧研究。\n"
    )
    decisions = meeting.agenda_items[0].decisions
    assert [(d.lead_departments, d.issuing_channel) for d in decisions] == [
        (("市住建局",), "由市住建局印发实施"),
        (("市财政局",), None),
        (("市水务局",), None),
        (("市交通运输局",), None),
        # Revised by the bureau; who issues it is not said.
        (("市住建局",), None),
        ((), None),
    ]


def test_many_departments_at_once_are_no_department() -> None:
    meeting = parse_transcript(
        OPENING
        + "一、审议《甲》\n"
        + "（一）会议要求，市应急管理局要会同各镇做好防汛工作。\n"
        + "（二）由各镇负责组织实施。\n"
        + "（三）由市财政局会同各镇、市审计局修改完善，各有关部门配合。\n"
    )
    decisions = meeting.agenda_items[0].decisions
    assert [(d.lead_departments, d.supporting_departments) for d in decisions] == [
        (("市应急管理局",), ()),
        ((), ()),
        (("市财政局",), ("市审计局",)),
    ]


def test_supporting_departments_named_before_their_part() -> None:
    meeting = parse_transcript(
        OPENING
        + "一、审议《甲》\n"
        + "（一）会议原则同意，由市财政局牵头，市审计局、市统计局等部门积极配合，抓紧落实。\n"
        + "（二）市水务局牵头，市城管局协助。\n"
        + "（三）各地各部门要密切配合，有关部门要积极配合。\n"
    )
    decisions = meeting.agenda_items[0].decisions
    assert [(d.lead_departments, d.supporting_departments) for d in decisions] == [
        (("市财政局",), ("市审计局", "市统计局")),
        (("市水务局",), ("市城管局",)),
        ((), ()),
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [("（一）", "（二）"), ("第一项，", "第二项，"), ("第1项：", "第2项：")],
)
def test_items_numbered_as_decisions_usually_are_or_as_ordinals(first: str, second: str) -> None:
    meeting = parse_transcript(
        OPENING
        + f"{first}审议《关于加强排水管理的意见》\n"
        + "会议原则同意，由市水务局牵头。\n会议要求加快推进。\n"
        + f"{second}听取市财政局汇报\n会议要求加强管理。\n"
    )
    assert [
        (item.number_text, item.kind, item.title, [d.text for d in item.decisions])
        for item in meeting.agenda_items
    ] == [
        (
            first,
            ItemKind.REVIEW,
            "审议《关于加强排水管理的意见》",
            ["会议原则同意，由市水务局牵头。", "会议要求加快推进。"],
        ),
        (second, ItemKind.HEARING, "听取市财政局汇报", ["会议要求加强管理。"]),
    ]
    assert meeting.warnings == ()


def test_a_heading_that_is_a_sentence_of_its_own_is_not_repeated_in_its_decision() -> None:
    meeting = parse_transcript(
        OPENING
        + "1.审议《甲》。会议原则同意，由市水务局牵头。\n"
        + "2.会议审议并原则通过《乙》，由市财政局牵头实施。\n"
        + "3.听取丙汇报。\n"
    )
    assert [
        (item.title, [(d.text, d.lead_departments) for d in item.decisions])
        for item in meeting.agenda_items
    ] == [
        ("审议《甲》", [("会议原则同意，由市水务局牵头。", ("市水务局",))]),
        (
            "会议审议并原则通过《乙》",
            [("会议审议并原则通过《乙》，由市财政局牵头实施。", ("市财政局",))],
        ),
        ("听取丙汇报", []),
    ]


def test_an_arabic_sub_list_inside_a_decision_is_not_an_item() -> None:
    meeting = parse_transcript(
        OPENING + "一、审议《甲》\n（一）要做到：\n1、抓落实；\n二、听取乙汇报\n"
    )
    assert [item.title for item in meeting.agenda_items] == ["审议《甲》", "听取乙汇报"]
    assert meeting.agenda_items[0].decisions[0].text == "要做到：1、抓落实；"
    assert meeting.warnings == ()


def test_unnumbered_paragraphs_of_an_item_become_its_decisions() -> None:
    meeting = parse_transcript(OPENING + "一、听取乙汇报\n会议要求抓好落实。\n各地要加强配合。\n")
    assert [(d.order, d.text) for d in meeting.agenda_items[0].decisions] == [
        (1, "会议要求抓好落实。"),
        (2, "各地要加强配合。"),
    ]


def test_a_header_gives_the_document_number_and_the_body() -> None:
    meeting = parse_transcript(
        "吴江区人民政府常务会议纪要\n常务会议纪要〔2024〕7号\n2024年1月26日\n"
        "2024年1月24日下午，王伟区长主持召开区政府第38次常务会议。\n"
    )
    assert meeting.doc_number == "常务会议纪要〔2024〕7号"
    assert meeting.body == "吴江区人民政府"
    assert meeting.date == datetime.date(2024, 1, 24)
    assert meeting.warnings == ()


@pytest.mark.parametrize(
    ("titles", "body"),
    [
        # Verbs after 关于 are not places: 关于加强城市… does not make 加强城市人民政府.
        ("《关于加强城市排水管理的实施意见》《关于推进县域商业建设的方案》", None),
        ("《关于加强城市排水管理的实施意见》《太仓市排水条例实施办法》", "太仓市人民政府"),
        # Nor the verb of a report heard: ，听取市住建局… does not make 听取市人民政府.
        ("《关于推进县域商业建设的方案》，听取市住建局关于排水工作的汇报", None),
    ],
)
def test_the_body_is_not_read_from_a_verb_before_the_level(titles: str, body: str | None) -> None:
    meeting = parse_transcript(
        f"2024年1月24日上午，王伟市长主持召开市政府第38次常务会议，审议{titles}。\n"
    )
    assert meeting.body == body


def test_look_alike_meetings_keep_their_own_type() -> None:
    meeting = parse_transcript("2024年1月24日上午，徐华东市长主持召开市长办公会议。\n")
    assert meeting.meeting_type == "市长办公会议"
    assert meeting.number is None


def test_lines_that_cannot_be_placed_become_warnings() -> None:
    meeting = parse_transcript(
        OPENING + "（一）没有议题的议定事项。\n一、审议《甲》\n会议还研究了其他事项。\n页脚文字\n"
    )
    assert meeting.warnings == (
        "第3行：无法归类的内容“（一）没有议题的议定事项。”",
        "第6行：无法归类的内容“页脚文字”",
    )
    assert meeting.other_matters is True


def test_out_of_sequence_markers_are_kept_with_a_warning() -> None:
    meeting = parse_transcript(OPENING + "一、审议《甲》\n（二）同意。\n三、听取乙汇报\n")
    assert [item.order for item in meeting.agenda_items] == [1, 2]
    assert meeting.agenda_items[0].decisions[0].order == 1
    assert meeting.warnings == (
        "第4行：议定事项编号“（二）”与顺序不符，按第1条处理",
        "第5行：议题编号“三、”与顺序不符，按第2项处理",
    )


@pytest.mark.parametrize("text", ["", "  \r\n\u3000\n"])
def test_empty_text_is_not_minutes(text: str) -> None:
    with pytest.raises(ParseError, match="文本为空"):
        parse_transcript(text)


def test_text_without_a_date_or_a_meeting_is_not_minutes() -> None:
    with pytest.raises(ParseError) as raised:
        parse_transcript("\n今天天气很好。\n我们去公园散步。\n")
    assert str(raised.value) == "第2行：开头段落既没有会议日期，也没有提到会议，不是会议纪要"
    assert raised.value.line == 2
    assert isinstance(raised.value, ValueError)


def test_a_header_alone_is_not_minutes() -> None:
    with pytest.raises(ParseError, match="找不到开头段落"):
        parse_transcript("常务会议纪要〔2024〕7号\n")


def test_a_term_mixing_digits_and_numerals_is_no_term_not_an_error():
    """Found by test_mutated_transcripts: 0十六届 is not a number, so the meeting has no term."""
    from archive.ingest.parse.opening import read_opening

    facts = read_opening(
        "2024年1月24日下午，徐华东市长主持召开市政府0十六届第38次常务会议，审议事项。"
    )
    assert (facts.number, facts.term, facts.number_text) == (38, None, "第38次")
    facts = read_opening(
        "2024年1月24日下午，徐华东市长主持召开市政府十六届第38次常务会议，审议事项。"
    )
    assert (facts.number, facts.term, facts.number_text) == (38, 16, "十六届第38次")


def test_a_number_mixing_digits_and_numerals_is_no_number_not_an_error():
    """Found by test_mutated_transcripts: 第一38次 is not a meeting number."""
    from archive.ingest.parse.opening import read_opening

    opening = "2024年1月24日下午，徐华东市长主持召开市政府第{}次常务会议，审议事项。"
    facts = read_opening(opening.format("一38"))
    assert (facts.number, facts.term, facts.number_text) == (None, None, None)
    assert (facts.date, facts.chair) == (datetime.date(2024, 1, 24), "徐华东")
    facts = read_opening(opening.format("三十八"))
    assert (facts.number, facts.term, facts.number_text) == (38, None, "第三十八次")


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        # Dates in digits, as web pages write them.
        ("2024.1.24，市长王伟主持召开市政府第12次常务会议。", ("2024-01-24", None, "王伟", "市长")),
        (
            "2024-01-24下午，市长王伟主持召开市政府第12次常务会议。",
            ("2024-01-24", "下午", "王伟", "市长"),
        ),
        (
            "2024/1/24（星期三），市长王伟主持召开市政府第12次常务会议。",
            ("2024-01-24", None, "王伟", "市长"),
        ),
        # A date without its year, in a meeting numbered within a year.
        (
            "1月24日上午，市长王伟主持召开2024年第3次市政府常务会议。",
            ("2024-01-24", "上午", "王伟", "市长"),
        ),
        ("1月24日，市长王伟主持召开市政府第3次常务会议。", (None, None, "王伟", "市长")),
        # Where the chair convened it, and chairs named without a title.
        (
            "2024年1月24日，市长王伟在市政府第一会议室主持召开市政府第12次常务会议。",
            ("2024-01-24", None, "王伟", "市长"),
        ),
        ("2024年1月24日，王伟主持召开市政府第12次常务会议。", ("2024-01-24", None, "王伟", None)),
        (
            "市政府第12次常务会议于2024年1月24日召开，会议由欧阳明同志主持。",
            ("2024-01-24", None, "欧阳明", None),
        ),
        # A two-character name spaced out to line up with longer ones.
        (
            "2024年1月24日，市长王　伟主持召开市政府第12次常务会议。",
            ("2024-01-24", None, "王伟", "市长"),
        ),
        (
            "2024年1月24日，王　伟市长主持召开市政府第12次常务会议。",
            ("2024-01-24", None, "王伟", "市长"),
        ),
        (
            "2024年1月24日，市长王 伟在市政府第一会议室主持召开市政府第12次常务会议。",
            ("2024-01-24", None, "王伟", "市长"),
        ),
        (
            "市政府常务会议于2024年1月24日召开，会议由王　伟同志主持。",
            ("2024-01-24", None, "王伟", None),
        ),
        # The government is not a person.
        ("2024年1月24日，市政府主持召开第12次常务会议。", ("2024-01-24", None, None, None)),
    ],
)
def test_openings_in_other_words(opening: str, expected: tuple) -> None:
    from archive.ingest.parse.opening import read_opening

    facts = read_opening(opening)
    date = facts.date.isoformat() if facts.date else None
    assert (date, facts.time_of_day, facts.chair, facts.chair_title) == expected
    assert facts.yearless_date == (None if facts.date else "1月24日")


def test_a_meeting_on_one_matter_decides_on_the_transition_line() -> None:
    meeting = parse_transcript(
        "2024年3月5日上午，副市长李强主持召开专题会议，听取市住建局关于城市排水工作情况的汇报。\n"
        "会议决定：一是由市住建局牵头，抓紧完成排水管网改造；二是市财政局要保障资金；"
        "三是各镇要配合做好相关工作。\n"
        "会议要求，汛期前完成全部改造。\n"
        "出席：李强\n"
    )
    [item] = meeting.agenda_items
    assert (item.order, item.number_text, item.kind, item.title, item.documents) == (
        1,
        "",
        HEARING,
        "听取市住建局关于城市排水工作情况的汇报",
        (),
    )
    assert [(d.order, d.text, d.lead_departments) for d in item.decisions] == [
        (1, "由市住建局牵头，抓紧完成排水管网改造", ("市住建局",)),
        (2, "市财政局要保障资金", ()),
        (3, "各镇要配合做好相关工作。", ()),
        (4, "会议要求，汛期前完成全部改造。", ()),
    ]
    assert meeting.warnings == ()


def test_a_meeting_on_one_matter_without_a_topic_is_titled_by_its_transition() -> None:
    meeting = parse_transcript(
        "2024年3月5日上午，市长王伟主持召开市政府第5次常务会议。\n"
        "会议议定：1.同意《城市排水管理办法》；2.由市水务局负责组织实施。\n"
    )
    [item] = meeting.agenda_items
    assert (item.number_text, item.title, item.documents) == ("", "会议议定", ())
    assert [(d.text, d.lead_departments) for d in item.decisions] == [
        ("同意《城市排水管理办法》", ()),
        ("由市水务局负责组织实施。", ("市水务局",)),
    ]
    assert meeting.warnings == ()


def test_a_meeting_on_one_matter_decides_point_by_point_after_the_transition() -> None:
    meeting = parse_transcript(
        "2024年3月5日上午，副市长李强主持召开专题会议，研究城市排水管网改造工作。\n"
        "会议决定：\n"
        "一是由市住建局牵头，抓紧完成排水管网改造；\n"
        "二是请市财政局抓好资金保障；\n"
        "会议要求，汛期前完成全部改造。\n"
        "三是汛期后开展评估。\n"
        "五是不在顺序中的一条。\n"
    )
    [item] = meeting.agenda_items
    assert (item.number_text, item.title) == ("", "研究城市排水管网改造工作")
    assert [(d.text, d.lead_departments) for d in item.decisions] == [
        ("由市住建局牵头，抓紧完成排水管网改造；", ("市住建局",)),
        ("请市财政局抓好资金保障；", ("市财政局",)),
        ("会议要求，汛期前完成全部改造。", ()),
        ("汛期后开展评估。", ()),
        ("五是不在顺序中的一条。", ()),
    ]
    assert meeting.warnings == ()
