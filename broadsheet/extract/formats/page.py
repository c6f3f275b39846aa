"""Saved web pages: the article's main text, title, date, author and canonical address, by trafilatura (whose
dates come from htmldate); navigation, ads and comments are left out, figure captions kept as captions.

Nothing here touches the network: trafilatura and htmldate are given the page's bytes or tree, never an address."""

from __future__ import annotations

import hashlib
import logging
import warnings
from pathlib import Path

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import use_config
from trafilatura.utils import load_html

from ...core.data import Seed
from ...core.diagnostics import Diagnostics
from .. import seeds
from . import fields
from .fields import Fields

MIN_WORDS = 20  # a page's main text has at least this many words, and one paragraph of MIN_SENTENCE words:
MIN_SENTENCE = 10  # trafilatura falls back to any text on a page without an article (menus, an ad)
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # its timeout uses signals; pages are bounded by max_seed_bytes
for _name in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())  # their notes are not the user's warnings
    logging.getLogger(_name).propagate = False


def read_page(path: Path, rel: str, diagnostics: Diagnostics, max_bytes: int) -> Seed | None:
    """One saved page (.html, .htm) as a Seed; None with a warning when it cannot be read or has no main text."""
    data = seeds.read_bytes(path, rel, diagnostics, max_bytes)
    if data is None:
        return None
    found = page_fields(data)
    if found is None:
        diagnostics.warn("W213", NO_TEXT, rel)
        return None
    return fields.to_seed(found, path, rel, rel, hashlib.sha256(data).hexdigest(), None, diagnostics)


NO_TEXT = "page has no main text (only menus, ads or comments, or not HTML); skipped"


def page_fields(data: bytes, url: str | None = None) -> Fields | None:
    """A page's article as Fields (its address: the canonical link, else `url`); None when it has no main text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = load_html(data)
        if tree is None:
            return None
        captions = _captions_as_paragraphs(tree)
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False, output_format="python",
                                          config=_CONFIG)
    if doc is None or doc.body is None:
        return None
    paragraphs = _paragraphs(doc.body, doc.title)
    words = [len(p.split()) for p in paragraphs if p not in captions]
    if sum(words) < MIN_WORDS or max(words, default=0) < MIN_SENTENCE:
        return None
    return Fields(body="\n\n".join(paragraphs), title=doc.title, date=doc.date, url=doc.url or url,
                  authors=fields.split_authors(doc.author) if doc.author else (),
                  section=next((c for c in doc.categories or () if c.strip()), None),
                  captions=tuple(c for c in captions if c in paragraphs))


def _captions_as_paragraphs(tree) -> set[str]:
    """Figure captions made paragraphs (trafilatura drops <figure>), so those in the article are kept; their texts."""
    captions = set()
    for figure in tree.iter("figure"):
        figure.tag = "div"
    for caption in tree.iter("figcaption"):
        caption.tag = "p"
        text = " ".join(caption.text_content().split())
        if text:
            captions.add(text)
    return captions


def _paragraphs(body, title: str | None) -> list[str]:
    """The main text's blocks as paragraphs (list items one each); a first heading that repeats the title dropped."""
    for br in body.iter("lb"):
        br.tail = " " + (br.tail or "")
    found = []
    for block in body:
        parts = block.findall(".//item") if block.tag == "list" else [block]
        for part in parts:
            text = " ".join("".join(part.itertext()).split())
            if text and not (not found and block.tag == "head" and title and text == " ".join(title.split())):
                found.append(text)
    return found


def html_paragraphs(fragment: str) -> tuple[str, tuple[str, ...]]:
    """An HTML fragment (a feed entry's content) as paragraphs, and the captions among them."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return "", ()
    for bad in root.xpath("//script|//style|//template"):
        bad.drop_tree()
    captions = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "figcaption":
            captions.append(" ".join(element.text_content().split()))
        if element.tag in _BLOCKS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
        elif element.tag == "br":
            element.tail = "\n" + (element.tail or "")
    text = seeds.normalise_body(root.text_content())
    return text, tuple(c for c in captions if c)


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figure", "figcaption", "dd",
           "dt", "section", "article", "header", "footer", "aside", "table", "tr", "ul", "ol", "dl", "hr"}
