"""Attendance lists: who attended the seed meetings, and how department and name are split."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.ingest.parse import (
    AttendeeRole,
    ParsedAttendee,
    parse_transcript,
    split_department_and_name,
)
from archive.ingest.parse.attendance import split_department_title_name

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_38 = SEEDS / "000_98fefd519604f624.txt"
SEED_41 = SEEDS / "003_ddc3f58452989f6f.txt"

OPENING = "2024年1月24日下午，徐华东市长主持召开市政府第38次常务会议。\n会议议定以下意见：\n"

# The same nine members attended both meetings.
PRESENT = ["吴敬宇", "王莉萍", "倪嘉臻", "陈磊", "张展", "傅玖", "盛海峰", "童刚", "郭培荣"]

# fmt: off
OBSERVERS_38 = [
    ("邹家宏", "市人大"), ("汤文英", "市政协"), ("王晨清", "市政府办"), ("倪明德", "市政府办"),
    ("赵隽春", "市政府办"), ("丁曜", "市政府办"), ("张贤峰", "市政府办"), ("孙方金", "市政府办"),
    ("华浩春", "市政府办"), ("王益锋", "市政府办"), ("郑洁", "市纪委监委"),
    ("何晓玲", "市委组织部"), ("沈晖", "市委宣传部"), ("房宇峰", "市委统战部"),
    ("印亚瑜", "市委接待办"), ("朱菊芬", "市融媒体中心"), ("万芬奇", "市发改委"),
    ("吴健", "市教育局"), ("汪志杰", "市科技局"), ("方海宁", "市工信局"), ("胡昊", "市公安局"),
    ("董志军", "市民政局"), ("张翼", "市司法局"), ("周淑亚", "市财政局"), ("严枫", "市人社局"),
    ("李焱", "市资源规划局"), ("陆江", "市住建局"), ("黄健", "市城管局"), ("李健", "市交运局"),
    ("毛华乾", "市水务局"), ("曹炳华", "市农业农村局"), ("刘利民", "市商务局"),
    ("王冰", "市文体广旅局"), ("王志萍", "市卫健委"), ("沈玉其", "太仓生态环境局"),
    ("徐向明", "市应急局"), ("倪永良", "市审计局"), ("蔡健", "市行政审批局"),
    ("杨伟东", "市市场监管局"), ("王宇舟", "市医保局"), ("胡雪峰", "市金融监管局"),
    ("浦卫纲", "市综合指挥中心"), ("张程", "市招商局"), ("王燕", "市国资运服中心"),
    ("曹丹丹", "市总工会"), ("陈雁江", "市资产集团"), ("李强", "市太訸集团"),
    ("黄卫东", "市水务集团"), ("刘晓军", "市城发集团"), ("金丽萍", "市文教投集团"),
    ("钱敏芳", "市文旅集团"), ("蒋志达", "税务局"), ("周利兴", "人行太仓支行"),
    ("许晋", "银保监组"), ("王国祥", "消防救援大队"), ("杨琴", "港口管委会"), ("李峰", "港区"),
    ("李刚", "高新区"), ("朱琼", "科教新城"), ("王益", "城厢镇"), ("王永伟", "沙溪镇"),
    ("金磊", "浏河镇"), ("王锦波", "浮桥镇"), ("张杰", "璜泾镇"), ("陈凯", "双凤镇"),
    ("邵旻", "娄东街道"), ("龚迪", "陆渡街道"),
]

OBSERVERS_41 = [
    ("周鸿斌", "市人大"), ("张培明", "市政协"), ("王晨清", "市政府办"), ("倪明德", "市政府办"),
    ("赵隽春", "市政府办"), ("张贤峰", "市政府办"), ("施英杰", "市政府办"), ("孙方金", "市政府办"),
    ("华浩春", "市政府办"), ("张晓江", "市法院"), ("王维峰", "市委组织部"),
    ("黄文溢", "市委宣传部"), ("袁其桃", "市委政法委"), ("朱慧", "市融媒体中心"),
    ("万芬奇", "市发改委"), ("李广耀", "市教育局"), ("郁颖珠", "市科技局"), ("方海宁", "市工信局"),
    ("胡昊", "市公安局"), ("张跃忠", "市民政局"), ("张翼", "市司法局"), ("周淑亚", "市财政局"),
    ("严枫", "市人社局"), ("曾瑜", "市资源规划局"), ("陆江", "市住建局"), ("徐彬", "市城管局"),
    ("徐勤", "市交运局"), ("毛华乾", "市水务局"), ("顾强", "市农业农村局"), ("金丽萍", "市商务局"),
    ("严浩", "市文体广旅局"), ("孙异锋", "市卫健委"), ("包小亮", "太仓生态环境局"),
    ("张永强", "市退役军人局"), ("徐向明", "市应急局"), ("陈伟峰", "市审计局"),
    ("蔡健", "市行政审批局"), ("杨伟东", "市市场监管局"), ("周静", "市统计局"),
    ("杨琴洁", "市医保局"), ("胡雪峰", "市金融监管局"), ("朱弇菁", "市综合指挥中心"),
    ("郁颖珠", "市招商局"), ("陈雁江", "市国资运服中心"), ("林子恺", "市文旅集团"),
    ("顾志明", "税务局"), ("周卫兵", "气象局"), ("王国祥", "消防救援大队"), ("严国强", "港区"),
    ("李刚", "高新区"), ("朱琼", "科教新城"), ("王益", "城厢镇"), ("王永伟", "沙溪镇"),
    ("宋蔚", "浏河镇"), ("高峰", "浮桥镇"), ("张杰", "璜泾镇"), ("陈凯", "双凤镇"),
    ("邵旻", "娄东街道"), ("龚迪", "陆渡街道"), (None, "市委办"),
]
# fmt: on


def _attendees(path: Path, role: AttendeeRole) -> list[tuple[str | None, str | None]]:
    meeting = parse_transcript(path.read_text(encoding="utf-8"))
    return [(a.name, a.department) for a in meeting.attendees if a.role is role]


def _names_written(path: Path, label: str) -> int:
    """How many names the raw 出席/列席 line holds, counted independently of the parser."""
    line = next(
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(label)
    )
    return len(re.split("[，、]", line.removeprefix(label).strip().rstrip("。")))


@pytest.mark.parametrize("path", [SEED_38, SEED_41], ids=["38th", "41st"])
def test_present_members_are_listed_without_department(path: Path) -> None:
    assert _attendees(path, AttendeeRole.PRESENT) == [(name, None) for name in PRESENT]


def test_observers_of_the_38th_meeting() -> None:
    assert _attendees(SEED_38, AttendeeRole.OBSERVER) == OBSERVERS_38
    assert len(OBSERVERS_38) == _names_written(SEED_38, "列席：") == 67


def test_observers_of_the_41st_meeting_end_with_a_department_representative() -> None:
    assert _attendees(SEED_41, AttendeeRole.OBSERVER) == OBSERVERS_41
    assert len(OBSERVERS_41) == 60
    assert _names_written(SEED_41, "列席：") == 59


def test_the_closing_representative_line_is_a_department_not_a_person() -> None:
    meeting = parse_transcript(SEED_41.read_text(encoding="utf-8"))
    assert meeting.attendees[-1] == ParsedAttendee(
        name=None, role=AttendeeRole.OBSERVER, department="市委办", title=None, note="代表"
    )
    assert all(a.name != "市委办的代表" for a in meeting.attendees)


def test_a_person_under_two_departments_keeps_both_records() -> None:
    assert [d for name, d in OBSERVERS_41 if name == "郁颖珠"] == ["市科技局", "市招商局"]
    assert ("郁颖珠", "市科技局") in _attendees(SEED_41, AttendeeRole.OBSERVER)
    assert ("郁颖珠", "市招商局") in _attendees(SEED_41, AttendeeRole.OBSERVER)


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("市政府办王晨清", ("市政府办", "王晨清")),
        ("市人大邹家宏", ("市人大", "邹家宏")),
        # 委 ends both 市纪委 and 市纪委监委: only the whole 市纪委监委 leaves a name.
        ("市纪委监委郑洁", ("市纪委监委", "郑洁")),
        ("人行太仓支行周利兴", ("人行太仓支行", "周利兴")),
        ("银保监组许晋", ("银保监组", "许晋")),
        ("消防救援大队王国祥", ("消防救援大队", "王国祥")),
        ("港口管委会杨琴", ("港口管委会", "杨琴")),
        # 区 is itself a surname, but 港 alone is no department.
        ("港区李峰", ("港区", "李峰")),
        ("港区严国强", ("港区", "严国强")),
        ("科教新城朱琼", ("科教新城", "朱琼")),
        ("娄东街道邵旻", ("娄东街道", "邵旻")),
        ("市太訸集团李强", ("市太訸集团", "李强")),
        ("气象局周卫兵", ("气象局", "周卫兵")),
        ("税务局蒋志达", ("税务局", "蒋志达")),
        ("城厢镇王益", ("城厢镇", "王益")),
        ("浮桥镇高峰", ("浮桥镇", "高峰")),
        ("市综合指挥中心朱弇菁", ("市综合指挥中心", "朱弇菁")),
        ("市住房和城乡建设局王伟", ("市住房和城乡建设局", "王伟")),
        ("市财政局欧阳明华", ("市财政局", "欧阳明华")),
        ("市财政局 王伟", ("市财政局", "王伟")),
        ("王晨清", (None, "王晨清")),
        ("陈磊", (None, "陈磊")),
        ("欧阳明华", (None, "欧阳明华")),
    ],
)
def test_split_department_and_name(group: str, expected: tuple[str | None, str]) -> None:
    assert split_department_and_name(group) == expected


def test_a_title_between_department_and_name_is_split_off() -> None:
    assert split_department_title_name("县人大常委会副主任吴海燕") == (
        "县人大常委会",
        "副主任",
        "吴海燕",
        True,
    )
    assert split_department_and_name("县人大常委会副主任吴海燕") == ("县人大常委会", "吴海燕")
    assert split_department_title_name("副县长陈立伟") == (None, "副县长", "陈立伟", True)


def test_an_unsplittable_group_is_kept_and_flagged() -> None:
    department, title, name, confident = split_department_title_name("某某某某")
    assert not confident
    assert (department or "") + (title or "") + name == "某某某某"


def test_groups_may_be_separated_by_commas_and_semicolons() -> None:
    meeting = parse_transcript(OPENING + "列席：市财政局王伟、李强,市水务局张敏；高新区周静。\n")
    assert [(a.name, a.department) for a in meeting.attendees] == [
        ("王伟", "市财政局"),
        ("李强", "市财政局"),
        ("张敏", "市水务局"),
        ("周静", "高新区"),
    ]
    assert meeting.warnings == ()


def test_titles_carry_over_to_the_following_names_and_absences_keep_their_reason() -> None:
    meeting = parse_transcript(
        OPENING
        + "出席：市长王伟、副市长李强、张敏\n请假：赵敏（出差）\n应邀列席：县财政局主要负责同志\n"
    )
    assert meeting.attendees == (
        ParsedAttendee("王伟", AttendeeRole.PRESENT, None, "市长", None),
        ParsedAttendee("李强", AttendeeRole.PRESENT, None, "副市长", None),
        ParsedAttendee("张敏", AttendeeRole.PRESENT, None, "副市长", None),
        ParsedAttendee("赵敏", AttendeeRole.ABSENT, None, None, "出差"),
        ParsedAttendee(None, AttendeeRole.INVITED, "县财政局", None, "主要负责同志"),
    )


def test_a_department_named_alone_took_part_as_such() -> None:
    meeting = parse_transcript(
        OPENING
        + "列席：市财政局、市审计局，市统计局范志诚、市资产集团\n"
        + "请假：市商务局王明（出差）、市公安局（执勤）\n"
    )
    assert meeting.attendees == (
        ParsedAttendee(None, AttendeeRole.OBSERVER, "市财政局", None, None),
        ParsedAttendee(None, AttendeeRole.OBSERVER, "市审计局", None, None),
        ParsedAttendee("范志诚", AttendeeRole.OBSERVER, "市统计局", None, None),
        ParsedAttendee(None, AttendeeRole.OBSERVER, "市资产集团", None, None),
        ParsedAttendee("王明", AttendeeRole.ABSENT, "市商务局", None, "出差"),
        ParsedAttendee(None, AttendeeRole.ABSENT, "市公安局", None, "执勤"),
    )
    assert meeting.warnings == ()


def test_someone_marked_as_on_leave_in_another_list_was_absent() -> None:
    meeting = parse_transcript(
        OPENING + "出席：王伟、李强（请假）、张敏（因公请假）\n列席：市财政局主要负责同志（请假）\n"
    )
    assert meeting.attendees == (
        ParsedAttendee("王伟", AttendeeRole.PRESENT, None, None, None),
        ParsedAttendee("李强", AttendeeRole.ABSENT, None, None, None),
        ParsedAttendee("张敏", AttendeeRole.ABSENT, None, None, "因公"),
        ParsedAttendee(None, AttendeeRole.ABSENT, "市财政局", None, "主要负责同志"),
    )
    assert meeting.warnings == ()


def test_a_department_before_a_colon_heads_its_people() -> None:
    meeting = parse_transcript(
        OPENING
        + "列席：市财政局：王伟、李强；市审计局：张敏\n"
        + "出席：（1）市领导：周静；（2）部门负责人：市统计局范志诚；（3）街道：新华街道吴斌\n"
    )
    assert meeting.attendees == (
        ParsedAttendee("王伟", AttendeeRole.OBSERVER, "市财政局", None, None),
        ParsedAttendee("李强", AttendeeRole.OBSERVER, "市财政局", None, None),
        ParsedAttendee("张敏", AttendeeRole.OBSERVER, "市审计局", None, None),
        ParsedAttendee("周静", AttendeeRole.PRESENT, None, None, None),
        ParsedAttendee("范志诚", AttendeeRole.PRESENT, "市统计局", None, None),
        ParsedAttendee("吴斌", AttendeeRole.PRESENT, "新华街道", None, None),
    )
    assert meeting.warnings == ()


def test_words_before_a_colon_inside_a_list_are_never_lost() -> None:
    meeting = parse_transcript(
        OPENING + "列席：市财政局王伟，市审计局张敏：李强\n请假：某某某某：周静\n"
    )
    assert meeting.attendees == (
        ParsedAttendee("王伟", AttendeeRole.OBSERVER, "市财政局", None, None),
        ParsedAttendee("张敏", AttendeeRole.OBSERVER, "市审计局", None, None),
        ParsedAttendee("李强", AttendeeRole.OBSERVER, None, None, None),
        ParsedAttendee("周静", AttendeeRole.ABSENT, None, None, None),
    )
    assert meeting.warnings == (
        "第4行：人员名单中的“某某某某”既不是部门也不是人名，按分类标题处理",
    )


def test_the_people_of_no_one_department_are_kept_in_their_own_words() -> None:
    meeting = parse_transcript(
        OPENING + "列席：市有关部门负责同志，各街道负责人，有关单位负责人、市财政局王明\n"
    )
    assert meeting.attendees == (
        ParsedAttendee(None, AttendeeRole.OBSERVER, None, None, "市有关部门负责同志"),
        ParsedAttendee(None, AttendeeRole.OBSERVER, None, None, "各街道负责人"),
        ParsedAttendee(None, AttendeeRole.OBSERVER, None, None, "有关单位负责人"),
        ParsedAttendee("王明", AttendeeRole.OBSERVER, "市财政局", None, None),
    )
    assert meeting.warnings == ()


@pytest.mark.parametrize(
    "line",
    [
        "出席会议的有：王伟、李强\n列席会议的同志还有：市财政局王明\n参会人员：张敏\n",
        "出席：王伟、李强。列席：市财政局王明。参加：张敏。\n",
        "出席：王伟、李强；列席：市财政局王明\n参会：张敏\n",
        "出席：王伟、李强.列席：市财政局王明．参加：张敏．\n",
    ],
    ids=["labels-in-words", "one-line-full-stops", "one-line-semicolon", "one-line-other-stops"],
)
def test_list_labels_in_words_and_several_lists_on_one_line(line: str) -> None:
    meeting = parse_transcript(OPENING + line)
    assert meeting.attendees == (
        ParsedAttendee("王伟", AttendeeRole.PRESENT, None, None, None),
        ParsedAttendee("李强", AttendeeRole.PRESENT, None, None, None),
        ParsedAttendee("王明", AttendeeRole.OBSERVER, "市财政局", None, None),
        ParsedAttendee("张敏", AttendeeRole.PARTICIPANT, None, None, None),
    )
    assert meeting.warnings == ()


def test_names_apart_by_spaces() -> None:
    meeting = parse_transcript(
        OPENING
        + "出席：王伟 李强\u3000张敏\n"
        + "列席：市财政局 王明 赵丽，高新区 李刚，市审计局局长 周平 吴磊\n"
        + "请假：郑洁（出差） 何敏（学习）\n"
        + "参加：孙　平、欧阳明，市财政局 吴　斌\n"
    )
    assert meeting.attendees == (
        ParsedAttendee("王伟", AttendeeRole.PRESENT, None, None, None),
        ParsedAttendee("李强", AttendeeRole.PRESENT, None, None, None),
        ParsedAttendee("张敏", AttendeeRole.PRESENT, None, None, None),
        ParsedAttendee("王明", AttendeeRole.OBSERVER, "市财政局", None, None),
        ParsedAttendee("赵丽", AttendeeRole.OBSERVER, "市财政局", None, None),
        ParsedAttendee("李刚", AttendeeRole.OBSERVER, "高新区", None, None),
        ParsedAttendee("周平", AttendeeRole.OBSERVER, "市审计局", "局长", None),
        ParsedAttendee("吴磊", AttendeeRole.OBSERVER, "市审计局", "局长", None),
        ParsedAttendee("郑洁", AttendeeRole.ABSENT, None, None, "出差"),
        ParsedAttendee("何敏", AttendeeRole.ABSENT, None, None, "学习"),
        # Two-character names spaced out to line up with three-character ones.
        ParsedAttendee("孙平", AttendeeRole.PARTICIPANT, None, None, None),
        ParsedAttendee("欧阳明", AttendeeRole.PARTICIPANT, None, None, None),
        ParsedAttendee("吴斌", AttendeeRole.PARTICIPANT, "市财政局", None, None),
    )
    assert meeting.warnings == ()


def test_a_name_that_cannot_be_split_is_flagged_with_the_department_it_was_given() -> None:
    meeting = parse_transcript(OPENING + "列席：市统计局范志诚、某某某某\n")
    assert meeting.attendees == (
        ParsedAttendee("范志诚", AttendeeRole.OBSERVER, "市统计局", None, None),
        ParsedAttendee("某某某某", AttendeeRole.OBSERVER, "市统计局", None, None),
    )
    assert meeting.warnings == (
        "第3行：无法确定“某某某某”中的单位和姓名，按单位“市统计局”、姓名“某某某某”处理",
    )


def test_attendance_written_as_prose() -> None:
    meeting = parse_transcript(
        OPENING + "副县长陈立伟、周敏出席会议；县人大常委会副主任吴海燕应邀列席会议。\n"
    )
    assert meeting.attendees == (
        ParsedAttendee("陈立伟", AttendeeRole.PRESENT, None, "副县长", None),
        ParsedAttendee("周敏", AttendeeRole.PRESENT, None, "副县长", None),
        ParsedAttendee("吴海燕", AttendeeRole.INVITED, "县人大常委会", "副主任", None),
    )


def test_a_footer_after_the_lists_is_not_taken_for_attendees() -> None:
    meeting = parse_transcript(
        OPENING + "出席：王伟。\n抄送：市委办\n太仓市人民政府办公室 2024年1月26日印发\n"
    )
    assert [a.name for a in meeting.attendees] == ["王伟"]
    assert meeting.warnings == (
        "第4行：无法归类的内容“抄送：市委办”",
        "第5行：无法归类的内容“太仓市人民政府办公室 2024年1月26日印发”",
    )
