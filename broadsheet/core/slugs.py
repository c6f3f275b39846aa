"""URL-safe ASCII slugs (python-slugify), stable unique article slugs, and entity slugs that follow identity."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from functools import lru_cache

from slugify import slugify as _slugify

MAX_SLUG = 80  # what new slugs are cut to
MAX_SAFE_SLUG = 2 * MAX_SLUG  # what an existing slug may be (well under the 255-byte file-name limit)
SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str, fallback: str = "", max_length: int = MAX_SLUG) -> str:
    """ASCII, lower case, hyphenated; `fallback` when nothing URL-safe is left (e.g. '..' or '中')."""
    slug = _slugify(text or "", max_length=max_length, word_boundary=True, save_order=True)
    return slug or fallback


def is_safe(slug: str) -> bool:
    """True for a slug that can be a URL path segment and a file name as it is: a-z, 0-9, single hyphens."""
    return isinstance(slug, str) and len(slug) <= MAX_SAFE_SLUG and bool(SAFE_SLUG.fullmatch(slug))


def short_hash(text: str, length: int = 8) -> str:
    """The first `length` hex digits of the SHA-256 of text: a stable disambiguator."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def article_slug(title: str, source: str, taken: set[str]) -> str:
    """A slug from the title; when taken, the title slug (shortened) plus a hash of the source path.

    Slugs already written to content/ are never changed, so adding or removing other
    articles never moves an existing article's URL. Both forms fit in MAX_SLUG characters.
    """
    base = slugify(title, fallback="article")
    if base not in taken:
        return base
    suffix = "-" + short_hash(source, 6)
    head = slugify(title, fallback="article", max_length=MAX_SLUG - len(suffix))
    slug = head + suffix
    while slug in taken:  # two sources whose hashes collide in 6 digits: lengthen the hash
        suffix = "-" + short_hash(source + suffix, 10)
        slug = slugify(title, fallback="article", max_length=MAX_SLUG - len(suffix)) + suffix
    return slug


# Entities. A slug drops much of a name (`C++` -> `c`, `Москва` -> `moskva`), so a slug is no identity: an
# entity is its name up to what does not tell names apart, and its slug is made from that alone.
# Between words, they tell no name from another (`E*Trade`, `<script>`); the other ASCII symbols, # $ % @ =, do.
_SEPARATORS = frozenset("!\"'()*,-./:;<>?[\\]^_`{|}~·…¡¿‧")
_SPELLED = {"&": " and ", "+": " plus "}  # `AT&T` is `AT and T`; `C++` is `C plus plus`, not `C`
_MARKS = str.maketrans("", "", "©®™℠")  # `Coca-Cola®` is `Coca-Cola` (and NFKD would make ™ the letters TM)


def entity_identity(name: str) -> str:
    """What tells one entity's name from another's: lower case, accents, spacing and punctuation between words
    do not count (`José Mourinho` is `Jose Mourinho`, `Jean-Paul` is `Jean Paul`, `O'Brien` is `O’Brien`,
    `Marks & Spencer` is `Marks and Spencer`); symbols (`C#`), letters of other scripts (`Москва` is not
    `Moskva`) do. Character references are read (`AT&amp;T` is `AT&T`, as slugs always read them). A name of
    separators alone (`..`) is itself."""
    text = html.unescape(name) if "&" in name else name
    folded = " ".join("".join(map(_fold_char, unicodedata.normalize("NFKD", text.translate(_MARKS)))).split())
    return folded or name.casefold()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character of a name (decomposed) as entity_identity sees it."""
    if char.isascii() and char.isalnum():
        return char.lower()
    if char in _SPELLED:
        return _SPELLED[char]
    if char.isspace() or char in _SEPARATORS:
        return " "
    category = unicodedata.category(char)
    if category == "Mn" or category[0] == "C":  # an accent split off by NFKD; an invisible character
        return ""
    if category in ("Pd", "Pc", "Ps", "Pe", "Pi", "Pf") or category[0] == "Z":  # dashes, brackets, quotes, spaces
        return " "
    if category[0] in "LN" and unicodedata.name(char, "").startswith("LATIN"):  # ø, ß, æ, ł: as slugs spell them
        return _slugify(char).replace("-", " ") or char.casefold()
    return char.casefold()


def entity_slug(identity: str) -> str:
    """The slug of an entity_identity, a function of it alone, so a URL never moves when other articles or
    entities come and go. An identity of plain words (`tony blair`) is its words joined (`tony-blair`, as
    always); any other (`c#`, `москва`, one longer than a slug) gets its slug plus a hash of it
    (`c-0a1b2c3d`, `moskva-4e5f6a7b`), so two names a slug cannot tell apart get two pages."""
    words = identity.replace(" ", "-")
    if SAFE_SLUG.fullmatch(words) and len(words) <= MAX_SLUG:
        return words
    suffix = "-" + short_hash(identity)
    return slugify(identity, fallback="entity", max_length=MAX_SLUG - len(suffix)) + suffix
