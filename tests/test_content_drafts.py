"""Generated drafts against a small OpenAI-compatible server on loopback.

The server is real HTTP (``http.server`` in a thread); its path picks the behaviour:
``/good``, ``/malformed``, ``/slow``, ``/slow-once``, ``/refused``, ``/flaky`` (503 then
good), ``/schema`` (an unknown section), ``/no-json-mode`` (400 when asked for JSON mode).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from medcodes.catalog.reader import Catalog
from medcodes.cli.main import cli
from medcodes.content.articles import CatalogLookup, check_file, split_front_matter
from medcodes.content.drafts import (
    API_KEY_ENV,
    DraftError,
    Endpoint,
    generate,
    wanted_sections,
)

SLOW_SECONDS = 1.5


@dataclass
class Recorder:
    """What the server saw: each request's path, headers and JSON body."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, mode: str) -> int:
        with self.lock:
            return sum(1 for r in self.requests if r["mode"] == mode)


def _completion(content: str) -> dict[str, Any]:
    return {"id": "x", "object": "chat.completion", "model": "test-model",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}]}


def _good_content(body: dict[str, Any]) -> str:
    """Answer with every section the prompt asks for (ids read from the prompt)."""
    prompt = body["messages"][-1]["content"]
    ids = [line.split('"')[1] for line in prompt.splitlines() if line.startswith('- "')]
    return json.dumps({"sections": {sid: f"Plain text for {sid}.\n\n- a point" for sid in ids}})


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            return

        def _send(self, status: int, payload: Any) -> None:
            data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)  # the client may have given up (a timeout test)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            mode = self.path.strip("/").split("/")[0]
            with recorder.lock:
                seen = sum(1 for r in recorder.requests if r["mode"] == mode)
                recorder.requests.append({"mode": mode, "path": self.path, "body": body,
                                          "headers": dict(self.headers)})
            if not self.path.endswith("/v1/chat/completions"):
                self._send(404, {"error": {"message": "not found"}})
            elif mode == "good":
                self._send(200, _completion(_good_content(body)))
            elif mode == "malformed":
                self._send(200, _completion('{"sections": {"purpose": "unterminated'))
            elif mode == "slow" or (mode == "slow-once" and seen == 0):
                time.sleep(SLOW_SECONDS)
                self._send(200, _completion(_good_content(body)))
            elif mode == "slow-once":
                self._send(200, _completion(_good_content(body)))
            elif mode == "refused":
                self._send(403, {"error": {"message": "this key may not use the model"}})
            elif mode == "flaky":
                if seen == 0:
                    self._send(503, {"error": {"message": "loading model"}})
                else:
                    self._send(200, _completion(_good_content(body)))
            elif mode == "schema":
                self._send(200, _completion(json.dumps({"sections": {"billing": "x"}})))
            elif mode == "no-json-mode":
                if "response_format" in body:
                    self._send(400, {"error": {"message": "response_format is not supported"}})
                else:
                    self._send(200, _completion(_good_content(body)))
            else:
                self._send(500, {"error": {"message": f"unknown mode {mode}"}})

    return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", recorder
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _endpoint(base: str, mode: str, **kw: Any) -> Endpoint:
    return Endpoint(f"{base}/{mode}/v1", "test-model", backoff=0.05, **kw)


