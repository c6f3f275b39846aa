"""A lean Hugo site built from Broadsheet's content/, for a same-run speed comparison."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from broadsheet.extract import frontmatter

TAXONOMIES = {"person": "people", "organization": "organizations", "place": "places", "group": "groups",
              "event": "events"}
LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                            '</head><body><main>{{ block "main" . }}{{ end }}</main></body></html>',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}'
                            '</time>{{ .Content }}</article><aside>'
                            '{{ range $tax, $_ := .Site.Taxonomies }}{{ with $.Params.Get $tax }}<ul>'
                            '{{ range . }}<li><a href="{{ (printf "/%s/%s/" $tax (urlize .)) | relURL }}">{{ . }}</a>'
                            '</li>{{ end }}</ul>{{ end }}{{ end }}</aside>{{ end }}',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
                          '{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ol>{{ end }}',
    "_default/terms.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li>'
                           '<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>'
                           '{{ end }}',
}


def make_site(content: Path, folder: Path) -> None:
    """Convert content/*.md into a Hugo project: entities become taxonomy terms, one term page each."""
    if folder.exists():
        shutil.rmtree(folder)
    posts = folder / "content" / "articles"
    posts.mkdir(parents=True)
    taxonomies = "\n".join(f'{t} = "{t}"' for t in TAXONOMIES.values())
    (folder / "hugo.toml").write_text(f'baseURL = "https://example.org/"\ntitle = "bench"\n'
                                      f'disableKinds = ["sitemap", "robotsTXT"]\n[taxonomies]\n{taxonomies}\n')
    for name, text in LAYOUTS.items():
        path = folder / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for path in sorted(content.glob("*.md")):
        meta, body = frontmatter.split(path.read_text(encoding="utf-8"))
        hugo_meta = {"title": meta["title"], "slug": meta["slug"]}
        if meta.get("date"):
            hugo_meta["date"] = meta["date"]
        for entity in meta.get("entities") or []:
            hugo_meta.setdefault(TAXONOMIES[entity["type"]], []).append(entity["name"])
        (posts / path.name).write_text(frontmatter.dump(hugo_meta, body), encoding="utf-8")


def time_build(content: Path, folder: Path, runs: int = 3) -> float:
    """Median wall seconds of `hugo` building the converted site, each run into a new output folder.

    New folders, deleted only after the last run, as for Broadsheet's render-only runs: right after a big
    delete, ext4 spends seconds looking for inodes to reuse, which would time the file system, not Hugo."""
    make_site(content, folder)
    times = []
    for i in range(runs):
        os.sync()
        start = time.perf_counter()
        subprocess.run(["hugo", "--quiet", "-s", str(folder), "-d", str(folder / f"public-{i}")], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    for i in range(runs):
        shutil.rmtree(folder / f"public-{i}", ignore_errors=True)
    return sorted(times)[len(times) // 2]
