"""Attendance lists: 出席：…  列席：…  and prose such as 副县长陈立伟、周敏出席会议。"""

from __future__ import annotations

import re

from .records import AttendeeRole, ParsedAttendee
from .vocabulary import (
    DEPARTMENT_SUFFIXES,
    SURNAMES,
    looks_like_department,
    looks_like_name,
    names_no_one_department,
    title_at_end,
    title_at_start,
)

_ROLES_BY_LABEL = {role.value: role for role in AttendeeRole} | {
    "缺席": AttendeeRole.ABSENT,
    "参会": AttendeeRole.PARTICIPANT,
}

# 列席：, 出席人员：, 出席会议的有：, 列席会议的同志还有：, 参会人员：… (应邀列席 must be tried
# before 列席, which it ends with).
_LABEL_WORDS = "应邀列席|列席|出席|请假|缺席|参加|参会"
_LABEL_END = r"(?:会议)?的?(?:人员|同志|领导)?(?:还?有)?[：:]"
_LABEL_RE = re.compile(rf"^({_LABEL_WORDS}){_LABEL_END}\s*(?P<body>.*)$")
# Where a line holding one list starts another: 出席：王伟、李强。列席：市财政局王明。
_NEXT_LABEL_RE = re.compile(rf"(?<=[。；;.．\s])\s*(?=(?:{_LABEL_WORDS}){_LABEL_END})")
_PROSE_CLAUSE_RE = re.compile(r"^(?P<who>.+?)(?P<role>应邀列席|列席|出席|参加)了?会议$")
# 副县长孙志刚因公请假, 孙志刚（出差）请假.
_PROSE_ABSENCE_RE = re.compile(r"^(?P<who>.+?)(?P<reason>因[^，。；]{1,16}?)?请假$")
# A label inside a list: a category, （1）市领导：…；（2）部门：… (or 市领导：… without the
# number), or the department its people belong to, 市财政局：张三、李四.
_CATEGORY_RE = re.compile(
    r"(?:[（(][0-9一二三四五六七八九十]{1,2}[）)]|[0-9]{1,2}[.、．])?\s*"
    r"(?P<label>[^：:，,；;、（()）]{1,12})[：:]"
)
# What a category's label is made of: 市领导, 部门负责人, 特邀人员, 其他同志.
_CATEGORY_WORDS_RE = re.compile(r"领导|部门|单位|负责|同志|人员|代表|其他|特邀|嘉宾|委员|成员|班子")
_CATEGORY_LINE_RE = re.compile(
    r"^(?:[（(][0-9一二三四五六七八九十]{1,2}[）)]|[0-9]{1,2}[.、．])\s*[^：:，,；;、]{1,12}[：:]"
)
_GROUP_SEPARATOR_RE = re.compile(r"[，,；;]")
_PIECE_SEPARATOR_RE = re.compile(r"[、]")
# A department that sent someone unnamed: 市委办的代表, 县财政局主要负责同志.
_REPRESENTATIVE_RE = re.compile(
    r"^(?P<department>.+?)的?(?P<note>代表|主要负责同志|有关负责同志|负责同志|负责人)$"
)
# A reason in brackets after a name, as 请假 lists give it: 张伟（出差）.
_BRACKETED_NOTE_RE = re.compile(r"^(?P<rest>.*?)\s*[（(](?P<note>[^（）()]*)[）)]$")
# Someone of another list marked as on leave: 李强（请假）, 李强（因公请假）.
_ON_LEAVE_NOTE_RE = re.compile(r"^(?P<reason>.*?)请假$")

# Among equally plausible splits, a 3-character name is likeliest, then 2, then 4.
_NAME_LENGTH_PREFERENCE = {3: 2, 2: 1, 4: 0}


def attendance_label(line: str) -> tuple[AttendeeRole, str] | None:
    """The role and the list after it when ``line`` starts with an attendance label (列席：…)."""
    match = _LABEL_RE.match(line)
    if match is None:
        return None
    return _ROLES_BY_LABEL[match.group(1)], match.group("body")


def attendance_labels(line: str) -> list[tuple[AttendeeRole, str]]:
    """Each labelled list of a line that starts with one, in order: a line may hold several
    (出席：王伟、李强。列席：市财政局王明。)."""
    lists: list[tuple[AttendeeRole, str]] = []
    for part in _NEXT_LABEL_RE.split(line):
        labelled = attendance_label(part)
        if labelled is not None:
            lists.append(labelled)
        elif lists:  # only the line's start can be unlabelled, and then it is no list
            role, body = lists[-1]
            lists[-1] = (role, body + part)
    return lists


