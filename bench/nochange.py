#!/usr/bin/env python3
"""Where a build with nothing changed spends its time, on a project already built.

Prints the wall time of `build.py --render-only -q` in fresh processes (median of --repeat), then the steps of
the no-change check (pipeline.nothing_changed) timed one by one in this process: the imports the command needs,
loading the summary of the last build, the fingerprint of the inputs, and the stat of every output. Usage:

    .venv/bin/python bench/nochange.py PROJECT_FOLDER [--repeat 5]

The project's last build must have been made by this code (the engine's code is one of the inputs): else the
first timed build renders everything, and the figures after it are the ones to read.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def wall(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "build.py"), "--config", "config.yaml", "--render-only", "-q"],
                   cwd=project, check=True)
    return time.perf_counter() - start


def steps(project: Path) -> dict[str, float]:
    """The no-change check's steps, in a fresh process (so the imports are counted as a build makes them)."""
    code = f"""
import sys, time
sys.path.insert(0, {str(REPO)!r})
start = time.perf_counter()
import broadsheet.commands.cli
from broadsheet import pipeline
from broadsheet.core import records
from broadsheet.core.config import load_config
spent = {{"imports": time.perf_counter() - start}}
config = load_config({str(project / "config.yaml")!r})
def timed(name, step):
    start = time.perf_counter()
    value = step()
    spent[name] = time.perf_counter() - start
    return value
summary = timed("summary", lambda: records.load_summary(pipeline.site_records(config)))
timed("inputs", lambda: (pipeline.site_inputs(config), pipeline.templates_fingerprint(config)))
timed("outputs", lambda: summary is not None and records.outputs_unchanged(summary, config.site))
spent["outputs (files)"] = len(summary.outputs) if summary else 0
print(repr(spent))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return eval(done.stdout.strip().splitlines()[-1])  # the dict of numbers printed above


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    project = args.project.resolve()
    wall(project)  # a build that renders (after a change of the code) is not timed
    times = [wall(project) for _ in range(args.repeat)]
    print(f"no-change build: median {statistics.median(times):.2f} s of {', '.join(f'{t:.2f}' for t in times)}")
    runs = [steps(project) for _ in range(args.repeat)]
    for name in runs[0]:
        values = [run[name] for run in runs]
        shown = f"{statistics.median(values):.3f} s" if isinstance(values[0], float) else str(values[0])
        print(f"  {name:16} {shown}")


if __name__ == "__main__":
    main()
