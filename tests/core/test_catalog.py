"""load_catalog: the entry files checked in worker processes give what one process gives."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from generator.core import catalog as catalog_module
from generator.core.catalog import InvalidList, load_catalog
from tests.conftest import REPO


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The start methods of the worker pools made while the test runs (the cache off: every file checked)."""
    made: list[str] = []
    real = multiprocessing.get_context

    def get_context(method: str | None = None):  # type: ignore[no-untyped-def]
        made.append(str(method))
        return real(method)

    monkeypatch.setattr(catalog_module.multiprocessing, "get_context", get_context)
    monkeypatch.setenv("AWESOME_LAM_NO_CACHE", "1")
    return made


def loaded(root: Path, parallel_from: int, monkeypatch: pytest.MonkeyPatch) -> object:
    """The catalog of `root`, or the problems that stopped it, with files shared from `parallel_from`."""
    monkeypatch.setattr(catalog_module, "PARALLEL_FROM", parallel_from)
    try:
        return load_catalog(root)
    except InvalidList as exc:
        return exc.problems


def test_workers_give_the_real_list_as_one_process_does(forks: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    alone = loaded(REPO, 10**9, monkeypatch)
    assert forks == []
    shared = loaded(REPO, 10, monkeypatch)  # 681 files: one share per core
    assert forks == ["fork"] or len(os.sched_getaffinity(0)) == 1
    assert shared == alone


def test_workers_report_every_problem_of_every_file_in_order(forks: list[str], lam_root: Path, write_entry,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for n, entry in enumerate(sorted((REPO / "entries" / "speech-synthesis").glob("*.md"))[:30]):
        text = entry.read_text(encoding="utf-8")
        if n % 7 == 3:
            text = text.replace("\nkind: ", "\nkind: [", 1)  # a YAML error
        elif n % 7 == 5:
            text = text.replace("\nadded: ", "\nadded_on: ", 1)  # an unknown key, a missing one
        write_entry(f"entries/speech-synthesis/{entry.name}", text)
    for data in ("source-hosts.yml", "unconfirmed.yml"):
        (lam_root / "data").mkdir(exist_ok=True)
        (lam_root / "data" / data).write_bytes((REPO / "data" / data).read_bytes())
    alone = loaded(lam_root, 10**9, monkeypatch)
    shared = loaded(lam_root, 4, monkeypatch)
    assert isinstance(alone, list) and len(alone) >= 8  # every broken file, with its problems
    assert shared == alone


def test_a_process_with_other_threads_checks_its_files_itself(forks: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking copies a lock another thread may hold (mkdocs serve watches files in threads)."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        shared = loaded(REPO, 10, monkeypatch)
    finally:
        stop.set()
        other.join()
    assert forks == []
    assert shared == loaded(REPO, 10**9, monkeypatch)


_PARENT = os.getpid()
_CHECK_SHARE = catalog_module._check_share


def _killed_in_a_worker(texts):  # type: ignore[no-untyped-def]
    """`_check_share`, but a worker process dies at once, as the out-of-memory killer would leave it."""
    if os.getpid() != _PARENT:
        os._exit(9)
    return _CHECK_SHARE(texts)


def test_a_worker_that_dies_stops_the_load_instead_of_hanging(forks: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: no worker is started")
    monkeypatch.setattr(catalog_module, "_check_share", _killed_in_a_worker)
    with pytest.raises(BrokenProcessPool):
        loaded(REPO, 10, monkeypatch)
