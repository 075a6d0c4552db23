from django.core.management.base import BaseCommand

from archive.search.names import names_mark, names_sync


class Command(BaseCommand):
    help = (
        "在检索索引中标记尚未就绪的检索专名（部门名称与别名、人名）：标记完成后，检索这些名称"
        "只需查索引，不再逐条核对全文。import_minutes 与 reindex_search 结束时也会执行。"
    )

    def handle(self, *args, **options):
        names_sync()  # any name written without its model's save (see names_sync)
        names_mark_and_report(self.stdout)


def names_mark_and_report(out) -> list[str]:
    """Mark the names not ready yet, saying on ``out`` how far it has got; return them."""

    def progress(word: str, marked: int) -> None:
        if marked:  # a name every row already marks (after reindex_search) says nothing
            out.write(f"标记检索专名“{word}”：已标记 {marked} 次会议")

    ready = names_mark(progress=progress)
    if ready:
        out.write(f"{len(ready)} 个检索专名已就绪")
    return ready
