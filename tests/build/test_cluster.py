"""Extraction on a Dask cluster writes the very bytes a local build writes; a cluster that cannot be used is one
error naming it. The tests run an in-process LocalCluster (two workers sharing the session's model)."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from broadsheet.commands.cli import main
from broadsheet.core.data import Seed
from broadsheet.extract import cluster
from broadsheet.extract.nlp import extract_all

TEXTS = [
    " date 2022-01-03 Angela Merkel met Emmanuel Macron in Paris.\n\nMerkel said Germany would keep buying gas.",
    " date 2022-01-04 Farmers in Kherson began the harvest early.\n\nThe harvest was small, said Oleksandr Ivanov.",
    " date 2022-01-05 Nokia said profits rose as sales in Finland recovered.",
    " date 2022-01-06 The Palestinian Authority (PA) said Mahmoud Abbas would travel to Cairo.",
    " date 2022-01-07 Kremlin spokesman Dmitry Peskov said Vladimir Putin would speak. Peskov gave no date.",
]


@pytest.fixture(scope="module")
def local_cluster(nlp):
    """A two-worker LocalCluster in this process: its workers find the session's model already loaded."""
    with cluster.local_cluster(2, processes=False) as running:
        yield running.scheduler_address


def _seeds(project) -> None:
    """Seven seeds, two of them opening with the same sentence (so their derived titles want the same slug)."""
    for i, text in enumerate(TEXTS):
        project.seed(f"news/{i}.txt", text + "\n")
    project.seed("news/5.txt", TEXTS[0] + "\n\nA second story with the same lede.\n")
    project.seed("news/6.txt", " date 2022-01-08 Sales of Nokia phones fell in Finland.\n")


def test_a_cluster_build_writes_the_same_content_files_as_a_local_build(project, tmp_path_factory, local_cluster):
    _seeds(project)
    project.config("title: Test archive\nbase_url: https://example.org/\nsearch: false\nbatch_size: 2\nprocesses: 1\n")
    local, diagnostics = project.build()
    assert diagnostics.items == [] and local.articles_new == 7
    expected = project.files("content")

    other = tmp_path_factory.mktemp("on-cluster")
    shutil.copytree(project.seeds, other / "seeds")
    shutil.copy(project.root / "config.yaml", other / "config.yaml")
    (other / "config.yaml").write_text(f"{(other / 'config.yaml').read_text()}scheduler: {local_cluster}\n")
    project.root = other
    on_cluster, diagnostics = project.build()
    assert diagnostics.items == [] and on_cluster.articles_new == 7
    assert project.files("content") == expected  # file names and bytes
    assert len({name for name in expected if name.startswith("angela-merkel-met")}) == 2

    again, _ = project.build()
    assert again.articles_unchanged == 7 and again.articles_new == 0


def test_results_stream_back_in_order_and_tick_the_progress_bar(nlp, local_cluster):
    seeds = [Seed(path=Path(f"{i}.txt"), rel=f"seeds/{i}.txt", sha256=str(i), body=text.split(" ", 3)[3])
             for i, text in enumerate(TEXTS * 3)]
    workers = cluster.Cluster(local_cluster)
    ticks = []
    try:
        remote = list(cluster.extract_all(workers, "en_core_web_sm", seeds, batch_size=2,
                                          progress=lambda: ticks.append(1)))
    finally:
        workers.close()
    assert remote == list(extract_all(nlp, seeds, batch_size=2, processes=1))
    assert len(ticks) == len(seeds)
    assert len(cluster.task_batches(seeds, 2, 64)) == 8  # smaller batches, so both workers keep busy


def _closed_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


def test_an_unreachable_scheduler_is_one_error_naming_it(project, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    _seeds(project)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    assert main(["build", "--config", str(project.root / "config.yaml"), "--scheduler", address, "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: [E260] cannot reach the Dask scheduler at {address}")
    assert "dask scheduler" in err and "Traceback" not in err and err.count("\n") == 1
    assert not project.content.exists() or list(project.content.glob("*.md")) == []


def test_a_scheduler_without_workers_is_one_error(project, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "WORKER_SECONDS", 0.2)
    _seeds(project)
    with cluster.local_cluster(0, processes=False) as empty:
        code = main(["build", "--config", str(project.root / "config.yaml"), "--scheduler",
                     empty.scheduler_address, "-q"])
    assert code == 2
    err = capsys.readouterr().err
    assert f"[E261] the Dask scheduler at {empty.scheduler_address} has no workers" in err and "Traceback" not in err


def test_a_scheduler_address_that_is_none_is_refused_before_anything(project, capsys):
    _seeds(project)
    assert main(["build", "--config", str(project.root / "config.yaml"), "--scheduler", "myhost 8786"]) == 2
    err = capsys.readouterr().err
    assert "--scheduler: 'scheduler' must be a Dask scheduler's address such as tcp://10.0.0.5:8786" in err
    project.config("scheduler: [a, b]\n")
    assert main(["build", "--config", str(project.root / "config.yaml")]) == 2
    assert "'scheduler' must be a string" in capsys.readouterr().err


def test_a_worker_without_the_model_is_one_error_saying_to_install_it(project, local_cluster, capsys):
    _seeds(project)
    project.config(f"model: no_such_model\nsearch: false\nscheduler: {local_cluster}\n")
    assert main(["build", "--config", str(project.root / "config.yaml"), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: [E263] a Dask worker could not extract: spaCy model 'no_such_model' is not installed")
    assert "install it on every worker machine" in err and "Traceback" not in err


def test_a_worker_with_other_extraction_code_is_refused(local_cluster):
    from broadsheet.core.diagnostics import UserError

    seeds = [Seed(path=Path("0.txt"), rel="seeds/0.txt", sha256="0", body="Nokia said profits rose.")]
    workers = cluster.Cluster(local_cluster)
    try:
        with pytest.raises(UserError, match=r"^\[E265\] the Dask worker at \S+ has other extraction code"):
            list(cluster.extract_all(workers, "en_core_web_sm", seeds, extractor="broadsheet-extract 1 (rules x)"))
    finally:
        workers.close()
