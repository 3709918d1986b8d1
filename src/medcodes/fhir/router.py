"""The /fhir routes: read the request into ``OpParams``, call an operation module, answer
``application/fhir+json``. Every failure is an OperationOutcome with its HTTP status.

The web app mounts this with ``app.include_router(fhir_router(get_catalog))``; tests and
benchmarks mount it on a bare FastAPI app the same way.
"""

from __future__ import annotations

import inspect
import json
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from medcodes.catalog.live import BudgetExceeded, failure_message
from medcodes.catalog.reader import Catalog, CatalogError
from medcodes.fhir import capability, codesystem, expand, lookup, subsumes, translate, validate
from medcodes.fhir.outcome import FhirError
from medcodes.fhir.params import OpParams
from medcodes.fhir.resolve import system_uri
from medcodes.fhir.shapes import JSON_MEDIA_TYPE
from medcodes.search.types import QueryError

log = logging.getLogger("medcodes.fhir")

MAX_BODY = 1_000_000  # bytes of a POSTed Parameters resource
_JSON_TYPES = ("application/fhir+json", "application/json", "application/json+fhir")
_FORMATS = ("json", *_JSON_TYPES)
_IGNORED = ("_format", "_pretty", "_summary", "_elements")

Operation = Callable[..., dict[str, Any]]
# The app's catalog dependency, plain or async (FastAPI style): it may raise HTTPException.
CatalogGetter = Callable[[Request], Catalog | Awaitable[Catalog]]


class FhirResponse(JSONResponse):
    media_type = JSON_MEDIA_TYPE


def outcome_response(err: FhirError) -> FhirResponse:
    return FhirResponse(err.outcome(), status_code=err.status)


async def read_params(request: Request) -> OpParams:
    """Query parameters, plus the POSTed Parameters resource for a POST."""
    fmt = request.query_params.get("_format")
    if fmt and fmt.split(";")[0].strip().lower() not in _FORMATS:
        raise FhirError(f"_format {fmt!r} is not served: this server speaks JSON only",
                        "not-supported", status=406, expression="_format")
    params = OpParams.from_query(
        (k, v) for k, v in request.query_params.multi_items() if k not in _IGNORED
    )
    if request.method != "POST":
        return params
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _JSON_TYPES:
        raise FhirError(
            f"POST a FHIR Parameters resource as application/fhir+json, not {media or 'nothing'}",
            "not-supported", status=415,
        )
    body = await request.body()
    if len(body) > MAX_BODY:
        raise FhirError(f"the request body is over {MAX_BODY} bytes", "too-costly", status=413)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FhirError(f"the request body is not valid JSON: {exc}", "structure") from exc
    return OpParams.from_body(data).merge(params)


def fhir_router(get_catalog: CatalogGetter) -> APIRouter:
    """The FHIR R4 terminology API under /fhir over the catalog ``get_catalog(request)`` gives."""
    router = APIRouter(prefix="/fhir", tags=["FHIR terminology"])

    async def answer(request: Request, op: Operation, **kwargs: Any) -> Response:
        try:
            params = await read_params(request)
            got = get_catalog(request)
            cat = await got if inspect.isawaitable(got) else got
            return FhirResponse(await run_in_threadpool(op, cat, params, **kwargs))
        except FhirError as err:
            return outcome_response(err)
        except QueryError as exc:
            return outcome_response(FhirError(str(exc), "invalid"))
        except CatalogError as exc:
            return outcome_response(FhirError(str(exc), "transient"))
        except (sqlite3.Error, BudgetExceeded) as exc:  # over the time budget, or a bad file
            return outcome_response(FhirError(failure_message(exc), "transient"))
        except HTTPException as exc:  # the app's catalog dependency says why it has none
            code = "transient" if exc.status_code >= 500 else "invalid"
            return outcome_response(FhirError(str(exc.detail), code, status=exc.status_code))
        except Exception:
            log.exception("unhandled error on %s", request.url.path)
            return outcome_response(FhirError(
                "an unexpected error occurred; it has been logged", "exception", status=500
            ))

    def route(path: str, op: Operation, methods: tuple[str, ...] = ("GET", "POST")) -> None:
        async def endpoint(request: Request) -> Response:
            return await answer(request, op, **request.path_params)

        name = f"fhir_{op.__module__.rsplit('.', 1)[-1]}_{op.__name__}"
        endpoint.__name__ = name
        # One route per method: a shared route gives OpenAPI duplicate operation ids.
        for method in methods:
            router.add_api_route(
                path, endpoint, methods=[method], response_class=FhirResponse,
                summary=next(iter((op.__doc__ or "").strip().splitlines()), None),
                operation_id=f"{name}{path.replace('/', '_').replace('$', '').replace('{', '').replace('}', '')}_{method.lower()}",
            )

    def on_instance(op: Operation) -> Operation:
        """``CodeSystem/{id}/$op``: the id names the code system the operation is about."""
        def call(cat: Catalog, params: OpParams, id: str) -> dict[str, Any]:
            rec = codesystem.release_by_id(cat, id)
            return op(cat, params, system=f"{system_uri(rec)}|{rec.version}")

        call.__name__ = f"{op.__name__}_instance"
        call.__doc__ = op.__doc__
        return call

    def read(cat: Catalog, params: OpParams, id: str) -> dict[str, Any]:
        """Read one CodeSystem resource."""
        return codesystem.read(cat, id)

    route("/metadata", capability.metadata, ("GET",))
    route("/CodeSystem/$lookup", lookup.lookup)
    route("/CodeSystem/$validate-code", validate.validate_in_code_system)
    route("/CodeSystem/$subsumes", subsumes.subsumes)
    route("/ValueSet/$expand", expand.expand)
    route("/ValueSet/$validate-code", validate.validate_in_value_set)
    route("/ConceptMap/$translate", translate.translate)
    route("/CodeSystem/{id}/$lookup", on_instance(lookup.lookup))
    route("/CodeSystem/{id}/$validate-code", on_instance(validate.validate_in_code_system))
    route("/CodeSystem/{id}/$subsumes", on_instance(subsumes.subsumes))
    route("/CodeSystem/{id}", read, ("GET",))

    @router.get("/CodeSystem", response_class=FhirResponse, summary="Search CodeSystem resources")
    async def code_systems(request: Request) -> Response:
        base = str(request.base_url).rstrip("/") + router.prefix
        return await answer(request, codesystem.search, base=base)

    @router.api_route(
        "/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    async def unknown(request: Request, rest: str) -> Response:
        if request.method in ("GET", "POST"):
            err = FhirError(f"no FHIR endpoint /fhir/{rest} on this terminology server",
                            "not-supported", status=404)
        else:
            err = FhirError("this terminology server is read-only", "not-supported", status=405)
        return outcome_response(err)

    return router
