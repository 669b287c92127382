"""The GitHub Actions workflows: their rules (pinned actions, least permissions, concurrency, no
`pull_request_target`) and, run locally, the same commands as their steps, so they cannot rot.

The pull-request job's `run:` steps are executed in order in a copy of the working tree made into a
git repository whose `origin/main` is the base and whose HEAD is a small pull request. GitHub
context reaches steps only through `env:` (no `${{ }}` inside `run:`); the test stands in for the
few expressions used there (FAKE_CONTEXT) and for the runner's files ($GITHUB_STEP_SUMMARY, ...).
The push and weekly jobs' steps are run the same way against a local bare `origin`, a stand-in
`gh` command and, where the command itself is not what is tested, a stand-in `awesome-lam`.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.entry_cache import cache_file
from generator.core.health import load_health
from tests.conftest import REPO, entry_text

WORKFLOWS = REPO / ".github" / "workflows"
PR_WORKFLOW, PR_JOB = "pr.yml", "check"
SITE_WORKFLOW, LINKS_WORKFLOW, DISCOVER_WORKFLOW = "site.yml", "links.yml", "discover.yml"
VENV = REPO / ".venv"

# Steps of the pull-request job that this test does not run locally, and why.
SKIP_LOCALLY = {
    "install": "runs scripts/setup.sh, which made the .venv this suite runs in; from the copy it would "
    "re-point the shared editable install at a temporary folder",
    "tests": "runs this test suite, this test included: it would recurse",
}

# Write permissions, and the only jobs allowed them.
WRITE_PERMISSIONS = {
    (SITE_WORKFLOW, "deploy"): {"pages", "id-token"},
    (SITE_WORKFLOW, "readme"): {"contents"},
    (LINKS_WORKFLOW, "links"): {"contents", "issues", "actions"},
    (DISCOVER_WORKFLOW, "discover"): {"issues"},
}

# Values standing in for the GitHub expressions that steps receive through `env:`.
FAKE_CONTEXT = {
    "github.base_ref": "main",
    "github.token": "fake-token-for-tests",
    "github.repository": "example/awesome-large-audio-models",
    "github.server_url": "https://github.example",
    "github.run_id": "12345",
    "steps.bot-token.outputs.token || github.token": "fake-token-for-tests",
}

PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BOT = "github-actions[bot] <41898283+github-actions[bot]@users.noreply.github.com>"


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping (PyYAML reads the bare key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def workflow_files() -> list[str]:
    return sorted(p.name for p in WORKFLOWS.glob("*.y*ml"))


def all_steps() -> list[tuple[str, str, dict[str, Any]]]:
    return [(name, job_id, step) for name in workflow_files()
            for job_id, job in load(name)["jobs"].items() for step in job.get("steps", [])]


def step_by_id(workflow: str, job: str, step_id: str) -> dict[str, Any]:
    found = [s for s in load(workflow)["jobs"][job]["steps"] if s.get("id") == step_id]
    assert len(found) == 1, f"{workflow} job {job} has no single step with id {step_id!r}"
    return found[0]


# ---------------------------------------------------------------- rules of every workflow

def test_the_four_workflows_exist_and_no_other() -> None:
    """A new workflow is named here, so that the rules below and its own tests cover it."""
    assert set(workflow_files()) == {PR_WORKFLOW, SITE_WORKFLOW, LINKS_WORKFLOW, DISCOVER_WORKFLOW}


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version() -> None:
    shas: dict[str, set[str]] = {}
    for name in workflow_files():
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        for line in text.splitlines():
            match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
            if not match or match.group(1).startswith("./"):
                continue
            uses, rest = match.groups()
            assert PINNED.match(uses), f"{name}: `{uses}` is not pinned to a 40-hex commit SHA"
            assert re.match(r"\s+# v\d+\.\d+\.\d+\b", rest), f"{name}: `{uses}` lacks its `# vX.Y.Z` comment"
            action, sha = uses.split("@")
            shas.setdefault(action, set()).add(sha + rest.strip())
    assert shas, "no `uses:` found"
    for action, pins in shas.items():
        assert len(pins) == 1, f"{action} is pinned to different commits: {sorted(pins)}"


def test_top_level_permissions_are_read_only() -> None:
    for name in workflow_files():
        permissions = load(name).get("permissions")
        assert isinstance(permissions, dict), f"{name}: set top-level `permissions:` explicitly"
        assert set(permissions.values()) <= {"read", "none"}, f"{name}: top-level permissions {permissions}"


def test_each_job_has_least_permissions() -> None:
    for name in workflow_files():
        for job_id, job in load(name)["jobs"].items():
            permissions = job.get("permissions")
            assert isinstance(permissions, dict), f"{name} job {job_id}: set `permissions:` for the job"
            writes = {scope for scope, level in permissions.items() if level == "write"}
            assert writes == WRITE_PERMISSIONS.get((name, job_id), set()), \
                f"{name} job {job_id}: write permissions {sorted(writes)}"
            assert set(permissions.values()) <= {"read", "write", "none"}


def test_no_workflow_runs_on_pull_request_target() -> None:
    for name in workflow_files():
        assert "pull_request_target" not in triggers(load(name)), name
        assert "pull_request_target" not in (WORKFLOWS / name).read_text(encoding="utf-8"), name
    assert "pull_request" in triggers(load(PR_WORKFLOW))


def test_every_workflow_runs_one_at_a_time_and_never_cancels_a_deployment() -> None:
    """Checks cancel their outdated run; the site workflow queues instead (a cancelled Pages deployment
    can stop half-way)."""
    for name in workflow_files():
        concurrency = load(name).get("concurrency")
        assert isinstance(concurrency, dict) and concurrency.get("group"), f"{name}: no concurrency group"
        expected = name != SITE_WORKFLOW
        assert concurrency.get("cancel-in-progress") is expected, f"{name}: set cancel-in-progress: {str(expected).lower()}"


def test_no_expression_is_expanded_inside_a_script() -> None:
    """GitHub context reaches scripts through `env:` only (no expression injection)."""
    for name, job_id, step in all_steps():
        if "run" in step:
            assert "${{" not in step["run"], f"{name} job {job_id} step {step.get('name')}: use env:"


def test_checkouts_keep_no_credentials_and_python_caches_pip() -> None:
    checkouts = setups = 0
    for name, job_id, step in all_steps():
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            checkouts += 1
            assert (step.get("with") or {}).get("persist-credentials") is False, f"{name} job {job_id}"
        if uses.startswith("actions/setup-python@"):
            setups += 1
            options = step.get("with") or {}
            assert options.get("cache") == "pip", f"{name} job {job_id}"
            assert options.get("cache-dependency-path") == "pyproject.toml", f"{name} job {job_id}"
    assert checkouts >= 5 and setups >= 5


def test_every_job_has_a_timeout() -> None:
    for name in workflow_files():
        for job_id, job in load(name)["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), f"{name} job {job_id}"


# ---------------------------------------------------------------- what each workflow does

def test_pull_request_job_runs_every_check() -> None:
    job = load(PR_WORKFLOW)["jobs"][PR_JOB]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    uses = [step.get("uses", "").split("@")[0] for step in job["steps"]]
    for command in ("bash scripts/setup.sh test", "awesome-lam validate --format github", "bash scripts/test.sh",
                    "awesome-lam build", "mkdocs build --strict", "awesome-lam links --changed-since",
                    "GITHUB_STEP_SUMMARY"):
        assert command in runs, f"the pull-request job no longer runs {command!r}"
    assert "actions/upload-artifact" in uses
    assert SKIP_LOCALLY.keys() <= {step.get("id") for step in job["steps"]}, "a skipped step id is gone"
    ids = [step.get("id") for step in job["steps"]]
    assert ids.index("generated") < ids.index("tests"), "the tests see the README this pull request makes"
    assert "awesome-lam check" not in runs, "a pull request does not commit README.md, so it is never fresh there"


def test_each_job_installs_only_what_it_uses() -> None:
    """The test tools for jobs that run tests, the website tools for jobs that build the site, and
    nothing more for the others (the README, the link check, the health data, the candidate works)."""
    installs = 0
    for name in workflow_files():
        for job_id, job in load(name)["jobs"].items():
            steps = job.get("steps", [])
            install = "\n".join(s["run"] for s in steps if "scripts/setup.sh" in s.get("run", ""))
            if not install:
                continue
            installs += 1
            runs = "\n".join(s.get("run", "") for s in steps if "scripts/setup.sh" not in s.get("run", ""))
            extras = set(re.findall(r"scripts/setup\.sh ?(\w*)", install))
            where = f"{name} job {job_id}"
            if "pytest" in runs or "scripts/test.sh" in runs:
                assert "test" in extras, f"{where} runs tests: install with `scripts/setup.sh test`"
            if "mkdocs" in runs:
                assert extras & {"site", "test"}, f"{where} builds the site: install with `scripts/setup.sh site`"
                assert extras - {"test"} <= {"site"}, where
            if "pytest" not in runs and "scripts/test.sh" not in runs and "mkdocs" not in runs:
                assert extras == {""}, f"{where} needs neither tests nor the site: `scripts/setup.sh` alone"
    assert installs >= 6


def test_site_workflow_deploys_and_commits_back_only_on_main() -> None:
    workflow = load(SITE_WORKFLOW)
    assert triggers(workflow)["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert "refs/heads/main" in jobs["deploy"]["if"]
    assert "github.event_name == 'push'" in jobs["readme"]["if"] and "refs/heads/main" in jobs["readme"]["if"]
    used = [step.get("uses", "").split("@")[0] for step in jobs["build"]["steps"] + jobs["deploy"]["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used


def test_weekly_job_refreshes_health_then_checks_links_then_reports_on_main() -> None:
    workflow = load(LINKS_WORKFLOW)
    assert {"schedule", "workflow_dispatch"} <= set(triggers(workflow))
    assert set(workflow["jobs"]) == {"links"}, "one job: the GitHub API is asked once per repository"
    steps = workflow["jobs"]["links"]["steps"]
    ids = [step.get("id") for step in steps]
    assert ids.index("health") < ids.index("links") < ids.index("report-issue") < ids.index("health-data") < ids.index("redeploy")
    assert not [s for s in steps if s.get("uses", "").startswith("actions/cache")], "every link is checked every week"
    assert "--no-cache" in step_by_id(LINKS_WORKFLOW, "links", "links")["run"]
    health = step_by_id(LINKS_WORKFLOW, "links", "health")["run"]
    max_age = re.search(r"meta --max-age (\d+)d", health)
    assert max_age and int(max_age.group(1)) < 7, "refresh age under the weekly period, or half the weeks refresh nothing"
    assert "|| true" not in health and '"$status" -gt 1' in health, "a crash of meta fails the job"
    for step_id in ("report-issue", "health-data"):
        assert step_by_id(LINKS_WORKFLOW, "links", step_id)["if"] == "github.ref == 'refs/heads/main'"
    assert "gh workflow run site.yml --ref main" in step_by_id(LINKS_WORKFLOW, "links", "redeploy")["run"]
    assert "workflow_dispatch" in triggers(load(SITE_WORKFLOW)), "the redeploy dispatches site.yml"


def test_pushes_to_main_use_the_bot_token_when_there_is_one() -> None:
    for workflow, job, step_id in ((SITE_WORKFLOW, "readme", "commit-back"), (LINKS_WORKFLOW, "links", "health-data")):
        step = step_by_id(workflow, job, step_id)
        assert step["env"]["PUSH_TOKEN"] == "${{ steps.bot-token.outputs.token || github.token }}"
        assert "bash scripts/commit-generated.sh" in step["run"]
        token = step_by_id(workflow, job, "bot-token")
        assert token["uses"].startswith("actions/create-github-app-token@") and "vars.BOT_APP_ID != ''" in token["if"]
        assert token["with"]["permission-contents"] == "write"


def test_discover_job_searches_weekly_and_keeps_one_issue_from_main_only() -> None:
    """New candidate works: a weekday morning each week (and by hand), one job that reads arXiv and
    reports in one issue, from main only, and never writes to the repository."""
    workflow = load(DISCOVER_WORKFLOW)
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert len(on["schedule"]) == 1
    minute, hour, day, month, weekday = on["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday in "12345" and len(weekday) == 1 and int(hour) < 12, \
        "once a week, on a weekday morning (UTC)"
    assert set(workflow["jobs"]) == {"discover"}
    steps = workflow["jobs"]["discover"]["steps"]
    ids = [step.get("id") for step in steps]
    assert ids.index("install") < ids.index("discover") < ids.index("candidates-issue")
    discover = step_by_id(DISCOVER_WORKFLOW, "discover", "discover")
    assert ".venv/bin/awesome-lam discover --format markdown --limit 30 >" in discover["run"]
    assert "|| true" not in discover["run"] and '"$status" -gt 1' in discover["run"], "a failure of discover fails the job"
    assert "GITHUB_STEP_SUMMARY" in discover["run"] and "status=$status" in discover["run"]
    issue = step_by_id(DISCOVER_WORKFLOW, "discover", "candidates-issue")
    assert issue["if"] == "github.ref == 'refs/heads/main'", "one shared issue, written from main only"
    assert not evaluate(issue["if"], {"github.ref": "refs/heads/feature"}, PASSING)
    assert "gh issue edit" in issue["run"] and "gh issue create" in issue["run"], "one issue, edited in place"
    text = (WORKFLOWS / DISCOVER_WORKFLOW).read_text(encoding="utf-8")
    for writes in ("git push", "git commit", "commit-generated", "contents: write", "create-github-app-token"):
        assert writes not in text, f"{DISCOVER_WORKFLOW} writes to the repository ({writes})"
    # The issue links to the section of MAINTAINING.md that says what to do with a candidate.
    anchor = re.search(r"/blob/main/MAINTAINING\.md#([\w-]+)$", issue["env"]["GUIDE_URL"])
    headings = re.findall(r"^#+ (.+)$", (REPO / "MAINTAINING.md").read_text(encoding="utf-8"), re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
    assert anchor and anchor.group(1) in anchors, f"MAINTAINING.md has no section #{anchor and anchor.group(1)}"


# ---------------------------------------------------------------- running the steps locally

@dataclass
class Ran:
    returncode: int
    output: str


def environment(tmp: Path, context: dict[str, str], *scopes: dict[str, Any] | None) -> dict[str, str]:
    """The process environment, less the real runner's, plus the runner's files and the env: scopes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    runner = tmp / "runner"
    runner.mkdir(exist_ok=True)
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH"):
        env[name] = str(runner / name.lower())
        Path(env[name]).touch()
    (runner / "temp").mkdir(exist_ok=True)
    env["RUNNER_TEMP"] = str(runner / "temp")
    env["GITHUB_WORKSPACE"] = str(tmp)

    def expand(match: re.Match[str]) -> str:
        if match.group(1) not in context:
            pytest.fail(f"no stand-in for the expression ${{{{ {match.group(1)} }}}}: add it to FAKE_CONTEXT")
        return context[match.group(1)]

    for scope in scopes:
        for key, value in (scope or {}).items():
            env[key] = EXPRESSION.sub(expand, str(value))
    return env


