"""The body of the minutes, walked line by line: items, decisions, closing lines, attendance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attendance import (
    attendance_category_line,
    attendance_label,
    attendance_labels,
    attendance_prose,
    parse_attendance_list,
)
from .header import is_chrome
from .inline import (
    counted_point,
    first_clause,
    is_sentence,
    split_counted_points,
    split_inline_points,
)
from .items import (
    Marker,
    decision_marker,
    documents_in,
    has_unclosed_title,
    item_kind,
    item_marker,
    read_decision,
)
from .records import AttendeeRole, ParsedAgendaItem, ParsedAttendee

# 会议议定以下意见：, 纪要如下：, 现将会议主要内容纪要如下：, with or without the colon;
# 会议决定：, 会议议定事项：, 会议确定以下几点：, with it only.
_DECIDED = r"会议(?:议定|决定|确定|商定)(?:了)?(?:的)?(?:事项|意见|以下几点)?"
TRANSITION_RE = re.compile(
    rf"^(?:[^，。；]{{0,16}}(?:如下|以下意见|以下事项)[：:]?|{_DECIDED}[：:])$"
)
# 会议决定：一是…；二是…: the decisions of a meeting on one matter, on the transition's line.
_INLINE_TRANSITION_RE = re.compile(rf"^(?P<label>{_DECIDED})[：:]\s*(?P<rest>.+)$")
_WRITTEN_APPROVAL_RE = re.compile(r"^会议(?:还)?书面审议(?:并)?(?:原则)?通过")
_OTHER_MATTERS_RE = re.compile(r"^会议还研究了?其他事项")
# An unnumbered paragraph that opens an item of its own: 会议审议…, 会议听取了…, 会议研究了….
_UNNUMBERED_ITEM_RE = re.compile(r"^会议(?:还)?(?:审议|听取|研究|讨论|审定|传达学习|学习)")


@dataclass
class Line:
    number: int
    text: str


@dataclass
class _DecisionDraft:
    order: int
    parts: list[str]


@dataclass
class _ItemDraft:
    order: int
    number_text: str
    title: str
    heading: str  # the whole heading, where documents are looked for
    numbered_decisions: bool = False
    unnumbered: bool = False  # opened by a 会议审议… paragraph rather than a marker
    decisions: list[_DecisionDraft] = field(default_factory=list)
    decisions_from_heading: int = 0
    points: int = 0  # the last of the points 1. 2. … written one per line under the item
    counted: int = 0  # the last of the points 一是 二是 … taken as decisions

    def add_decision(self, text: str) -> None:
        self.decisions.append(_DecisionDraft(len(self.decisions) + 1, [text]))

    def freeze(self) -> ParsedAgendaItem:
        return ParsedAgendaItem(
            order=self.order,
            number_text=self.number_text,
            kind=item_kind(self.title),
            title=self.title,
            documents=documents_in(self.heading),
            decisions=tuple(read_decision(d.order, "".join(d.parts)) for d in self.decisions),
        )


@dataclass
class Walk:
    """What has been read so far, while the body is walked line by line."""

    items: list[_ItemDraft] = field(default_factory=list)
    items_are_arabic: bool | None = None
    # Items numbered （一）（二）…, as decisions usually are, when no 一、 came first.
    bracketed_items: bool = False
    written_approvals: list[str] = field(default_factory=list)
    other_matters: bool = False
    attendees: list[ParsedAttendee] = field(default_factory=list)
    attendance_role: AttendeeRole | None = None
    closed: bool = False  # past the closing lines: only attendance may follow
    warnings: list[str] = field(default_factory=list)
    # What the opening says the meeting took up (听取…的汇报): the title of the one item of a
    # meeting whose decisions follow the transition without any item heading.
    topic: str | None = None
    transition: str | None = None  # the transition line, while no item has opened

    def unplaced(self, line: Line) -> None:
        self.warnings.append(f"第{line.number}行：无法归类的内容“{line.text}”")


def is_structural(text: str) -> bool:
    """Whether a line starts something other than more of the opening paragraph."""
    return bool(
        TRANSITION_RE.match(text)
        or item_marker(text)
        or decision_marker(text)
        or attendance_label(text)
        or text.startswith("会议")
    )


def walk_body(lines: list[Line], start: int, walk: Walk) -> None:
    """Place every line from ``start`` on into ``walk``, or warn about it."""
    index = start
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.text or is_chrome(line.text):
            continue
        if _read_attendance(line, walk):
            continue
        if walk.attendance_role is not None:
            # Past the attendance lists only more attendance belongs; anything else is chrome.
            walk.unplaced(line)
        elif _WRITTEN_APPROVAL_RE.match(line.text):
            walk.written_approvals += documents_in(line.text)
            walk.closed = True
        elif _OTHER_MATTERS_RE.match(line.text):
            walk.other_matters = True
            walk.closed = True
        elif walk.closed:
            walk.unplaced(line)
        elif TRANSITION_RE.match(line.text) and not walk.items:
            walk.transition = line.text
            continue
        elif not walk.items and (inline := _INLINE_TRANSITION_RE.match(line.text)):
            _open_single_matter(walk, label=inline.group("label"), decided=inline.group("rest"))
        elif not walk.items and walk.transition and _first_counted_point(line.text):
            # 会议决定：, then 一是… on a line of its own.
            _open_single_matter(walk, label=walk.transition.rstrip("：: "), decided=line.text)
        elif marker := _item_starting(line, walk, lines[index:]):
            index = _read_item_heading(marker, lines, index, walk)
        elif marker := decision_marker(line.text):
            _start_decision(marker, line, walk)
        elif _UNNUMBERED_ITEM_RE.match(line.text) and all(item.unnumbered for item in walk.items):
            _open_item(walk, number_text="", heading=line.text, unnumbered=True)
        elif walk.items:
            _continue_item(line, walk)
        else:
            walk.unplaced(line)


def _read_attendance(line: Line, walk: Walk) -> bool:
    """Read ``line`` as attendance if it is; report whether it was."""
    labelled = attendance_labels(line.text)
    if labelled:
        for role, body in labelled:
            _add_attendance(walk, role, body, line)
        walk.attendance_role = labelled[-1][0]
        return True
    if walk.attendance_role is not None and attendance_category_line(line.text):
        # （2）部门：… on a line of its own, under a label such as 出席：
        _add_attendance(walk, walk.attendance_role, line.text, line)
        return True
    prose = attendance_prose(line.text, absence_alone=walk.attendance_role is not None)
    if prose is None and walk.attendance_role is not None and "：" not in line.text:
        # A line after a list, such as 市委办的代表。, continues the last list, but only if
        # every group in it reads cleanly; otherwise it is some footer, not attendance.
        attendees, warnings = parse_attendance_list(
            walk.attendance_role, line.text, line_number=line.number
        )
        if attendees and not warnings:
            walk.attendees += attendees
            return True
        return False
    if prose is None:
        return False
    for role, who in prose:
        _add_attendance(walk, role, who, line)
    walk.attendance_role = prose[-1][0]
    return True


def _add_attendance(walk: Walk, role: AttendeeRole, text: str, line: Line) -> None:
    attendees, warnings = parse_attendance_list(role, text, line_number=line.number)
    walk.attendees += attendees
    walk.warnings += warnings


def _item_starting(line: Line, walk: Walk, rest: list[Line]) -> Marker | None:
    """The marker of the item that ``line`` starts, if it starts one (``rest``: the lines
    after it)."""
    marker = decision_marker(line.text)
    if marker and _starts_bracketed_item(marker, walk, rest):
        return marker
    marker = item_marker(line.text)
    if marker and _starts_item(marker, line, walk):
        return marker
    return None


def _starts_bracketed_item(marker: Marker, walk: Walk, rest: list[Line]) -> bool:
    """Whether a （一） marker starts an item: in minutes whose first item is numbered so,
    with no 一、 level anywhere, and the numbers follow on."""
    if not walk.items and marker.number == 1 and not marker.arabic:
        above = (item_marker(later.text) for later in rest)
        if not any(found and not found.arabic for found in above):
            walk.bracketed_items = True
            walk.items_are_arabic = False
    return walk.bracketed_items and marker.number == len(walk.items) + 1


def _starts_item(marker: Marker, line: Line, walk: Walk) -> bool:
    """Whether an item marker really starts the next item, warning about irregular ones.

    The first item sets the document's numbering style. A marker in the other style is a
    slip (6、 among 一、二、…) when its number is the next item's, and otherwise the start
    of a sub-list inside a decision.
    """
    expected = len(walk.items) + 1
    if walk.items_are_arabic is None:
        walk.items_are_arabic = marker.arabic
    if marker.arabic != walk.items_are_arabic:
        item = walk.items[-1] if walk.items else None
        if marker.number != expected or (item and marker.number == item.points + 1):
            # 1. 2. under 一、: points of the item (decisions), not items.
            return False
        walk.warnings.append(
            f"第{line.number}行：议题编号“{marker.text}”不规范，按第{expected}项处理"
        )
    elif marker.number != expected:
        walk.warnings.append(
            f"第{line.number}行：议题编号“{marker.text}”与顺序不符，按第{expected}项处理"
        )
    return True


def _read_item_heading(marker: Marker, lines: list[Line], index: int, walk: Walk) -> int:
    """Start an item; a heading whose 《 is closed only on a later line is joined to it.

    Returns the index of the first line after the heading.
    """
    heading = marker.rest
    while has_unclosed_title(heading) and index < len(lines) and lines[index].text:
        following = lines[index].text
        if is_structural(following):
            break
        heading += following
        index += 1
    _open_item(walk, number_text=marker.text, heading=heading, unnumbered=False)
    return index


def _open_item(walk: Walk, *, number_text: str, heading: str, unnumbered: bool) -> None:
    """A new item from its heading. A heading that is a whole sentence (会议审议并原则通过
    《…》，由…印发实施。) is titled by its first clause and is also the item's first decision;
    points run into it (（一）…（二）…) become decisions of their own."""
    split = split_inline_points(heading)
    lead, points = split if split else (heading, [])
    title = first_clause(lead)
    item = _ItemDraft(
        len(walk.items) + 1, number_text, title or lead, heading, unnumbered=unnumbered
    )
    if is_sentence(lead):
        # 1.审议《甲》。会议原则同意。: the title is a sentence of its own and the rest decides;
        # 一、会议审议并原则通过《甲》，由…印发实施。: the whole heading is the decision.
        rest = lead[len(title) :].lstrip()
        decided = rest[1:].strip() if rest[:1] in ("。", "．", ".") else ""
        item.add_decision(decided or lead)
    for point in points:
        item.add_decision(point)
    item.decisions_from_heading = len(item.decisions)
    walk.items.append(item)


def _open_single_matter(walk: Walk, *, label: str, decided: str) -> None:
    """The one item of a meeting on one matter: titled by what the opening says it took up
    (or by the transition's own words), its decisions those run together in ``decided``
    (一是…；二是…, 1.…；2.…) or the whole of it; 二是… on later lines continue it."""
    title = walk.topic or label
    item = _ItemDraft(len(walk.items) + 1, "", title, title, unnumbered=True)
    counted = split_counted_points(decided)
    split = counted or split_inline_points(decided)
    preamble, points = split if split else (decided, [])
    if counted:
        item.counted = len(points)
    elif not split and (first := _first_counted_point(decided)):
        # 一是… alone on its line: 二是… follows on the next.
        item.counted, preamble = first
    parts = [preamble, *points] if preamble else points
    for part in parts:
        item.add_decision(part)
    walk.items.append(item)


def _first_counted_point(text: str) -> tuple[int, str] | None:
    """``(1, rest)`` when ``text`` opens with 一是."""
    point = counted_point(text)
    return point if point and point[0] == 1 else None


def _start_decision(marker: Marker, line: Line, walk: Walk) -> None:
    if not walk.items:
        walk.unplaced(line)
        return
    item = walk.items[-1]
    expected = len(item.decisions) - item.decisions_from_heading + 1
    if marker.number != expected:
        walk.warnings.append(
            f"第{line.number}行：议定事项编号“{marker.text}”与顺序不符，按第{expected}条处理"
        )
    item.numbered_decisions = True
    item.add_decision(marker.rest)


def _continue_item(line: Line, walk: Walk) -> None:
    """An unnumbered line in an item: more of the last numbered decision (a wrapped
    paragraph), or, in an item without numbered decisions, a decision of its own (or several,
    when points are run together in it: 会议指出…。1.…；2.…)."""
    item = walk.items[-1]
    if item.numbered_decisions:
        item.decisions[-1].parts.append(line.text)
        return
    counted = counted_point(line.text) if item.counted else None
    if counted and counted[0] == item.counted + 1:
        item.counted, rest = counted
        item.add_decision(rest)
        return
    point = item_marker(line.text)
    if point and point.arabic and point.number == item.points + 1:
        item.points = point.number
        item.add_decision(point.rest)
        return
    split = split_inline_points(line.text)
    if split is None:
        item.add_decision(line.text)
        return
    preamble, points = split
    for text in [preamble, *points] if preamble else points:
        item.add_decision(text)
