"""Headlines from a lede's first sentence, and photo captions left inside scraped text.

A first sentence that fits is the headline whole. A longer one is shortened by its dependency parse, not
by its length: the clause's core (subject, verb, the object that carries the news, each with the words a
noun or verb cannot lose: determiners, names, numbers, auxiliaries) is always kept, and the optional parts
(prepositional phrases, relative and adverbial clauses, appositives, a second verb phrase, time adjuncts,
parentheticals, a trailing attribution `…, X said`) are added back, most important first, while the
headline still fits. A quote or a bracket is kept whole or left out whole, so no headline is cut inside one.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from . import gazetteer

MAX_TITLE = 100
OVERRUN = 10  # a clause's core that cannot lose a word may run this far over
PARSE_PIPES = ("tok2vec", "tagger", "parser")  # what a headline needs of the model (no attribute_ruler: tags do)

# A verb that reports speech or findings: `X, Y said` loses `Y said`; `Y said X` keeps both when they fit.
SAY_VERBS = frozenset(
    "say says said tell tells told warn warns warned claim claims claimed suggest suggests suggested "
    "report reports reported announce announces announced confirm confirms confirmed reveal reveals revealed "
    "insist insists insisted believe believes believed add adds added argue argues argued predict predicts "
    "predicted state states stated admit admits admitted show shows showed shown find finds found indicate "
    "indicates indicated predicts estimate estimates estimated think thinks thought fear fears feared "
    "expect expects expected hope hopes hoped urge urges urged declare declares declared".split())
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays "
    "saturdays sundays weekend weekends week weeks month months year years day days "
    "today yesterday tomorrow tonight morning afternoon evening night season quarter decade period time christmas "
    "easter spring summer autumn winter january february march april may june july august september october "
    "november december jan feb mar apr jun jul aug sep sept oct nov dec".split())
# A noun that says little without the phrase right after it: `Shares in X`, `Thousands of X`, `the heart of X`.
LIGHT_NOUNS = frozenset(
    "shares share sales profits profit prices price number numbers thousands hundreds millions dozens most "
    "many some half part parts rest value cost costs rate rates level levels use sale demand supply members "
    "one two three four five six all none each lot lots bulk majority minority amount amounts total "
    "work heart centre center size life end start beginning middle future role state face eyes wake hands "
    "name case issue side top bottom kind type sort result results impact effect series range list host "
    "lack loss wave spate row scale extent pace risk return fate quality launch aftermath outcome brink verge "
    "eve height peak nature absence departure arrival death collapse wake aspect aspects form forms equivalent "
    "way those response".split())
# A noun whose clause after it is what it says: `reports (that) X`, `a bid to buy X`, `the decision to allow X`.
CONTENT_NOUNS = frozenset(
    "report reports claim claims speculation fear fears hope hopes news suggestion suggestions evidence sign signs "
    "belief warning warnings concern concerns fact rumour rumours rumor rumors view allegation allegations decision "
    "plan plans bid bids attempt attempts move moves chance right call calls pledge pledges promise promises threat "
    "threats ability failure refusal agreement proposal proposals approach offer offers effort efforts way "
    "question questions doubt doubts idea ideas demand demands order orders request requests need power powers".split())
PLACEHOLDER_NOUNS = frozenset("man woman men women people person boy girl".split())
PRONOUNS = frozenset("those one anyone someone anything something".split())
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
# Arcs whose dependent a headline keeps whenever it keeps the head.
KEEP_DEPS = frozenset({
    "nsubj", "nsubjpass", "csubj", "csubjpass", "expl", "aux", "auxpass", "neg", "dobj", "attr", "acomp",
    "oprd", "xcomp", "ccomp", "prt", "dative", "det", "predet", "compound", "amod", "nummod", "quantmod", "poss",
    "case", "nmod", "mark", "pobj", "pcomp", "hyph", "preconj", "punct", "dep"})
SEPARATORS = frozenset({",", ";", ":", "-", "–", "—", "--"})
OPEN_QUOTES = {'"': '"', "“": "”", "‘": "’", "'": "'"}
BRACKETS = {"(": ")", "[": "]"}
# Words a headline never ends on: articles, prepositions, conjunctions, auxiliaries, possessives.
# (Not words that also end a phrase as adverbs or particles: `are over`, `set up`, `as it is`.)
FUNCTION_WORDS = frozenset(
    "a an the of to for with from at into onto than by during between among amid against without within "
    "towards toward via per upon and or but nor whether because although though unless which who whom whose "
    "his its their our your my been being will would could should can may might must shall that".split())


def derive_title(sentence: str, parsed=None, limit: int = MAX_TITLE) -> str:
    """A headline from a lede's first sentence: whole when it fits, else shortened by its parse (`parsed`, the
    sentence run through the tagger and parser); without a parse (or a clause in it), cut after a clause and
    never inside quotes."""
    return headline_from(sentence, parsed, limit) or cut_plainly(clean(sentence), limit)


def headline_from(sentence: str, parsed, limit: int = MAX_TITLE) -> str | None:
    """The headline a parsed sentence makes: the whole sentence when it fits (up to limit + OVERRUN) and is a
    clause (for a sentence that fits, its tags tell: `has_finite_verb`), else its
    structural shortening; None when there is no clause or nothing fits unbroken."""
    text = clean(sentence)
    if len(text) <= limit + OVERRUN:
        return text if parsed is None or has_finite_verb(parsed) else None
    if parsed is None or not len(parsed) or main_root(parsed) is None:
        return None
    title = shorten(parsed, limit)
    if title and len(title) <= limit + OVERRUN and not structural_breaks(title):
        return title
    return None


def has_finite_verb(doc) -> bool:
    """Whether a tagged sentence has a finite verb (or a past form the tagger took for a participle: `The
    gap narrowed`), or starts with a command's verb (`Listen to …`); `Playing colours` has none."""
    return any(t.tag_ in FINITE_TAGS or t.tag_ == "VBN" for t in doc) or (len(doc) > 0 and doc[0].tag_ == "VB")


def clean(sentence: str) -> str:
    """The sentence on one line, without its full stop."""
    return strip_end(normalise(sentence))


