"""FHIR R4 terminology service over the catalog: one module per resource or operation.

``router.fhir_router`` is the only thing the web app needs; the operation modules take a
Catalog and parsed parameters and return plain FHIR JSON dicts, so they are testable and
benchmarkable without HTTP.
"""
