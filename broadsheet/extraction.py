"""Where the seed half runs spaCy: in this process (a model loaded in a background thread, or one `serve` keeps
between builds), in a child process that loads the model while this one reads what the site half needs, or on
a Dask cluster (extract/cluster.py)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .core.config import Config
from .core.data import Extracted, Seed
from .core.diagnostics import UserError

CLOSE_SECONDS = 10  # for a child with nothing left to do to leave before it is stopped


class Model:
    """The spaCy model extraction runs, loaded in a background thread from the moment `start` is called, so
    that loading overlaps the rest of the build's start-up; `get` waits for it. A Model kept between builds
    (serve) loads once; one made from an already loaded pipeline never loads anything."""

    def __init__(self, nlp=None):
        self._given = nlp
        self._name: str | None = None
        self._nlp = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self, name: str) -> None:
        """Begin loading model `name` unless it is loaded, or loading, already."""
        with self._lock:
            if self._given is not None or (self._name == name and self._thread is not None):
                return
            self._name, self._nlp, self._error = name, None, None
            self._thread = threading.Thread(target=self._load, args=(name,), name="spaCy model", daemon=True)
            self._thread.start()

    def _load(self, name: str) -> None:
        try:
            from .extract import nlp as extract

            self._nlp = extract.load_nlp(name)
        except BaseException as exc:  # raised where the model is wanted (get)
            self._error = exc

    def get(self, name: str):
        """The loaded model `name` (the given pipeline, if one was given)."""
        if self._given is not None:
            return self._given
        self.start(name)
        self.wait()
        if self._error is not None:
            error, self._name, self._thread = self._error, None, None  # the next build tries again
            raise error
        return self._nlp

    def wait(self) -> None:
        """Until the loading thread is done (before the build forks workers: none is copied mid-import)."""
        thread = self._thread
        if thread is not None:
            thread.join()


class ModelProcess:
    """The spaCy model loaded, and the seeds extracted, in a forked child process started by `start`: a build
    that loads the model for its own use (one in a fresh process) reads, meanwhile, on this core what its site
    half will need (importing spaCy and loading the model take about a second, on the other core). The child
    extracts as `extract.nlp.extract_all` does in this process (forking its own workers for many seeds) and
    sends each extraction back as it is made; it leaves when told to (`close`), or when this process is gone: its
    pipe ends, and on Linux a child forked while a build holds its lock is killed with it (core/lock.py)."""

    def __init__(self, batch_size: int, processes: int):
        self.batch_size, self.processes = batch_size, processes
        self._process = None
        self._conn = None
        self._busy = False  # a list of seeds sent whose extractions are not all back
        self._served = False  # a list of seeds was sent

    @staticmethod
    def usable() -> bool:
        """A child can load the model on another core: processes can be forked, and there is a core to spare."""
        import multiprocessing

        return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= 2

    forked = 0  # children this process has started

    @staticmethod
    def wanted() -> bool:
        """A child pays off: it can be had, spaCy is not imported here yet, and this is the process's first build
        that loads a model of its own. A process that builds again and again (a script, a test session) loads
        the model here from its second such build on, and keeps it (`extract.nlp.load_nlp` is cached)."""
        return not ModelProcess.forked and "spacy" not in sys.modules and ModelProcess.usable()

    def start(self, name: str) -> None:
        """Begin loading model `name` in the child, unless it was begun."""
        if self._process is not None:
            return
        import multiprocessing

        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()
        self._process = context.Process(target=_child, args=(there, here, name, self.batch_size, self.processes),
                                        name="spaCy model", daemon=False)  # daemon=False: it may fork workers
        self._process.start()
        ModelProcess.forked += 1
        there.close()
        self._conn = here

    def extract_all(self, name: str, seeds: list[Seed], tick: Callable[[], None],
                    meanwhile: Callable[[], None] | None = None) -> Iterator[Extracted]:
        """The extractions of the seeds, in order, as the child makes them; `meanwhile` runs here first, while
        the child loads the model."""
        self.start(name)
        if meanwhile is not None:
            meanwhile()
        self._busy = self._served = True  # until the child says it is done with the list
        try:
            self._conn.send(seeds)
        except OSError:  # gone already (killed while it loaded the model, say)
            self._stopped()
        while True:
            try:
                kind, value = self._conn.recv()
            except (EOFError, OSError):  # the pipe ended or was reset: the child is gone
                self._stopped()
            if kind == "extracted":
                yield value
                tick()
                continue
            self._busy = False
            if kind == "error":
                raise value
            return  # "end": every seed of the list is done

    def _stopped(self) -> None:
        """The child is gone before it said it was done: one message, no traceback."""
        self._process.join(CLOSE_SECONDS)
        raise UserError(f"the process extracting the seeds stopped (exit code {self._process.exitcode}: killed, or "
                        "out of memory?); the seeds it extracted before are in content/: build again to extract the "
                        "rest") from None

    def close(self) -> None:
        """Tell the child to leave and wait for it; stopped at once if it is still extracting, or was never given
        anything to extract (the build stopped early)."""
        if self._process is None:
            return
        polite = self._served and not self._busy
        if polite:
            try:
                self._conn.send(None)
            except OSError:
                pass
        self._conn.close()
        if not polite:
            self._process.kill()
        self._process.join(CLOSE_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._process = self._conn = None


def _child(conn, parents_end, name: str, batch_size: int, processes: int) -> None:
    """In the child: load the model, then extract each list of seeds received, sending back each extraction, then
    "end" (or the error that stopped it); leave on None, or when the parent is gone (its end of the pipe, which
    the fork copied here too, is closed first: with the parent gone, the pipe then ends)."""
    import gc

    parents_end.close()

    gc.freeze()  # what the parent made is never collected here: not gone over (nor copied page by page) by a pass
    error: BaseException | None = None
    nlp = None
    try:
        from .extract import nlp as extract

        nlp = extract.load_nlp(name)
    except BaseException as exc:  # sent in answer to the first list of seeds
        error = exc
    while True:
        try:
            seeds = conn.recv()
        except (EOFError, OSError):
            return
        if seeds is None:
            return
        try:
            if error is not None:
                raise error
            for extracted in extract.extract_all(nlp, seeds, batch_size, processes):
                conn.send(("extracted", extracted))
            conn.send(("end", None))
        except (BrokenPipeError, EOFError):
            return
        except BaseException as exc:
            import traceback

            if not isinstance(exc, UserError):  # a bug: its traceback in the child goes with it
                exc.add_note("in the process extracting the seeds:\n" + traceback.format_exc().rstrip())
            conn.send(("error", _sendable(exc)))


def _sendable(exc: BaseException) -> BaseException:
    """The exception itself when it can be sent to the parent, else one of the same words."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