def normalise(sentence: str) -> str:
    """The sentence on one line, a dash that lost its space given it back (`airlines- US Airways`) and a
    hyphen that gained one joined up (`set -top box`): the text the parser reads (with its full stop, as it
    was trained)."""
    text = re.sub(r"\s+", " ", sentence).strip()
    text = re.sub(r"(?<=[a-z]) -(?=[a-z])|(?<=[a-z])- (?=[a-z])", "-", text)  # `set -top box`, `re- issued`
    return re.sub(r"(?<=\w)- (?=[A-Z])", " - ", text)


_BRACKETED = re.compile(r" ?\([^()]{1,150}\)(?=[\s,.;:!?'’\"”]|$)")
_DASHED = re.compile(r" [-–—] [^-–—]{1,150}? [-–—](?= )")


def parser_text(sentence: str, limit: int = MAX_TITLE) -> str:
    """What the parser reads of a sentence: normalised, and, when the headline has to be shortened, without
    what it says in brackets or between two dashes (`(£1.8bn)`, `- including takes of All Shook Up -`), which
    a headline leaves out and which the parser reads better without."""
    text = normalise(sentence)
    if len(strip_end(text)) <= limit + OVERRUN:
        return text
    shorter = _DASHED.sub("", _BRACKETED.sub("", text))
    return shorter if len(shorter.split()) >= 4 else text


def strip_end(text: str) -> str:
    """Text without a trailing full stop, comma, colon or dash (also just inside a closing quote)."""
    text = text.rstrip(" .,;:–—-")
    if len(text) >= 2 and text[-1] in "\"”’'" and text[-2] in ".,;:":
        text = text[:-2].rstrip() + text[-1]
    return text


MAX_CANDIDATES = 8
MAX_SENTENCE = 600  # characters of a `sentence` the parser reads: a lede without full stops is cut here


def lede_sentences(doc, count: int = MAX_CANDIDATES) -> list[str]:
    """The first sentences of a processed article, each within one paragraph: the first one, and the next
    few for a lede that is no clause (`Ewood Park`, a fixture line). A sentence the sentencizer split inside a
    quote or before a lower-case word (`Mamma Mia! is …`) is joined up again."""
    found: list[str] = []
    joinable = False
    for sent in doc.sents:
        for n, piece in enumerate(sent.text.split("\n\n")):
            piece = " ".join(piece.split())
            if not piece:
                joinable = False
                continue
            if n == 0 and joinable and (piece[:1].islower() or unbalanced(found[-1])):
                found[-1] = f"{found[-1]} {piece}"[:MAX_SENTENCE]
            elif len(found) == count:
                return found
            else:
                found.append(piece[:MAX_SENTENCE])
            joinable = True
    return found


def derive_titles(nlp, candidates: Sequence[Sequence[str] | None], batch_size: int = 64) -> list[str | None]:
    """A headline for each article from its lede sentences (None for an article that has a title): the first
    sentence that makes a clause, shortened by its parse. The model reads each first sentence (the tagger
    only, when it fits whole), and a later one only where the first makes no headline (when none does, the
    first sentence is cut plainly)."""
    titles: list[str | None] = [None] * len(candidates)
    pending = [(i, 0) for i, c in enumerate(candidates) if c]
    while pending:
        parsed = read_sentences(nlp, [candidates[i][k] for i, k in pending], batch_size)
        retry = []
        for (i, k), doc in zip(pending, parsed):
            title = headline_from(candidates[i][k], doc)
            if title is not None:
                titles[i] = title
            elif doc is not None and k + 1 < len(candidates[i]):
                retry.append((i, k + 1))
        pending = retry
    return [t if t is not None or not c else derive_title(c[0]) for t, c in zip(titles, candidates)]


def read_sentences(nlp, sentences: Sequence[str], batch_size: int = 64) -> list:
    """Each sentence as the model reads it for a headline: tagged when it fits whole (is it a clause?),
    tagged and parsed when it has to be shortened."""
    fits = [len(clean(text)) <= MAX_TITLE + OVERRUN for text in sentences]
    tagged = iter(parse_sentences(nlp, [normalise(t) for t, f in zip(sentences, fits) if f], batch_size,
                                  PARSE_PIPES[:2]))
    parsed = iter(parse_sentences(nlp, [parser_text(t) for t, f in zip(sentences, fits) if not f], batch_size))
    return [next(tagged) if f else next(parsed) for f in fits]


def parse_sentences(nlp, sentences: Sequence[str], batch_size: int = 64, pipes: Sequence[str] = PARSE_PIPES) -> list:
    """Each sentence as a Doc run through the model's own tok2vec, tagger and parser (loaded, disabled, beside
    `ner`), or the first `pipes` of them; Nones when the pipeline has no parser."""
    names = getattr(nlp, "component_names", ())
    if not sentences or not all(name in names for name in PARSE_PIPES):
        return [None] * len(sentences)
    docs: Iterable = (nlp.make_doc(text) for text in sentences)
    for name in pipes:
        docs = nlp.get_pipe(name).pipe(docs, batch_size=batch_size)
    return list(docs)


# ---- shortening by structure ------------------------------------------------------------------------------


def shorten(doc, limit: int = MAX_TITLE) -> str | None:
    """The fullest headline within `limit` built from the parse: the core clause plus optional parts by
    importance. When the core alone runs over, a second try lets go of the complements it kept (`the
    decision [to allow X]`, `the man [who said X]`). None when the sentence has no verb clause to build on."""
    root = main_root(doc)
    if root is None:
        return None
    root = content_clause(root)
    parts = Parts.of(doc, root, strict=True)
    if not has_subject(root, parts.unit) or doc[parts.unit.index(0)].tag_ in ("WDT", "WP", "WP$"):
        return None  # the parser lost the subject (`Whose tour was …`, `Is being prepared …`)
    title = fill(parts, limit)
    if len(title) > limit + OVERRUN:
        title = fill(Parts.of(doc, root, strict=False), limit)
    return title


ESSENTIAL = 90.0  # a part this heavy (a verb's only phrase) may take the headline to limit + OVERRUN


