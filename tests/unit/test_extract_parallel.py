"""Extraction on several cores gives exactly what one core gives, in the same order."""

from pathlib import Path

from broadsheet.core.data import Seed
from broadsheet.extract.nlp import extract_all

TEXTS = [
    "Angela Merkel met Emmanuel Macron in Paris.\n\nMerkel said Germany would keep buying gas.",
    "Farmers in Kherson began the harvest early.",
    "Nokia said profits rose as sales in Finland recovered.",
    "The Palestinian Authority (PA) said Mahmoud Abbas would travel to Cairo. Mr Abbas met PA officials.",
    "Kremlin spokesman Dmitry Peskov said Vladimir Putin would speak. Peskov gave no date.",
]


def test_parallel_extraction_matches_serial_extraction(nlp):
    seeds = [Seed(path=Path(f"{i}.txt"), rel=f"seeds/{i}.txt", sha256=str(i), body=text)
             for i, text in enumerate(TEXTS * 3)]
    ticks = []
    serial = list(extract_all(nlp, seeds, batch_size=4, processes=1))
    parallel = list(extract_all(nlp, seeds, batch_size=4, processes=2, progress=lambda: ticks.append(1)))
    assert parallel == serial
    assert [e.seed.rel for e in parallel] == [s.rel for s in seeds]
    assert len(ticks) == len(seeds)
    assert any(e.name == "Mahmoud Abbas" for e in serial[3].entities)
