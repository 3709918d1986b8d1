"""The words a code system never says, left out of its codes' scores.

ICD-10-PCS names the operation and the body part, never the condition it treats: no code says
"abscess", "aneurysm" or "effusion". A query that says one ("I&D perianal abscess", "drainage
of knee effusion") would leave every ICD-10-PCS code a word short, and, searched across all
systems, find only the diagnoses that say it. So, when the words a system does say make most of
the query, its codes are scored on those (``rank.rerank``'s ``unsaid``: by system, a bit per
slot), and a query naming a procedure across all systems also fetches the procedure codes
that say them, as if that system were searched alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from medcodes.search.rank import Candidate

# (FTS5 match, where, args) -> whether a concept there matches; (match, where, args, seen) ->
# the best candidates there.
Probe = Callable[[str, str, list[Any]], bool]
Fetch = Callable[[str, str, list[Any], set[int]], "list[Candidate]"]


def enough_said(weights: Sequence[float], said: Sequence[bool]) -> bool:
    """Do the slots a system says make most of the query (more than half of its words, or
    half its weight), so that its codes may be scored on them alone? "drainage of knee
    effusion" is 2 of 3; "wisdom teeth extraction" in ICD-10-PCS only "extraction", 1 of 2."""
    return (2 * sum(said) > len(said)
            or 2 * sum(w for w, ok in zip(weights, said, strict=True) if ok) >= sum(weights))


def _mask(said: Sequence[bool]) -> int:
    return sum(1 << i for i, ok in enumerate(said) if not ok)


def in_filtered(systems: Sequence[str], weights: Sequence[float],
                relaxed: Sequence[float]) -> dict[str, int]:
    """The unsaid slots of a search in ``systems``: those the relaxation found none of them
    says (weight 0 in ``relaxed`` but not in ``weights``: a word no system has is no word of
    theirs to leave out), when enough is said."""
    mask = sum(1 << i for i, (w, r) in enumerate(zip(weights, relaxed, strict=True)) if r == 0 < w)
    if not mask or not enough_said(weights, [r > 0 for r in relaxed]):
        return {}
    return dict.fromkeys(systems, mask)


def in_procedure_systems(systems: Sequence[str], exprs: Sequence[str], weights: Sequence[float],
                         where: str, args: list[Any], probe: Probe, fetch: Fetch,
                         pool: list[Candidate], lesions: int = 0) -> dict[str, int]:
    """For a query that names a procedure, searched in all systems: by procedure system, the
    slots (their FTS5 expressions ``exprs``) none of its codes says, when enough is said; its
    codes that say the others join ``pool`` (in place). ``lesions`` (a bit per slot) are the
    slots of a lesion operated on (``lesions.lesion_mask``): never a procedure's word, even
    where an expansion matches a title ("cyst": Cystic Duct), and no word short of saying
    enough."""
    unsaid: dict[str, int] = {}
    for system in systems:
        in_system, system_args = f"{where} AND c.system = ?", [*args, system]
        said = [not lesions >> i & 1 and probe(e, in_system, system_args)
                for i, e in enumerate(exprs)]
        # A lesion counts as said beside two words that are ("lance a cyst on my back"), not
        # beside the operation alone ("I&D of abscess": every Drainage would do).
        free = lesions if sum(said) > 1 else 0
        if all(said) or not any(said) or not enough_said(weights, [ok or bool(free >> i & 1)
                                                                   for i, ok in enumerate(said)]):
            continue
        unsaid[system] = _mask(said)
        match = " AND ".join(e for e, ok in zip(exprs, said, strict=True) if ok)
        pool += fetch(match, in_system, system_args, {c.id for c in pool})
    return unsaid