def fill(parts: Parts, limit: int) -> str:
    """The core, then each optional part whose head is in, heaviest first, as long as the headline fits (an
    essential part, a verb's only phrase, as long as it fits within limit + OVERRUN)."""
    kept = {0}
    best = render(parts, kept)
    heap = [(-parts.weight[u], parts.start_of(u), u) for u in parts.children(0)]
    heapq.heapify(heap)
    while heap:
        _, _, u = heapq.heappop(heap)
        if parts.follows(u) not in kept:
            continue  # a second verb phrase only after the whole first one (`… new series [where …]`, `and win X`)
        candidate = render(parts, kept | {u})
        if len(candidate) <= limit + (OVERRUN if parts.weight[u] >= ESSENTIAL else 0):
            kept.add(u)
            best = candidate
            for child in parts.children(u):
                heapq.heappush(heap, (-parts.weight[child], parts.start_of(child), child))
    return best


def main_root(doc):
    """The verb the sentence hangs on: the first root that is a verb (the parser may see two sentences), else
    the first verb with a subject under a root the parser made of a noun (`Pop Idol supremo Simon Fuller has`)."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    for token in roots:
        if is_verb(token):
            return token
    for token in roots:
        for verb in token.subtree:
            if is_verb(verb) and verb.dep_ in ("ccomp", "conj", "parataxis", "dep") and subjects(verb):
                return verb
    return None


def is_finite(verb) -> bool:
    """Whether a verb is finite itself or by its auxiliary (`is being prepared`, `has said`)."""
    return verb.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS
                                           for c in verb.children)


def has_subject(verb, unit: list[int]) -> bool:
    """Whether a verb keeps a subject in the core, or needs none (`Listen to …`, `Don't worry`)."""
    return any(unit[c.i] == 0 for c in subjects(verb)) or commands(verb)


def commands(verb) -> bool:
    """Whether a verb is an imperative (`Listen to …`, `Spin the dial`, `don't worry`): base form, no subject,
    no auxiliary but `do`."""
    return verb.tag_ == "VB" and not subjects(verb) and all(
        c.lower_ in ("do", "don't", "n't", "not") for c in verb.children if c.dep_ in ("aux", "neg"))


def subjects(verb) -> list:
    """A verb's subjects, also those the parser hung on its auxiliary (`industry` <- `has` registered)."""
    found = [c for c in verb.children if c.dep_ in SUBJECTS]
    for aux in verb.children:
        if aux.dep_ in ("aux", "auxpass") and aux.i < verb.i:
            found += [c for c in aux.children if c.dep_ in SUBJECTS]
    return found


def is_verb(token) -> bool:
    """Whether a token is a verb (or carries an auxiliary, as `is to` does)."""
    return token.tag_ in VERB_TAGS or any(c.dep_ in ("aux", "auxpass") for c in token.children)


def content_clause(root):
    """For `X, Y said` the clause X (the news), also when the parser hung X on a root without a subject of its
    own or with only a pronoun (`X to challenge the rates` `they charge`); otherwise the root itself."""
    subject = subjects(root)
    if root.lower_ not in SAY_VERBS and subject and not all(t.tag_ == "PRP" for t in subject):
        return root
    clause = next((c for c in root.children if c.dep_ in ("ccomp", "conj") and c.i < root.i), None)
    if clause is not None and subjects(clause) and clause.left_edge.i == 0 \
            and not any(start <= clause.right_edge.i < end for start, end in asides(root.doc)):
        return clause  # (a clause never ends inside brackets or dashes: `X - including Y Shook Up - are`)
    return root