def run_step(workflow: str, job_id: str, step: dict[str, Any], cwd: Path, tmp: Path,
             context: dict[str, str] | None = None, path_prefix: Path | None = None, timeout: int = 600) -> Ran:
    """Run one `run:` step as GitHub's `shell: bash` does (bash --noprofile --norc -eo pipefail)."""
    doc = load(workflow)
    job = doc["jobs"][job_id]
    shell = step.get("shell") or ((job.get("defaults") or {}).get("run") or {}).get("shell") \
        or ((doc.get("defaults") or {}).get("run") or {}).get("shell")
    assert shell == "bash", f"{workflow}: set `defaults: run: shell: bash` (pipefail) for every job"
    env = environment(tmp, {**FAKE_CONTEXT, **(context or {})}, doc.get("env"), job.get("env"), step.get("env"))
    if path_prefix:
        env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
    script = tmp / "runner" / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                            cwd=cwd / step.get("working-directory", "."), env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return Ran(result.returncode, result.stdout)


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Contributor", "-c", "user.email=contributor@example.org",
               "-c", "commit.gpgsign=false", "-C", str(cwd), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def need_tools() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (VENV / "bin" / "awesome-lam").exists():
        pytest.skip("the project is not installed in .venv: run `bash scripts/setup.sh test`")


