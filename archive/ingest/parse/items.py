"""Agenda items and decisions: markers, kinds, document titles, outcomes, channels, departments."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import ascii_digits, chinese_to_int
from .records import ItemKind, ParsedDecision
from .vocabulary import looks_like_department, names_no_one_department

_CHINESE_ITEM_RE = re.compile(
    r"^(?P<marker>(?P<number>[一二三四五六七八九十百]+)、)\s*(?P<rest>.*)$"
)
# 6、 or 6. (but not 1.5亿元, which is a sentence starting with a number).
_ARABIC_ITEM_RE = re.compile(
    r"^(?P<marker>(?P<number>[0-9]{1,2})(?:、|[.．](?![0-9])))\s*(?P<rest>.*)$"
)
# 第一项，审议… / 第2项：听取…
_ORDINAL_ITEM_RE = re.compile(
    r"^(?P<marker>第(?P<number>[一二三四五六七八九十百]+|[0-9]{1,2})项[，,、：:．.]?)\s*(?P<rest>.+)$"
)
_DECISION_RE = re.compile(
    r"^(?P<marker>[（(](?P<number>[一二三四五六七八九十]+|[0-9]{1,2})[）)])\s*(?P<rest>.*)$"
)
_DOCUMENT_RE = re.compile(r"《(?P<title>[^《》]+)》")

_IN_PRINCIPLE_RE = re.compile(r"原则(?:同意|通过|批准)")
_PLAIN_OUTCOME_RE = re.compile(r"会议(?:审议)?并?(?P<outcome>同意|通过|批准)")
# 以, 由 and 提交 are excluded inside the match so that an earlier 以 in the clause cannot start it.
_CHANNEL_RE = re.compile(
    r"以[^，。；以]{1,20}?名义(?:印发|下发|发布)(?:实施|执行)?"
    r"|由[^，。；由后]{1,20}?(?:印发|下发|发布)(?:实施|执行)?"
    r"|提交[^，。；提]{1,20}?(?:审议|研究)"
    r"|提请[^，。；提]{1,20}?(?:审议|审定|批准)"
)

_CLAUSE_SEPARATOR_RE = re.compile(r"[，。；;,]")
# Who leads, in the shapes the minutes use: 会后X根据…, 由X牵头, X要牵头抓总, X牵头抓总.
_LEAD_PATTERNS = (
    re.compile(r"会后(?P<subject>[^，。；]+?)(?:根据|牵头|负责|要|按照)"),
    re.compile(
        r"由(?P<subject>[^，。；]+?)(?:牵头|负责|根据|按照|修改|研究|组织|印发|下发|按程序|抓好)"
    ),
    # 请市财政局抓好落实, 请市住建局牵头….
    re.compile(r"请(?P<subject>[^，。；]+?)(?:牵头|负责|根据|按照|抓好|抓紧|做好|组织|研究)"),
    re.compile(r"^(?P<subject>[^，。；]+?)(?:要|负责|具体)?牵头"),
    # 市水务局负责组织实施, 市水务局具体负责落实.
    re.compile(r"^(?P<subject>[^，。；]+?)(?:具体)?负责(?:组织)?(?:实施|落实|推进)"),
)
# X会同Y要… / X会Y、Z等有关单位要…: a lead only because supporting departments are named;
# a plain "X要…" is an instruction, not a lead.
_LEAD_WITH_SUPPORT_RE = re.compile(r"^(?P<subject>[^，。；]+?(?:会同|会)[^，。；]+?)要")
# X要会同Y抓紧…: the same, with 要 before the partners.
_LEAD_THEN_SUPPORT_RE = re.compile(
    r"^(?P<lead>[^，。；]+?)要会同(?P<support>[^，。；]+?)"
    r"(?:抓紧|加快|做好|研究|组织|共同|认真|尽快|进一步|制定)"
)
# …牵头，会同Y研究…: partners named in the clause after the lead's.
_SUPPORT_CLAUSE_RE = re.compile(
    r"^会同(?P<support>[^，。；]+?)(?:抓紧|加快|做好|研究|组织|共同|认真|尽快|进一步|制定)"
)
# …牵头，Y配合 / Y等部门积极配合 / Y协助: partners named before the word for their part.
_SUPPORTING_CLAUSE_RE = re.compile(
    r"^(?P<support>[^，。；]+?)(?:要|负责|积极|全力|共同)?(?:配合|协助|协同)"
)
_ET_AL_RE = re.compile(r"等(?:有关|相关)?(?:单位|部门)$")


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a line, and what follows it."""

    text: str  # as written: "一、", "6、", "（一）"
    number: int
    arabic: bool
    rest: str


def item_marker(line: str) -> Marker | None:
    """The agenda-item marker (一、, 6、 or 第一项，) that ``line`` starts with, if any."""
    digits = ascii_digits(line)
    for pattern, arabic in ((_CHINESE_ITEM_RE, False), (_ARABIC_ITEM_RE, True)):
        match = pattern.match(digits)
        if match:
            return _marker(line, match, arabic=arabic)
    match = _ORDINAL_ITEM_RE.match(digits)
    return _marker(line, match, arabic=match.group("number").isdigit()) if match else None


