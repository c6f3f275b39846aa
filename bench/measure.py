"""What the benchmark scripts share: a build timed in a fresh process (wall seconds, its own stage times and
peak memory), page counts, medians and the printed table."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Run in the measured process: one build as `build.py` would run it, then its stage times and peak memory
# (ru_maxrss, kB on Linux: the build process itself, and the largest of the workers it forked) as JSON.
_CHILD = """
import json, os, resource, sys
sys.path.insert(0, {repo!r})
import broadsheet.pipeline as pipeline
from broadsheet.commands.cli import main
seconds = {{}}
original = pipeline.build
def timed(*args, **kwargs):
    result = original(*args, **kwargs)
    seconds.update(result.seconds)
    return result
pipeline.build = timed  # cli imports it when it runs a build
code = main({argv!r})
print("\\n@@measure " + json.dumps({{"code": code, "stages": seconds,
      "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      "workers_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}))
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)  # as build.py leaves: without freeing the build's objects (and spaCy's) one by one
"""


@dataclass
class Run:
    """One measured build."""

    seconds: float  # wall time of the whole process, start-up included
    stages: dict[str, float] = field(default_factory=dict)  # the build's own per-stage times
    rss_kb: int = 0  # peak resident memory of the build process
    workers_rss_kb: int = 0  # the largest peak of the processes it forked (render and parse workers)
    output: str = ""

    def stage_line(self) -> str:
        return ", ".join(f"{name} {s:.2f}s" for name, s in self.stages.items())


def timed_build(config: Path, *extra: str, check: bool = True) -> Run:
    """`build.py --config config *extra` in a fresh process, as a user runs it; its wall time, stages and memory."""
    argv = ["--config", str(config), "-q", *extra]
    os.sync()  # earlier runs' writes are not flushed on this run's time
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD.format(repo=str(REPO), argv=argv)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    seconds = time.perf_counter() - start
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("@@measure ")), None)
    if line is None or (check and done.returncode not in (0, 1)):
        raise SystemExit(f"build failed ({done.returncode}): {' '.join(argv)}\n{done.stderr[-3000:]}")
    data = json.loads(line.split(" ", 1)[1])
    return Run(seconds, data["stages"], data["rss_kb"], data["workers_rss_kb"], done.stdout + done.stderr)


def render_cold(project: Path, config: Path, runs: int, keep_last: bool = False) -> tuple[list[Run], int, Path | None]:
    """Render-only builds (no search index), each into a new, empty site folder with no build records; the
    pages of the first. All are deleted after the last run (right after a big delete, ext4 spends seconds
    looking for inodes to reuse, which would time the file system), except, with keep_last, the last site,
    whose config file (site: site-cold-N) is returned for the builds that update it."""
    done = []
    for i in range(runs):
        variant = project / f"cold-{i}.yaml"
        text = config.read_text(encoding="utf-8").replace("search: true", "search: false")
        variant.write_text(text + f"site: site-cold-{i}\n", encoding="utf-8")
        done.append(timed_build(variant, "--render-only"))
    pages = count_pages(project / "site-cold-0")
    for i in range(runs - 1 if keep_last else runs):
        shutil.rmtree(project / f"site-cold-{i}", ignore_errors=True)
        (project / f"cold-{i}.yaml").unlink()
        for records in (project / ".broadsheet").glob(f"site-cold-{i}-*"):  # this site's records only
            records.unlink()
    return done, pages, project / f"cold-{runs - 1}.yaml" if keep_last else None


def count_pages(site: Path) -> int:
    """Rendered pages: HTML pages and XML feeds/sitemaps (not copied assets or the search index)."""
    return sum(1 for p in site.rglob("*") if p.suffix in (".html", ".xml") and "pagefind" not in p.parts)


def median(values: list[float]) -> float:
    return statistics.median(values)


def print_table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """rows as a Markdown table (printed and returned), so it can go into the README as it is."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    text = "\n".join(lines)
    print(text, flush=True)
    return text
