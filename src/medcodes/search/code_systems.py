"""Which code systems and kinds of node are which: diagnoses, procedures, retired systems,
and the groups above codes. Read by the re-rank (``rank.rerank``) and the meaning search
alike, so they live apart from either."""

from __future__ import annotations

LEGACY_SYSTEMS = frozenset({"icd9cm", "icd9pcs"})
DIAGNOSIS_SYSTEMS = frozenset({"icd10cm", "icd9cm"})
# The systems whose codes report procedures (CPT and HCPCS when imported; not LOINC's tests).
PROCEDURE_SYSTEMS = frozenset({"icd10pcs", "icd9pcs", "cpt", "hcpcs"})
GROUP_KINDS = frozenset({"chapter", "block", "section", "body_system"})
# ICD-10-PCS tables and body-part rows group codes by their first 3-4 characters; their
# titles repeat the codes' words, so without a nudge they outrank the codes themselves.
PCS_NODES = frozenset({"table", "body_part"})
