"""Integration tests: the `awesome-lam` CLI on temporary lists, in-process, and as real processes where that matters."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator.cli import main
from tests.conftest import REPO, entry_text, problem_lines, run_cli, run_process

SPEECHGPT = "entries/foundation-models/speechgpt.md"


def test_build_writes_readme_and_contributing(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text())
    result = run_cli(lam_root, "build")
    assert result.returncode == 0, result.stderr
    assert "wrote README.md, assets/timeline-light.svg, assets/timeline-dark.svg, CONTRIBUTING.md" in result.stderr
    readme = (lam_root / "README.md").read_text(encoding="utf-8")
    assert "- [SpeechGPT](https://arxiv.org/abs/2305.11000) - Model: Automatic speech recognition, May 2023." in readme
    assert "## Audio Foundation Models" in readme
    assert "| `tasks` | list of allowed values | no |" in (lam_root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    again = run_cli(lam_root, "build")
    assert "nothing changed" in again.stderr


def test_python_dash_m_and_console_script_agree(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text())
    script = Path(os.environ.get("VIRTUAL_ENV", REPO / ".venv")) / "bin" / "awesome-lam"
    if not script.exists():
        script = Path(shutil.which("awesome-lam") or "")
    assert script.is_file(), "the awesome-lam console script is installed"
    import subprocess

    out = subprocess.run([str(script), "--root", str(lam_root), "stats", "--format", "json"], capture_output=True, text=True)
    assert out.returncode == 0 and json.loads(out.stdout)["entries"] == 2


def test_check_passes_when_fresh_and_fails_when_stale(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text())
    assert run_cli(lam_root, "build").returncode == 0
    assert run_cli(lam_root, "check").returncode == 0
    write_entry("entries/foundation-models/speechgpt.md", entry_text(brief='"Speech chat model on LLaMA"'))
    before = (lam_root / "README.md").read_bytes()
    result = run_cli(lam_root, "check")
    assert result.returncode == 1
    assert "README.md:1: generated: is out of date with entries/; run `awesome-lam build` and commit it" in result.stderr
    assert (lam_root / "README.md").read_bytes() == before, "check writes nothing"


@pytest.mark.parametrize("image", ["assets/timeline-light.svg", "assets/timeline-dark.svg"])
def test_build_writes_the_timeline_images_and_check_fails_when_one_is_stale_or_missing(lam_root: Path, write_entry, image: str) -> None:
    write_entry(SPEECHGPT, entry_text())
    assert run_cli(lam_root, "build").returncode == 0
    svg = (lam_root / image).read_text(encoding="utf-8")
    assert ET.fromstring(svg).get("viewBox") and ">SpeechGPT</text>" in svg
    assert '<source media="(prefers-color-scheme: dark)" srcset="assets/timeline-dark.svg">' in (lam_root / "README.md").read_text(encoding="utf-8")
    stale = f"{image}:1: generated: is out of date with entries/; run `awesome-lam build` and commit it"
    (lam_root / image).write_text(svg.replace("SpeechGPT", "SpeechGPT-2"), encoding="utf-8")
    result = run_cli(lam_root, "check")
    assert result.returncode == 1 and stale in result.stderr
    (lam_root / image).unlink()
    result = run_cli(lam_root, "check")
    assert result.returncode == 1 and stale in result.stderr
    assert not (lam_root / image).exists(), "check writes nothing"
    assert run_cli(lam_root, "build").returncode == 0
    assert (lam_root / image).read_text(encoding="utf-8") == svg
    assert run_cli(lam_root, "check").returncode == 0


def test_invalid_entry_exact_output_and_exit_code(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text(tasks="[asr, tts2]", date='"2023-13"'))
    result = run_cli(lam_root, "validate")
    assert result.returncode == 1
    lines = problem_lines(result.stderr)
    assert lines[0] == "entries/foundation-models/speechgpt.md:5: date: '2023-13' is not a valid date; write YYYY, YYYY-MM or YYYY-MM-DD"
    assert lines[1].startswith("entries/foundation-models/speechgpt.md:7: tasks: item 2 unknown value 'tts2'; did you mean 'tts'? allowed: asr, tts")
    assert lines[-1] == "awesome-lam: 2 error(s) in 1 file(s)"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xef\xbb\xbf" + entry_text().encode(), "speechgpt.md:1: file: starts with a byte order mark (BOM); save it as UTF-8 without BOM"),
        (b"---\ntitle: \xff\n---\nBody.\n", "speechgpt.md:2: file: is not valid UTF-8 (byte 11); save it as UTF-8"),
        (entry_text().replace("---\nA LLaMA", "A LLaMA").encode(), "speechgpt.md:1: front matter: has no closing '---' line; end the YAML block with '---'"),
        (b"---\ntitle: 'unterminated\nkind: model\n---\nBody.\n", "speechgpt.md:3: yaml: syntax error:"),
        (b"---\na: &a [x, x]\nb: [*a, *a]\n---\nBody.\n", "speechgpt.md:3: b.0: YAML anchors and aliases (&, *) are not allowed; write the value out"),
        (b"---\n" + b"x: y\n" * 60000 + b"---\n", "speechgpt.md:1: file: is larger than 256 KiB; an entry is one short summary"),
        (b"---\n- just\n- a list\n---\nBody.\n", "speechgpt.md:2: front matter: must be a YAML mapping (`key: value` lines)"),
        (entry_text().replace("\n", "\r\n").encode(), None),
    ],
)
def test_broken_files_fail_cleanly(lam_root: Path, write_entry, content: bytes, expected: str | None) -> None:
    write_entry(SPEECHGPT, content)
    result = run_cli(lam_root, "validate")
    assert "Traceback" not in result.stderr
    if expected is None:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 1
    assert problem_lines(result.stderr)[0].startswith("entries/foundation-models/" + expected), result.stderr


def test_failed_build_leaves_the_previous_readme_untouched(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text())
    assert run_cli(lam_root, "build").returncode == 0
    before = (lam_root / "README.md").read_bytes()
    write_entry("entries/music/broken.md", entry_text(title='"Other"', kind="nonsense", arxiv=None, links="\n  paper: https://e.org/x"))
    result = run_cli(lam_root, "build")
    assert result.returncode == 1
    assert "nothing written" in result.stderr
    assert (lam_root / "README.md").read_bytes() == before
    assert not list(lam_root.glob(".README.md.*")), "no temporary files are left behind"


def test_github_and_json_formats(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text(kind="modle"))
    github = run_cli(lam_root, "validate", "--format", "github")
    assert problem_lines(github.stderr)[0].startswith(
        "::error file=entries/foundation-models/speechgpt.md,line=4,title=kind [field-value]::unknown value 'modle'; did you mean 'model'?"
    )
    data = json.loads(run_cli(lam_root, "--format", "json", "validate").stdout)
    assert data[0]["path"] == SPEECHGPT and data[0]["line"] == 4 and data[0]["field"] == "kind"


def test_annotations_under_github_actions(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text(kind="modle"))
    result = run_cli(lam_root, "validate", env={"GITHUB_ACTIONS": "true"})
    assert result.stderr.count("speechgpt.md:4: kind:") == 1
    assert "::error file=entries/foundation-models/speechgpt.md,line=4,title=kind [field-value]::" in result.stderr


def test_validate_given_files_only_but_cross_rules_against_all(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text())
    write_entry("entries/music/bad.md", entry_text(title='"Bad"', kind="x", arxiv=None, links="\n  paper: https://e.org/b"))
    write_entry("entries/speech-recognition/copy.md", entry_text(name="Copy", title='"Another title"', links="\n  paper: https://e.org/c"))
    ok = run_cli(lam_root, "validate", SPEECHGPT)
    assert ok.returncode == 1, "the copy's arXiv id clashes with speechgpt"
    assert all(line.startswith(SPEECHGPT) for line in problem_lines(ok.stderr)[:-1])
    assert "the same arXiv id is also used by entries/speech-recognition/copy.md" in ok.stderr
    only_bad = run_cli(lam_root, "validate", "entries/music/bad.md")
    assert only_bad.returncode == 1 and "entries/music/bad.md:4: kind:" in only_bad.stderr
    assert run_cli(lam_root, "validate", "missing.md").returncode == 2


def test_validate_refuses_files_that_are_not_entries(lam_root: Path) -> None:
    (lam_root / "README.md").write_text("# A list\n", encoding="utf-8")
    (lam_root / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    result = run_cli(lam_root, "validate", "README.md", "pyproject.toml")
    assert result.returncode == 2 and "valid" not in result.stderr
    assert result.stderr.strip() == (
        "awesome-lam: README.md is not a file of the list; give entry files (entries/<section>/<id>.md), data files or folders under entries/"
    )


def test_exit_statuses_of_a_real_process(lam_root: Path, write_entry) -> None:
    """What the shell sees from `python -m generator`: 0 valid, 1 problems, 2 usage."""
    write_entry(SPEECHGPT, entry_text())
    assert run_process(lam_root, "validate").returncode == 0
    write_entry("entries/music/bad.md", entry_text(kind="x"))
    invalid = run_process(lam_root, "validate")
    assert invalid.returncode == 1 and "entries/music/bad.md:4: kind: unknown value 'x'" in invalid.stderr
    usage = run_process(lam_root, "frobnicate")
    assert usage.returncode == 2 and "invalid choice: 'frobnicate'" in usage.stderr


def test_usage_errors_exit_2(lam_root: Path) -> None:
    assert run_cli(lam_root, "frobnicate").returncode == 2
    assert run_cli(lam_root, "validate", "--format", "yaml").returncode == 2
    markdown = run_cli(lam_root, "validate", "--format", "markdown")
    assert markdown.returncode == 2
    assert markdown.stderr.strip() == "awesome-lam: --format markdown is not offered by `validate`; use one of text, github, json"
    assert run_cli(lam_root, "stats", "--newest", "-5").returncode == 2


def test_exit_codes_mean_the_same_for_every_command(lam_root: Path, write_entry, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """0 success, 1 problems (also unreadable data), 2 usage, 3 a bug: documented in generator/lib/errors.py."""
    write_entry(SPEECHGPT, entry_text())
    (lam_root / "data").mkdir()
    (lam_root / "data" / "repo-health.json").write_text("{oops", encoding="utf-8")
    for command in (["validate"], ["check"], ["links", "--no-cache"], ["meta", "--dry-run"]):
        assert main(["--root", str(lam_root), *command]) == 1, command
        assert "data/repo-health.json is not valid" in capsys.readouterr().err
    (lam_root / "data" / "repo-health.json").unlink()
    assert main(["--root", str(lam_root), "links", "--max-age", "soon"]) == 2
    assert main(["--root", str(lam_root), "meta", "--max-age", "soon"]) == 2
    monkeypatch.setattr("generator.cli.load_catalog", lambda root: 1 / 0)
    assert main(["--root", str(lam_root), "validate"]) == 3
    assert "awesome-lam: internal error: ZeroDivisionError: division by zero (this is a bug; please report it)" in capsys.readouterr().err


def test_quiet_keeps_problems_and_results_and_verbose_adds_details(lam_root: Path, write_entry,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    write_entry(SPEECHGPT, entry_text())
    assert main(["--root", str(lam_root), "--quiet", "validate"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["--root", str(lam_root), "stats", "-q", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["entries"] == 2 and err == ""
    write_entry("entries/music/bad.md", entry_text(kind="x"))
    assert main(["--root", str(lam_root), "validate", "--quiet"]) == 1
    assert "entries/music/bad.md:4: kind: unknown value 'x'" in capsys.readouterr().err
    assert run_cli(lam_root, "validate", "--quiet", "--verbose").returncode == 2  # one or the other


def test_root_without_entries(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "validate")
    assert result.returncode == 1
    assert result.stderr.startswith("entries:1: folder: not found under")


def test_stats(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text(code="released", links="\n  paper: https://arxiv.org/abs/2305.11000\n  code: https://github.com/a/b"))
    text = run_cli(lam_root, "stats").stdout
    assert text.startswith("2 entries, 1 with official code, 0 benchmark tables")
    assert re.search(r"foundation-models +1\n", text) and "Newest additions:" in text
    data = json.loads(run_cli(lam_root, "stats", "--format", "json").stdout)
    assert data["by_task"]["asr"] == 2 and data["by_year"] == {"2023": 2}  # SpeechGPT and the survey


def test_two_builds_at_once_never_leave_a_torn_readme(lam_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text())
    results = []
    threads = [threading.Thread(target=lambda: results.append(run_process(lam_root, "build"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.returncode == 0 for r in results)
    assert run_cli(lam_root, "check").returncode == 0


def test_real_list_check_passes() -> None:
    """The committed README.md and CONTRIBUTING.md (field table included) match the entries."""
    result = run_cli(REPO, "check")
    assert result.returncode == 0, result.stderr


def test_builds_take_turns_under_the_build_lock(lam_root: Path, write_entry) -> None:
    """A build waits while another holds the lock, then loads the entries as they are then."""
    import subprocess
    import sys
    import time

    from generator.lib.files import build_lock

    write_entry(SPEECHGPT, entry_text())
    with build_lock(lam_root):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(lam_root), "build"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        time.sleep(1.5)
        assert process.poll() is None, "the build waits for the lock"
        assert not (lam_root / "README.md").exists()
        write_entry(SPEECHGPT, entry_text(brief='"Speech chat model on LLaMA"'))  # changed while the other build "runs"
    assert process.wait(timeout=60) == 0
    assert "Speech chat model on LLaMA" in (lam_root / "README.md").read_text(encoding="utf-8")


def test_show_prints_an_entrys_readme_lines_read_by_the_loader(lam_root: Path, write_entry) -> None:
    """`show` gives each entry's README line as `build` writes it (the name's Markdown escaped), in
    every format; the survey has no line of its own; an invalid list has nothing to show (exit 1)."""
    rel = "entries/music/star.md"
    write_entry(rel, entry_text(name='"Star_Model*"'))
    survey = "entries/surveys/sparks-of-large-audio-models.md"
    markdown = run_cli(lam_root, "show", "--format", "markdown", rel, survey)
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.startswith(f"### `{rel}`\n\n- [Star\\_Model\\*](https://arxiv.org/abs/2305.11000) - Model: Automatic speech recognition")
    assert f"### `{survey}`\n\n_No line of its own in the README" in markdown.stdout
    lines = json.loads(run_cli(lam_root, "show", "--format", "json", rel).stdout)
    assert lines["readme"] is True and lines["entries"][rel][0].startswith("- [Star\\_Model\\*](")
    assert run_cli(lam_root, "show", rel).stdout.startswith(f"{rel}:\n  - [Star\\_Model\\*](")
    write_entry("entries/music/bad.md", entry_text(kind="x", title='"Bad"', arxiv=None, links="\n  paper: https://e.org/b"))
    invalid = run_cli(lam_root, "show", "--format", "markdown", rel)
    assert invalid.returncode == 1 and "_Not in the README: the list has problems" in invalid.stdout
    assert run_cli(lam_root, "show", "README.md").returncode == 2
    assert run_cli(lam_root, "show", "entries/music/gone.md").returncode == 2