def workspace(tmp: Path) -> Path:
    """The working tree (tracked and untracked, not ignored files) as a git repository on main,
    with refs/remotes/origin/main at its first commit and the project's .venv linked in: a copy of
    one made once per test process (making it, a commit of every file, took 1.6 s a test), with a
    copy of its entry cache (each copy's first command would validate every entry again)."""
    need_tools()
    base = _base_workspace()
    work = tmp / "work"
    subprocess.run(["cp", "-a", str(base), str(work)], check=True)
    if cache_file(base).is_file():  # none when the cache is off
        shutil.copyfile(cache_file(base), cache_file(work))
    return work


@functools.cache
def _base_workspace() -> Path:
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode().split("\0")
    work = Path(tempfile.mkdtemp(prefix="lam-workspace-")) / "work"
    atexit.register(shutil.rmtree, work.parent, ignore_errors=True)
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, work / rel)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "base")
    git(work, "update-ref", "refs/remotes/origin/main", "HEAD")
    (work / ".venv").symlink_to(VENV, target_is_directory=True)
    with open(work / ".git" / "info" / "exclude", "a", encoding="utf-8") as exclude:
        exclude.write(".venv\n")
    # Fills the entry cache the workspaces copy; a list that does not validate fails in the tests' own steps.
    subprocess.run([str(VENV / "bin" / "awesome-lam"), "--root", str(work), "validate", "--quiet"], capture_output=True)
    return work


def edit_an_entry(work: Path, brief: str) -> tuple[str, str]:
    """Give a model entry a new `brief` (what its README line shows); (its path, its display name)."""
    for path in sorted((work / "entries").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        name = re.search(r"^name: *(\S[^\n]*)$", text, re.M)
        if name and re.search(r"^brief: ", text, re.M) and "[" not in name.group(1):
            path.write_text(re.sub(r"^brief: .*$", f'brief: "{brief}"', text, count=1, flags=re.M), encoding="utf-8")
            return path.relative_to(work).as_posix(), name.group(1).strip().strip('"')
    pytest.fail("no entry with a plain `name:` and a `brief:` to edit")


# ------------------------------------------------------- which jobs and steps run: GitHub's `if:`

_TOKEN = re.compile(r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<call>[A-Za-z_][\w-]*)\(\)"
                    r"|(?P<name>[A-Za-z_][\w.-]*))")


def evaluate(condition: str, context: dict[str, str], status: dict[str, bool]) -> bool:
    """A GitHub Actions `if:` of the kind the workflows use: context names, 'strings', ==, !=, !, &&,
    || and parentheses, and the status functions (`always()`, `cancelled()`, ...) from `status`.
    An unknown name is '' as on GitHub; anything else fails the test, so no condition goes unread."""
    text = condition.strip().removeprefix("${{").removesuffix("}}")
    tokens: list[tuple[str, str]] = []
    position = 0
    while text[position:].strip():
        match = _TOKEN.match(text, position)
        assert match, f"cannot read the condition {condition!r} at {text[position:]!r}"
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()

    def take(expected: str | None = None) -> tuple[str, str]:
        token = tokens.pop(0)
        assert expected is None or token[1] == expected, f"{condition!r}: expected {expected!r}"
        return token

    def value() -> object:
        kind, token = take()
        if token == "!":
            return not value()
        if token == "(":
            inner = level()
            take(")")
            return inner
        if kind == "string":
            return token[1:-1].replace("''", "'")
        if kind == "call":
            assert token in status, f"{condition!r}: no status function {token}()"
            return status[token]
        assert kind == "name", f"{condition!r}: unexpected {token!r}"
        return {"true": True, "false": False}.get(token, context.get(token, ""))

    # Binary operators by precedence, loosest first; && and || give an operand, as on GitHub.
    operators: list[dict[str, Callable[[object, object], object]]] = [
        {"||": lambda a, b: a or b},
        {"&&": lambda a, b: a and b},
        {"==": lambda a, b: str(a) == str(b), "!=": lambda a, b: str(a) != str(b)},
    ]

    def level(depth: int = 0) -> object:
        """The operators of `operators[depth]` and tighter, left to right."""
        if depth == len(operators):
            return value()
        left = level(depth + 1)
        while tokens and tokens[0][1] in operators[depth]:
            apply = operators[depth][take()[1]]
            left = apply(left, level(depth + 1))
        return left

    result = level()
    assert not tokens, f"{condition!r}: left over {tokens}"
    return bool(result)


PASSING = {"always": True, "success": True, "failure": False, "cancelled": False}


def job_runs(job: dict[str, Any], results: dict[str, str], context: dict[str, str]) -> bool:
    """Whether GitHub starts `job`, given the results of the jobs it needs: by its `if:`, or (without
    one) when every needed job succeeded."""
    needs = job.get("needs", [])
    needs = [needs] if isinstance(needs, str) else needs
    all_passed = all(results[name] == "success" for name in needs)
    condition = job.get("if")
    if condition is None:
        return all_passed
    status = {"always": True, "success": all_passed, "failure": any(results[n] == "failure" for n in needs),
              "cancelled": False}
    return evaluate(str(condition), context, status)


def needs_context(code: str, results: dict[str, str]) -> dict[str, str]:
    """The `needs.*` expressions of pr.yml for a run where the changes job said `code`."""
    context = {"needs.changes.outputs.code": code}
    context.update({f"needs.{job}.result": result for job, result in results.items()})
    return context


def paths_step(work: Path, tmp: Path) -> tuple[Ran, str]:
    """Run the changes job's step in `work`; its result and the `code` output it wrote."""
    ran = run_step(PR_WORKFLOW, "changes", step_by_id(PR_WORKFLOW, "changes", "paths"), work, tmp)
    output = (tmp / "runner" / "github_output").read_text(encoding="utf-8")
    code = re.findall(r"^code=(\w+)$", output, re.M)
    assert ran.returncode == 0 and len(code) == 1, ran.output + output
    return ran, code[0]


def verdict(tmp: Path, code: str, results: dict[str, str]) -> Ran:
    """The required job's step, for these results of the jobs it needs."""
    return run_step(PR_WORKFLOW, "required", step_by_id(PR_WORKFLOW, "required", "verdict"), tmp, tmp,
                    context=needs_context(code, results))


