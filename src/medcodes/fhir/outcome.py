"""OperationOutcome: how every FHIR error is reported, with the HTTP status FHIR expects."""

from __future__ import annotations

from typing import Any

# issue-type code (http://hl7.org/fhir/issue-type) -> default HTTP status
_STATUS = {
    "invalid": 400,
    "required": 400,
    "value": 400,
    "structure": 400,
    "not-found": 404,
    "not-supported": 422,
    "code-invalid": 422,
    "processing": 422,
    "business-rule": 422,
    "too-costly": 422,
    "exception": 500,
    "transient": 503,
}


class FhirError(Exception):
    """A request the service cannot answer; rendered as an OperationOutcome, never a traceback.

    ``code`` is the FHIR issue type; the HTTP status follows from it unless given. ``expression``
    names the offending parameter so a client can point at it.
    """

    def __init__(
        self, message: str, code: str = "invalid", status: int | None = None,
        expression: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status or _STATUS.get(code, 400)
        self.expression = expression

    def outcome(self) -> dict[str, Any]:
        return operation_outcome(self.message, self.code, expression=self.expression)


def operation_outcome(
    diagnostics: str, code: str = "invalid", severity: str = "error",
    expression: str | None = None,
) -> dict[str, Any]:
    """A one-issue OperationOutcome resource."""
    issue: dict[str, Any] = {"severity": severity, "code": code, "diagnostics": diagnostics}
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def missing(name: str) -> FhirError:
    """The error for an absent required parameter."""
    return FhirError(f"parameter {name!r} is required", "required", expression=name)


def unknown_code(system_uri: str, code: str, name: str = "code") -> FhirError:
    return FhirError(
        f"unknown code {code!r} in code system {system_uri}", "not-found", expression=name
    )
