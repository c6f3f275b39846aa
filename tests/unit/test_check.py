"""`build.py check` on small hand-made sites: each kind of problem is found and named, a good site passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from broadsheet.commands.check import check_site, find_problems
from tests.conftest import REPO

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{root}static/style.css"></head>
<body><main id="main">{body}</main></body></html>
"""


def make_site(root: Path, pages: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    """A site folder with the given pages (body HTML only) and other files (verbatim)."""
    for rel, body in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=rel, root="../" * rel.count("/"), body=body), encoding="utf-8")
    for rel, text in (extra or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "style.css").write_text("body { background: url(bg.png); }\n", encoding="utf-8")
    (root / "static" / "bg.png").write_bytes(b"\x89PNG")
    return root


def messages(site: Path, base_url: str = "") -> list[str]:
    problems, _ = find_problems(site, base_url)
    return [str(p).replace(str(site) + "/", "") for p in problems]


def test_check_passes_a_linked_site_and_exempts_404_and_search_files(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="people/">People</a> <a href="#main">skip</a> <a href="https://x.org/">out</a>'
                      '<script src="pagefind/pagefind-ui.js"></script>',
        "people/index.html": '<a href="ann/index.html#bio">Ann</a> <a href="../index.html">home</a>',
        "people/ann/index.html": '<p id="bio">Ann</p><a href="mailto:a@b.c">mail</a>',
        "404.html": "<p>Not found</p>",
        "pagefind/fragment.html": "not even HTML <<<",
    }, {"pagefind/pagefind-ui.js": "// search"})
    assert messages(site) == []
    assert check_site(site, quiet=True) == 0


def test_check_names_each_broken_link_missing_fragment_and_css_asset(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="gone.html">x</a>\n<a href="a.html#nowhere">y</a>\n<img src="pic.jpg" alt="">'
                      '<a href="a.html">a</a>',
        "a.html": "<p>a</p>",
    })
    (site / "static" / "style.css").write_text("a {}\nb { background: url('missing.svg') }\n")
    assert messages(site) == [
        'index.html:4: broken link "gone.html": no file gone.html in the site',
        'index.html:5: broken link "a.html#nowhere": a.html has no element with id "nowhere"',
        'index.html:6: broken link "pic.jpg": no file pic.jpg in the site',
        'static/style.css:2: broken link "missing.svg": no file static/missing.svg in the site',
    ]


def test_check_reports_html_parse_errors_with_their_line(tmp_path):
    site = make_site(tmp_path, {"index.html": "<p>fine</p>"})
    (site / "index.html").write_text("<html>\n<p>no doctype\n</div>\n", encoding="utf-8")
    found = messages(site)
    assert found and all(m.startswith("index.html:") and "HTML parse error" in m for m in found)
    assert any(m.startswith("index.html:1: HTML parse error: Unexpected start tag (html). Expected DOCTYPE.")
               for m in found)
    assert any(m.startswith("index.html:3:") and "div" in m for m in found)


def test_check_finds_orphans_and_links_leaving_the_site(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="a.html">a</a> <a href="../secret.txt">s</a> <a href="/elsewhere/x.html">e</a>',
        "a.html": "<p>reached</p>",
        "lonely/index.html": '<a href="../index.html">home</a>',
    })
    assert messages(site, base_url="https://example.org/archive/") == [
        'index.html:4: link "../secret.txt" points outside the site folder',
        'index.html:4: link "/elsewhere/x.html" leaves the site (its pages live under /archive/)',
        "lonely/index.html: orphaned page: no chain of links from index.html reaches it",
    ]


def test_check_flags_javascript_vbscript_and_data_links(tmp_path):
    site = make_site(tmp_path, {
        "index.html": '<a href="javascript:alert(1)">j</a> <a href=" JavaScript:alert(2)">k</a> '
                      '<a href="data:text/html,<b>x</b>">d</a> <img src="data:image/png;base64,AA==" alt="">'
                      '<link rel="icon" href="data:,">',
    })
    found = messages(site)
    assert len(found) == 3 and all("unsafe link" in m for m in found)


def test_check_requires_well_formed_feeds_and_sitemap_entries_that_exist(tmp_path):
    base = "https://example.org/archive/"
    site = make_site(tmp_path, {"index.html": "<p>home</p>"}, {
        "sitemap.xml": f'<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       f"<url><loc>{base}</loc></url><url><loc>{base}gone/index.html</loc></url></urlset>\n",
        "feed.xml": '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<title>A & B</title></feed>\n',
        "feeds/ok.xml": f'<rss version="2.0"><channel><link>{base}</link></channel></rss>',
    })
    assert messages(site, base) == [
        "feed.xml:3: not well-formed XML: not well-formed (invalid token) (column 11)",
        'sitemap.xml: broken link "https://example.org/archive/gone/index.html": no file gone/index.html in the site',
    ]


def test_check_command_prints_problems_and_exits_non_zero(tmp_path):
    site = make_site(tmp_path / "site", {"index.html": '<a href="nope.html">x</a>'})
    run = subprocess.run([sys.executable, "build.py", "check", "--site", str(site), "--config", "none.yaml"],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 2 and "none.yaml: config file not found" in run.stderr
    run = subprocess.run([sys.executable, "build.py", "check", "--site", str(site)], cwd=REPO,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert f'{site}/index.html:4: broken link "nope.html": no file nope.html in the site' in run.stdout
    assert "1 problem" in run.stderr
    missing = subprocess.run([sys.executable, "build.py", "check", "--site", str(tmp_path / "nothing")], cwd=REPO,
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "no built site here" in missing.stderr


@pytest.mark.parametrize("bad", ["index.html", "a.html"])
def test_check_reports_a_missing_home_page_or_an_unreadable_page(tmp_path, bad):
    site = make_site(tmp_path, {"index.html": '<a href="a.html">a</a>', "a.html": "<p>a</p>"})
    if bad == "index.html":
        (site / "index.html").unlink()
        assert "index.html: the site has no home page (index.html)" in messages(site)
    else:
        (site / "a.html").write_bytes(b"<!DOCTYPE html>\n<title>x</title><p>\xff\xfe broken bytes")
        assert messages(site) == []  # html5lib decodes as windows-1252 like a browser; still a valid page


def test_a_site_without_its_home_page_fails_the_check(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "CNAME").write_text("news.example.org\n", encoding="utf-8")  # all a `clean` may leave
    problems, _ = find_problems(site)
    assert [(p.message) for p in problems] == ["the site has no home page (index.html): build it first"]
