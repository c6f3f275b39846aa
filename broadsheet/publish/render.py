"""Jinja2 environment and rendering of one Page to bytes."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import jinja2
from jinja2 import meta as jinja_meta

from ..core import theme
from ..core.data import Page
from ..core.diagnostics import UserError, clipped
from ..core.text import first_control, strip_controls
from .markdown import render_markdown


def renderer_for(templates: Path, fingerprint: str) -> "Renderer":
    """A Renderer for the templates folder: the last one this process made when the templates are as they were
    then (`fingerprint`: the names, sizes and modification times of the project's and the built-in templates),
    else a new one. A process that builds again and again (serve) so parses and compiles its templates once,
    not on every rebuild; a changed template makes a new Renderer, which reads every template again."""
    key = (str(templates), fingerprint)
    if _LAST.get("key") != key:
        _LAST.update(key=key, renderer=Renderer(templates))
    return _LAST["renderer"]


_LAST: dict = {}  # the Renderer renderer_for made last, and its key


def relative_root(output: str) -> str:
    """The relative path from a page back to the site root, e.g. '../../' for 'people/x/index.html'."""
    depth = output.count("/")
    return "../" * depth


class _Environment(jinja2.Environment):
    """Reads `page.title` from a dict by key before trying attributes.

    Page contexts are plain dicts, and Jinja's default order (attribute first) raises and catches an
    AttributeError for every such lookup: a third of the rendering time of a list page. Only a key named
    like a dict method (items, keys, get …) behaves differently, and no context has one."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Renderer:
    """Renders Pages with one Jinja environment (autoescape, StrictUndefined) for the whole build.

    Templates are looked up in the project's templates folder first, then in the built-in theme."""

    def __init__(self, templates: Path):
        """Templates are compiled in memory only: compiled code is never kept on disk, where it would be run
        by the next build (a cache of it in a folder others can write would run their code). A Renderer
        serves the builds of one process while its templates stay as they were (renderer_for), and takes
        each template as it was when first loaded: templates are not checked for changes on every page
        (auto_reload off), which cost a stat of each file per page."""
        self.folder = templates
        self.folders = (templates, theme.TEMPLATES)
        self.env = _Environment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)) for folder in self.folders]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
        self.env.filters["url"] = _url
        self.env.filters["markdown"] = _markdown
        self.env.filters["absolute"] = _absolute
        self._digests: dict[str, str] = {}

    def template_digest(self, name: str) -> str:
        """A hash of a template and every template it extends, includes or imports, and of which folder
        each came from (the project's or the built-in theme), so a new override counts as a change.

        Raises UserError naming the file (and line) when a template is missing or cannot be parsed."""
        try:
            return self._template_digest(name)
        except jinja2.TemplateNotFound as exc:
            raise UserError(f"{self.folder / exc.name}: template not found, in the project nor in the built-in "
                            "theme; correct the name that includes it, or add the file") from None
        except jinja2.TemplateSyntaxError as exc:
            where = exc.filename or self.folder / (exc.name or name)
            raise UserError(f"{where}:{exc.lineno}: template error: {exc.message}; "
                            "fix the template and build again") from None

    def _template_digest(self, name: str) -> str:
        if name not in self._digests:
            seen: set[str] = set()
            hasher = hashlib.sha256()
            pending = [name]
            while pending:
                current = pending.pop()
                if current in seen:
                    continue
                seen.add(current)
                source, filename, _ = self.env.loader.get_source(self.env, current)
                origin = b"built-in" if Path(filename).is_relative_to(theme.TEMPLATES) else b"project"
                hasher.update(current.encode() + b"\0" + origin + b"\0" + source.encode() + b"\0")
                pending += [t for t in jinja_meta.find_referenced_templates(self.env.parse(source, current)) if t]
            self._digests[name] = hasher.hexdigest()
        return self._digests[name]

    def preload(self, name: str) -> None:
        """Compile a template now (before workers are forked); an error in it is reported by render()."""
        with contextlib.suppress(jinja2.TemplateError):
            self.env.get_template(name)

    def render(self, page: Page) -> bytes:
        """The page's bytes. An error raised by template code (an unknown variable or filter, a bad
        operation) becomes a UserError naming the template file and line and the page being rendered.

        Control characters are left out whatever brought them (a theme's own template, a character
        reference in Markdown such as `&#12;`), so every feed and sitemap stays well-formed XML."""
        try:
            template = self.env.get_template(page.template)
            context = page.complete(page.context) if page.complete else page.context
            context = dict(context, root=relative_root(page.output), page_output=page.output)
            text = template.render(context)
            return (strip_controls(text) if first_control(text) >= 0 else text).encode("utf-8")
        except Exception as exc:
            where = self._template_line(exc)
            if where is None:
                raise  # not the template's doing: a bug of ours, shown with its traceback
            raise UserError(f"{where}: template error while rendering {page.output}: {clipped(str(exc))}; fix the "
                            "template and build again") from None

    def _template_line(self, exc: Exception) -> str | None:
        """'file:line' of the template code that raised `exc`, or None when the innermost frame that is a
        template's or Broadsheet's own is Broadsheet's (a bug in one of our filters, say). Library frames
        (Jinja, MarkupSafe) do not count."""
        if isinstance(exc, jinja2.TemplateSyntaxError):  # includes unknown filters and tests
            return f"{exc.filename or self.folder / (exc.name or '?')}:{exc.lineno}"
        templates = tuple(os.path.join(str(f), "") for folder in self.folders for f in {folder, folder.resolve()})
        innermost = in_template = None
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(templates) or filename.startswith(_ENGINE):
                innermost = (filename, tb.tb_lineno)
            if filename.startswith(templates):
                in_template = innermost
            tb = tb.tb_next
        if isinstance(exc, jinja2.UndefinedError):
            innermost = in_template  # an unknown variable handed to one of our filters is the template's doing
        if innermost and innermost[0].startswith(templates):
            return f"{innermost[0]}:{innermost[1]}"
        return None


_ENGINE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "")  # the package


def clean_url(target: str, clean: bool) -> str:
    """With clean_urls on, a page's address without its 'index.html' ('people/x/index.html' -> 'people/x/')."""
    if clean and (target == "index.html" or target.endswith("/index.html")):
        return target[:-len("index.html")]
    return target


def _relative(context, target: str) -> str:
    """A site-root path relative to the page being rendered ('./' for the root itself)."""
    return context["root"] + clean_url(target, context["site"].get("clean_urls", False)) or "./"


@jinja2.pass_context
def _url(context, target: str) -> str:
    """A site-root path made relative to the page being rendered, so the site works from any folder."""
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    return _relative(context, target)


@jinja2.pass_context
def _absolute(context, target: str) -> str:
    """A site-root path as an absolute URL when base_url is set (feeds, sitemap), else relative to the page."""
    base = context["site"]["base_url"]
    return base + clean_url(target, context["site"].get("clean_urls", False)) if base else _url(context, target)


@jinja2.pass_context
def _markdown(context, body: str, links: dict[str, str] | None = None) -> str:
    """Markdown to HTML, linking the first mention of each entity (hrefs relative to this page)."""
    if isinstance(body, jinja2.Undefined):
        body = str(body)  # StrictUndefined: raises UndefinedError, naming the variable the template lacks
    absolute = {surface: _relative(context, href) for surface, href in (links or {}).items()}
    return jinja2.utils.markupsafe.Markup(render_markdown(body, absolute))


