"""`build.py check`: validate a built site offline, and list every problem found.

What is checked, in every file under the site folder except `pagefind/` (the search indexer's own output):
- every `*.html` page parses as HTML5 without a single parse error (html5lib);
- every internal link and asset (href, src, srcset, poster, action, CSS url()) points at a file in the
  site, and a `#fragment` at an id in that page; links to the site's own `base_url` count as internal;
- no link uses a `javascript:` or `vbscript:` address, and no link, form or frame a `data:` one (a data:
  image or icon is fine);
- every `*.xml`, `*.rss`, `*.atom` and `*.xsl` file (feeds, sitemap) is well-formed XML, and the site
  addresses in it (sitemap <loc>, feed <link>) point at files in the site;
- no page is orphaned: every page is reachable from index.html by following links between pages.
  Exempt: a `404.html` at the site root, which servers show by themselves.
Files the build records say Broadsheet did not write (a person's own page) are not checked; their links still
count for reaching pages. Without build records (a copy of a site) every file is checked.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
from html5lib.constants import E as HTML5_ERRORS

from ..core.diagnostics import UserError
from ..core.records import Records, load_state, records_for
from ..core.text import visible

SKIP_DIRS = {"pagefind"}
ORPHAN_EXEMPT = {"404.html"}
XML_SUFFIXES = {".xml", ".rss", ".atom", ".xsl"}
LINK_ATTRIBUTES = ("href", "src", "poster", "action")
UNSAFE_SCHEMES = {"javascript", "vbscript", "data"}
NAVIGABLE = {"a", "area", "form", "iframe", "frame", "object", "embed", "meta", "base", "button"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_PARALLEL_FROM = 400  # pages; below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the site, at a file and (where known) a line."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        """One line, safe for a terminal: a file name or link in a hostile site shows ESC as `\\x1b`."""
        where = visible(f"{self.path}:{self.line}" if self.line else self.path)
        return f"{where}: {visible(self.message)}"


@dataclass
class Scan:
    """What one HTML page contains that the checks need."""

    rel: str
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def check_site(site: Path, quiet: bool = False, base_url: str = "", records: Records | None = None) -> int:
    """Check the site folder, print each problem and a summary; 0 when clean, 1 when not."""
    if not Path(site).is_dir():
        raise UserError(f"{site}: no built site here; build first, or pass --site DIR")
    problems, counts = find_problems(Path(site), base_url, records)
    for problem in problems:
        print(problem)
    if not quiet or problems:
        summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
        verdict = f"{len(problems):,} problem{'s' if len(problems) != 1 else ''}" if problems else "no problems"
        print(f"check: {summary}: {verdict}", file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


def find_problems(site: Path, base_url: str = "", records: Records | None = None) -> tuple[list[Problem], dict[str, int]]:
    """Every problem in the site, sorted by file and line, and how many files of each kind were read.

    `records` are the site's build records (by default those of a project whose folder holds the site)."""
    files = site_files(site)
    checked = [f for f in files if f.split("/", 1)[0] not in SKIP_DIRS]
    ours = built_files(records or records_for(site, Path(site).absolute().parent))
    theirs = {f for f in checked if ours is not None and f not in ours}
    pages = [f for f in checked if f.endswith(".html")]
    feeds = [f for f in checked if posixpath.splitext(f)[1] in XML_SUFFIXES and f not in theirs]
    styles = [f for f in checked if f.endswith(".css") and f not in theirs]
    scans = scan_pages(site, pages)  # the pages Broadsheet did not write too: their links can reach its pages
    resolver = Resolver(site, set(files), base_url, {s.rel: s.ids for s in scans})
    problems: list[Problem] = []
    for scan in scans:
        if scan.rel in theirs:
            continue
        problems += [Problem(_shown(site, scan.rel), message, line) for line, message in scan.errors]
        problems += link_problems(site, scan, resolver)
    for rel in styles:
        problems += css_problems(site, rel, resolver)
    for rel in feeds:
        problems += xml_problems(site, rel, resolver)
    problems += [p for p in orphan_problems(site, scans, resolver) if _rel(site, p.path) not in theirs]
    problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    counts = {"pages": len(pages) - len(theirs.intersection(pages)), "feeds and sitemaps": len(feeds),
              "stylesheets": len(styles)}
    if theirs:
        counts[f"file{'s' if len(theirs) != 1 else ''} Broadsheet did not write (not checked)"] = len(theirs)
    return problems, counts