@dataclass
class PullRequestRun:
    """One local run of the pull-request workflow for a pull request that edits one entry."""

    work: Path
    tmp: Path
    entry: str
    name: str
    code: str
    jobs: dict[str, str]  # job id -> success or skipped
    steps: list[str]  # the check job's steps that ran
    summary: str
    verdict: Ran


SENTENCE = "Checked by the workflow test"


@pytest.fixture
def entry_pull_request(tmp_path: Path) -> PullRequestRun:
    """The pull-request workflow, job by job as GitHub schedules them, for a pull request that edits
    one entry and nothing else (its `run:` steps for real, the matrix's tests excepted)."""
    tmp = tmp_path
    work = workspace(tmp)
    entry, name = edit_an_entry(work, SENTENCE)
    git(work, "commit", "-q", "-am", "Edit an entry")  # the entry only: main makes the README
    workflow = load(PR_WORKFLOW)
    _, code = paths_step(work, tmp)
    results = {"changes": "success"}
    steps: list[str] = []
    for job_id in ("python-versions", "check"):
        job = workflow["jobs"][job_id]
        if not job_runs(job, results, needs_context(code, results)):
            results[job_id] = "skipped"
            continue
        assert job_id == "check", f"job {job_id} runs for a pull request of entries only"
        context = needs_context(code, results)
        for step in job["steps"]:
            if "run" not in step or step.get("id") in SKIP_LOCALLY:
                continue
            if "if" in step and not evaluate(str(step["if"]), context, PASSING):
                continue
            result = run_step(PR_WORKFLOW, job_id, step, work, tmp, context=context)
            assert result.returncode == 0, f"step {step.get('name')!r} failed:\n{result.output}"
            steps.append(step.get("id", step.get("name")))
        results[job_id] = "success"
    required = workflow["jobs"]["required"]
    assert job_runs(required, results, needs_context(code, results)), "the required check always reports"
    summary = (tmp / "runner" / "github_step_summary").read_text(encoding="utf-8")
    return PullRequestRun(work, tmp, entry, name, code, results, steps, summary, verdict(tmp, code, results))


@pytest.mark.slow
def test_an_entry_pull_request_passes_skips_the_code_tests_and_reports_the_required_check(
        entry_pull_request: PullRequestRun) -> None:
    run = entry_pull_request
    # Its steps ran and passed; the summary shows the entry's new README line and the link check.
    assert {"validate", "generated", "site", "links", "summary"} <= set(run.steps), run.steps
    assert (run.work / "site" / "index.html").is_file()
    assert f"- `{run.entry}` (changed)" in run.summary and f"### `{run.entry}`\n" in run.summary, run.summary
    assert re.search(r"^Checked on the merge with origin/main at [0-9a-f]+\.\n\n", run.summary, re.M), run.summary
    readme_line = next(line for line in (run.work / "README.md").read_text(encoding="utf-8").splitlines()
                       if line.startswith(f"- [{run.name}]("))
    assert SENTENCE in readme_line and readme_line in run.summary, run.summary
    assert "## Link check" in run.summary and "No problems found." in run.summary, run.summary
    # Entries only: the code matrix and the check job's test step are skipped, and the summary says why.
    assert run.code == "false"
    assert run.jobs == {"changes": "success", "python-versions": "skipped", "check": "success"}
    assert "tests" not in run.steps
    assert "Entries and data only (1 file(s) under entries/ and data/)" in run.summary, run.summary
    # The required check still reports, and passes.
    assert run.verdict.returncode == 0, run.verdict.output
    assert "Tests on every Python version: skipped" in run.verdict.output
    assert load(PR_WORKFLOW)["jobs"]["required"]["name"] == "Pull request checks"  # the name MAINTAINING.md requires


@pytest.mark.slow
def test_a_code_pull_request_runs_every_check(tmp_path: Path) -> None:
    work = workspace(tmp_path)
    cli = work / "generator" / "cli.py"
    cli.write_text(cli.read_text(encoding="utf-8") + "\n# a change to the code\n", encoding="utf-8")
    edit_an_entry(work, "And an entry")
    git(work, "commit", "-q", "-am", "Change the code and an entry")
    ran, code = paths_step(work, tmp_path)
    assert code == "true"
    summary = (tmp_path / "runner" / "github_step_summary").read_text(encoding="utf-8")
    assert "every check runs" in summary
    assert re.findall(r"^- `(.*)`$", summary, re.M) == ["generator/cli.py"], summary  # the files outside entries/ and data/
    jobs = load(PR_WORKFLOW)["jobs"]
    results = {"changes": "success"}
    for job_id in ("python-versions", "check"):
        assert job_runs(jobs[job_id], results, needs_context(code, results)), job_id
    tests = step_by_id(PR_WORKFLOW, PR_JOB, "tests")
    assert evaluate(str(tests["if"]), needs_context(code, results), PASSING) and "bash scripts/test.sh" in tests["run"]
    passed = {"changes": "success", "python-versions": "success", "check": "success"}
    assert verdict(tmp_path, code, passed).returncode == 0
    for job_id, result in (("python-versions", "failure"), ("python-versions", "skipped"), ("check", "cancelled"),
                           ("changes", "failure")):
        outcome = verdict(tmp_path, code, {**passed, job_id: result})
        assert outcome.returncode == 1, f"{job_id} {result} passed the required check:\n{outcome.output}"
    assert verdict(tmp_path, "false", {**passed, "python-versions": "failure"}).returncode == 1


@pytest.mark.slow
def test_the_paths_step_runs_everything_when_it_cannot_tell(tmp_path: Path) -> None:
    work = workspace(tmp_path)
    git(work, "update-ref", "-d", "refs/remotes/origin/main")  # no base to compare with
    _, code = paths_step(work, tmp_path)
    assert code == "true"
    assert "Every check runs: no common ancestor" in (tmp_path / "runner" / "github_step_summary").read_text(encoding="utf-8")


def test_conditions_read_as_github_reads_them() -> None:
    context = {"needs.changes.outputs.code": "true", "github.ref": "refs/heads/main"}
    assert evaluate("needs.changes.outputs.code == 'true'", context, PASSING)
    assert not evaluate("${{ needs.changes.outputs.code != 'true' }}", context, PASSING)
    assert evaluate("${{ !cancelled() }}", {}, PASSING) and not evaluate("cancelled() || failure()", {}, PASSING)
    assert evaluate("github.ref == 'refs/heads/main' && (always() || false)", context, PASSING)
    assert not evaluate("needs.unknown.outputs.x == 'true'", context, PASSING)
    with pytest.raises(AssertionError):
        evaluate("contains(github.ref, 'main')", context, PASSING)


@pytest.mark.slow
def test_pull_request_summary_without_entry_changes(tmp_path: Path) -> None:
    work = workspace(tmp_path)
    step = step_by_id(PR_WORKFLOW, PR_JOB, "summary")
    result = run_step(PR_WORKFLOW, PR_JOB, step, work, tmp_path)
    assert result.returncode == 0, result.output
    summary = (tmp_path / "runner" / "github_step_summary").read_text(encoding="utf-8")
    assert "No entries added, changed or removed." in summary
    assert "The link check did not run" in summary


def with_origin(work: Path, tmp: Path) -> Path:
    """A bare `origin` holding the workspace's main, fetched as origin/main."""
    origin = tmp / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main")
    git(work, "fetch", "-q", "origin")
    return origin