def _concept(cat: Catalog, system: str, code: str) -> Any:
    c = cat.get(system, code)
    assert c is not None
    return c


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_good_answer_becomes_a_draft_for_review(
    cat: Catalog, catalog_path: Path, server: tuple[str, Recorder], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, recorder = server
    monkeypatch.setenv(API_KEY_ENV, "sekret")
    result = CliRunner().invoke(cli, [
        "content", "draft", "--system", "icd10pcs", "--code", "0dtj4zz",
        "--endpoint", f"{base}/good/v1", "--model", "test-model", "--out", str(tmp_path),
        "--db", str(catalog_path),
    ])
    assert result.exit_code == 0, result.output
    path = tmp_path / "icd10pcs-0DTJ4ZZ-generated.md"
    assert _files(tmp_path) == [path.name]

    article, problems = check_file(path, CatalogLookup(cat))
    assert problems == [] and article is not None
    meta = article.meta
    assert meta["status"] == "draft" and meta["generated"] is True
    assert meta["model"] == "test-model" and meta["endpoint"] == base.split("//")[1]
    assert "reviewed_by" not in meta and meta["date"]
    c = _concept(cat, "icd10pcs", "0DTJ4ZZ")
    assert [s.id for s in article.sections] == list(wanted_sections(cat, c))
    assert all(s.text.startswith(f"Plain text for {s.id}.") for s in article.sections)

    request = [r for r in recorder.requests if r["mode"] == "good"][-1]
    assert request["headers"]["Authorization"] == "Bearer sekret"
    assert request["body"]["response_format"] == {"type": "json_object"}
    prompt = request["body"]["messages"][-1]["content"]
    # The derived facts are in the prompt: the official definition of the root operation.
    root = next(a for a in c.properties["axes"] if a["position"] == 3)
    assert root["definition"] in prompt and c.title in prompt


def test_diagnosis_draft_never_asks_for_classification_rules(cat: Catalog) -> None:
    wanted = wanted_sections(cat, _concept(cat, "icd10cm", "E11.9"))
    assert list(wanted) == ["clinical"]


def test_malformed_answer_is_a_clear_error_and_writes_nothing(
    cat: Catalog, server: tuple[str, Recorder], tmp_path: Path
) -> None:
    base, _ = server
    with pytest.raises(DraftError, match="not valid JSON"):
        generate(cat, _concept(cat, "icd10cm", "E11.9"), _endpoint(base, "malformed"), tmp_path)
    assert _files(tmp_path) == []


def test_schema_violation_is_a_clear_error_and_writes_nothing(
    cat: Catalog, server: tuple[str, Recorder], tmp_path: Path
) -> None:
    base, _ = server
    with pytest.raises(DraftError, match="unknown section 'billing'"):
        generate(cat, _concept(cat, "icd10cm", "E11.9"), _endpoint(base, "schema"), tmp_path)
    assert _files(tmp_path) == []


def test_slow_answer_times_out_retries_then_fails_cleanly(
    cat: Catalog, server: tuple[str, Recorder], tmp_path: Path
) -> None:
    base, recorder = server
    before = recorder.count("slow")
    endpoint = _endpoint(base, "slow", timeout=0.3, retries=1)
    with pytest.raises(DraftError, match=r"no answer within 0.3 s after 2 attempt"):
        generate(cat, _concept(cat, "icd10cm", "J18.9"), endpoint, tmp_path)
    assert recorder.count("slow") - before == 2
    assert _files(tmp_path) == []


def test_slow_first_answer_is_retried_and_succeeds(
    cat: Catalog, server: tuple[str, Recorder], tmp_path: Path
) -> None:
    base, recorder = server
    endpoint = _endpoint(base, "slow-once", timeout=0.5, retries=2)
    path = generate(cat, _concept(cat, "icd10cm", "J18.9"), endpoint, tmp_path)
    assert path.exists() and recorder.count("slow-once") == 2


def test_server_error_is_retried_with_backoff(
    cat: Catalog, server: tuple[str, Recorder], tmp_path: Path
) -> None:
    base, recorder = server
    path = generate(cat, _concept(cat, "icd10cm", "I21.9"), _endpoint(base, "flaky"), tmp_path)
    assert path.exists() and recorder.count("flaky") == 2


def test_refusal_is_not_retried_and_writes_nothing(
    catalog_path: Path, server: tuple[str, Recorder], tmp_path: Path
) -> None:
    base, recorder = server
    before = recorder.count("refused")
    result = CliRunner().invoke(cli, [
        "content", "draft", "-s", "icd10cm", "-c", "E11.9", "--endpoint", f"{base}/refused/v1",
        "--model", "test-model", "--out", str(tmp_path), "--db", str(catalog_path),
    ])
    output = " ".join(result.output.split())  # error lines wrap at the terminal width
    assert result.exit_code == 1
    assert "refused the request (HTTP 403): this key may not use the model" in output
    assert "Traceback" not in output
    assert recorder.count("refused") - before == 1
    assert _files(tmp_path) == []


def test_server_without_json_mode_is_asked_again_plainly(
    cat: Catalog, server: tuple[str, Recorder], tmp_path: Path
) -> None:
    base, recorder = server
    endpoint = Endpoint(f"{base}/no-json-mode/v1/chat/completions", "m", backoff=0.05)
    path = generate(cat, _concept(cat, "icd10cm", "E11.9"), endpoint, tmp_path)
    assert path.exists()
    sent = [r["body"] for r in recorder.requests if r["mode"] == "no-json-mode"]
    assert "response_format" in sent[0] and "response_format" not in sent[-1]


def test_unreachable_endpoint_and_bad_url_are_clear_errors(
    cat: Catalog, tmp_path: Path
) -> None:
    c = _concept(cat, "icd10cm", "E11.9")
    with pytest.raises(DraftError, match="not an http"):
        generate(cat, c, Endpoint("ftp://example.org", "m"), tmp_path)
    with pytest.raises(DraftError, match="cannot reach"):
        generate(cat, c, Endpoint("http://127.0.0.1:9", "m", timeout=1, retries=0), tmp_path)
    assert _files(tmp_path) == []


def test_a_reviewed_article_is_never_overwritten_by_a_draft(
    cat: Catalog, server: tuple[str, Recorder], tmp_path: Path
) -> None:
    base, _ = server
    c = _concept(cat, "icd10cm", "E11.9")
    first = generate(cat, c, _endpoint(base, "good"), tmp_path)
    again = generate(cat, c, _endpoint(base, "good"), tmp_path)  # a draft may be replaced
    assert again == first
    text = first.read_text()
    split = split_front_matter(text)
    assert split is not None
    meta = yaml.safe_load(split[0])
    meta.update(status="reviewed", reviewed_by="Ann", review_date="2025-01-01")
    first.write_text(f"---\n{yaml.safe_dump(meta)}---\n{split[1]}")
    with pytest.raises(DraftError, match="not overwritten"):
        generate(cat, c, _endpoint(base, "good"), tmp_path)
    assert "status: reviewed" in first.read_text()