class Parts:
    """A sentence cut into parts: `unit[i]` is token i's part (0 the core a headline always keeps, -1 outside
    the clause), each other part hangs on a `parent` part and has a `weight` (how much a headline wants it)."""

    def __init__(self, doc, root):
        self.doc, self.root = doc, root
        self.unit = [-1] * len(doc)
        self.parent: dict[int, int] = {}
        self.weight: dict[int, float] = {}
        self.heads: dict[int, object] = {}  # the token each part was made for
        self.closers: set[int] = set()  # commas and dashes that close a part set off

    @classmethod
    def of(cls, doc, root, strict: bool = True) -> Parts:
        """The parts of the root's clause. Not `strict`: a noun's complement (`the heart [of X]`, `reports
        [that X]`) is a part of its own, and goes last."""
        parts = cls(doc, root)
        parts.split(strict)
        parts.set_off_with_punctuation()
        parts.add_roles()
        parts.add_asides(strict)
        parts.keep_quotes_whole()
        parts.keep_words_whole()
        parts.keep_names_whole()
        parts.reweigh_phrases()
        parts.drop_attribution()
        parts.give_subjects()
        parts.complete_copulas()
        parts.follow_neighbours()
        parts.merge_bare_clauses()
        return parts

    def new(self, parent: int, weight: float, head=None) -> int:
        """A new, empty part."""
        u = len(self.parent) + 1
        self.parent[u], self.weight[u] = parent, weight
        if head is not None:
            self.heads[u] = head
        return u

    def children(self, u: int) -> list[int]:
        """The parts that hang on part u."""
        return [c for c, up in self.parent.items() if up == u]

    def start_of(self, u: int) -> int:
        """Where a part starts in the sentence (earlier parts win ties); empty parts last."""
        return next((i for i, v in enumerate(self.unit) if v == u), len(self.unit))

    def follows(self, u: int) -> int:
        """The part a second verb phrase comes after (the one holding the word before its `and`), or the core
        for any other part."""
        token = self.heads.get(u)
        if token is None or token.dep_ != "conj":
            return 0
        before = self.start_of(u) - 1
        while before > 0 and (self.doc[before].is_punct or self.weight.get(self.unit[before], 100) <= TIME_WEIGHT):
            before -= 1  # (a time or an aside between them does not count)
        return self.unit[before] if before >= 0 and self.unit[before] >= 0 else 0

    def depth(self, u: int) -> int:
        """How many parts a part hangs below the core."""
        n = 0
        while u > 0:
            u, n = self.parent[u], n + 1
        return n

    def descends(self, u: int, ancestor: int) -> bool:
        """Whether part u hangs (at any depth) below part `ancestor`."""
        while u > 0:
            u = self.parent[u]
            if u == ancestor:
                return True
        return False

    def move(self, indices: Iterable[int], target: int) -> None:
        """Put tokens into another part; a part left without tokens hands its own parts to that part."""
        indices = list(indices)
        emptied = {self.unit[i] for i in indices} - {target, 0, -1}
        for i in indices:
            self.unit[i] = target
        for u in emptied - set(self.unit):
            for child in self.children(u):
                self.parent[child] = target

    def merge(self, found: set[int]) -> None:
        """Make several parts one: the one nearest the core."""
        owner = min(found, key=self.depth)
        self.move([i for i, v in enumerate(self.unit) if v in found], owner)

    def split(self, strict: bool) -> None:
        """Walk the clause from its root: each dependent either stays with its head or starts a part."""
        self.unit[self.root.i] = 0
        stack = [self.root]
        while stack:
            head = stack.pop()
            for child in head.children:
                if child.dep_ == "mark" and head.i == self.root.i:
                    continue  # the `that` of a clause that became the headline
                w = optional_weight(child, self.root)
                if w is None and not strict and is_complement(child):
                    w = 85.0
                self.unit[child.i] = self.unit[head.i] if w is None else self.new(self.unit[head.i], w, child)
                stack.append(child)

    def set_off_with_punctuation(self) -> None:
        """Commas and dashes go with the part they set off; an appositive or a part set off by a comma is
        whole or left out; `and` goes with a second verb phrase, `rather than` with what follows it; two
        parts set off in a row from one head (`X, from e-mail, to chatrooms,`) are one."""
        doc, unit, claimed = self.doc, self.unit, self.closers
        for u, token in list(self.heads.items()):
            start = token.left_edge.i
            if token.dep_ == "conj" and start > 0 and doc[start - 1].dep_ == "cc" \
                    and doc[start - 1].head.i == token.head.i:
                start -= 1  # `… and inspired a win`
                unit[start] = u
            if token.dep_ == "appos" or set_off(token):
                self.move(range(token.left_edge.i, token.right_edge.i + 1), u)
            while start > 0 and doc[start - 1].dep_ in ("cc", "advmod") and not doc[start - 1].n_lefts \
                    and not doc[start - 1].n_rights and unit[start - 1] == self.parent[u] \
                    and doc[start - 1].lower_ in LINKS:
                start -= 1  # `rather than [type X]`, `as well as [X]`
                unit[start] = u
            opening = doc[start - 1] if start > 0 else None
            if opening is not None and opening.i in claimed and unit[opening.i] in self.heads \
                    and self.heads[unit[opening.i]].head.i == token.head.i and unit[opening.i] != u:
                sibling = unit[opening.i]
                self.move([i for i, v in enumerate(unit) if v == u], sibling)
                claimed.discard(opening.i)
                attach_punctuation(doc, unit, sibling, start, token.right_edge.i, claimed)
                unit[opening.i] = sibling
                continue
            attach_punctuation(doc, unit, u, start, token.right_edge.i, claimed)

    def add_roles(self) -> None:
        """The description before a name (`Kremlin spokesman` Dmitry Peskov) is a part of its own."""
        for start, end in role_words(self.doc, self.root):
            if self.unit[end + 1] >= 0:
                self.move(range(start, end + 1), self.new(self.unit[end + 1], ROLE_WEIGHT))

    def add_asides(self, strict: bool) -> None:
        """What stands in brackets or between two dashes is one part, light; when the parser made it the
        subject (`X (ICBC) has seen`), it stays in the core, whole."""
        doc, unit = self.doc, self.unit
        for start, end in asides(doc):
            if unit[start] == -1 or start <= self.root.i <= end:
                continue
            if strict and any(unit[i] == 0 and doc[i].dep_ in SUBJECTS and is_verb(doc[i].head)
                              and not start <= doc[i].head.i <= end for i in range(start, end + 1)):
                u = 0
            else:
                u = self.new(unit[start - 1] if start > 0 and unit[start - 1] >= 0 else 0, 5.0)
            for i in range(start, end + 1):
                unit[i] = u

    def keep_quotes_whole(self) -> None:
        """A quote goes wholly with the part of the word that holds it in the sentence."""
        doc, unit = self.doc, self.unit
        for start, end in quotes(doc):
            tops = [i for i in range(start, end + 1) if unit[i] >= 0 and not doc[i].is_punct
                    and (doc[i].head.i == i or not start <= doc[i].head.i <= end)]
            if tops:
                owner = min((unit[i] for i in tops), key=self.depth)
                for i in range(start, end + 1):
                    unit[i] = owner

    def keep_words_whole(self) -> None:
        """The pieces of one written word (`docu-drama`, `re-issued`) are in one part."""
        for start, end in joined_words(self.doc):
            found = {self.unit[i] for i in range(start, end + 1) if self.unit[i] >= 0}
            if len(found) > 1:
                self.merge(found)

    def keep_names_whole(self) -> None:
        """A name joined by `of`, `for`, `de` (`Court of Arbitration for Sport`, `Bank of England`) is in one
        part, whatever the parser made of it."""
        for start, end in linked_names(self.doc):
            found = {self.unit[i] for i in range(start, end + 1) if self.unit[i] >= 0}
            if len(found) > 1:
                self.merge(found)

    def reweigh_phrases(self) -> None:
        """An essential phrase's `of` complement is essential too (`against the acquittal of X`); the place
        after a time (`for the first time` `in the Austrian capital`) belongs to the verb."""
        unit, parent, weight = self.unit, self.parent, self.weight
        for u, token in self.heads.items():
            if token.lower_ == "of" and token.i == token.head.i + 1 and weight.get(parent[u], 0) >= ESSENTIAL:
                weight[u] = max(weight[u], weight[parent[u]])
            time = token.head
            if token.dep_ == "prep" and is_time(time) and time.dep_ == "pobj" and unit[time.head.i] > 0 \
                    and weight.get(unit[time.head.i]) == TIME_WEIGHT and is_verb(time.head.head):
                parent[u], weight[u] = parent[unit[time.head.i]], 50.0

    def drop_attribution(self) -> None:
        """`X rose in May, but …, official figures show`: a reporting verb after the clause, with a subject of
        its own, is an attribution the parser hung on as a second verb; it never joins the headline."""
        doc, root = self.doc, self.root
        for child in root.children:
            if child.dep_ in ("conj", "parataxis") and child.i > root.i and child.lower_ in SAY_VERBS \
                    and child.i >= len(doc) - 3 and subjects(child):
                start = child.left_edge.i
                while start > root.i and doc[start - 1].text in SEPARATORS | {"but", "and"}:
                    start -= 1
                for i in range(start, child.right_edge.i + 1):
                    self.unit[i] = -1

    def give_subjects(self) -> None:
        """A finite verb the parser left without a subject (`told a court that charges [relcl] are false`)
        takes the part right before it into its own, so it never stands without one."""
        doc, unit = self.doc, self.unit
        for verb in doc:
            if unit[verb.i] < 0 or verb.dep_ not in ("ccomp", "ROOT", "conj") or not is_finite(verb) \
                    or subjects(verb):
                continue
            before = verb.left_edge.i - 1
            while before >= 0 and doc[before].dep_ in ("aux", "auxpass", "neg", "advmod") \
                    and unit[before] == unit[verb.i]:
                before -= 1
            if before >= 0 and unit[before] not in (-1, unit[verb.i]) and self.parent.get(unit[before]) == unit[verb.i]:
                self.move([i for i, v in enumerate(unit) if v == unit[before]], unit[verb.i])

    def complete_copulas(self) -> None:
        """A form of `be` with nothing after it in its part (`it will be` [up to four years before …], `are`
        [among those …]) takes its first part in: a headline never ends on `be`."""
        for verb in self.doc:
            u = self.unit[verb.i]
            if u < 0 or verb.lower_ not in BE_FORMS or any(
                    c.i > verb.i and self.unit[c.i] == u and c.dep_ not in ("punct", "cc") for c in verb.children):
                continue
            after = sorted((c for c in verb.children if c.i > verb.i and self.unit[c.i] > 0
                            and self.parent.get(self.unit[c.i]) == u), key=lambda c: c.i)
            if after:
                self.move([i for i, v in enumerate(self.unit) if v == self.unit[after[0].i]], u)

    def follow_neighbours(self) -> None:
        """Words the parser hung far from where they stand go with the part they stand in: a second conjunct
        after a part below its own (`on conflict in Iraq` `and in the Middle East`), an adverb or clause left
        after a part (`an adaptor that helps people control a mouse` `more easily`, `to challenge the rates`
        `they charge`), the first word of `thanks to`, `due to`, `ahead of` with the rest, the `where` or
        `which` that opens a relative clause with that clause."""
        doc, unit = self.doc, self.unit
        for token in doc:
            if unit[token.i] < 0 or token.i == 0:
                continue
            start, end = token.left_edge.i, token.right_edge.i
            if token.dep_ == "conj" and not is_verb(token) and start > 1 \
                    and (doc[start - 1].dep_ == "cc" or doc[start - 1].text == ","):
                start -= 1  # `hits by the Byrds` `, Ry Cooder` `and the Beach Boys`
            elif token.tag_ in ("WDT", "WP", "WP$", "WRB") and token.i == start:
                clause = next((a for a in token.ancestors if a.dep_ in ("relcl", "acl") and a.i > token.i), None)
                if clause is not None and unit[clause.i] > 0 and self.descends(unit[token.i], unit[clause.i]):
                    self.move([token.i], unit[clause.i])  # `series` [`where` children try]
                continue
            elif token.dep_ not in ("advmod", "npadvmod", "ccomp") or not is_verb(token.head) \
                    or start <= token.head.i <= end:
                following = doc[token.i + 1] if token.i + 1 < len(doc) else None
                if following is not None and MULTIWORD.get(token.lower_) == following.lower_ and not token.n_lefts \
                        and unit[following.i] > 0 and self.descends(unit[following.i], unit[token.i]):
                    self.move([token.i], unit[following.i])
                continue
            before = unit[start - 1]
            if before > 0 and before != unit[token.i] and not doc[start - 1].is_punct \
                    and self.descends(before, unit[token.head.i]):
                self.move([i for i in range(start, end + 1) if unit[i] == unit[token.i]], before)

    def merge_bare_clauses(self) -> None:
        """A clause part that is one word without its own parts (`beeps created` [as players bash buttons])
        comes only with its first part."""
        for u, token in self.heads.items():
            if token.dep_ not in ("acl", "relcl", "advcl") or self.unit.count(u) > 1:
                continue
            children = sorted(self.children(u), key=self.start_of)
            if children:
                self.move([i for i, v in enumerate(self.unit) if v == children[0]], u)


