#!/usr/bin/env python3
"""Broadsheet benchmarks on the BBC corpus (../shared/corpora/bbc-seedformat), in a temp folder.

Prints one table of medians: raw spaCy, cold build, no-change rebuild, add-one rebuild, template edit,
render-only (with a lean Hugo site from the same content when `hugo` is installed), and a 10x scale
run. Every ratio compares two things measured in this same run. Usage:

    .venv/bin/python bench/run.py [--repeat 5] [--heavy-repeat 1] [--skip-nlp] [--skip-scale] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "bbc-seedformat"
HELD_OUT = 5  # articles kept back from the cold build and added one at a time
sys.path.insert(0, str(REPO))

from bench import hugo, measure, scale  # noqa: E402
from bench.measure import count_pages  # noqa: E402


def main() -> int:
    args = parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS} (the benchmarks need ../shared beside the repo)")
        return 1
    work = Path(args.keep or tempfile.mkdtemp(prefix="broadsheet-bench-"))
    rows: list[tuple[str, str, str]] = []
    project, held = make_project(work, search=not args.no_search)
    print(f"project in {work}: {count_seeds(project)} seeds, {len(held)} held out", flush=True)

    raw = None
    if not args.skip_nlp:
        raw = median(lambda: time_raw_spacy(project), args.heavy_repeat, "raw spaCy")
        rows.append(("1. raw spaCy (ner + sentencizer, nlp.pipe, same processes)", f"{raw:.1f} s", ""))
        cold = median(lambda: cold_build(project), args.heavy_repeat, "cold build")
        rows.append(("2. cold full build (empty content/ and site/)", f"{cold:.1f} s",
                     f"{cold / raw:.2f} x raw spaCy (target <= 1.10)"))
    else:
        cold_build(project)
        cold = None

    times, writes = repeat_build(project, args.repeat, lambda i: None)
    rows.append(("3. rebuild, nothing changed", f"{statistics.median(times):.2f} s",
                 ratio(statistics.median(times), cold, "<= 1 %") + f"; files written: {max(writes)}"))

    added = iter(held)
    times, writes = repeat_build(project, min(args.repeat, len(held)), lambda i: add_seed(project, next(added)),
                                 "add-one (last run)")
    rows.append(("4. rebuild after adding one article", f"{statistics.median(times):.2f} s",
                 ratio(statistics.median(times), cold, "<= 3 %") + f"; files written: {statistics.median(writes):.0f}"))

    times, writes = repeat_build(project, args.repeat, lambda i: edit_template(project, i), "template edit (last run)")
    rows.append(("5. rebuild after editing article.html", f"{statistics.median(times):.2f} s",
                 f"files written: {statistics.median(writes):.0f}"))

    render_s, pages = median_render_only(project, args.repeat)
    rows.append(("6. render-only (content/ -> empty site/, no NLP, no search; pages = HTML + feeds)", f"{render_s:.2f} s",
                 f"{pages} pages, {pages / render_s:,.0f} pages/s"))
    hugo_s = hugo.time_build(project / "content", work / "hugo") if shutil.which("hugo") else None
    if hugo_s:
        rows.append(("   lean Hugo, same content (a term page and an RSS feed per entity)", f"{hugo_s:.2f} s",
                     f"Broadsheet/Hugo time ratio {render_s / hugo_s:.2f} (target <= 2)"))
    else:
        rows.append(("   lean Hugo", "n/a", "hugo not installed (apt-get install hugo)"))

    if not args.skip_scale:
        scale_s, scale_pages, peak = scale_run(project, work)
        rows.append(("10x corpus, render-only (20,950 articles)", f"{scale_s:.1f} s",
                     f"{scale_pages} pages, {scale_pages / scale_s:,.0f} pages/s, peak RSS {peak / 1024:,.0f} MB, "
                     f"10x/1x time {scale_s / render_s:.1f} (target <= 11)"))
    print_table(rows)
    for label, line in STAGES.items():
        print(f"{label} build stages: {line}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=5, help="runs of each cheap measurement (median reported)")
    p.add_argument("--heavy-repeat", type=int, default=1, help="runs of raw spaCy and the cold build")
    p.add_argument("--skip-nlp", action="store_true", help="skip raw spaCy and the timed cold build")
    p.add_argument("--skip-scale", action="store_true", help="skip the 10x render-only run")
    p.add_argument("--no-search", action="store_true", help="build without the Pagefind index")
    p.add_argument("--keep", help="work in this folder and keep it")
    return p.parse_args()


def make_project(work: Path, search: bool) -> tuple[Path, list[Path]]:
    """A project in work/: the corpus as seeds (minus a few held back), the repo's theme, a config."""
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    files = sorted(CORPUS.rglob("*.txt"))
    held = files[:: len(files) // HELD_OUT][:HELD_OUT]
    for path in files:
        if path not in held:
            target = project / "seeds" / path.relative_to(CORPUS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    shutil.copytree(REPO / "broadsheet" / "theme" / "templates", project / "templates")
    shutil.copytree(REPO / "broadsheet" / "theme" / "static", project / "static")
    (project / "config.yaml").write_text(
        f"title: BBC bench\nbase_url: https://example.org/\nsearch: {'true' if search else 'false'}\n")
    return project, held


def count_seeds(project: Path) -> int:
    return sum(1 for _ in (project / "seeds").rglob("*.txt"))


STAGES: dict[str, str] = {}  # the last build's own "time:" line, by label


def build(project: Path, *extra: str, label: str = "") -> float:
    """Run `build.py` as a user would; wall seconds. Keeps the build's per-stage times under `label`."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--config", str(project / "config.yaml"),
                           *extra], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0,):
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    if label:
        STAGES[label] = next((line for line in done.stdout.splitlines() if line.startswith("time:")), "")
    return seconds


def cold_build(project: Path) -> float:
    for folder in ("content", "site", ".broadsheet"):
        shutil.rmtree(project / folder, ignore_errors=True)
    return build(project, label="cold")


def time_raw_spacy(project: Path) -> float:
    """spaCy alone in a fresh process: load the same model and components, pipe the same bodies."""
    script = f"""
import sys, time
from pathlib import Path
start = time.perf_counter()
sys.path.insert(0, {str(REPO)!r})
from broadsheet.extract.nlp import load_nlp, process_count
from broadsheet.extract.seeds import read_seed
from broadsheet.core.diagnostics import Diagnostics
d = Diagnostics(echo=False)
bodies = [read_seed(p, p.name, d, 10**8).body for p in sorted(Path({str(project / 'seeds')!r}).rglob('*.txt'))]
nlp = load_nlp('en_core_web_sm')
for _ in nlp.pipe(bodies, batch_size=64, n_process=process_count(0, len(bodies))):
    pass
print(time.perf_counter() - start)
"""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    return time.perf_counter() - start


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*") if p.is_file()}


def repeat_build(project: Path, runs: int, change, label: str = "") -> tuple[list[float], list[int]]:
    """Apply change(i), rebuild, and count files in site/ and content/ whose bytes or mtime changed."""
    times, writes = [], []
    for i in range(runs):
        change(i)
        before = snapshot(project / "site") | snapshot(project / "content")
        times.append(build(project, label=label))
        after = snapshot(project / "site") | snapshot(project / "content")
        writes.append(sum(1 for k, v in after.items() if before.get(k) != v) + sum(1 for k in before if k not in after))
    return times, writes


def add_seed(project: Path, path: Path) -> None:
    target = project / "seeds" / path.relative_to(CORPUS)
    shutil.copyfile(path, target)


def edit_template(project: Path, i: int) -> None:
    path = project / "templates" / "article.html"
    text = path.read_text(encoding="utf-8")
    marker = "{% block main %}"
    path.write_text(text.replace(marker, f"{marker}<!-- edit {i} -->", 1) if i == 0 else
                    text.replace(f"<!-- edit {i - 1} -->", f"<!-- edit {i} -->"), encoding="utf-8")


def median_render_only(project: Path, runs: int) -> tuple[float, int]:
    """Render-only builds into empty site folders (see measure.render_cold): median seconds and pages."""
    done, pages, _ = measure.render_cold(project, project / "config.yaml", runs)
    return statistics.median(r.seconds for r in done), pages


def scale_run(project: Path, work: Path, factor: int = 10) -> tuple[float, int, int]:
    """Render-only on factor x the content (bench/scale.py's copies); seconds, pages, peak memory (kB)."""
    config = scale.make_project(work / "scale", project / "content", factor)
    run = measure.timed_build(config, "--render-only")
    return run.seconds, count_pages(work / "scale" / "site"), run.rss_kb


def median(measure, runs: int, label: str) -> float:
    values = []
    for i in range(runs):
        values.append(measure())
        print(f"  {label} run {i + 1}: {values[-1]:.1f} s", flush=True)
    return statistics.median(values)


def ratio(value: float, cold: float | None, target: str) -> str:
    if not cold:
        return "(no cold build timed)"
    return f"{100 * value / cold:.2f} % of cold build (target {target})"


def print_table(rows) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measurement':<{width}}  {'median':>9}  notes")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>9}  {note}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