def built_files(records: Records) -> set[str] | None:
    """The files the build records say a build wrote into the site (None without records: then every file is
    checked, as for a copy of a site)."""
    state = load_state(records)
    return set(state.outputs) if state.outputs else None


def _rel(site: Path, shown: str) -> str:
    return Path(shown).relative_to(site).as_posix() if Path(shown).is_relative_to(site) else shown


def site_files(site: Path) -> list[str]:
    """Every file in the site as a POSIX path relative to it, sorted."""
    found = []
    for directory, _, names in os.walk(site):
        rel_dir = Path(directory).relative_to(site).as_posix()
        found += [posixpath.join("" if rel_dir == "." else rel_dir, n) for n in names]
    return sorted(found)


def scan_pages(site: Path, pages: list[str]) -> list[Scan]:
    """Parse every page, across processes when there are many."""
    if len(pages) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [scan_page(site, rel) for rel in pages]
    with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 8)) as pool:
        return list(pool.map(scan_page, [site] * len(pages), pages, chunksize=64))


def scan_page(site: Path, rel: str) -> Scan:
    """Parse one page as HTML5, noting its parse errors, the links it makes and the ids it defines."""
    scan = Scan(rel)
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    document = parser.parse((site / rel).read_bytes())
    for (line, _column), code, data in parser.errors:
        scan.errors.append((line, f"HTML parse error: {_html5_message(code, data)}"))
    scan.errors = list(dict.fromkeys(scan.errors))  # one report per line and kind, however often it repeats
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name in ("id", "name") if element.tag in ("a", "map") else ("id",):
            if element.get(name):
                scan.ids.add(element.get(name))
        links = [element.get(a).strip() for a in LINK_ATTRIBUTES if element.get(a)]
        if element.get("srcset"):
            links += [part.split()[0] for part in element.get("srcset").split(",") if part.split()]
        if element.tag == "object" and element.get("data"):
            links.append(element.get("data").strip())
        if element.tag not in NAVIGABLE:  # data: is fine for an image or icon, never for a link or frame
            links = [link for link in links if not link.lower().startswith("data:")]
        scan.links += links
        if element.tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            target = (element.get("content") or "").partition("url=")[2].strip(" '\"")
            scan.links += [target] if target else []
    return scan


def _html5_message(code: str, data) -> str:
    """html5lib's English text for a parse error code."""
    try:
        return HTML5_ERRORS.get(code, code) % (data or {})
    except (TypeError, KeyError, ValueError):
        return code


class Resolver:
    """Turns a link found in one site file into the site file it points at, or says why it cannot."""

    def __init__(self, site: Path, files: set[str], base_url: str, ids: dict[str, set[str]]):
        self.site, self.files, self.ids = site, files, ids
        self.base_url = base_url if not base_url or base_url.endswith("/") else base_url + "/"
        self.base_path = urlsplit(self.base_url).path or "/"
        self._seen: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def internal_path(self, source: str, link: str) -> tuple[str | None, str | None]:
        """(site-relative path with any #fragment, None), or (None, problem), or (None, None) if external."""
        parts = urlsplit(link)
        scheme = parts.scheme.lower()
        if scheme in UNSAFE_SCHEMES:
            return None, f"unsafe link {_quote(link)}: {scheme}: addresses must never appear in a page"
        if self.base_url and link.startswith(self.base_url):
            path = unquote(urlsplit(link[len(self.base_url):]).path)
        elif scheme or parts.netloc:
            return None, None
        elif parts.path.startswith("/"):
            if not unquote(parts.path).startswith(self.base_path):
                return None, f"link {_quote(link)} leaves the site (its pages live under {self.base_path})"
            path = unquote(parts.path)[len(self.base_path):]
        else:
            path = posixpath.join(posixpath.dirname(source), unquote(parts.path)) if parts.path else source
        normal = posixpath.normpath(path) if path else "."
        if normal == ".." or normal.startswith("../"):
            return None, f"link {_quote(link)} points outside the site folder"
        return (normal if normal != "." else "") + ("#" + parts.fragment if parts.fragment else ""), None

    def target(self, source: str, link: str) -> tuple[str | None, str | None]:
        """(existing site file, None) or (None, problem) or (None, None) for links outside the site."""
        key = (posixpath.dirname(source), link) if "#" not in link and link[:1] not in ("", "?") else (source, link)
        if key not in self._seen:
            self._seen[key] = self._target(source, link)
        return self._seen[key]

    def _target(self, source: str, link: str) -> tuple[str | None, str | None]:
        """target() without the memo."""
        path, problem = self.internal_path(source, link)
        if path is None:
            return None, problem
        path, _, fragment = path.partition("#")
        candidates = [path] if path and not link.split("#")[0].endswith("/") else []
        candidates.append(posixpath.join(path, "index.html") if path else "index.html")
        found = next((c for c in candidates if c in self.files), None)
        if found is None:
            return None, f"broken link {_quote(link)}: no file {path or 'index.html'} in the site"
        if fragment and fragment != "top" and found in self.ids and fragment not in self.ids[found]:
            return None, f"broken link {_quote(link)}: {found} has no element with id {_quote(fragment)}"
        return found, None