MULTIWORD = {"thanks": "to", "due": "to", "according": "to", "ahead": "of", "because": "of", "instead": "of",
             "prior": "to", "owing": "to", "regardless": "of", "next": "to", "close": "to"}


def joined_words(doc) -> list[tuple[int, int]]:
    """Token ranges of one written word split at a hyphen or slash (`re-issued`, `ex-Russian`, `4-2`)."""
    found = []
    for token in doc:
        i = token.i
        if token.text in ("-", "–", "/") and 0 < i < len(doc) - 1 and not token.whitespace_ \
                and not doc[i - 1].whitespace_:
            if found and found[-1][1] == i - 1:
                found[-1] = (found[-1][0], i + 1)
            else:
                found.append((i - 1, i + 1))
    return found


NAME_LINKS = frozenset("of for de du la le von van der del".split())


def linked_names(doc) -> list[tuple[int, int]]:
    """Token ranges of capitalised words joined by `of`, `for`, `de` (and `the` after them)."""
    found = []
    for token in doc:
        i = token.i
        if token.lower_ not in NAME_LINKS or i == 0 or not _capitalised(doc[i - 1]):
            continue
        after = i + 2 if i + 2 < len(doc) and doc[i + 1].lower_ == "the" else i + 1
        if after < len(doc) and _capitalised(doc[after]):
            if found and found[-1][1] >= i - 1:
                found[-1] = (found[-1][0], after)
            else:
                found.append((i - 1, after))
    return found


def _capitalised(token) -> bool:
    """Whether a token is a capitalised word (not the sentence's first, which is capitalised anyway)."""
    return token.i > 0 and token.text[:1].isupper() and token.text[:1].isalpha()


