"""Machine-generated draft articles, asked of an OpenAI-compatible chat-completions endpoint.

The user runs the endpoint (llama.cpp server, vLLM, Ollama, a hosted API); the key, if
any, comes from ``MEDCODES_LLM_API_KEY``. The prompt carries the code's derived sections
(``content.sections``) so the text stays faithful to the official data, and asks only for
sections the data cannot fill (classification facts such as excludes or coding rules are
never asked of a model). The answer is validated against the section schema and written as
a draft article (``status: draft``, ``generated: true``) for a person to review with
``medcodes content review``; nothing becomes reviewed without a person.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml

from medcodes.catalog.reader import Catalog
from medcodes.content.articles import parse_article, split_front_matter, write_atomic
from medcodes.content.outline import page_kind, writable_sections
from medcodes.content.sections import derived_sections
from medcodes.model import Concept

API_KEY_ENV = "MEDCODES_LLM_API_KEY"
MAX_FACTS = 6000  # characters of derived facts in the prompt
# Diagnosis sections that state the classification's own rules: from the data only.
NEVER_DRAFTED = frozenset({"includes", "excludes", "coding", "related"})

# What each section should say, given to the model with its id.
HINTS = {
    "summary": "two or three sentences: what the code means, in plain language",
    "purpose": "why the procedure is done",
    "indications": "the conditions or findings for which it is done",
    "preparation": "what happens before it (tests, fasting, anesthesia)",
    "procedure": "what is done, step by step, in plain language",
    "duration": "how long it usually takes, hedged (\"often about ...\")",
    "setting": "where it is done (hospital, outpatient, ...)",
    "personnel": "who performs and assists",
    "risks": "the main risks and complications",
    "benefits": "what the patient gains",
    "recovery": "what recovery usually involves",
    "alternatives": "other treatments or procedures",
    "patient_experience": "what the patient feels or notices",
    "clinical": "what the condition is, its usual causes, symptoms and treatment, and when "
                "this code rather than a sibling applies",
}


class DraftError(Exception):
    """A draft could not be made; the message says why (timeout, refusal, bad JSON, ...)."""


@dataclass(slots=True)
class Endpoint:
    """An OpenAI-compatible chat-completions endpoint and how patiently to ask it."""

    url: str
    model: str
    timeout: float = 60.0
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubled for each later one
    api_key: str | None = None

    @property
    def completions_url(self) -> str:
        """``{url}/chat/completions``, or ``url`` itself when it already ends so."""
        url = self.url.rstrip("/")
        return url if url.endswith("/chat/completions") else f"{url}/chat/completions"

    @property
    def host(self) -> str:
        """The endpoint's host (and port): recorded in a draft, never the full URL or key."""
        return urlsplit(self.completions_url).netloc or self.url

    def check(self) -> None:
        """Refuse an endpoint that is not an http(s) URL before any request is made."""
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise DraftError(f"endpoint {self.url!r} is not an http(s) URL")
        if self.timeout <= 0 or self.retries < 0:
            raise DraftError("timeout must be positive and retries zero or more")


# -- the prompt ---------------------------------------------------------------------------

def wanted_sections(cat: Catalog, c: Concept) -> dict[str, str]:
    """Sections a draft may write for ``c``: id -> title. Sections the data already fills
    stay out (the official text is better), and so do a diagnosis's classification rules.
    """
    derived = {s["id"] for s in derived_sections(cat, c)}
    skip = derived | (NEVER_DRAFTED if page_kind(c.system) == "diagnosis" else set())
    return {sid: title for sid, title in writable_sections(c.system).items() if sid not in skip}


def facts(cat: Catalog, c: Concept) -> str:
    """The derived sections as plain text, for the prompt."""
    lines: list[str] = []
    for sec in derived_sections(cat, c):
        lines.append(f"## {sec['title']}")
        if sec.get("text"):
            lines.append(sec["text"])
        lines += [f"- {item['text']}" for item in sec.get("items", [])[:25]]
    text = "\n".join(lines)
    return text if len(text) <= MAX_FACTS else text[:MAX_FACTS] + "\n[...]"


