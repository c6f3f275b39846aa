"""content/write.remove_orphans: a content file goes only when its seed, inside the seeds folder, is gone."""

from __future__ import annotations

from broadsheet.content.read import ContentFile
from broadsheet.content.write import remove_orphans
from broadsheet.core.diagnostics import Diagnostics


def test_a_content_file_goes_only_when_its_seed_inside_the_seeds_folder_is_gone_however_its_source_is_written(
        tmp_path):
    project = tmp_path / "project"
    seeds, content = project / "seeds", project / "content"
    (seeds / "sub").mkdir(parents=True)
    content.mkdir()
    (project / "imported").mkdir()
    (project / "alias").symlink_to(seeds, target_is_directory=True)  # another way into the seeds folder
    (seeds / "here.txt").write_text("a seed")
    (seeds / "linked.txt").symlink_to(project / "imported" / "elsewhere.txt")  # a link to a seed gone from outside
    sources = {
        "seeds/gone.txt": True,  # its seed is gone: the file goes
        "alias/gone-too.txt": True,  # the same, through a linked folder
        "seeds/sub/../gone-three.txt": True,
        "seeds/here.txt": False,  # its seed is there
        "imported/copy.txt": False,  # made from something outside the seeds folder: never ours to remove
        "seeds/../imported/other.txt": False,
        "seeds/linked.txt": False,  # resolves outside the seeds folder
        "seeds/missing/../linked.txt": False,  # the same link, by way of a folder that is not there
        "seeds/..": False,
    }
    index = {}
    for number, source in enumerate(sources):
        path = content / f"article-{number}.md"
        path.write_text("---\ntitle: x\n---\n")
        index[source] = ContentFile(path, f"article-{number}", source, "0" * 64, "x", edited=False)
    removed = remove_orphans(index, seeds, project, set(), Diagnostics(echo=False))
    assert sorted(removed) == sorted(index[source].path for source, goes in sources.items() if goes)
    assert all(index[source].path.exists() != goes for source, goes in sources.items())