def new_entry(work: Path, slug: str, name: str) -> str:
    """A new music model whose only link is its code repository; its path."""
    rel = f"entries/music/{slug}.md"
    (work / rel).write_text(entry_text(
        title=f'"{name}: A Test Model for Parallel Pull Requests"', name=name, arxiv=None, code="released",
        tasks="[music-generation]", links=f"\n  code: https://github.com/flow-test/{slug}", added=f'"{dt.date.today()}"',
        modalities="[music, text]", sources=f'["https://github.com/flow-test/{slug}"]',
        summary=f"A music model added by the branch {slug} of the workflow test.",
    ), encoding="utf-8")
    return rel


def pull_request_steps(work: Path, tmp: Path) -> None:
    """The `run:` steps of the pull-request job for an entry, each passing: those that run locally,
    but the site build (the same command for every pull request, run by `entry_pull_request`)."""
    for step in load(PR_WORKFLOW)["jobs"][PR_JOB]["steps"]:
        if "run" in step and step.get("id") not in {*SKIP_LOCALLY, "site"}:
            result = run_step(PR_WORKFLOW, PR_JOB, step, work, tmp)
            assert result.returncode == 0, f"step {step.get('name')!r} failed:\n{result.output}"


@pytest.mark.slow
def test_two_entry_pull_requests_in_one_section_merge_without_conflict(tmp_path: Path) -> None:
    """Two contributors follow CONTRIBUTING to the letter in the same section: each pull request
    holds its entry file only, passes the checks, and both merge; main's README then has both."""
    from generator.features.meta.store import save_health, utc_stamp
    from generator.model.health import RepoHealth

    work = workspace(tmp_path)
    # The link check judges repository pages from this data (offline); a maintainer's earlier commit.
    now = utc_stamp(dt.datetime.now(dt.UTC))
    records = [RepoHealth(f"flow-test/{slug}", f"https://github.com/flow-test/{slug}", "ok", now, stars=1) for slug in ("alpha", "beta")]
    save_health(work, [*load_health(work).values(), *records])
    git(work, "add", "data/repo-health.json")
    git(work, "commit", "-q", "-m", "Repository data for the test")
    origin = with_origin(work, tmp_path)
    for slug, name in (("alpha", "AlphaFlow"), ("beta", "BetaFlow")):
        git(work, "checkout", "-q", "-b", slug, "main")
        rel = new_entry(work, slug, name)
        git(work, "add", rel)
        git(work, "commit", "-q", "-m", f"Add {name}")
        pull_request_steps(work, tmp_path)
        assert git(work, "diff", "--name-only", "main", slug).split() == [rel]
        summary = (tmp_path / "runner" / "github_step_summary").read_text(encoding="utf-8")
        assert f"- [{name}](https://github.com/flow-test/{slug})" in summary, summary
        git(work, "checkout", "-q", "--", "README.md", "CONTRIBUTING.md")  # built by the job, not committed
    git(work, "checkout", "-q", "main")
    for slug in ("alpha", "beta"):  # one after the other, as GitHub's merge button does
        git(work, "merge", "-q", "--no-ff", "-m", f"Merge {slug}", slug)
    git(work, "push", "-q", "origin", "main")

    commit_back = run_step(SITE_WORKFLOW, "readme", step_by_id(SITE_WORKFLOW, "readme", "commit-back"), work, tmp_path)
    assert commit_back.returncode == 0, commit_back.output
    assert git(origin, "log", "-1", "--format=%an <%ae>").strip() == BOT
    fresh = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", str(origin), str(fresh)], check=True)
    readme = (fresh / "README.md").read_text(encoding="utf-8")
    assert "[AlphaFlow](https://github.com/flow-test/alpha)" in readme and "[BetaFlow](https://github.com/flow-test/beta)" in readme
    check = subprocess.run([str(VENV / "bin" / "awesome-lam"), "--root", str(fresh), "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    again = run_step(SITE_WORKFLOW, "readme", step_by_id(SITE_WORKFLOW, "readme", "commit-back"), work, tmp_path)
    assert again.returncode == 0 and "up to date" in again.output, again.output


def commit_generated(work: Path, tmp: Path, *command: str) -> Ran:
    env = environment(tmp, FAKE_CONTEXT, {"PUSH_TOKEN": "fake-token-for-tests"})
    result = subprocess.run(["bash", str(REPO / "scripts" / "commit-generated.sh"), "Regenerate README.md [skip ci]",
                             "README.md", "CONTRIBUTING.md", "--", *command], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    return Ran(result.returncode, result.stdout)


@pytest.mark.slow
def test_commit_back_starts_again_from_main_when_main_moved(tmp_path: Path) -> None:
    work = workspace(tmp_path)
    edit_an_entry(work, "Pushed without a rebuild")
    git(work, "commit", "-q", "-am", "Edit an entry, not the README")
    origin = with_origin(work, tmp_path)
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(origin), str(other)], check=True)
    # While the job builds, someone merges another change: the first push is refused (not a fast-forward).
    regenerate = executable(tmp_path / "regenerate.sh", f"""#!/bin/sh
set -e
if [ ! -f "{tmp_path}/moved" ]; then
  touch "{tmp_path}/moved"
  echo "another change" > "{other}/NOTES.txt"
  git -C "{other}" add NOTES.txt
  git -C "{other}" -c user.name=Other -c user.email=other@example.org commit -q -m "Another merge"
  git -C "{other}" push -q origin main
fi
"{VENV}/bin/awesome-lam" build
""")
    result = commit_generated(work, tmp_path, str(regenerate))
    assert result.returncode == 0, result.output
    assert "moved during the job" in result.output and "(attempt 2)" in result.output
    log = git(origin, "log", "--format=%s", "-3").splitlines()
    assert log[:2] == ["Regenerate README.md [skip ci]", "Another merge"]
    fresh = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", str(origin), str(fresh)], check=True)
    assert (fresh / "NOTES.txt").exists()
    assert subprocess.run([str(VENV / "bin" / "awesome-lam"), "--root", str(fresh), "check"]).returncode == 0


@pytest.mark.slow
def test_commit_back_to_a_protected_main_stops_with_what_to_set_up(tmp_path: Path) -> None:
    work = workspace(tmp_path)
    edit_an_entry(work, "Pushed without a rebuild")
    git(work, "commit", "-q", "-am", "Edit an entry, not the README")
    origin = with_origin(work, tmp_path)
    executable(origin / "hooks" / "pre-receive",
               "#!/bin/sh\necho 'error: GH006: Protected branch update failed for refs/heads/main.' >&2\nexit 1\n")
    before = git(origin, "rev-parse", "main")
    result = commit_generated(work, tmp_path, str(VENV / "bin" / "awesome-lam"), "build")
    assert result.returncode == 1, result.output
    assert "GH006" in result.output and 'Give the bot a bypass (MAINTAINING.md, "The bot")' in result.output
    assert "(attempt 2)" not in result.output and git(origin, "rev-parse", "main") == before


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("status", [0, 1, 2])
def test_weekly_link_step_reports_and_passes_on_the_status(tmp_path: Path, status: int) -> None:
    """The link step with a stand-in `awesome-lam links`: report to the summary, status to the outputs."""
    work = tmp_path / "work"
    executable(work / ".venv" / "bin" / "awesome-lam",
               f'#!/bin/sh\n[ "$1" = links ] || exit 9\necho "## Link check"\necho "report {status}"\nexit {status}\n')
    result = run_step(LINKS_WORKFLOW, "links", step_by_id(LINKS_WORKFLOW, "links", "links"), work, tmp_path)
    assert result.returncode == (2 if status == 2 else 0), result.output
    runner = tmp_path / "runner"
    assert f"status={status}" in (runner / "github_output").read_text(encoding="utf-8").splitlines()
    assert f"report {status}" in (runner / "github_step_summary").read_text(encoding="utf-8")
    assert f"report {status}" in (runner / "temp" / "links-report.md").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("status", [0, 1, 2])
def test_pull_request_link_step_checks_once_and_summarises_that_run(tmp_path: Path, status: int) -> None:
    """Issue 22, item 15: the job summary's link report is the run that set the step's status, not a
    second run that checks again (links that are not ok are never cached) and could say otherwise."""
    work, bin_dir, log = tmp_path / "work", tmp_path / "bin", tmp_path / "calls.log"
    executable(bin_dir / "git", '#!/bin/sh\necho 0123456789abcdef\n')
    executable(work / ".venv" / "bin" / "awesome-lam", f"""#!/bin/sh
[ "$1" = links ] || exit 9
echo "$*" >> "{log}"
run=$(wc -l < "{log}" | tr -d ' ')
for arg in "$@"; do
  case "$arg" in markdown=*) echo "## Link check of run $run" > "${{arg#markdown=}}" ;; esac
done
echo "::error file=entries/x.md,line=1::run $run"
exit {status}
""")
    step = step_by_id(PR_WORKFLOW, PR_JOB, "links")
    result = run_step(PR_WORKFLOW, PR_JOB, step, work, tmp_path, path_prefix=bin_dir)
    assert result.returncode == status, result.output
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 1, calls
    assert "--changed-since 0123456789abcdef" in calls[0] and "--format github" in calls[0]
    report = tmp_path / "runner" / "temp" / "links.md"
    assert report.read_text(encoding="utf-8") == "## Link check of run 1\n"
    assert "::error file=entries/x.md,line=1::run 1" in result.output


def fake_gh(bin_dir: Path, open_issue: str) -> Path:
    """A stand-in for the GitHub CLI: logs its arguments to $FAKE_GH_LOG, keeps the --body-file, and
    answers `issue list` with what its `--jq` would leave: the open issue's number, or nothing."""
    return executable(bin_dir / "gh", f"""#!/bin/sh
echo "$*" >> "$FAKE_GH_LOG"
if [ "$1 $2" = "issue list" ] && [ -n "{open_issue}" ]; then echo "{open_issue}"; fi
while [ $# -gt 0 ]; do
  if [ "$1" = --body-file ]; then cp "$2" "$FAKE_GH_LOG.body"; fi
  shift
done
""")


@pytest.mark.slow
@pytest.mark.parametrize(("status", "open_issue", "expected"), [
    ("1", "", ["issue list", "label create broken-links", "issue create --title"]),
    ("1", "7", ["issue list", "issue edit 7 --body-file"]),
    ("0", "7", ["issue list", "issue close 7 --comment"]),
    ("0", "", ["issue list"]),
])
def test_weekly_report_issue_is_opened_updated_or_closed(tmp_path: Path, status: str, open_issue: str,
                                                         expected: list[str]) -> None:
    bin_dir = tmp_path / "bin"
    log = tmp_path / "gh.log"
    fake_gh(bin_dir, open_issue)
    work = tmp_path / "work"
    work.mkdir()
    step = dict(step_by_id(LINKS_WORKFLOW, "links", "report-issue"))
    step["env"] = {**step["env"], "FAKE_GH_LOG": str(log)}
    (tmp_path / "runner" / "temp").mkdir(parents=True)
    report = "## Link check\n\n| url | verdict |\n|---|---|\n| https://example.org/gone | broken |\n"
    (tmp_path / "runner" / "temp" / "links-report.md").write_text(report, encoding="utf-8")

    result = run_step(LINKS_WORKFLOW, "links", step, work, tmp_path,
                      context={"steps.links.outputs.status": status}, path_prefix=bin_dir)
    assert result.returncode == 0, result.output
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == len(expected), calls
    for call, start in zip(calls, expected, strict=False):
        assert call.startswith(start), calls
    assert "--label broken-links" in calls[0]
    if status == "1":
        body = Path(f"{log}.body").read_text(encoding="utf-8")
        assert report.strip() in body and "https://github.example/example/awesome-large-audio-models/actions/runs/12345" in body
    if status == "0" and open_issue:
        assert "actions/runs/12345" in calls[1]


CANDIDATES = """## New candidate works

Papers submitted to arXiv from 2026-11-24 to 2026-12-01 that may belong in the list.

- [ ] **AudioThing: A Large Audio Model** ([2611.01234](https://arxiv.org/abs/2611.01234)): `awesome-lam new 2611.01234`
- [ ] **SpeechThing: Speaking at Scale** ([2611.05678](https://arxiv.org/abs/2611.05678)): `awesome-lam new 2611.05678`

_2 candidates._
"""


def fake_discover(work: Path, status: int, body: str = CANDIDATES, error: str = "") -> Path:
    """A stand-in for `.venv/bin/awesome-lam` whose `discover` prints `body`, says `error` on stderr
    and exits with `status`; its arguments go to the file it returns."""
    log = work.parent / "discover.log"
    executable(work / ".venv" / "bin" / "awesome-lam", f"""#!/bin/sh
[ "$1" = discover ] || exit 9
echo "$*" > "{log}"
cat <<'BODY'
{body}BODY
if [ -n "{error}" ]; then echo "{error}" >&2; fi
exit {status}
""")
    return log


@pytest.mark.slow
@pytest.mark.parametrize(("status", "error"), [
    (0, ""),
    (1, "discover: arXiv API: timed out after 3 attempts (start=100)"),
    (2, "discover: --since: not a date: 2026-13-01"),
    (3, "discover: internal error: KeyError: 'entry'"),
    (127, ""),
])
def test_discover_step_continues_on_0_and_1_and_fails_otherwise(tmp_path: Path, status: int, error: str) -> None:
    """0 and 1 go on to the issue, 1 with the body marked partial; 2, 3 or anything else fail the job
    after showing the error. The body goes to the job summary in either case it continues."""
    work = tmp_path / "work"
    log = fake_discover(work, status, error=error)
    if status == 127:  # no command at all
        (work / ".venv" / "bin" / "awesome-lam").unlink()
    result = run_step(DISCOVER_WORKFLOW, "discover", step_by_id(DISCOVER_WORKFLOW, "discover", "discover"), work, tmp_path)
    runner = tmp_path / "runner"
    outputs = (runner / "github_output").read_text(encoding="utf-8").splitlines()
    summary = (runner / "github_step_summary").read_text(encoding="utf-8")
    assert f"status={status}" in outputs, outputs
    if status != 127:
        assert log.read_text(encoding="utf-8").split() == ["discover", "--format", "markdown", "--limit", "30"]
    if error:
        assert error in result.output, result.output  # stderr is shown in the log
    if status > 1:
        assert result.returncode == status, result.output
        assert f"::error title=awesome-lam discover failed (exit status {status})::" in result.output, result.output
        assert "the search failed" in summary and f"exit status {status}" in summary, summary
        if error:
            assert f"    {error}" in summary, summary
        return
    assert result.returncode == 0, result.output
    body = (runner / "temp" / "candidates.md").read_text(encoding="utf-8")
    assert CANDIDATES in body and body in summary
    partial = [line for line in body.splitlines() if line.startswith("**Partial:**")]
    if status == 0:
        assert not partial and "::warning" not in result.output, body
    else:
        assert partial == [f"**Partial:** {error}; the list below may miss papers."], body
        assert f"::warning title=Partial list of candidates::{error}" in result.output, result.output


@pytest.mark.slow
def test_discover_step_keeps_the_partial_line_discover_wrote(tmp_path: Path) -> None:
    work = tmp_path / "work"
    said = "**Partial:** arXiv stopped answering after 100 of 240 results; run again later.\n\n"
    fake_discover(work, 1, body=said + CANDIDATES, error="discover: arXiv API: HTTP 503")
    result = run_step(DISCOVER_WORKFLOW, "discover", step_by_id(DISCOVER_WORKFLOW, "discover", "discover"), work, tmp_path)
    assert result.returncode == 0, result.output
    body = (tmp_path / "runner" / "temp" / "candidates.md").read_text(encoding="utf-8")
    assert body == said + CANDIDATES, body


def discover_job(tmp: Path, ref: str, status: int, open_issue: str, error: str = "") -> tuple[list[str], str, str]:
    """The discover job's `run:` steps as GitHub schedules them on `ref` (install excepted), with
    stand-ins for `awesome-lam` and `gh`: the gh calls, the body of the issue written, the summary."""
    work, bin_dir, log = tmp / "work", tmp / "bin", tmp / "gh.log"
    fake_discover(work, status, error=error)
    fake_gh(bin_dir, open_issue)
    failed = False
    for step in load(DISCOVER_WORKFLOW)["jobs"]["discover"]["steps"]:
        if "run" not in step or step.get("id") == "install":
            continue
        condition = str(step.get("if", "success()"))
        if not re.search(r"\w\(\)", condition):
            condition = f"success() && ({condition})"  # as on GitHub: no status function means success()
        status_now = {**PASSING, "success": not failed, "failure": failed}
        if not evaluate(condition, {"github.ref": ref}, status_now):
            continue
        step = {**step, "env": {**(step.get("env") or {}), "FAKE_GH_LOG": str(log)}}
        ran = run_step(DISCOVER_WORKFLOW, "discover", step, work, tmp, path_prefix=bin_dir)
        failed = failed or ran.returncode != 0
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    body = Path(f"{log}.body").read_text(encoding="utf-8") if Path(f"{log}.body").exists() else ""
    return calls, body, (tmp / "runner" / "github_step_summary").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("open_issue", "expected"), [
    ("", ["issue list", "label create candidate-works", "issue create --title New candidate works --label candidate-works"]),
    ("9", ["issue list", "issue edit 9 --body-file"]),
])
def test_candidates_issue_is_opened_once_then_edited_in_place(tmp_path: Path, open_issue: str, expected: list[str]) -> None:
    calls, body, summary = discover_job(tmp_path, "refs/heads/main", 0, open_issue)
    assert len(calls) == len(expected), calls
    for call, start in zip(calls, expected, strict=True):
        assert call.startswith(start), calls
    assert "--state open --label candidate-works" in calls[0]
    assert CANDIDATES in body and CANDIDATES in summary
    assert "(https://github.example/example/awesome-large-audio-models/actions/runs/12345)" in body, body
    assert "(https://github.example/example/awesome-large-audio-models/blob/main/MAINTAINING.md#new-candidate-works-each-week)" in body


