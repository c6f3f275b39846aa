"""Extraction on a Dask cluster: the seeds go to the workers in batches, each worker runs the same per-batch step
as a local build (`nlp.extract_batch`) with the model it loaded once, and the results come back as they finish.

Workers import `broadsheet` and load the model by name; neither the model nor a file path crosses the network,
only the seeds (their text, sent with the task) and the small Extracted records."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from functools import lru_cache

from ..core.data import Extracted, Seed
from ..core.diagnostics import UserError

CONNECT_SECONDS = 10  # to reach the scheduler
WORKER_SECONDS = 60  # for a first worker to join a scheduler that has none
LOCAL_WORKERS = 2  # workers of `--scheduler local` when `processes` is 0
TASKS_PER_WORKER = 4  # batches per worker at least, so the work evens out when batches take unequal times
TASK_CHARS = 4_000_000  # text in one task at most (a batch of long seeds is split)

_MODELS: dict[str, tuple[object, threading.Lock]] = {}
_MODELS_LOCK = threading.Lock()


def worker_model(name: str):
    """On a worker: the model and the lock that guards it, loaded on the first batch and kept for the rest.
    Workers that share a process (threads) share one model, used by one of them at a time."""
    with _MODELS_LOCK:
        if name not in _MODELS:
            from .nlp import load_nlp

            _MODELS[name] = (load_nlp(name), threading.Lock())
        return _MODELS[name]


@lru_cache(maxsize=4)
def worker_extractor(model: str) -> str:
    """On a worker: the identity of its extraction code and model (`extractor_id`), read once."""
    from . import extractor_id

    return extractor_id(model)


def extract_task(model: str, seeds: list[Seed], batch_size: int, extractor: str) -> list[Extracted]:
    """On a worker: one batch extracted, sent back without the seeds (the client has them); refused (E265)
    when this worker's extraction code or model is not the builder's, whose content files would differ."""
    from .nlp import extract_batch

    if worker_extractor(model) != extractor:
        from distributed import get_worker

        raise UserError(
            f"[E265] the Dask worker at {get_worker().address} has other extraction code or another model "
            f"({worker_extractor(model)}) than this build ({extractor}), so its content files would differ; "
            "install the same Broadsheet version and model on this machine and every worker (`pip install "
            "--no-deps .` from the same checkout) and restart the workers")
    nlp, lock = worker_model(model)
    with lock:
        return [replace(ex, seed=None) for ex in extract_batch(nlp, seeds, batch_size)]


class Cluster:
    """A connection to a Dask scheduler (or a LocalCluster, for `local`), made on first use and closed with
    `close()`."""

    def __init__(self, address: str, processes: int = 0):
        self.address = address
        self.processes = processes
        self._stack = ExitStack()
        self._client = None

    def client(self):
        """The connected client; UserError E260 when the scheduler cannot be reached, E261 when it has no
        worker."""
        if self._client is None:
            self._client = self._stack.enter_context(self._connect())
            self._wait_for_workers()
        return self._client

    def _connect(self):
        from distributed import Client

        if self.address == "local":
            return Client(self._stack.enter_context(local_cluster(self.processes or LOCAL_WORKERS)))
        try:
            return Client(self.address, timeout=f"{CONNECT_SECONDS}s")
        except (OSError, TimeoutError) as exc:
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise UserError(
                f"[E260] cannot reach the Dask scheduler at {self.address} ({reason}); start one there with "
                f"`dask scheduler` and workers with `dask worker {self.address}`, check the address and port "
                "(and any firewall), or build without --scheduler to extract on this machine") from None

    def _wait_for_workers(self) -> None:
        try:
            self._client.wait_for_workers(1, timeout=WORKER_SECONDS)
        except TimeoutError:
            raise UserError(
                f"[E261] the Dask scheduler at {self.address} has no workers (waited {WORKER_SECONDS} s), so "
                f"nothing was extracted; start some with `dask worker {self.address}` on machines that have "
                "Broadsheet and the model installed, then build again") from None

    def workers(self) -> int:
        return max(1, len(self.client().scheduler_info().get("workers", {})))

    def close(self) -> None:
        self._stack.close()
        self._client = None


def local_cluster(workers: int, processes: bool = True):
    """A LocalCluster of single-threaded workers on this machine, quiet, with no dashboard (its HTTP server
    on a free local port, never a fixed one another program may hold)."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None,
                        silence_logs=logging.ERROR, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


def task_batches(seeds: list[Seed], workers: int, batch_size: int) -> list[list[Seed]]:
    """The seeds in consecutive batches: at most batch_size seeds (fewer, so each worker gets several) and
    TASK_CHARS of text each (a seed longer than that goes alone)."""
    size = max(1, min(batch_size, math.ceil(len(seeds) / (workers * TASKS_PER_WORKER))))
    batches: list[list[Seed]] = []
    chars = 0
    for seed in seeds:
        if not batches or len(batches[-1]) >= size or chars + len(seed.body) > TASK_CHARS:
            batches.append([])
            chars = 0
        batches[-1].append(seed)
        chars += len(seed.body)
    return batches


def extract_all(cluster: Cluster, model: str, seeds: list[Seed], batch_size: int = 64, progress=None,
                extractor: str | None = None) -> Iterator[Extracted]:
    """Extracted metadata for every seed, in the seeds' order, computed on the cluster's workers.

    Every batch is sent at once; progress ticks as each one comes back, and each is yielded as soon as those
    before it are in (the order decides which of two same-titled new articles gets the plain slug, so the
    content files are the bytes a local build writes). A worker that dies has its batch run again by Dask;
    a batch that kills workers again and again is reported (E262)."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    if not seeds:
        return
    from . import extractor_id

    client = cluster.client()
    extractor = extractor or extractor_id(model)
    batches = task_batches(seeds, cluster.workers(), batch_size)
    futures = [client.submit(extract_task, model, batch, batch_size, extractor, pure=False) for batch in batches]
    order = {future.key: i for i, future in enumerate(futures)}
    done: dict[int, list[Extracted]] = {}
    next_batch = 0
    try:
        for future in as_completed(futures):
            i = order[future.key]
            done[i] = _result(future, batches[i], cluster.address, KilledWorker, FutureCancelledError)
            for _ in done[i]:
                if progress:
                    progress()
            while next_batch in done:
                for ex, seed in zip(done.pop(next_batch), batches[next_batch]):
                    yield replace(ex, seed=seed)
                next_batch += 1
    finally:
        client.cancel([f for f in futures if not f.done()])


def _result(future, batch: list[Seed], address: str, killed, cancelled) -> list[Extracted]:
    """A finished batch's extractions; UserError for a batch that killed its workers, a worker that cannot
    load the model, or a scheduler lost on the way."""
    try:
        return future.result()
    except killed:
        raise UserError(
            f"[E262] a batch of {len(batch)} seeds (the first {batch[0].rel}) stopped every Dask worker that ran it, "
            "so the build stopped; the batches finished before it are written. Look in the workers' logs (out of "
            "memory? lower batch_size), then build again: only what is not written yet is extracted") from None
    except UserError as exc:
        if str(exc).startswith("[E265]"):
            raise UserError(str(exc)) from None
        raise UserError(f"[E263] a Dask worker could not extract: {exc}\n(install it on every worker machine)"
                        ) from None
    except (cancelled, OSError) as exc:
        raise UserError(
            f"[E264] lost the Dask scheduler at {address} while extracting ({type(exc).__name__}); the batches "
            "finished before are written: build again once it is back, and only the rest is extracted") from None