def messages(cat: Catalog, c: Concept) -> list[dict[str, str]]:
    """The chat messages asking for ``c``'s sections as one JSON object."""
    wanted = wanted_sections(cat, c)
    record = cat.system(c.system)
    system_name = record.name if record else c.system
    ids = "\n".join(f'- "{sid}" ({title}): {HINTS.get(sid, title)}' for sid, title in wanted.items())
    return [
        {
            "role": "system",
            "content": (
                "You write plain-language reference text about medical codes for a code "
                "lookup website. Be accurate and conservative: use only well-established "
                "medical knowledge consistent with the official facts you are given; never "
                "invent codes, statistics, studies or citations; hedge durations and "
                "frequencies. Answer with one JSON object and nothing else, of the form "
                '{"sections": {"<section id>": "<text, Markdown paragraphs or lists>"}}. '
                "Leave a section out rather than guess."
            ),
        },
        {
            "role": "user",
            "content": (
                f"Code: {system_name} {c.code}: {c.title}\n\n"
                f"Official facts about this code (from the code set; stay faithful to them):\n"
                f"{facts(cat, c)}\n\n"
                f"Write these sections, using exactly these ids as keys:\n{ids}"
            ),
        },
    ]


# -- asking -------------------------------------------------------------------------------

def _error_text(response: httpx.Response) -> str:
    try:
        body = response.json()
        err = body.get("error") if isinstance(body, dict) else None
        if isinstance(err, dict):
            return str(err.get("message") or err)
        if err:
            return str(err)
        return json.dumps(body)[:300]
    except (ValueError, AttributeError):
        return response.text[:300]


def ask(endpoint: Endpoint, chat: list[dict[str, str]]) -> str:
    """POST the chat and return the answer's text, retrying timeouts, connection errors, 429
    and 5xx with exponential backoff. A 4xx refusal or a malformed reply raises at once.
    """
    endpoint.check()
    headers = {"Content-Type": "application/json"}
    key = endpoint.api_key if endpoint.api_key is not None else os.environ.get(API_KEY_ENV)
    if key:
        headers["Authorization"] = f"Bearer {key}"
    payload: dict[str, Any] = {
        "model": endpoint.model, "messages": chat, "temperature": 0.2,
        "response_format": {"type": "json_object"},
    }
    attempts = endpoint.retries + 1
    last = ""
    with httpx.Client(timeout=endpoint.timeout) as client:
        attempt = 0
        while attempt < attempts:
            if attempt:
                time.sleep(endpoint.backoff * 2 ** (attempt - 1))
            attempt += 1
            try:
                response = client.post(endpoint.completions_url, json=payload, headers=headers)
            except httpx.TimeoutException:
                last = f"no answer within {endpoint.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                last = f"cannot reach {endpoint.host}: {exc}"
                continue
            if response.status_code == 429 or response.status_code >= 500:
                last = f"HTTP {response.status_code}: {_error_text(response)}"
                continue
            if response.status_code >= 400:
                detail = _error_text(response)
                if "response_format" in payload and "response_format" in detail:
                    del payload["response_format"]  # a server without JSON mode: ask plainly
                    attempt -= 1
                    continue
                raise DraftError(
                    f"the endpoint refused the request (HTTP {response.status_code}): {detail}"
                )
            return _answer_text(response)
    raise DraftError(f"{endpoint.completions_url}: {last} after {attempts} attempt(s)")