def role_words(doc, root) -> list[tuple[int, int]]:
    """Token ranges of a description before a name (`Kremlin spokesman` Dmitry Peskov, `Italian Prime
    Minister` Silvio Berlusconi, `US supermarket group` Winn-Dixie): the words before the name, which starts
    at a known given name or after the last common noun; an honorific (`Sir`, `Mr`) belongs to the name."""
    found = []
    for token in root.subtree:
        if token.tag_ not in ("NNP", "NNPS") or token.dep_ == "compound":
            continue
        if token.dep_ == "pobj" and token.head.head.tag_ in ("NNP", "NNPS"):
            continue  # inside a longer name: `Lord of the Rings director Peter Jackson`
        first = token.left_edge.i
        while first < token.i and ((doc[first].lower_ in ("the", "a", "an") and doc[first].head.i == token.i)
                                   or doc[first].dep_ in ("poss", "case")):
            first = doc[first].right_edge.i + 1 if doc[first].dep_ == "poss" else first + 1
        if first >= token.i or any(not first <= t.head.i <= token.i for t in doc[first:token.i]):
            continue
        name = name_start(doc, first, token.i)
        if name is None or name == first or gazetteer.is_honorific(doc[name - 1].text):
            continue
        role = doc[first:name]
        if any(gazetteer.is_title(t.text) or t.tag_ in ("NN", "NNS") for t in role) \
                and not any(t.is_punct and t.text != "-" for t in role):
            found.append((first, name - 1))
    return found


def name_start(doc, first: int, head: int) -> int | None:
    """Where a proper name ending at `head` starts after the words from `first`: at a known given name, else
    right after the last common noun; None when the words are not name-shaped (all NNP, `-` or `&`)."""
    def name_shaped(i: int) -> bool:
        return all(t.tag_ in ("NNP", "NNPS") or t.text in ("-", "&") for t in doc[i:head + 1])

    given = next((i for i in range(first, head + 1) if gazetteer.is_given_name(doc[i].text)
                  and doc[i].text[:1].isupper() and name_shaped(i)), None)
    if given is not None:
        return given
    common = [i for i in range(first, head) if doc[i].tag_ in ("NN", "NNS")]
    return common[-1] + 1 if common and name_shaped(common[-1] + 1) else None


def attach_punctuation(doc, unit: list[int], u: int, start: int, end: int, claimed: set[int]) -> None:
    """A comma or dash that sets a part off (`X, which …, has`) leaves with the part (`claimed`: the closing
    ones), and a closing one shared by two parts (`X, the chairman of Y, Z,`) stays with the outer part; a
    clause put before its head (`When you start X, you …`) takes the comma after it."""
    before = doc[start - 1] if start > 0 else None
    if before is None or before.text not in SEPARATORS or unit[before.i] == -1 or not spaced(before):
        after = doc[end + 1] if end + 1 < len(doc) - 1 else None
        if after is not None and after.text == "," and unit[after.i] != -1 and after.i not in claimed \
                and doc[end].head.i > end:
            unit[after.i] = u
        return
    unit[before.i] = u
    after = doc[end + 1] if end + 1 < len(doc) - 1 else None
    if after is not None and after.text in SEPARATORS and after.text != ";" and unit[after.i] != -1 \
            and spaced(after) and after.i not in claimed:
        unit[after.i] = u
        claimed.add(after.i)


def optional_weight(token, root) -> float | None:
    """How much a headline wants the part a token heads (higher first), or None when the token is no part to
    drop: it stays whenever its head stays."""
    dep, head = token.dep_, token.head
    if dep in KEEP_DEPS:
        return 3.0 if dep == "dep" and token.i > head.i + 1 else None
    if dep == "cc":
        return None
    if dep == "conj":  # a second verb phrase; a second name (`X and Y won`), `pick X` of `try and pick X` stay
        if head.lower_ in ("try", "tries", "go", "come", "wait") and head.i + 1 < len(head.doc) \
                and head.doc[head.i + 1].lower_ == "and":
            return None
        return 25.0 if is_verb(token) and is_verb(head) else None
    leading = head.i == root.i and token.i < root.i and token.i < min(
        (c.left_edge.i for c in subjects(root)), default=root.i)
    if leading and dep in ("prep", "advcl", "npadvmod", "advmod") and (dep != "advmod" or _followed_by_comma(token)):
        return 4.0  # `In a statement, …`, `Speaking on Monday, …`, `However, …`
    if dep == "advmod":  # `much faster than X` may go from a main verb; `back to his best` stays
        long = sum(1 for _ in token.subtree) > 3 and token.lower_ not in PARTICLES
        return 20.0 if long and head.dep_ in ("ROOT", "conj", "ccomp") else None
    if dep == "prep":
        return prep_weight(token, root)
    if dep == "agent":  # `offences missed by the referee` needs its agent
        return None if head.dep_ in ("acl", "relcl") else 45.0
    if dep in ("relcl", "acl", "advcl") and not set_off(token) and not any(True for _ in token.children):
        return None  # one word (`illegal film downloading`): the parser's guess, and too short to matter
    if dep == "acl" and head.dep_ == "pobj" and head.head.lower_ in ("with", "without"):
        return None  # `with figures expected to reach $9bn`
    if dep in ("relcl", "acl"):
        if set_off(token):
            return 15.0
        return None if is_complement(token) else 55.0
    if dep == "advcl":
        purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        return 20.0 if set_off(token) else 40.0 if purpose else 30.0
    if dep == "appos":  # `Rich Templeton, the head of X,` may go; `its star Leonardo DiCaprio` stays
        return 12.0 if set_off(token) else None
    if dep == "npadvmod":  # `last week` may go (`fell 19%` last of all); `$47 a barrel`, `40 years [after X]` stay
        if not (is_verb(head) and head.dep_ in ("ROOT", "conj", "ccomp", "xcomp")):
            return None
        return 60.0 if any(t.like_num or t.text == "%" for t in token.subtree) else 8.0
    return 5.0  # parataxis, intj, meta and the rest


PARTICLES = frozenset("out up off down over back away".split())
TIME_WEIGHT = 10.0
TIME_PREPOSITIONS = frozenset("on in at during since until by before after over throughout for this".split())
LINKS = frozenset("and or but than rather as well nor yet plus".split())
ROLE_WEIGHT = 52.0  # `Kremlin spokesman` before Dmitry Peskov: after a noun's own phrases, before a verb's


