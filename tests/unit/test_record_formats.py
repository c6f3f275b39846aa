"""Seeds in the formats archives hold: JSON Lines, CSV, saved web pages, WARC files and RSS/Atom feeds.

Each reader is tested on small files written here, bad records included: one warning each, with the file
and line (or the record's place), and the rest of the file read."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import socket
import tracemalloc
from pathlib import Path

import pytest

from broadsheet.core.diagnostics import Diagnostics
from broadsheet.extract.formats import Container, Options, read_seed, record_rel

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
PAGE = (DATA / "saved-page.html").read_bytes()
STORY = "The council said on Monday that the new bridge over the river would open in the spring, after two years of work."
PLAIN = STORY.replace(",", "")  # for CSV cells written without quotes


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Reading a seed never touches the network (trafilatura and feedparser can fetch addresses: never here)."""
    def refuse(*args, **kwargs):
        raise AssertionError("a seed reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def read_all(path: Path, fields: dict | None = None, max_bytes: int = 1_000_000):
    """(sources, {source: Seed or None}, warnings as 'code line message', container) of one multi-record file."""
    diagnostics = Diagnostics(echo=False)
    container = Container(path, f"seeds/{path.name}", Options.of(max_bytes, fields or {}))
    records = list(container.records(diagnostics))
    found = {rel: seed for rel, seed, _ in container.seeds({r.rel for r in records}, diagnostics)}
    complete, skipped = container.complete, container.skipped
    warnings = [f"{d.code} {d.line} {d.message}" for d in diagnostics.items]
    container.complete, container.skipped = complete, skipped  # as the first pass left them
    return [r.rel for r in records], found, warnings, container


def write_jsonl(tmp_path: Path, *lines: object, name: str = "news.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
                    encoding="utf-8")
    return path


# --- JSON Lines ---------------------------------------------------------------------------------------------

def test_jsonl_records_keep_title_date_body_url_authors_and_section(tmp_path):
    path = write_jsonl(tmp_path, {"id": "a1", "title": "Bridge to open", "date": "2024-03-04", "body": STORY,
                                  "url": "https://news.example.org/bridge", "author": "Ann Lee",
                                  "section": "Local"})
    sources, seeds, warnings, _ = read_all(path)
    seed = seeds["seeds/news.jsonl#a1"]
    assert warnings == [] and sources == ["seeds/news.jsonl#a1"]
    assert (seed.title, seed.date, seed.body) == ("Bridge to open", dt.date(2024, 3, 4), STORY)
    assert (seed.source_url, seed.authors, seed.section) == ("https://news.example.org/bridge", ("Ann Lee",), "Local")


def test_jsonl_reads_news_please_and_trafilatura_exports_without_configuration(tmp_path):
    news_please = {"url": "https://example.com/a", "title": "Strike ends", "maintext": f"{STORY}\nA second paragraph.",
                   "date_publish": "2017-02-09 14:03:00", "authors": ["Ann Lee", "Bo Chan"], "source_domain": "x"}
    trafilatura = {"source": "https://example.com/b", "title": "Vote held", "text": STORY, "date": "2021-05-06",
                   "author": "Cy Dee; Di Eve", "categories": "Politics;UK", "fingerprint": "1234", "id": None}
    _, seeds, warnings, _ = read_all(write_jsonl(tmp_path, news_please, trafilatura))
    first, second = seeds["seeds/news.jsonl#https:%2F%2Fexample.com%2Fa"], seeds["seeds/news.jsonl#https:%2F%2Fexample.com%2Fb"]
    assert warnings == []
    assert first.body == f"{STORY}\n\nA second paragraph." and first.date == dt.date(2017, 2, 9)
    assert first.authors == ("Ann Lee", "Bo Chan") and first.source_url == "https://example.com/a"
    assert second.authors == ("Cy Dee", "Di Eve") and second.section == "Politics" and second.date == dt.date(2021, 5, 6)


def test_config_names_the_fields_of_other_exports(tmp_path):
    path = write_jsonl(tmp_path, {"headline_text": "Port reopens", "story": STORY, "link": "https://x.org/p",
                                  "written_by": "Ann Lee", "desk": "Business"})
    _, seeds, warnings, _ = read_all(path, {"title": "headline_text", "body": ["story"], "author": "written_by",
                                            "section": "desk"})
    seed = seeds["seeds/news.jsonl#https:%2F%2Fx.org%2Fp"]
    assert warnings == [] and (seed.title, seed.authors, seed.section) == ("Port reopens", ("Ann Lee",), "Business")


def test_a_record_is_known_by_its_id_or_url_never_its_line(tmp_path):
    one = {"id": "7", "title": "A", "body": STORY}
    two = {"url": "https://x.org/b", "title": "B", "body": STORY}
    first, _, _, _ = read_all(write_jsonl(tmp_path, one, two, name="a.jsonl"))
    again, _, _, _ = read_all(write_jsonl(tmp_path, {"id": "8", "body": STORY}, two, one, name="a.jsonl"))
    assert sorted(first) == ["seeds/a.jsonl#7", "seeds/a.jsonl#https:%2F%2Fx.org%2Fb"]
    assert sorted(again) == sorted(first + ["seeds/a.jsonl#8"])


def test_a_record_hashes_what_is_read_from_it_so_key_order_and_other_fields_change_nothing(tmp_path):
    before = Container(write_jsonl(tmp_path, {"id": "1", "title": "A", "body": STORY, "downloaded": "2024-01-01"}),
                       "seeds/news.jsonl", Options.of(10**6, {}))
    sha = next(before.records(Diagnostics(echo=False))).sha256
    write_jsonl(tmp_path, {"downloaded": "2025-06-01", "body": STORY, "title": "A", "id": "1"})
    assert next(before.records(Diagnostics(echo=False))).sha256 == sha
    write_jsonl(tmp_path, {"id": "1", "title": "A changed", "body": STORY})
    assert next(before.records(Diagnostics(echo=False))).sha256 != sha


def test_bad_json_lines_each_get_one_warning_with_their_line_and_the_rest_is_read(tmp_path):
    path = write_jsonl(tmp_path, {"id": "1", "body": STORY}, '{"id": "2", "body": "cut off', "[1, 2]", "",
                       {"id": "3", "title": "No text"}, {"id": "4", "body": STORY, "title": ["not", "text"]},
                       {"id": "5", "body": STORY, "url": "javascript:alert(1)"}, {"id": "6", "body": STORY})
    sources, seeds, warnings, container = read_all(path)
    assert [w.split(" ", 2)[:2] for w in warnings] == [["W205", "2"], ["W206", "3"], ["W216", "6"], ["W209", "5"],
                                                       ["W217", "7"]]
    assert "not valid JSON" in warnings[0] and "'title' must be text" in warnings[2]
    assert [s.rsplit("#", 1)[1] for s in sources] == ["1", "3", "4", "5", "6"]
    assert seeds["seeds/news.jsonl#3"] is None and seeds["seeds/news.jsonl#5"].source_url is None
    assert seeds["seeds/news.jsonl#4"].title is None and not container.complete  # records were lost: remove none


def test_a_repeated_id_keeps_both_records_and_an_exact_repeat_is_skipped(tmp_path):
    record = {"id": "9", "title": "A", "body": STORY}
    sources, _, warnings, container = read_all(write_jsonl(tmp_path, record, dict(record, title="B"), record))
    assert len(sources) == 2 and sources[0] == "seeds/news.jsonl#9" and sources[1].startswith("seeds/news.jsonl#9~")
    assert [w.split(" ", 2)[:2] for w in warnings] == [["W210", "2"], ["W210", "3"]] and container.skipped == 1


def test_a_record_over_max_seed_bytes_is_skipped_without_being_read_whole(tmp_path):
    path = write_jsonl(tmp_path, {"id": "1", "body": "word " * 5000}, {"id": "2", "body": STORY})
    sources, _, warnings, _ = read_all(path, max_bytes=2000)
    assert sources == ["seeds/news.jsonl#2"] and warnings[0].startswith("W211 1 record is over max_seed_bytes")


def test_a_long_identity_is_cut_to_one_bounded_path_segment(tmp_path):
    key = "https://x.org/" + "../" * 200 + "a#b c"
    sources, _, _, _ = read_all(write_jsonl(tmp_path, {"url": key, "body": STORY}))
    rel = sources[0]
    assert len(rel) <= len("seeds/news.jsonl#") + 200 and "/" not in rel.split("#", 1)[1] and " " not in rel


def test_a_long_file_name_and_identity_still_make_a_source_the_file_system_can_look_up(tmp_path):
    rel = record_rel("seeds/" + "n" * 200 + ".jsonl", "https://x.org/" + "é" * 100)
    assert len(rel.rsplit("/", 1)[1].encode()) <= 255 and not (tmp_path / rel).exists()  # no 'name too long'


def test_a_jsonl_file_of_100000_records_streams_in_memory_that_does_not_grow_with_it(tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"id": "{}", "title": "Story", "date": "2024-01-02", "body": STORY * 8}).replace("{}", "{0}")
    with path.open("w", encoding="utf-8") as file:
        for number in range(100_000):
            file.write(line.replace("{0}", f"r{number}") + "\n")
    container = Container(path, "seeds/big.jsonl", Options.of(10**6, {}))
    tracemalloc.start()
    try:
        count = sum(1 for _ in container.records(Diagnostics(echo=False)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 100_000
    assert peak < path.stat().st_size / 3  # one record at a time, and a small index of identities


# --- CSV ----------------------------------------------------------------------------------------------------

def test_csv_rows_are_articles_under_a_header_of_column_names(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text('Title,Date,Body,URL,Author,Section,ID\n"Bridge, at last",2024-03-04,"' + STORY +
                    '\n\nSecond paragraph.",https://x.org/b,Ann Lee,Local,b1\n', encoding="utf-8")
    _, seeds, warnings, _ = read_all(path)
    seed = seeds["seeds/sheet.csv#b1"]
    assert warnings == [] and seed.title == "Bridge, at last" and seed.body == f"{STORY}\n\nSecond paragraph."
    assert (seed.date, seed.authors, seed.section) == (dt.date(2024, 3, 4), ("Ann Lee",), "Local")


def test_csv_with_semicolons_and_a_bad_row_reads_the_rest(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(f"id;title;body\n1;One;{STORY}\n2;only two\n3;Three;{STORY};extra\n4;Four;{STORY}\n",
                    encoding="utf-8")
    sources, _, warnings, _ = read_all(path)
    assert [s.rsplit("#", 1)[1] for s in sources] == ["1", "4"]
    assert [w.split(" ", 2)[:2] for w in warnings] == [["W207", "3"], ["W207", "4"]]
    assert "too few columns" in warnings[0] and "too many columns" in warnings[1]


def test_csv_with_an_unclosed_quote_skips_that_row_and_reads_on(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(f'id,title,body\n1,One,{PLAIN}\n2,"Two,{PLAIN}\n3,Three,{PLAIN}\n', encoding="utf-8")
    sources, _, warnings, _ = read_all(path)
    assert [s.rsplit("#", 1)[1] for s in sources] == ["1", "3"] and warnings[0].startswith("W212 3 row is not valid CSV")


def test_csv_without_a_text_column_names_the_columns_it_found(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("name,score\nAnn,3\n", encoding="utf-8")
    sources, _, warnings, container = read_all(path)
    assert sources == [] and warnings[0].startswith("W208 1 no column holds article text") and "name, score" in warnings[0]
    assert not container.complete


def test_csv_that_is_not_utf8_is_read_as_windows_1252_with_one_warning(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(f"id,title,body\n1,Caf\xe9,{PLAIN}\n2,Na\xefve,{PLAIN}\n".encode("cp1252"))
    _, seeds, warnings, _ = read_all(path)
    assert seeds["seeds/sheet.csv#1"].title == "Café" and [w.split(" ", 2)[:2] for w in warnings] == [["W219", "2"]]


# --- saved web pages ----------------------------------------------------------------------------------------

def test_a_saved_page_gives_its_main_text_title_date_author_address_and_captions(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE)
    diagnostics = Diagnostics(echo=False)
    seed = read_seed(path, "seeds/page.html", diagnostics, 10**6)
    assert diagnostics.items == []
    assert seed.title == "Flood defences fail in York" and seed.date == dt.date(2024, 1, 5)
    assert seed.authors == ("Jane Smith",) and seed.section == "UK"
    assert seed.source_url == "https://news.example.org/2024/01/flood-york"
    assert seed.captions == ("Residents waded through Skeldergate on Friday morning",)
    assert seed.body.startswith("Flood defences in York failed on Friday")
    for left_out in ("Home", "Buy cheap watches", "disgrace", "Copyright"):
        assert left_out not in seed.body


@pytest.mark.parametrize("html", [b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav>"
                                  b"<div class='ad'>Buy now</div></body></html>", b"", b"\x00\x01\x02 not a page"])
def test_a_page_with_no_main_text_is_skipped_with_one_warning(tmp_path, html):
    path = tmp_path / "menu.html"
    path.write_bytes(html)
    diagnostics = Diagnostics(echo=False)
    assert read_seed(path, "seeds/menu.html", diagnostics, 10**6) is None
    assert [d.code for d in diagnostics.items] == ["W213"] and diagnostics.items[0].path == "seeds/menu.html"


# --- WARC ---------------------------------------------------------------------------------------------------

def write_warc(path: Path, compress: bool) -> bytes:
    """A small crawl: warcinfo, a request, the article twice, an image, a 404 and a menu page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)

    def response(uri, body, kind="text/html; charset=utf-8", status="200 OK"):
        headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))

    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
    request = StatusAndHeaders("GET /york HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example.org/york", "request", http_headers=request))
    response("https://news.example.org/york", PAGE)
    response("https://news.example.org/logo.png", b"\x89PNG\r\n", "image/png")
    response("https://news.example.org/gone", b"<html><body>Not found</body></html>", status="404 Not Found")
    response("https://news.example.org/menu", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    response("https://news.example.org/york", PAGE)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_warc_reads_each_html_response_as_a_page_and_counts_the_rest(tmp_path, name):
    write_warc(tmp_path / name, name.endswith(".gz"))
    sources, seeds, warnings, container = read_all(tmp_path / name)
    york = f"seeds/{name}#https:%2F%2Fnews.example.org%2Fyork"
    assert sources == [york, f"seeds/{name}#https:%2F%2Fnews.example.org%2Fmenu"]
    assert seeds[york].title == "Flood defences fail in York" and seeds[york].authors == ("Jane Smith",)
    assert container.skipped == 5  # warcinfo, request, image, 404, the second capture of the article
    assert len(warnings) == 1 and warnings[0].startswith("W213 None record at byte") and "/menu" in warnings[0]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_truncated_warc_keeps_the_records_before_the_damage(tmp_path, name):
    data = write_warc(tmp_path / name, name.endswith(".gz"))
    (tmp_path / name).write_bytes(data[:-40])  # inside the last record
    sources, _, warnings, container = read_all(tmp_path / name)
    assert sources[0].endswith("#https:%2F%2Fnews.example.org%2Fyork") and not container.complete
    assert [w.split(" ", 2)[0] for w in warnings if "W213" not in w] == ["W214"]
    assert "truncated or damaged after byte" in next(w for w in warnings if w.startswith("W214"))


def test_a_file_that_is_not_a_warc_gets_one_warning(tmp_path):
    (tmp_path / "notes.warc.gz").write_bytes(gzip.compress(b"just some notes\n"))
    sources, _, warnings, _ = read_all(tmp_path / "notes.warc.gz")
    assert sources == [] and len(warnings) == 1 and "is not a WARC file" in warnings[0]


# --- feeds --------------------------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazette</title>
<link>https://gazette.example.org/</link><description>News</description>
<item><title>Rail strike called off</title><link>https://gazette.example.org/rail</link><guid>rail-1</guid>
<pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate><author>jo@example.org (Jo Bloggs)</author><category>Transport</category>
<description>Short summary only.</description>
<content:encoded><![CDATA[<p>{STORY}</p><figure><img src="a.jpg"><figcaption>Pickets outside the depot</figcaption></figure><p>Talks go on.</p>]]></content:encoded></item>
<item><title>Summary only</title><link>https://gazette.example.org/s</link>
<description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item>
<item><title>Nothing at all</title><link>https://gazette.example.org/n</link></item>
</channel></rss>
"""


def test_feed_entries_are_articles_with_full_content_else_the_summary(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    sources, seeds, warnings, container = read_all(path)
    rail = seeds["seeds/feed.rss#rail-1"]
    assert rail.body == f"{STORY}\n\nPickets outside the depot\n\nTalks go on."
    assert rail.captions == ("Pickets outside the depot",) and rail.date == dt.date(2021, 9, 6)
    assert (rail.authors, rail.section, rail.source_url) == (("Jo Bloggs",), "Transport", "https://gazette.example.org/rail")
    assert seeds["seeds/feed.rss#https:%2F%2Fgazette.example.org%2Fs"].body == STORY
    assert len(sources) == 3 and warnings == ["W209 None entry 3: no article text (looked for a body field: body, text, "
                                              "maintext, content, article, raw_text, or the name `fields: body:` gives "
                                              "in config.yaml); skipped"]
    assert container.keeps_missing  # an entry that leaves the feed stays in the archive


def test_an_atom_feed_is_read_too(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>G</title><id>urn:g</id>
<updated>2024-01-01T00:00:00Z</updated><entry><title>Atom story</title><id>urn:a1</id>
<link href="https://g.example.org/a1"/><updated>2024-01-01T10:00:00Z</updated><author><name>Ann Lee</name></author>
<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>""", encoding="utf-8")
    _, seeds, warnings, _ = read_all(path)
    seed = seeds["seeds/feed.atom#urn:a1"]
    assert warnings == [] and (seed.title, seed.authors, seed.body) == ("Atom story", ("Ann Lee",), STORY)


def test_a_feed_that_is_not_xml_gets_one_warning_with_its_line(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("Not a feed at all,\njust text\n", encoding="utf-8")
    sources, _, warnings, container = read_all(path)
    assert sources == [] and len(warnings) == 1 and warnings[0].startswith("W215 ")
    assert "feed is not well-formed XML" in warnings[0] and warnings[0].split()[1].isdigit()  # its line
    assert not container.complete


def test_a_truncated_feed_keeps_the_entries_before_the_damage(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(RSS[: RSS.index("<item><title>Summary only")] + "<item><title>Cut", encoding="utf-8")
    sources, _, warnings, _ = read_all(path)
    assert sources[0] == "seeds/feed.xml#rail-1" and warnings[0].startswith("W215 8 feed is not well-formed XML")


def test_config_fields_must_name_known_fields_and_columns(tmp_path):
    from broadsheet.core.config import load_config
    from broadsheet.core.diagnostics import UserError

    config = tmp_path / "config.yaml"
    config.write_text("fields:\n  headline: title\n  body: [1, 2]\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_config(config)
    assert "fields 'headline' is not a field Broadsheet reads" in str(raised.value)
    assert "fields 'body' must be a column name or a list of them" in str(raised.value)
    config.write_text("fields:\n  body: [story, text]\n  title: headline\n", encoding="utf-8")
    assert load_config(config).fields == {"body": ["story", "text"], "title": "headline"}