def decision_marker(line: str) -> Marker | None:
    """The decision marker (（一） or (1)) that ``line`` starts with, if any."""
    match = _DECISION_RE.match(ascii_digits(line))
    return _marker(line, match, arabic=match.group("number").isdigit()) if match else None


def item_kind(title: str) -> ItemKind:
    """The kind of an agenda item from its heading's leading verb (a leading 会议 is skipped)."""
    verb_phrase = title.removeprefix("会议")
    if verb_phrase.startswith("书面审议"):
        return ItemKind.WRITTEN
    if verb_phrase.startswith("审议"):
        return ItemKind.REVIEW
    if verb_phrase.startswith("听取"):
        return ItemKind.HEARING
    return ItemKind.OTHER


def documents_in(text: str) -> tuple[str, ...]:
    """The titles inside 《》 in ``text``, without the brackets, in order."""
    return tuple(match.group("title") for match in _DOCUMENT_RE.finditer(text))


def has_unclosed_title(text: str) -> bool:
    """Whether a 《 in ``text`` lacks its 》, i.e. the title goes on on the next line."""
    return text.count("《") > text.count("》")


def read_decision(order: int, text: str) -> ParsedDecision:
    """A decision with its outcome, issuing channel and lead / supporting departments."""
    leads: dict[str, None] = {}
    supports: dict[str, None] = {}
    for clause in _CLAUSE_SEPARATOR_RE.split(text):
        partners = _SUPPORT_CLAUSE_RE.match(clause.strip()) if leads else None
        partners = partners or _SUPPORTING_CLAUSE_RE.match(clause.strip())
        if partners:
            found_partners = _split_subject(partners.group("support"))
            if found_partners and not found_partners[1]:
                supports.update(dict.fromkeys(found_partners[0]))
                continue
        found = _departments_in_clause(clause.strip())
        if found:
            leads.update(dict.fromkeys(found[0]))
            supports.update(dict.fromkeys(found[1]))
    # 各镇, 有关部门, 相关单位 name no one department: they take a part, but have no link.
    leads = {name: None for name in leads if not names_no_one_department(name)}
    supports = {name: None for name in supports if not names_no_one_department(name)}
    return ParsedDecision(
        order=order,
        text=text,
        lead_departments=tuple(leads),
        supporting_departments=tuple(name for name in supports if name not in leads),
        outcome=_outcome(text),
        issuing_channel=_issuing_channel(text),
    )


def _marker(line: str, match: re.Match[str], *, arabic: bool) -> Marker:
    # Matching ran on a digit-normalised copy of the same length; cut the original.
    return Marker(
        text=line[: match.end("marker")],
        number=chinese_to_int(match.group("number")),
        arabic=arabic,
        rest=line[match.start("rest") :].strip(),
    )


def _outcome(text: str) -> str | None:
    match = _IN_PRINCIPLE_RE.search(text)
    if match:
        return match.group(0)
    match = _PLAIN_OUTCOME_RE.search(text)
    return match.group("outcome") if match else None


def _issuing_channel(text: str) -> str | None:
    match = _CHANNEL_RE.search(text)
    return match.group(0) if match else None


def _departments_in_clause(clause: str) -> tuple[list[str], list[str]] | None:
    for pattern in _LEAD_PATTERNS:
        match = pattern.search(clause)
        if match:
            found = _split_subject(match.group("subject"))
            if found:
                return found
    match = _LEAD_THEN_SUPPORT_RE.search(clause)
    if match:
        found = _split_subject(f"{match.group('lead')}会同{match.group('support')}")
        if found and found[1]:
            return found
    match = _LEAD_WITH_SUPPORT_RE.search(clause)
    if match:
        found = _split_subject(match.group("subject"))
        if found and found[1]:
            return found
    return None


def _split_subject(subject: str) -> tuple[list[str], list[str]] | None:
    """``(leads, supporting)`` of ``市资源规划局会高新区、城厢镇、气象局等有关单位``; None when
    the subject is not made of department names."""
    subject = _ET_AL_RE.sub("", subject.strip())
    # 会 is also the last character of names such as 市安委会, so every split point is tried
    # and the first one that leaves department names on both sides wins.
    for match in re.finditer("会同|会", subject):
        leads = subject[: match.start()].split("、")
        supports = subject[match.end() :].split("、")
        if all(map(_is_department_part, leads + supports)):
            return leads, supports
    leads = subject.split("、")
    if all(map(_is_department_part, leads)):
        return leads, []
    return None


def _is_department_part(text: str) -> bool:
    # A part starting with 会 or 同 comes from cutting 市安委会会同… at the wrong 会.
    return looks_like_department(text) and not text.startswith(("会", "同"))