def attendance_prose(
    line: str, *, absence_alone: bool = False
) -> list[tuple[AttendeeRole, str]] | None:
    """``[(role, who), …]`` when every clause of ``line`` is ``…出席会议`` / ``…列席会议`` /
    ``…因公请假``; a line of absences alone only counts when ``absence_alone`` (after an
    attendance list), since 请假 ends many ordinary sentences."""
    clauses = [clause.strip() for clause in re.split(r"[；;。]", line) if clause.strip()]
    found: list[tuple[AttendeeRole, str]] = []
    for clause in clauses:
        match = _PROSE_CLAUSE_RE.match(clause)
        if match:
            found.append((_ROLES_BY_LABEL[match.group("role")], match.group("who")))
            continue
        if not (found or absence_alone):
            return None
        # 李强因病请假，张敏因公请假: one absence per comma-separated part.
        absences = [_PROSE_ABSENCE_RE.match(part.strip()) for part in re.split("[，,]", clause)]
        if any(absence is None for absence in absences):
            return None
        for absence in filter(None, absences):
            reason = absence.group("reason")
            who = absence.group("who") + (f"（{reason}）" if reason else "")
            found.append((AttendeeRole.ABSENT, who))
    return found or None


def attendance_category_line(line: str) -> bool:
    """Whether ``line`` is a numbered category of an attendance list: （2）部门：…"""
    return _CATEGORY_LINE_RE.match(line) is not None


def split_department_title_name(text: str) -> tuple[str | None, str | None, str, bool]:
    """Split ``市政府办王晨清`` into (department, title, name, confident).

    ``confident`` is False when no split gives both a department ending in a known suffix
    (or no department at all) and a name starting with a common surname; the best guess is
    still returned so that no text is lost.
    """
    text = text.strip()
    if " " in text or "\u3000" in text:
        # A space written between department and name settles the question.
        head, name = text.rsplit(maxsplit=1)
        department, title = _split_title(head.strip())
        lead_title = title_at_start(name)
        if title is None and lead_title and looks_like_name(name[len(lead_title) :]):
            # 市审计局 局长赵敏: the space stands before the title, not the name.
            title, name = lead_title, name[len(lead_title) :]
        department_ok = department is None or looks_like_department(department)
        return department, title, name, department_ok and looks_like_name(name)
    best: tuple[tuple[bool, bool, bool, int], tuple[str | None, str | None, str]] | None = None
    for length in (2, 3, 4):
        if length > len(text):
            continue
        name, head = text[-length:], text[:-length]
        department, title = _split_title(head)
        department_ok = department is None or looks_like_department(department)
        name_ok = looks_like_name(name)
        score = (department_ok and name_ok, department_ok, name_ok, _NAME_LENGTH_PREFERENCE[length])
        if best is None or score > best[0]:
            best = (score, (department, title, name))
    if best is None:
        return None, None, text, False
    (confident, *_), (department, title, name) = best
    return department, title, name, confident


def split_department_and_name(group: str) -> tuple[str | None, str]:
    """Split a department-and-name group such as ``市政府办王晨清`` into ``("市政府办", "王晨清")``.

    The department must end with a known suffix (局, 委, 办, 集团, 街道, …) and the name start
    with a common surname; a bare name gives ``(None, name)``. A title between the two
    (``县人大常委会副主任吴海燕``) is dropped here: use ``split_department_title_name`` to keep it.
    """
    department, _title, name, _confident = split_department_title_name(group)
    return department, name


def parse_attendance_list(
    role: AttendeeRole, text: str, *, line_number: int
) -> tuple[list[ParsedAttendee], list[str]]:
    """The attendees in one list body (what follows ``列席：``), plus warnings about it.

    Groups are separated by ，(or , ；) and each is a department followed by names separated
    by 、; the names after the first inherit its department and title.
    """
    attendees: list[ParsedAttendee] = []
    warnings: list[str] = []
    text = _CATEGORY_RE.sub(
        lambda match: _label_in_list(match, line_number=line_number, warnings=warnings), text
    )
    for raw_group in _GROUP_SEPARATOR_RE.split(text.strip().rstrip("。.．")):
        group = raw_group.strip()
        if group:
            attendees += _parse_group(role, group, line_number=line_number, warnings=warnings)
    return attendees, warnings


def _label_in_list(match: re.Match[str], *, line_number: int, warnings: list[str]) -> str:
    """What a label inside a list (``XXX：``) becomes: a department heads the group after it
    (市财政局：张三 -> 市财政局张三), a category (（1）市领导：) only starts a new group, and
    people written before a colon stay a group of their own; anything else is taken for a
    category, with a warning, since the words before the colon are then in no group."""
    label = match.group("label").strip()
    # A category's words, or a department's suffix alone (（3）街道：).
    if _CATEGORY_WORDS_RE.search(label) or label in DEPARTMENT_SUFFIXES:
        return "；"
    if looks_like_department(label) and not names_no_one_department(label):
        return f"；{label}"
    if looks_like_name(label) or split_department_title_name(label)[3]:
        return f"；{label}；"
    warnings.append(f"第{line_number}行：人员名单中的“{label}”既不是部门也不是人名，按分类标题处理")
    return "；"


