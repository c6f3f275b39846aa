"""Test helper: the internal links and assets of a built site that resolve to nothing.

It asks broadsheet.commands.check, the same resolver `build.py check` uses (hrefs, srcs, srcset, #fragments),
so the tests and the command cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from broadsheet.commands.check import Resolver, link_problems, scan_pages, site_files


def broken_links(site: Path) -> list[str]:
    """'page:line: message' for every link on an HTML page that points at no file or id in the site."""
    config = site.parent / "config.yaml"
    base_url = (yaml.safe_load(config.read_text()) or {}).get("base_url", "") if config.exists() else ""
    files = site_files(site)
    scans = scan_pages(site, [f for f in files if f.endswith(".html") and not f.startswith("pagefind/")])
    resolver = Resolver(site, set(files), base_url, {scan.rel: scan.ids for scan in scans})
    return [str(problem) for scan in scans for problem in link_problems(site, scan, resolver)]
