"""What ``mkdocs serve --dirty`` keeps from one build to the next.

MkDocs reloads its configuration, plugins and hooks for every rebuild; a module imported the ordinary way
(like this one, or ``scripts.katex_ssr`` with its KaTeX process) stays. A dirty rebuild renders only the
pages that changed, so what the other pages contributed to the site must come from the last build:
the anchors that mkdocs-autorefs resolves cross-references with (the API page's ``lessonlib.gd.rate``...).
"""

from __future__ import annotations

import copy

dirty = False
_AUTOREFS_MAPS = ("_primary_url_map", "_secondary_url_map", "_abs_url_map", "_title_map")
_autorefs: dict[str, dict] = {}


def start(is_dirty: bool) -> None:
    global dirty
    dirty = bool(is_dirty)
    _autorefs.clear()


def remember_anchors(plugin) -> None:
    """After a build: the anchors every page registered."""
    if plugin is None:
        return
    for name in _AUTOREFS_MAPS:
        value = getattr(plugin, name, None)
        if isinstance(value, dict):
            _autorefs[name] = copy.deepcopy(value)


def restore_anchors(plugin) -> None:
    """Before a dirty rebuild renders its pages: the anchors of the pages it will not render."""
    if not dirty or plugin is None:
        return
    for name, saved in _autorefs.items():
        current = getattr(plugin, name, None)
        if isinstance(current, dict):
            for key, value in saved.items():
                current.setdefault(key, copy.deepcopy(value))
