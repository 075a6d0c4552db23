"""System checks of what the search index relies on."""

from django.core.checks import Error, register

from archive.search import segment


@register()
def lexicon_check(app_configs, **kwargs) -> list[Error]:
    """The search index marks the words of jieba's own dictionary file (see
    ``archive.search.segment.Segmenter``): it must be the file the index was built with."""
    if segment.lexicon_digest() == segment.LEXICON_SHA256:
        return []
    return [
        Error(
            "jieba 的词典文件不是检索索引所用的版本（SHA-256 不符）：长词检索将逐条核对原文，"
            "此时导入的会议也缺少词标记。",
            hint="安装 pyproject.toml 指定的 jieba 版本；若有意更换词典，请更新"
            " LEXICON_SHA256 并运行 manage.py reindex_search 重建索引。",
            id="archive.E001",
        )
    ]
