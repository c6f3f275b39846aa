#!/usr/bin/env python3
"""What the extraction step costs beyond spaCy itself, in one process, on the same BBC articles.

Times (CPU seconds of this process, so other jobs on the machine disturb it less than wall time) spaCy
alone (`nlp.pipe` over the same texts, the same model and components) against the whole extraction step
(`extract_batch`: spaCy, the headline parser for titles, the entity rules, the evidence and the scorer),
alternating the two, and prints the medians and their ratio (the target is at most 1.10). Usage:

    .venv/bin/python bench/extract_cost.py [--articles 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "bbc-seedformat"
sys.path.insert(0, str(REPO))

from broadsheet.core.diagnostics import Diagnostics  # noqa: E402
from broadsheet.extract.nlp import extract_batch, load_nlp, nlp_text  # noqa: E402
from broadsheet.extract.seeds import read_seed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300, help="articles, taken evenly across the corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS} (the benchmarks need ../shared beside the repo)")
        return 1
    paths = sorted(CORPUS.rglob("*.txt"))
    paths = paths[:: max(1, len(paths) // args.articles)][: args.articles]
    diagnostics = Diagnostics(echo=False)
    seeds = [seed for path in paths if (seed := read_seed(path, path.name, diagnostics, 10**7))]
    texts = [nlp_text(seed) for seed in seeds]
    nlp = load_nlp(args.model)
    extract_batch(nlp, seeds[:10], 64)  # warm up: caches, lazily loaded tables
    raw, full = [], []
    for run in range(args.repeat):
        start = time.process_time()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        raw.append(time.process_time() - start)
        start = time.process_time()
        extract_batch(nlp, seeds, 64)
        full.append(time.process_time() - start)
        print(f"  run {run + 1}: spaCy {raw[-1]:.2f} s, extraction {full[-1]:.2f} s", flush=True)
    spacy_s, extract_s = statistics.median(raw), statistics.median(full)
    print(f"{len(seeds)} articles: spaCy alone {spacy_s:.2f} s, whole extraction step {extract_s:.2f} s "
          f"(CPU seconds, medians of {args.repeat}); {extract_s / spacy_s:.3f} x spaCy (target <= 1.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