def is_complement(token) -> bool:
    """Whether a token starts what its head noun means nothing without: the clause of a content noun
    (`reports that X`, `a bid to buy X`), the phrase right after a light noun (`Shares in X`, `the heart of
    X`), the clause of a placeholder subject (`The man who said X has …`) or of `those` (`among those who X`)."""
    head = token.head
    if token.dep_ in ("relcl", "acl"):
        return head.lower_ in CONTENT_NOUNS or head.lower_ in PRONOUNS or (
            head.lower_ in PLACEHOLDER_NOUNS and head.dep_ in SUBJECTS) or (
            any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)  # `the right man to lead X`
            and any(c.lower_ in RANKING for c in head.children))
    return token.dep_ == "prep" and head.lower_ in LIGHT_NOUNS and token.i == head.i + 1 \
        and not (head.text[:1].isupper() and head.i > 0)  # (`BBC One` is a name)


BE_FORMS = frozenset("be is are was were been being 's 're am".split())
RANKING = frozenset("right best first last only ideal perfect wrong next".split())
SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")


def set_off(token) -> bool:
    """Whether a part is set off by a comma, dash or bracket before it."""
    start = token.left_edge.i
    return start > 0 and token.doc[start - 1].text in SEPARATORS | {"("}


def _followed_by_comma(token) -> bool:
    """Whether a comma comes right after a token's phrase (`However,`)."""
    end = token.right_edge.i + 1
    return end < len(token.doc) and token.doc[end].text == ","


def prep_weight(token, root) -> float | None:
    """A prepositional phrase's weight; None when it cannot go: part of a name (`Bank of England`), the
    complement of a word that says little without it (`Shares in X`, `the heart of X`, `according to X`,
    `ahead of X`), or the first phrase of a verb with no object below the root (`players included in X`)."""
    head = token.head
    obj = next((c for c in token.children if c.dep_ in ("pobj", "pcomp")), None)
    if head.tag_ in ("NNP", "NNPS") and obj is not None and obj.tag_ in ("NNP", "NNPS") and token.i == head.i + 1 \
            and token.lower_ in ("of", "for", "to", "de", "du", "von", "van"):
        return None  # part of a name: `Bank of England`, `Passport to Paradise`
    if head.dep_ in ("prep", "advmod", "prt", "acomp", "amod") and not is_verb(head) \
            and not any(c.dep_ in ("pobj", "pcomp") for c in head.children):
        return None
    if is_complement(token):
        return None
    if token.lower_ in PARTICLES and is_verb(head) and (token.i == head.i + 1 or any(
            c.dep_ == "dobj" and c.right_edge.i + 1 == token.i for c in head.children)):
        return None  # `shut out of the race`, `got the film off the ground`
    if token.lower_ == "according":
        return 2.0
    if obj is not None and is_time(obj) and token.lower_ in TIME_PREPOSITIONS:
        return TIME_WEIGHT
    proper = any(t.tag_ in ("NNP", "NNPS") for t in token.subtree)
    if is_verb(head):
        arguments = [c for c in head.children if c.dep_ in ("dobj", "attr", "acomp", "ccomp", "xcomp", "oprd")]
        first = next((c for c in head.children if c.dep_ in ("prep", "agent") and c.i > head.i), None)
        if not arguments and first is not None and first.i == token.i:
            return 90.0 if head.i == root.i else None
        return 50.0 + (5.0 if proper else 0.0)
    complement = 15.0 if token.lower_ == "of" and token.i == head.i + 1 else 0.0
    depth = sum(1 for _ in head.ancestors)
    return 60.0 + complement + (10.0 if proper else 0.0) - 2.0 * depth


def is_time(token) -> bool:
    """Whether a noun names a time (`Sunday`, `last week`, `2004`): a time adjunct goes first."""
    word = token.lower_
    return word in TIME_WORDS or (token.like_num and len(word) == 4 and word.startswith(("19", "20")))


DASHES = frozenset({"-", "–", "—", "--"})


def asides(doc) -> list[tuple[int, int]]:
    """Token ranges (inclusive) in brackets or between a pair of spaced dashes: `(£522,000)`, `- including X -`."""
    found, opened = [], []
    for token in doc:
        if token.text in BRACKETS:
            opened.append((token.i, BRACKETS[token.text]))
        elif opened and token.text == opened[-1][1]:
            found.append((opened.pop()[0], token.i))
    dashes = [t.i for t in doc if t.text in DASHES and spaced(t) and t.i > 0 and doc[t.i - 1].whitespace_]
    found += [(a, b) for a, b in zip(dashes[::2], dashes[1::2]) if b < len(doc) - 1]
    return found


def quotes(doc) -> list[tuple[int, int]]:
    """Token ranges (inclusive) inside matching quotes; an unmatched opener runs to the end. An opening mark
    stands after a space (or a bracket or dash) and before a word; `Blair's` has no quote mark."""
    regions, opened = [], None
    for token in doc:
        text = token.text
        if opened is not None and text == opened[1]:
            regions.append((opened[0], token.i))
            opened = None
        elif opened is None and text in OPEN_QUOTES and not token.whitespace_ and token.i + 1 < len(doc) \
                and (token.i == 0 or doc[token.i - 1].whitespace_ or doc[token.i - 1].text in "([-–—"):
            opened = (token.i, OPEN_QUOTES[text])
    if opened is not None:
        regions.append((opened[0], len(doc) - 1))
    return regions


def render(parts: Parts, kept: set[int]) -> str:
    """The headline the kept units make, separators tidied."""
    doc = parts.doc
    tokens = tidy([t for t in doc if parts.unit[t.i] in kept], parts.closers)
    pieces = []
    for a, b in zip(tokens, tokens[1:] + [None]):
        pieces.append(a.text)
        if b is None:
            break
        if b.i == a.i + 1:
            pieces.append(a.whitespace_)
        elif b.text in (",", ".", ";", ":", ")", "]", "!", "?") or b.text.startswith("'"):
            pieces.append("")
        else:
            pieces.append(a.whitespace_ or doc[b.i - 1].whitespace_)
    text = strip_end(re.sub(r"\s+", " ", "".join(pieces)).strip())
    return text[:1].upper() + text[1:]


def tidy(tokens: list, closers: set[int]) -> list:
    """Drop separators left at the start, at the end, doubled, or closing (but not claimed as the `closers` of
    a part kept) a part whose opening one went with it (`Supervolcano`[, a docu-drama …]`, is`), and a
    leading `and`/`but`."""
    out: list = []
    for token in tokens:
        if token.text in SEPARATORS and spaced(token) and (not out or (out[-1].text in SEPARATORS and spaced(out[-1]))
                                                           or (token.i not in closers
                                                               and closes_a_dropped_part(out[-1], token))):
            continue
        out.append(token)
    while out and ((out[-1].text in SEPARATORS and spaced(out[-1])) or out[-1].dep_ in ("cc", "mark")
                   or out[-1].text in (".",)):
        out.pop()
    while out and (out[0].dep_ in ("cc", "mark") or out[0].lower_ in ("but", "and", "so", "yet", "or")
                   or (out[0].text in SEPARATORS and spaced(out[0]))):
        out.pop(0)
    return out


