"""`awesome-lam`, the MkDocs plugin that builds the website from entries/.

on_config loads and validates the catalog once per build, renders the pages and sets the nav
from the taxonomy; on_files adds the generated pages and exports; on_page_content gives each
generated page its HTML body (from our templates; Python-Markdown never parses it) and a table of
contents from its headings; on_page_context marks a work page's section as active in the nav
(on_post_page clears it again), so a reader sees where the work belongs; on_serve watches entries/
and templates/, so an edited entry reloads the browser under `mkdocs serve`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from generator.core.catalog import InvalidList, load_catalog
from generator.core.load import ENTRIES_DIR
from generator.features.site.pages import SitePage, site_nav, site_pages
from generator.model.catalog import Catalog
from generator.model.problems import count_line
from generator.outputs import urls
from generator.outputs.exports import exports
from generator.outputs.templates import templates_dir


class AwesomeLamConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))
    """The list's root folder, holding entries/ (default: the folder of mkdocs.yml)."""


class AwesomeLamPlugin(BasePlugin[AwesomeLamConfig]):
    """Adds a page per section, work, task index, datasets, benchmarks and timeline, and the exports."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path(".")
        self.catalog: Catalog | None = None
        self.pages: dict[str, SitePage] = {}  # by source path
        self.nav_pages: dict[str, Page] = {}  # pages of the nav, by source path
        self.highlighted: Page | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("awesome-lam: the site's links need `use_directory_urls: true` in mkdocs.yml")
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        try:
            self.catalog = load_catalog(self.root)
        except InvalidList as invalid:
            lines = [p.as_text() for p in invalid.problems]
            lines.append(f"awesome-lam: {count_line(invalid.problems)}; fix them and build again")
            raise PluginError("\n".join(lines)) from None
        config.nav = site_nav(self.catalog)
        config.extra["lam_works_search"] = urls.WORKS_SEARCH  # main.html hands it to lam.js
        self.pages = {page.src_uri: page for page in site_pages(self.catalog, templates_dir(self.root))}
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        docs_dir = Path(config.docs_dir).resolve()
        if docs_dir.is_relative_to(self.root):  # edit links of hand-written pages: their path in the repository
            for file in files.documentation_pages():
                file.edit_uri = (docs_dir.relative_to(self.root) / file.src_uri).as_posix()
        for page in self.pages.values():
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = self._add(files, config, page.src_uri, page.front_matter(), inclusion)
            file.edit_uri = page.edit_path
            for path, text in page.files.items():
                self._add(files, config, path, text, InclusionLevel.INCLUDED)
        site_url = config.site_url or ""
        for path, text in exports(self.catalog, site_url).items():
            self._add(files, config, path, text, InclusionLevel.INCLUDED)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_pages = {page.file.src_uri: page for page in nav.pages}
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        page.toc = get_toc(generated.toc)
        return generated.body

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        generated = self.pages.get(page.file.src_uri)
        if generated and generated.nav_parent is not None:
            self.highlighted = self.nav_pages.get(urls.source_path(generated.nav_parent))
            if self.highlighted is not None:
                self.highlighted.active = True  # MkDocs marks its ancestors too
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.highlighted is not None:
            self.highlighted.active = False
            self.highlighted = None
        return output

    @staticmethod
    def _add(files: Files, config: MkDocsConfig, src_uri: str, content: str, inclusion: InclusionLevel) -> File:
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"awesome-lam: {src_uri} is generated from entries/; remove it from {config.docs_dir}")
        file = File.generated(config, src_uri, content=content, inclusion=inclusion)
        files.append(file)
        return file

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        """Rebuild when an entry, the taxonomy, list.yml, a benchmark table or a template changes."""
        server.watch(str(self.root / ENTRIES_DIR))
        server.watch(str(templates_dir(self.root)))
        return server
