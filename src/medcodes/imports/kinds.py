"""The kinds ``medcodes import`` accepts, each read by one loader (see ``systems/``)."""

from __future__ import annotations

from pathlib import Path

from medcodes.systems.cpt import CPTLoader
from medcodes.systems.hcpcs import HCPCSLoader
from medcodes.systems.icd10_releases import ICD10CMReleaseLoader, ICD10PCSReleaseLoader
from medcodes.systems.icd10cm_index import ICD10CMIndexLoader
from medcodes.systems.loinc import LOINCLoader
from medcodes.systems.sources import ImportLoader

KINDS: dict[str, type[ImportLoader]] = {
    cls.kind: cls
    for cls in (
        HCPCSLoader,
        CPTLoader,
        LOINCLoader,
        ICD10CMIndexLoader,
        ICD10CMReleaseLoader,
        ICD10PCSReleaseLoader,
    )
}

# Kinds that add terms to another system instead of a release of their own: only the newest
# stored release of each is applied, so two index years never stack their terms.
ENRICHMENTS = frozenset({ICD10CMIndexLoader.kind})


def kinds_that_read(path: Path, exclude: str = "") -> list[str]:
    """Every kind whose loader recognises ``path`` (to say "this looks like a LOINC file")."""
    return [k for k, cls in KINDS.items() if k != exclude and cls.can_read(path)]