def _answer_text(response: httpx.Response) -> str:
    try:
        body = response.json()
        choice = body["choices"][0]
        message = choice["message"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise DraftError(
            f"malformed reply from the endpoint (not a chat completion: {exc!r}): "
            f"{response.text[:200]!r}"
        ) from exc
    if not isinstance(message, dict):
        raise DraftError("malformed reply from the endpoint: choices[0].message is not an object")
    if message.get("refusal"):
        raise DraftError(f"the model refused: {message['refusal']}")
    if choice.get("finish_reason") == "content_filter":
        raise DraftError("the model refused: its answer was stopped by a content filter")
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise DraftError("malformed reply from the endpoint: the answer has no text")
    return content


# -- validating ---------------------------------------------------------------------------

_FENCED = re.compile(r"^\s*```(?:json)?\s*\n(.*)\n\s*```\s*$", re.S)


def parse_answer(text: str, allowed: dict[str, str]) -> dict[str, str]:
    """The model's JSON answer as section id -> Markdown, checked against the schema:
    an object ``{"sections": {id: text}}`` (or a list of ``{"id", "text"}``), known ids
    only, each a non-empty string, at least one section.
    """
    fenced = _FENCED.match(text)
    raw = fenced.group(1) if fenced else text
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DraftError(
            f"the model's answer is not valid JSON ({exc.msg} at line {exc.lineno} column "
            f"{exc.colno}): {text[:120]!r}"
        ) from exc
    sections = data.get("sections") if isinstance(data, dict) else None
    if isinstance(sections, list):
        try:
            sections = {item["id"]: item["text"] for item in sections}
        except (KeyError, TypeError) as exc:
            raise DraftError("schema: each item of 'sections' needs 'id' and 'text'") from exc
    if not isinstance(sections, dict):
        raise DraftError('schema: the answer must be an object {"sections": {id: text, ...}}')
    out: dict[str, str] = {}
    for sid, body in sections.items():
        if sid not in allowed:
            raise DraftError(
                f"schema: unknown section {sid!r}; allowed: {', '.join(allowed) or 'none'}"
            )
        if not isinstance(body, str) or not body.strip():
            raise DraftError(f"schema: section {sid!r} must be non-empty text")
        # A heading inside a section would start a new section in the article: demote it.
        out[sid] = re.sub(r"^#{1,2}(\s)", r"###\1", body.strip(), flags=re.M)
    if not out:
        raise DraftError("schema: the answer has no sections")
    return out


# -- writing ------------------------------------------------------------------------------

def draft_path(folder: Path, c: Concept) -> Path:
    """Where the draft for ``c`` is written."""
    return folder / f"{c.system}-{c.code}-generated.md"


def render(c: Concept, sections: dict[str, str], endpoint: Endpoint, today: date) -> str:
    """The draft article: front matter, then the sections in page order."""
    titles = writable_sections(c.system)
    meta = {
        "system": c.system,
        "code": c.code,
        "title": c.title,
        "sources": [
            f"Machine-generated by {endpoint.model} from the official {c.system} data shown "
            "in the prompt; check every statement against authoritative sources before review"
        ],
        "author": f"{endpoint.model} (machine-generated)",
        "status": "draft",
        "generated": True,
        "model": endpoint.model,
        "endpoint": endpoint.host,
        "date": today.isoformat(),
    }
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    body = "\n".join(
        f"## {titles[sid]}\n{sections[sid]}\n" for sid in titles if sid in sections
    )
    return f"---\n{front}---\n{body}"


def _replaceable(path: Path) -> bool:
    """Only an unreviewed generated draft may be replaced by a new one."""
    if not path.exists():
        return True
    split = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
    if split is None:
        return False
    try:
        meta = yaml.safe_load(split[0])
    except yaml.YAMLError:
        return False
    return isinstance(meta, dict) and meta.get("generated") is True and meta.get("status") == "draft"


def generate(cat: Catalog, c: Concept, endpoint: Endpoint, folder: Path,
             today: date | None = None) -> Path:
    """Ask for ``c``'s sections and write its draft atomically; returns the draft's path.

    Raises DraftError (and writes nothing) when the endpoint fails or answers badly, or when
    the target file is a reviewed or human-written article.
    """
    target = draft_path(folder, c)
    if not _replaceable(target):
        raise DraftError(f"{target} exists and is not an unreviewed generated draft; "
                         "not overwritten")
    allowed = wanted_sections(cat, c)
    if not allowed:
        raise DraftError(f"{c.system} {c.code}: every section is already filled by the data")
    sections = parse_answer(ask(endpoint, messages(cat, c)), allowed)
    text = render(c, sections, endpoint, today or date.today())
    article, problems = parse_article(text, str(target))
    if article is None or problems:  # our own output must pass the article check
        raise DraftError("the draft does not pass the article check: "
                         + "; ".join(p.message for p in problems))
    write_atomic(target, text)
    return target
