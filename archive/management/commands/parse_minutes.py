"""Print how a transcript parses, without touching the database."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.parse import ParseError, meeting_to_dict, parse_transcript
from archive.ingest.read import TranscriptReadError, transcript_read


class Command(BaseCommand):
    help = "解析一份会议纪要并输出结构（不写入数据库）。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="纪要文本文件")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, file: Path, json: bool = False, **options):
        try:
            transcript = transcript_read(file, max_bytes=settings.MINUTES_MAX_FILE_BYTES)
            parsed = parse_transcript(transcript.text)
        except (TranscriptReadError, ParseError) as error:
            raise CommandError(f"{file}: {error}") from error
        data = meeting_to_dict(parsed)
        if json:
            self.stdout.write(_json_dumps(data))
            return
        self.stdout.write(_summary(data))


def _json_dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _summary(data: dict) -> str:
    lines = [
        f"{data['body'] or ''}{_number(data)}{data['meeting_type']}",
        f"日期：{data['date']} {data['time_of_day'] or ''}",
        f"主持：{data['chair']}（{data['chair_title']}）",
    ]
    for item in data["agenda_items"]:
        lines.append(f"{item['order']}. [{item['kind']}] {item['title']}")
        for decision in item["decisions"]:
            leads = "、".join(decision["lead_departments"]) or "—"
            lines.append(f"   （{decision['order']}）牵头：{leads}")
    for title in data["written_approvals"]:
        lines.append(f"书面审议：《{title}》")
    roles: dict[str, int] = {}
    for attendee in data["attendees"]:
        roles[attendee["role"]] = roles.get(attendee["role"], 0) + 1
    lines.append("人员：" + "，".join(f"{role} {count}" for role, count in roles.items()))
    lines.extend(f"警告：{warning}" for warning in data["warnings"])
    return "\n".join(lines)


def _number(data: dict) -> str:
    return f"第{data['number']}次" if data["number"] is not None else ""