@contextmanager
def model_for_build(nlp, config: Config) -> Iterator[Model | ModelProcess]:
    """The model a build's seed half extracts with: `nlp` (a Model kept between builds, or a loaded pipeline), or
    one of its own, loaded in a child process when that pays off (ModelProcess.wanted), else here; a child it
    started is stopped when the block ends, however it ends (an error or Ctrl+C while the seeds are scanned)."""
    if isinstance(nlp, Model):
        yield nlp
        return
    own = nlp is None and not config.scheduler and ModelProcess.wanted()
    model = ModelProcess(config.batch_size, config.processes) if own else Model(nlp)
    try:
        yield model
    finally:
        if isinstance(model, ModelProcess):
            model.close()


@contextmanager
def run_extraction(config: Config, model: Model | ModelProcess, meanwhile: Callable[[], None] | None = None):
    """extract_all(seeds, tick) on this machine, or on the Dask cluster config.scheduler names (connected on
    first use, closed at the end: the model is never loaded here). `meanwhile`: work the build would do after
    extracting that does not depend on it, run once while a child process loads the model (ModelProcess)."""
    if config.scheduler:
        from .extract import cluster

        workers = cluster.Cluster(config.scheduler, config.processes)
        try:
            yield lambda seeds, tick: cluster.extract_all(workers, config.model, seeds, config.batch_size, tick)
        finally:
            workers.close()
        return
    if isinstance(model, ModelProcess):
        model.start(config.model)  # if no seed surely needed it before: forked before any progress bar's thread
        pending = [meanwhile]

        def extract_there(seeds: list[Seed], tick) -> Iterator[Extracted]:
            work, pending[0] = pending[0], None
            return model.extract_all(config.model, seeds, tick, work)

        try:
            yield extract_there
        finally:
            model.close()
        return

    def extract_here(seeds: list[Seed], tick) -> Iterator[Extracted]:
        from .extract import nlp as extract

        return extract.extract_all(model.get(config.model), seeds, config.batch_size, config.processes, tick)

    try:
        yield extract_here
    finally:
        model.wait()
