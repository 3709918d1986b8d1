"""The fixed outline of a code page: which sections a procedure or a diagnosis page has.

Derived sections, curated articles and generated drafts all name their sections from these
two lists, so an article heading, a draft's JSON key and a derived section meet in one slot.
"""

from __future__ import annotations

# (id, title) in page order.
PROCEDURE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("purpose", "Purpose"),
    ("indications", "Indications"),
    ("preparation", "Preparation"),
    ("procedure", "Procedure description"),
    ("duration", "Duration"),
    ("setting", "Setting"),
    ("personnel", "Personnel"),
    ("risks", "Risks and complications"),
    ("benefits", "Benefits"),
    ("recovery", "Recovery"),
    ("alternatives", "Alternatives"),
    ("patient_experience", "Patient experience"),
    ("crosswalks", "Crosswalks"),
)

DIAGNOSIS_SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("clinical", "Clinical description"),
    ("includes", "Includes / applicable to"),
    ("excludes", "Excludes"),
    ("coding", "Coding guidance"),
    ("related", "Related conditions"),
    ("crosswalks", "Crosswalks"),
)

# Sections only the data can fill: an article or a draft may not replace official facts.
DERIVED_ONLY = frozenset({"crosswalks"})

# Code systems whose codes name procedures; every other system gets the diagnosis outline.
PROCEDURE_SYSTEMS = frozenset({"icd10pcs", "icd9pcs", "cpt", "hcpcs"})


def page_kind(system: str) -> str:
    """``"procedure"`` or ``"diagnosis"``: which outline a code of ``system`` follows."""
    return "procedure" if system in PROCEDURE_SYSTEMS else "diagnosis"


def outline(system: str) -> tuple[tuple[str, str], ...]:
    """The (id, title) sections of a page for a code of ``system``, in page order."""
    return PROCEDURE_SECTIONS if page_kind(system) == "procedure" else DIAGNOSIS_SECTIONS


def writable_sections(system: str) -> dict[str, str]:
    """Sections an article or draft may fill for ``system``: id -> title."""
    return {sid: title for sid, title in outline(system) if sid not in DERIVED_ONLY}


def section_id(system: str, heading: str) -> str | None:
    """The section id a Markdown heading names (its title or id, any case), or None."""
    wanted = " ".join(heading.split()).casefold()
    for sid, title in writable_sections(system).items():
        if wanted in (title.casefold(), sid.casefold(), sid.replace("_", " ")):
            return sid
    return None