def closes_a_dropped_part(previous, separator) -> bool:
    """Whether a separator comes right after a gap that a separator of the same kind opened: the pair set
    off what was left out."""
    doc = separator.doc
    opening = doc[previous.i + 1] if previous.i + 1 < separator.i else None
    return opening is not None and spaced(opening) and (opening.text == separator.text == ","
                                                        or (opening.text in DASHES and separator.text in DASHES))


def spaced(token) -> bool:
    """Whether a punctuation token stands apart (`a - b`, `a, b`), not inside a word (`ex-Russian`)."""
    return token.text in (",", ";", ":") or bool(token.whitespace_) or token.i + 1 == len(token.doc)


# ---- without a parse ------------------------------------------------------------------------------------

_CLAUSE_BREAKS = re.compile(r",\s|\s[–—-]\s|;\s|:\s|\s(?:which|who|whose|while|after|before|because|as|when|where|"
                            r"even as|despite|although|though|amid|but|and|or|so|if|until|since)\s")
_PHRASE_BREAKS = re.compile(r"\s\(|\s(?:to|of|in|for|with|by|from|on|at|into|over|under|than|that|about|against|during|"
                            r"through|between|without|within|across|towards?|via|per|among)\s")
MIN_TITLE = 30


def cut_plainly(text: str, limit: int) -> str:
    """Without a parse: cut before a clause or phrase boundary outside quotes and brackets, never mid-word,
    never ending on a small word."""
    if len(text) <= limit + OVERRUN:
        return text
    cut = last_break(text, limit)
    words = (text[:cut] if cut else text[: limit + 1].rsplit(" ", 1)[0]).split()
    while len(words) > 3 and (words[-1].lower().strip("’'\"") in STOP_WORDS or not words[-1][-1].isalnum()):
        words.pop()
    title = strip_end(" ".join(words))
    while len(words) > 3 and structural_breaks(title):
        words.pop()
        title = strip_end(" ".join(words))
    return title


def last_break(text: str, limit: int) -> int | None:
    """Where to cut: the end of the first clause (at MIN_TITLE or later) if it fits, else the last phrase
    boundary; only where no quote or bracket is open."""
    def closed(i: int) -> bool:
        return not unbalanced(text[:i])

    clauses = [m.start() for m in _CLAUSE_BREAKS.finditer(text) if MIN_TITLE <= m.start() <= limit
               and closed(m.start())]
    if clauses:
        return clauses[0]
    phrases = [m.start() for m in _PHRASE_BREAKS.finditer(text) if MIN_TITLE <= m.start() <= limit
               and closed(m.start())]
    return phrases[-1] if phrases else None


# ---- what counts as broken --------------------------------------------------------------------------------

_GLUED_DASH = re.compile(r"\w[-–—]\s|\s[-–—]\w")
_WORD = re.compile(r"[\w’'-]+")


def unbalanced(text: str) -> bool:
    """Whether a quote or bracket is opened and not closed (or closed and not opened)."""
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return True
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return True
    opened = len(re.findall(r"(?:^|[\s(\[])‘", text))
    closed = len(re.findall(r"’(?=$|[\s,.;:!?)\]])", text)) - len(re.findall(r"s’(?=$|[\s,.;:!?)\]])", text))
    return opened != closed and opened > 0


def structural_breaks(title: str) -> list[str]:
    """What reads as broken in a headline, by mechanical rules: unbalanced quotes or brackets, a glued or
    trailing hyphen, a trailing comma or function word. (Whether it has a verb needs a tagger: `has_verb`.)"""
    found = []
    if unbalanced(title):
        found.append("unbalanced quote or bracket")
    if _GLUED_DASH.search(title):
        found.append("hyphen glued to one word only")
    if title.rstrip().endswith(("-", "–", "—")):
        found.append("trailing hyphen")
    if title.rstrip().endswith((",", ";", ":")):
        found.append("trailing comma")
    words = _WORD.findall(title)
    if words and (words[-1] in FUNCTION_WORDS or (len(words) == 1 and words[-1].lower() in FUNCTION_WORDS)):
        found.append("ends on a function word")
    return found


def has_verb(doc) -> bool:
    """Whether a tagged headline has a verb anywhere."""
    return any(t.tag_ in VERB_TAGS for t in doc)


def is_imperative(doc) -> bool:
    """Whether a parsed headline is a command (`Forget about X`, `If you have finished X, don't worry`)."""
    root = main_root(doc)
    return root is not None and commands(root)


def has_main_verb(doc) -> bool:
    """Whether a parsed headline's root is a verb with its subject: a clause, not a noun phrase."""
    root = main_root(doc)
    return root is not None and bool(subjects(root))


# ---- photo captions ---------------------------------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_TAIL = re.compile(
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    rf"(?:(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})\s*\.?$"
)
MIN_CAPTION_WORDS = 8
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z\"“‘]")
MAX_CAPTION = 400
_TERMINAL = (".", "!", "?", "”", '"', "’", "'", ":", ";", ")")


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph reads as a photo caption a scrape left in the story: a scene described without
    a closing full stop (often ending in the photo's date), where every story paragraph ends a sentence."""
    text = paragraph.strip()
    if not text[:1].isupper() or len(text) > MAX_CAPTION or "\n" in text or _SENTENCE_BREAK.search(text):
        return False
    if text.split()[-1].lower() in STOP_WORDS:  # a paragraph cut off mid-sentence, not a caption
        return False
    dated = bool(_DATE_TAIL.search(text))
    unfinished = not text.endswith(_TERMINAL)
    return unfinished and (dated or len(text.split()) >= MIN_CAPTION_WORDS)


def find_captions(paragraphs: list[str]) -> list[str]:
    """The paragraphs (after the lede) that are photo captions."""
    return [text for index, text in enumerate(paragraphs) if index > 0 and is_caption(text)]
