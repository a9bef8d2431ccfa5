"""The slow parts of a build, started as it begins and awaited where their result is first needed.

From empty caches, a build draws 57 figures (about 9 s on two processes) and executes two notebooks (a
Jupyter kernel each, about 6 s), and the pages take some 8 s. One after the other, that was 23 s; side by
side they keep both cores busy, and the build takes about 17 s.

- :class:`FigureDrawing` runs ``scripts/make_figures.py`` in a process of its own from ``on_config``; the
  figures are announced to MkDocs in ``on_files`` (their names read from the figure modules' source),
  and awaited in ``on_post_build``, which copies them into the site and writes their sizes into the pages.
- :class:`NotebookRuns` executes each notebook whose executed copy is not in mkdocs-jupyter's cache, in a
  thread of its own, through mkdocs-jupyter itself (which writes its cache); the notebook's page awaits it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from scripts import figures, make_figures

ROOT = Path(__file__).resolve().parent.parent


class FigureDrawing:
    """The figures of the site: reused from the cache, or drawn while the pages build."""

    def __init__(self, cache: Path):
        self.cache = cache
        self.folders = self._folders()
        self.process = None if self.complete() else self._start()

    @staticmethod
    def _start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(ROOT / "scripts" / "make_figures.py")], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def _folders(self) -> dict[str, Path]:
        keys = figures.fingerprints(figures.modules())
        return {module: self.cache / f"{module}-{key}" for module, key in keys.items()}

    def complete(self) -> bool:
        return all(make_figures.complete(folder) for folder in self.folders.values())

    def svgs(self) -> dict[str, Path]:
        """Every figure file the site will have (light and dark), by name, drawn or not yet."""
        return {f"{stem}{variant}.svg": folder / f"{stem}{variant}.svg"
                for module, folder in self.folders.items()
                for stem in figures.declared(module) for variant in ("", "-dark")}

    def wait(self) -> None:
        """Wait for the drawing; draw again if ``lessonlib`` changed meanwhile (``mkdocs serve``)."""
        for _ in range(3):
            if self.process is not None:
                output, _ = self.process.communicate()
                if self.process.returncode:
                    raise PluginError(f"drawing the figures failed (scripts/make_figures.py):\n{output}")
                self.process = None
            if self.complete():
                return
            self.folders = self._folders()
            if not self.complete():
                self.process = self._start()
        raise PluginError("the figures kept changing while they were drawn: lessonlib or scripts/figures is being edited")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class NotebookRuns:
    """Notebooks executed in threads of their own while the other pages build.

    Every notebook's executed copy is also marked as in use: after a build mkdocs-jupyter deletes the
    cached notebooks the build did not read, and a ``--dirty`` rebuild (``make serve``) reads only the pages
    that changed, so without the mark every saved lesson would throw away the executed notebooks, and the
    next ``make serve`` would run them again.
    """

    def __init__(self, plugin, files, config):
        self.runs: dict[str, tuple[threading.Thread, list]] = {}
        if plugin is None or not plugin.config.get("cache") or not hasattr(plugin, "_used_cache_paths"):
            return
        for file in files:
            if not (file.abs_src_path and file.src_uri.endswith((".py", ".ipynb")) and plugin.should_include(file)):
                continue
            cache_path = self._cache_path(plugin, file)
            plugin._used_cache_paths.add(cache_path)
            if not cache_path.exists():
                errors: list = []
                thread = threading.Thread(target=self._execute, args=(plugin, file, files, config, errors),
                                          name=f"notebook {file.src_uri}", daemon=True)
                thread.start()
                self.runs[file.src_uri] = (thread, errors)

    @staticmethod
    def _cache_path(plugin, file) -> Path:
        """Where mkdocs-jupyter keeps the executed copy of ``file`` (its own key and path functions)."""
        from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

        execute = plugin.config["execute"] and not any(
            Path(file.abs_src_path).match(p) for p in plugin.config["execute_ignore"] or [])
        key = _compute_cache_key(file.abs_src_path, plugin.config, execute)
        return Path(_get_cache_path(plugin.config["cache_dir"], key))

    @staticmethod
    def _execute(plugin, file, files, config, errors) -> None:
        try:
            # A stand-in page of its own (the navigation's page for this file is made later): mkdocs-jupyter
            # renders it as it would the real one, and keeps the result in its cache, where the real page finds it.
            stand_in = Page(None, File(file.src_path, file.src_dir, file.dest_dir, file.use_directory_urls), config)
            plugin.on_pre_page(stand_in, config=config, files=files)
            stand_in.render(config, files)
        except BaseException as error:  # re-raised by wait(), in the build's own thread
            errors.append(error)

    def wait(self, file) -> None:
        """Wait until the notebook of ``file`` (if it is being executed) is done; raise what it raised."""
        run = self.runs.pop(file.src_uri, None)
        if run is None:
            return
        thread, errors = run
        thread.join()
        if errors:
            raise errors[0]
