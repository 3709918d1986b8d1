"""The list of built-in loaders, in build order. Imports go through ``importers()``."""

from __future__ import annotations

from medcodes.systems.base import Loader


def builtin_loaders() -> list[Loader]:
    """Every bundled source: code systems first, then the crosswalks that join them."""
    from medcodes.systems.gems import GemsLoader
    from medcodes.systems.icd9cm import ICD9DiagnosisLoader, ICD9ProcedureLoader
    from medcodes.systems.icd10cm import ICD10CMLoader
    from medcodes.systems.icd10pcs import ICD10PCSLoader

    return [
        ICD10CMLoader(),
        ICD10PCSLoader(),
        ICD9DiagnosisLoader(),
        ICD9ProcedureLoader(),
        GemsLoader(),
    ]


# FHIR URIs of the systems medcodes knows (bundled or importable).
FHIR_URIS = {
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "icd10pcs": "http://www.cms.gov/Medicare/Coding/ICD10",
    "icd9cm": "http://hl7.org/fhir/sid/icd-9-cm",
    "icd9pcs": "http://hl7.org/fhir/sid/icd-9-cm/procedure",
    "cpt": "http://www.ama-assn.org/go/cpt",
    "hcpcs": "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
    "loinc": "http://loinc.org",
}