def link_problems(site: Path, scan: Scan, resolver: Resolver) -> list[Problem]:
    """A problem for each link in one page that is unsafe or points at nothing."""
    problems = []
    text = None
    for link in dict.fromkeys(scan.links):
        _, problem = resolver.target(scan.rel, link)
        if problem:
            text = text if text is not None else (site / scan.rel).read_text(encoding="utf-8", errors="replace")
            problems.append(Problem(_shown(site, scan.rel), problem, _line_of(text, link)))
    return problems


def css_problems(site: Path, rel: str, resolver: Resolver) -> list[Problem]:
    """A problem for each url() or @import in a stylesheet that points at nothing."""
    text = (site / rel).read_text(encoding="utf-8", errors="replace")
    problems = []
    for match in _CSS_URL.finditer(text):
        link = (match.group(2) or match.group(4)).strip()
        if link.startswith("data:"):
            continue
        _, problem = resolver.target(rel, link)
        if problem:
            problems.append(Problem(_shown(site, rel), problem, text[: match.start()].count("\n") + 1))
    return problems


def xml_problems(site: Path, rel: str, resolver: Resolver) -> list[Problem]:
    """A problem when a feed or sitemap is not well-formed XML, or names a site address with no file."""
    try:
        root = ET.parse(site / rel).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        return [Problem(_shown(site, rel), f"not well-formed XML: {reason} (column {column + 1})", line)]
    problems = []
    for link in _xml_links(root):
        if resolver.base_url and link.startswith(resolver.base_url):
            _, problem = resolver.target("", link)
            if problem:
                problems.append(Problem(_shown(site, rel), problem))
    return problems


def _xml_links(root: ET.Element) -> list[str]:
    """Sitemap <loc> and feed <link> addresses (RSS text, Atom href)."""
    links = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if name in ("loc", "link"):
            value = element.get("href") or (element.text or "")
            if value.strip():
                links.append(value.strip())
    return links


def orphan_problems(site: Path, scans: list[Scan], resolver: Resolver) -> list[Problem]:
    """A problem for each page that no chain of links from index.html reaches."""
    by_rel = {scan.rel: scan for scan in scans}
    if "index.html" not in by_rel:
        return [Problem(_shown(site, "index.html"), "the site has no home page (index.html)")] if scans else []
    reached = {"index.html"}
    queue = deque(["index.html"])
    while queue:
        scan = by_rel[queue.popleft()]
        for link in scan.links:
            found, _ = resolver.target(scan.rel, link)
            if found in by_rel and found not in reached:
                reached.add(found)
                queue.append(found)
    return [Problem(_shown(site, rel), "orphaned page: no chain of links from index.html reaches it")
            for rel in by_rel if rel not in reached and rel not in ORPHAN_EXEMPT]


def _line_of(text: str, link: str) -> int | None:
    """The line on which a link first appears in a page's source, if it can be found."""
    for form in (html.escape(link, quote=True), link, html.escape(link, quote=False)):
        at = text.find(form)
        if at >= 0:
            return text[:at].count("\n") + 1
    return None


def _quote(text: str) -> str:
    """text in double quotes, as messages show links."""
    return '"' + text.replace('"', '\\"') + '"'


def _shown(site: Path, rel: str) -> str:
    """A site file as messages name it: the site folder joined with its path."""
    return str(site / rel)
