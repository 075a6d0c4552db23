"""Which written names denote the same department (pure: no database)."""

from __future__ import annotations

from archive.ingest.parse.traditional import to_simplified

# Short and long forms seen in the transcripts, each mapped to the name the archive shows.
KNOWN_ALIASES: dict[str, tuple[str, ...]] = {
    "市政府办公室": ("市政府办",),
    "市金融监管局": ("市地方金融监管局", "市地方金融监督管理局"),
    "市发展和改革委员会": ("市发改委", "市发展改革委"),
}

_CANONICAL_BY_ALIAS = {
    alias: canonical for canonical, aliases in KNOWN_ALIASES.items() for alias in aliases
}

# The city prefix is often left out (气象局 for 市气象局); names are compared without it.
_CITY_PREFIX = "市"


def department_canonical_name(name: str) -> str:
    """The name the archive shows for a department written as ``name``: in Simplified
    characters, like the rest of the archive's vocabulary (縣水務局 is 县水务局)."""
    name = to_simplified(name.strip())
    return _CANONICAL_BY_ALIAS.get(name, name)


def department_match_key(name: str) -> str:
    """A key under which every written form of one department compares equal."""
    canonical = department_canonical_name(name)
    if canonical.startswith(_CITY_PREFIX) and len(canonical) > 2:
        return canonical[len(_CITY_PREFIX) :]
    return canonical


def department_preferred_name(current: str, candidate: str) -> str:
    """Of two names with the same key, the one to show: the full 市… form wins."""
    if not current.startswith(_CITY_PREFIX) and candidate.startswith(_CITY_PREFIX):
        return candidate
    return current