def _parse_group(
    role: AttendeeRole, group: str, *, line_number: int, warnings: list[str]
) -> list[ParsedAttendee]:
    shared = _shared_representative(group)
    if shared is not None:
        return [
            ParsedAttendee(name=None, role=role, department=name, title=None, note=shared[1])
            for name in shared[0]
        ]
    attendees: list[ParsedAttendee] = []
    department: str | None = None
    title: str | None = None
    pieces = [spaced for piece in _PIECE_SEPARATOR_RE.split(group) for spaced in _spaced(piece)]
    for raw_piece in pieces:
        piece, note = _split_bracketed_note(raw_piece.strip())
        if not piece:
            continue
        piece_role = role
        on_leave = _ON_LEAVE_NOTE_RE.match(note or "")
        if on_leave and role != AttendeeRole.ABSENT:  # 缺席：周平（请假） keeps its note
            piece_role, note = AttendeeRole.ABSENT, on_leave.group("reason") or None
        representative = _REPRESENTATIVE_RE.match(piece)
        if representative and names_no_one_department(representative.group("department")):
            # The people of no one department (市有关部门负责同志, 各镇负责人): the words are
            # the whole record.
            attendees.append(
                ParsedAttendee(name=None, role=piece_role, department=None, title=None, note=piece)
            )
            continue
        if representative and looks_like_department(representative.group("department")):
            attendees.append(
                ParsedAttendee(
                    name=None,
                    role=piece_role,
                    department=representative.group("department"),
                    title=None,
                    note=representative.group("note"),
                )
            )
            continue
        own_department, own_title, name, confident = split_department_title_name(piece)
        if not confident and looks_like_department(piece) and not looks_like_name(piece):
            # A department named alone (列席：市财政局、市审计局): it took part as such. Names
            # after it are its people, as after 市政府办王晨清.
            department, title = piece, None
            attendees.append(
                ParsedAttendee(name=None, role=piece_role, department=piece, title=None, note=note)
            )
            continue
        if own_department is not None:
            department, title = own_department, own_title
        elif own_title is not None:
            title = own_title
        if not confident:
            warnings.append(
                f"第{line_number}行：无法确定“{piece}”中的单位和姓名，"
                f"按单位“{department or ''}”、姓名“{name}”处理"
            )
        attendees.append(
            ParsedAttendee(
                name=name, role=piece_role, department=department, title=title, note=note
            )
        )
    return attendees


def _spaced(piece: str) -> list[str]:
    """The pieces of a piece that lists several people apart by spaces (王伟 李强, 市财政局
    王伟 李强); a department or title and one name apart (市财政局 王伟) stay one piece."""
    tokens = piece.split()
    if len(tokens) < 2:
        return [piece]

    def reads(token: str) -> bool:
        text, _note = _split_bracketed_note(token)
        return looks_like_name(text) or split_department_title_name(text)[3]

    # 王　伟: a two-character name spaced out to line up with three-character ones.
    joined: list[str] = []
    for token in tokens:
        if joined and joined[-1] in SURNAMES and len(_split_bracketed_note(token)[0]) == 1:
            joined[-1] += token
        else:
            joined.append(token)
    tokens = joined
    if len(tokens) > 1:
        first, second = tokens[0], tokens[1]
        if (looks_like_department(first) or not reads(first)) and reads(first + second):
            tokens = [first + second, *tokens[2:]]
    if all(reads(token) for token in tokens):
        return tokens
    return [piece]


def _shared_representative(group: str) -> tuple[list[str], str] | None:
    """``(departments, note)`` for 市政府办公室、市财政局主要负责同志, where one note ends a
    list of departments that each sent someone unnamed."""
    pieces = [piece.strip() for piece in _PIECE_SEPARATOR_RE.split(group) if piece.strip()]
    if len(pieces) < 2:
        return None
    last = _REPRESENTATIVE_RE.match(pieces[-1])
    if last is None or not looks_like_department(last.group("department")):
        return None
    if not all(looks_like_department(piece) for piece in pieces[:-1]):
        return None
    return [*pieces[:-1], last.group("department")], last.group("note")


def _split_title(head: str) -> tuple[str | None, str | None]:
    """``(department, title)`` before a name: 县人大常委会副主任 -> (县人大常委会, 副主任)."""
    title = title_at_end(head)
    if title is not None:
        head = head[: -len(title)]
    return head or None, title


def _split_bracketed_note(piece: str) -> tuple[str, str | None]:
    match = _BRACKETED_NOTE_RE.match(piece)
    if match is None:
        return piece, None
    return match.group("rest").strip(), match.group("note").strip() or None
