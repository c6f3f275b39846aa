"""The archive's evidence about a one-word name, pooled over every article: its word's lower-case share and what
stands around it wherever the archive writes it capitalised; and what the committed weights make of it."""

from __future__ import annotations

from collections import Counter

from broadsheet.archive import evidence
from broadsheet.core.data import EntityRef


def test_the_cues_around_a_capitalised_word_are_counted_once_per_occurrence():
    cues = evidence.word_cues("Fans of the Premiership said Windows XP sold. Mr Everton said so. Xbox consoles "
                              "sold; the Xbox team met Everton's fans. Windows Vista came.")
    key = lambda word, cue: cues[word + evidence.CUE + cue]
    assert key("Premiership", "the") == 1 and key("Premiership", "speech") == 1
    assert key("Windows", "cap") == 2
    assert key("Everton", "title") == 1 and key("Everton", "possessive") == 1 and key("Everton", "speech") == 1
    assert key("Xbox", "thing") == 1 and key("Xbox", "lower") == 1 and key("Xbox", "the") == 1
    assert not any(k.startswith("XP" + evidence.CUE) for k in cues)  # an acronym is no common word's shape


def test_word_counts_keep_the_cues_apart_from_the_words():
    counts = evidence.archive_words(["Everton beat the Everton reserves.", "everton is no word."])
    assert counts["Everton"] == 2 and counts["everton"] == 1
    assert counts["Everton" + evidence.CUE + "the"] == 1
    assert evidence.counted_word("Everton" + evidence.CUE + "the") == "Everton"
    shares = evidence.cue_shares(counts, "Everton")
    assert shares["the"] == 0.5 and shares["lower"] == 1.0 and shares["cap"] == 0.0
    assert evidence.cue_shares(counts, "Arsenal") == {}


def test_a_word_the_archive_writes_inside_longer_names_weighs_less_than_one_it_writes_alone():
    """Same first-step confidence, same lower-case share: `Windows` (always before a capitalised word, `Windows
    XP`) keeps less of it than `Everton` (alone, with the cues of a club), by the committed archive weights."""
    alone = ["Everton won again, and Everton's fans sang. Mr Moyes said Everton were good."] * 6
    inside = ["Windows XP sold well. Windows Vista will follow, and Windows Media too."] * 6
    refs = {"a": (EntityRef("Everton", "organization", 2, (), 0.7),),
            "b": (EntityRef("Windows", "organization", 2, (), 0.7),)}
    weighed = evidence.reweigh_archive(refs, Counter(evidence.archive_words(alone + inside)))
    assert weighed["b"][0].confidence < weighed["a"][0].confidence
    assert weighed["b"][0].confidence < 0.7 < weighed["a"][0].confidence


def test_cues_are_counted_for_exactly_the_words_a_one_word_name_is_weighed_by():
    words = ["Everton", "EVERTON", "McDonald", "eBay", "Bbc", "Ab", "Xbox", "Wal", "Ipod"]
    cues = evidence.word_cues(" ".join(f"the {word} said." for word in words))
    for word in words:
        assert (word + evidence.CUE + "the" in cues) == evidence.is_plain_word(word), word
