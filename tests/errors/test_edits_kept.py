"""A content/ file a person edited is never overwritten or deleted, and the build says what it did instead."""

from __future__ import annotations

SEED_A = " date 2022-04-01 The mayor of Leeds opened a new library on Monday.\n"
SEED_B = " date 2022-04-02 Farmers near York began the harvest early this year.\n"


def content_file(project, source: str):
    [path] = [p for p in project.content.glob("*.md") if f"source: seeds/{source}" in p.read_text()]
    return path


def test_an_edited_file_whose_seed_changed_is_kept_and_the_new_extraction_written_beside_it(project):
    project.seed("a.txt", SEED_A)
    project.build()
    path = content_file(project, "a.txt")
    edited = path.read_text().replace("opened a new library", "opened a new LIBRARY")
    path.write_text(edited)
    project.seed("a.txt", SEED_A.replace("Monday", "Tuesday"))
    _, diagnostics = project.build()
    assert [str(d) for d in diagnostics.items] == [
        f"{path}: warning [W131] you edited this file and its seed seeds/a.txt changed; your edit is kept and the "
        f"new extraction is in {path.name}.new: merge what you want, then delete it"]
    assert path.read_text() == edited
    assert "on Tuesday" in path.with_name(path.name + ".new").read_text()
    assert "new LIBRARY" in project.page(f"articles/{path.stem}/index.html")


def test_an_edited_file_whose_seed_is_deleted_is_kept_and_an_unedited_one_removed(project):
    project.seed("a.txt", SEED_A)
    project.seed("b.txt", SEED_B)
    project.build()
    kept, dropped = content_file(project, "a.txt"), content_file(project, "b.txt")
    kept.write_text(kept.read_text().replace("checksum:", "checksum-removed-by-a-person:"))
    (project.seeds / "a.txt").unlink()
    (project.seeds / "b.txt").unlink()
    project.seed("c.txt", SEED_A.replace("Leeds", "York"))  # an empty seeds folder would remove nothing at all
    _, diagnostics = project.build()
    assert [str(d) for d in diagnostics.items] == [
        f"{kept}: warning [W130] its seed seeds/a.txt is gone, but you edited this file, so it was kept; "
        "delete it to remove the article"]
    assert kept.is_file() and not dropped.exists()
    assert (project.site / "articles" / kept.stem / "index.html").is_file()