@pytest.mark.slow
def test_candidates_issue_says_a_partial_list_is_partial(tmp_path: Path) -> None:
    calls, body, summary = discover_job(tmp_path, "refs/heads/main", 1, "9", error="discover: arXiv API: HTTP 503")
    assert [call.split()[:3] for call in calls] == [["issue", "list", "--state"], ["issue", "edit", "9"]], calls
    assert "**Partial:** discover: arXiv API: HTTP 503; the list below may miss papers." in body.splitlines(), body
    assert CANDIDATES in body and "**Partial:**" in summary


@pytest.mark.slow
@pytest.mark.parametrize("status", [2, 3])
def test_candidates_issue_is_left_alone_when_discover_fails(tmp_path: Path, status: int) -> None:
    calls, body, summary = discover_job(tmp_path, "refs/heads/main", status, "9", error="discover: boom")
    assert calls == [] and body == "", calls
    assert "the search failed" in summary


@pytest.mark.slow
def test_candidates_on_another_branch_go_to_the_summary_only(tmp_path: Path) -> None:
    calls, body, summary = discover_job(tmp_path, "refs/heads/try-discover", 0, "")
    assert calls == [] and body == "", calls
    assert CANDIDATES in summary


# ---------------------------------------------------------------- the linters

@pytest.mark.slow
def test_actionlint_and_zizmor_report_no_findings() -> None:
    result = subprocess.run(["bash", str(REPO / "scripts" / "lint-workflows.sh")], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    if result.returncode == 2 and "is missing" in result.stdout:
        message = result.stdout.strip().splitlines()[-1]
        if os.environ.get("AWESOME_LAM_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_shell_scripts_pass_shellcheck() -> None:
    if shutil.which("shellcheck") is None:
        message = "shellcheck is not installed; sudo apt-get install --no-install-recommends shellcheck"
        if os.environ.get("AWESOME_LAM_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    scripts = sorted(str(p) for p in (REPO / "scripts").glob("*.sh")) + [str(REPO / ".ci" / "run")]
    result = subprocess.run(["shellcheck", "--shell=bash", *scripts], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_pre_commit_config_is_current_and_watches_what_feeds_the_readme() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert all(hook["language"] != "system" for hook in hooks), "`language: system` is deprecated: unsupported"
    whole_list = next(hook for hook in hooks if hook["id"] == "awesome-lam-validate-list")
    for path in ("entries/music/x.md", "data/source-hosts.yml", "templates/README.md.j2", "generator/load.py"):
        assert re.search(whole_list["files"], path), path
    assert "check" not in whole_list["entry"], "pull requests do not commit the README, so it is not fresh there"
    pre_commit = shutil.which("pre-commit", path=str(VENV / "bin"))
    if pre_commit:
        result = subprocess.run([pre_commit, "validate-config", ".pre-commit-config.yaml"], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0 and "warn" not in (result.stdout + result.stderr).lower(), result.stdout + result.stderr


def test_the_python_versions_claimed_are_the_ones_tested() -> None:
    import tomllib

    claim = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    low, high = re.fullmatch(r">=3\.(\d+),<3\.(\d+)", claim).groups()  # type: ignore[union-attr]
    claimed = [f"3.{minor}" for minor in range(int(low), int(high))]
    matrix = load(PR_WORKFLOW)["jobs"]["python-versions"]["strategy"]["matrix"]["python"]
    assert matrix == claimed, (matrix, claimed)
    local = re.search(r"^for version in ([\d. ]+); do$", (REPO / "scripts" / "python-versions.sh").read_text(encoding="utf-8"), re.M)
    assert local and local.group(1).split() == claimed


# ------------------------------------- the summary reads entries with the project's loader (issue 22, item 14)

def summary_of(work: Path, tmp: Path, timeout: int = 600) -> tuple[Ran, str]:
    """Build the README as the job does, then run the summary step; its result and the summary."""
    run_step(PR_WORKFLOW, PR_JOB, step_by_id(PR_WORKFLOW, PR_JOB, "generated"), work, tmp)
    ran = run_step(PR_WORKFLOW, PR_JOB, step_by_id(PR_WORKFLOW, PR_JOB, "summary"), work, tmp, timeout=timeout)
    return ran, (tmp / "runner" / "github_step_summary").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_summary_shows_entries_whose_names_markdown_escapes(tmp_path: Path) -> None:
    """The README escapes a name's Markdown (`Speech_Star*2` is `Speech\\_Star\\*2`): the summary finds
    the entry's line all the same, and the dataset's table row under its header."""
    work = workspace(tmp_path)
    rel = new_entry(work, "speech-star", "Speech_Star*2 [v2]")
    dataset = "entries/datasets/open-speech-set.md"
    (work / dataset).write_text(entry_text(
        title='"Open_Speech Set: A Test Dataset"', name='"Open_Speech Set"', kind="dataset", arxiv=None,
        links="\n  dataset: https://github.com/flow-test/open-speech", tasks="[asr]", modalities="[speech]",
        languages="[English]", size='"1,000 hours"', access="open", sources='["https://github.com/flow-test/open-speech"]',
        summary="A speech dataset added by the workflow test.", added=f'"{dt.date.today()}"',
    ), encoding="utf-8")
    git(work, "add", rel, dataset)
    git(work, "commit", "-q", "-m", "Add two entries")
    ran, summary = summary_of(work, tmp_path)
    assert ran.returncode == 0, ran.output
    assert f"- `{rel}` (added)" in summary and f"- `{dataset}` (added)" in summary, summary
    assert r"- [Speech\_Star\*2 \[v2\]](https://github.com/flow-test/speech-star) - Model: Text-to-music" in summary, summary
    assert r"- [Open\_Speech Set](https://github.com/flow-test/open-speech) - Dataset: Automatic speech recognition" in summary, summary
    assert "Not found" not in summary and "not in the README" not in summary, summary


@pytest.mark.slow
def test_the_summary_of_a_hostile_entry_ends_quickly(tmp_path: Path) -> None:
    """An alias bomb in an entry is refused by the loader, never expanded: the summary says the
    entry is not in the README (the list has problems) within seconds."""
    work = workspace(tmp_path)
    rel = "entries/music/bomb.md"
    lines = ["---", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=False):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    (work / rel).write_text("\n".join([*lines, "name: *i", "title: *i", "---", "A summary."]) + "\n", encoding="utf-8")
    git(work, "add", rel)
    git(work, "commit", "-q", "-m", "Add a bomb")
    ran, summary = summary_of(work, tmp_path, timeout=60)
    assert ran.returncode == 0, ran.output
    assert f"- `{rel}` (added)" in summary, summary
    assert "Not in the README: the list has problems" in summary, summary


# ---------------------------------- checks on the merge with the current base (issue 22, item 13)

def two_pull_requests_for_one_paper(work: Path) -> tuple[str, str]:
    """Branches `first` and `second` from main, each adding the same paper under another name in
    another section: each passes alone, and merged together they fail (one entry per work)."""
    paths = []
    for branch, section, name in (("first", "music", "PaperOne"), ("second", "audio-generation", "PaperTwo")):
        git(work, "checkout", "-q", "-b", branch, "main")
        rel = f"entries/{section}/{name.lower()}.md"
        (work / rel).write_text(entry_text(
            title='"A Paper Submitted Twice: Parallel Pull Requests"', name=name, arxiv='"2312.09999"', tasks="[music-generation]",
            links="\n  paper: https://arxiv.org/abs/2312.09999", modalities="[music, text]", added=f'"{dt.date.today()}"',
            sources='["https://arxiv.org/abs/2312.09999"]', summary="A music model submitted twice by the workflow test.",
        ), encoding="utf-8")
        git(work, "add", rel)
        git(work, "commit", "-q", "-m", f"Add {name}")
        paths.append(rel)
    git(work, "checkout", "-q", "main")
    return paths[0], paths[1]


def check_job_steps(work: Path, tmp: Path, until: str) -> dict[str, Ran]:
    """The check job's local `run:` steps, in order, up to the step `until`."""
    ran: dict[str, Ran] = {}
    for step in load(PR_WORKFLOW)["jobs"][PR_JOB]["steps"]:
        if "run" in step and step.get("id") not in SKIP_LOCALLY:
            ran[step["id"]] = run_step(PR_WORKFLOW, PR_JOB, step, work, tmp)
            if step["id"] == until or ran[step["id"]].returncode != 0:
                break
    return ran


@pytest.mark.slow
def test_a_pull_request_is_checked_on_the_merge_with_the_current_base(tmp_path: Path) -> None:
    """The second of two pull requests for one paper is checked after the first merged: its check
    runs on its merge with main as main is now, and fails, instead of passing on the old base."""
    work = workspace(tmp_path)
    first, second = two_pull_requests_for_one_paper(work)
    git(work, "checkout", "-q", "second")
    alone = check_job_steps(work, tmp_path, until="validate")
    assert alone["validate"].returncode == 0, alone["validate"].output  # each passes alone
    git(work, "checkout", "-q", "main")
    git(work, "merge", "-q", "--no-ff", "-m", "Merge first", "first")
    git(work, "update-ref", "refs/remotes/origin/main", "main")  # the base moved: the first pull request merged
    git(work, "checkout", "-q", "second")
    ran = check_job_steps(work, tmp_path, until="validate")
    assert ran["base"].returncode == 0, ran["base"].output
    assert "origin/main" in ran["base"].output and git(work, "rev-parse", "--short", "main").strip() in ran["base"].output
    assert ran["validate"].returncode == 1, ran["validate"].output
    assert f"the same arXiv id is also used by {first}" in ran["validate"].output or \
        f"the same arXiv id is also used by {second}" in ran["validate"].output, ran["validate"].output


@pytest.mark.slow
def test_a_pull_request_that_no_longer_merges_fails_with_what_to_do(tmp_path: Path) -> None:
    work = workspace(tmp_path)
    git(work, "checkout", "-q", "-b", "late", "main")
    edit_an_entry(work, "One wording.")
    git(work, "commit", "-q", "-am", "One wording")
    git(work, "checkout", "-q", "main")
    edit_an_entry(work, "Another wording.")
    git(work, "commit", "-q", "-am", "Another wording")
    git(work, "update-ref", "refs/remotes/origin/main", "main")
    git(work, "checkout", "-q", "late")
    ran = check_job_steps(work, tmp_path, until="base")
    assert ran["base"].returncode == 1
    assert "::error title=Merge conflict::" in ran["base"].output and "merge main into it" in ran["base"].output, ran["base"].output


@pytest.mark.slow
def test_main_is_checked_again_after_each_merge_with_a_clear_report(tmp_path: Path) -> None:
    """Both pull requests merged (each checked before the other merged): the push to main runs the
    checks again and reports, in the job summary, that main now fails and what to do."""
    work = workspace(tmp_path)
    first, second = two_pull_requests_for_one_paper(work)
    for branch in ("first", "second"):
        git(work, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)
    workflow = load(SITE_WORKFLOW)
    job = workflow["jobs"]["main-check"]
    assert job_runs(job, {}, {"github.event_name": "push", "github.ref": "refs/heads/main"})
    context = {"github.sha": git(work, "rev-parse", "HEAD").strip()}
    ran = run_step(SITE_WORKFLOW, "main-check", step_by_id(SITE_WORKFLOW, "main-check", "validate"), work, tmp_path, context=context)
    assert ran.returncode == 1, ran.output
    summary = (tmp_path / "runner" / "github_step_summary").read_text(encoding="utf-8")
    assert "## main fails its checks after this push" in summary, summary
    assert f"the same arXiv id is also used by {first}" in summary or f"the same arXiv id is also used by {second}" in summary, summary
    assert context["github.sha"][:12] in summary
    git(work, "revert", "--no-edit", "-m", "1", "HEAD")  # the fix: revert the second merge
    (tmp_path / "runner" / "github_step_summary").write_text("", encoding="utf-8")
    again = run_step(SITE_WORKFLOW, "main-check", step_by_id(SITE_WORKFLOW, "main-check", "validate"), work, tmp_path, context=context)
    assert again.returncode == 0, again.output
    assert "main passes its checks" in (tmp_path / "runner" / "github_step_summary").read_text(encoding="utf-8")
