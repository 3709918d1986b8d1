"""Operation input: GET query strings and POSTed ``Parameters`` resources read the same way.

FHIR lets a client call any idempotent operation either way; the operation modules only ever
see ``OpParams`` and ask it for typed values, so a bad value is a 400 naming the parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from medcodes.fhir.outcome import FhirError

MAX_PARAMETERS = 200


@dataclass(frozen=True, slots=True)
class Coding:
    """The parts of a FHIR Coding an operation uses."""

    system: str | None = None
    code: str | None = None
    version: str | None = None
    display: str | None = None


@dataclass(slots=True)
class OpParams:
    """Named operation parameters, each a list of raw values (str, int, bool or a dict)."""

    values: dict[str, list[Any]] = field(default_factory=dict)

    @classmethod
    def from_query(cls, items: Iterable[tuple[str, str]]) -> OpParams:
        params = cls()
        for name, value in items:
            params.add(name, value)
        return params

    @classmethod
    def from_body(cls, body: Any) -> OpParams:
        """Read a FHIR Parameters resource (already JSON-decoded)."""
        if not isinstance(body, dict) or body.get("resourceType") != "Parameters":
            raise FhirError("the request body must be a FHIR Parameters resource", "structure")
        entries = body.get("parameter", [])
        if not isinstance(entries, list):
            raise FhirError("Parameters.parameter must be a list", "structure")
        if len(entries) > MAX_PARAMETERS:
            raise FhirError(f"at most {MAX_PARAMETERS} parameters per call", "too-costly")
        params = cls()
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise FhirError("every Parameters.parameter needs a name", "structure")
            values = [v for k, v in entry.items() if k.startswith("value")]
            if "resource" in entry:
                values.append(entry["resource"])
            if len(values) != 1:
                raise FhirError(
                    f"parameter {entry['name']!r} must have exactly one value[x]", "structure",
                    expression=entry["name"],
                )
            params.add(entry["name"], values[0])
        return params

    def add(self, name: str, value: Any) -> None:
        self.values.setdefault(name, []).append(value)

    def merge(self, other: OpParams) -> OpParams:
        for name, values in other.values.items():
            self.values.setdefault(name, []).extend(values)
        return self

    # -- typed access -------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return bool(self.values.get(name))

    def text(self, name: str) -> str | None:
        """The first value as text; a structured value here is the client's error."""
        values = self.values.get(name)
        if not values:
            return None
        value = values[0]
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str | int | float):
            text = str(value).strip()
            return text or None
        raise FhirError(f"parameter {name!r} must be a simple value", "invalid", expression=name)

    def texts(self, name: str) -> list[str]:
        """Every value of a repeating parameter (``property``), as text."""
        out = []
        for value in self.values.get(name, []):
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise FhirError(f"parameter {name!r} must be a simple value", expression=name)
            if str(value).strip():
                out.append(str(value).strip())
        return out

    def integer(self, name: str, default: int, lo: int = 0, hi: int | None = None) -> int:
        """An integer within ``lo..hi``; anything else is a 400 that says the range."""
        values = self.values.get(name)
        if not values:
            return default
        value = values[0]
        bad = FhirError(
            f"parameter {name!r} must be an integer >= {lo}"
            + (f" and <= {hi}" if hi is not None else "")
            + f", not {value!r}",
            "invalid", expression=name,
        )
        if isinstance(value, bool):
            raise bad
        if isinstance(value, str):
            text = value.strip()
            if not text.lstrip("-").isdigit() or len(text) > 12:
                raise bad
            value = int(text)
        if not isinstance(value, int) or value < lo or (hi is not None and value > hi):
            raise bad
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        values = self.values.get(name)
        if not values:
            return default
        value = values[0]
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise FhirError(
            f"parameter {name!r} must be true or false, not {value!r}", expression=name
        )

    def coding(self, name: str) -> Coding | None:
        """A Coding: a JSON object in a POST, ``system|code`` in a query string."""
        values = self.values.get(name)
        if not values:
            return None
        return _coding(values[0], name)

    def coded(
        self, code: str = "code", coding: str = "coding", system: str = "system",
        version: str = "version",
    ) -> Coding:
        """The code an operation is about: ``system``+``code`` or a ``coding``, not both."""
        given = self.coding(coding)
        if given is not None and self.has(code):
            raise FhirError(f"give either {code!r} or {coding!r}, not both", expression=coding)
        if given is not None:
            return Coding(
                given.system or self.text(system), given.code,
                given.version or self.text(version), given.display or self.text("display"),
            )
        return Coding(
            self.text(system), self.text(code), self.text(version), self.text("display")
        )

    def codings_of_concept(self, name: str) -> list[Coding]:
        """The codings of a CodeableConcept parameter."""
        values = self.values.get(name)
        if not values:
            return []
        value = values[0]
        if not isinstance(value, dict) or not isinstance(value.get("coding", []), list):
            raise FhirError(f"parameter {name!r} must be a CodeableConcept", expression=name)
        return [_coding(c, name) for c in value.get("coding", [])]


def _coding(value: Any, name: str) -> Coding:
    if isinstance(value, str):
        system, sep, code = value.partition("|")
        if not sep:
            system, code = "", value
        return Coding(system.strip() or None, code.strip() or None)
    if not isinstance(value, dict):
        raise FhirError(f"parameter {name!r} must be a Coding", expression=name)
    parts = {k: value.get(k) for k in ("system", "code", "version", "display")}
    for key, part in parts.items():
        if part is not None and not isinstance(part, str):
            raise FhirError(f"{name}.{key} must be a string", expression=f"{name}.{key}")
    return Coding(
        parts["system"] or None, parts["code"] or None, parts["version"] or None,
        parts["display"] or None,
    )
