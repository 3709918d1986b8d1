"""The short "w" said for "with" in a procedure ("polypectomy w snare", "esophageal dilation w
balloon", "EGD w biopsy"), read as the "with" it stands for: a joining word, not searched.

"With" is a stop word, but the CMS short titles write it "w" ("Cholecystectomy w/ cholangiogram"),
so a typed "w" is a slot of its own that the titles' "with" satisfies. Beside an operation the
titles' "with" says a device left in ("Dilation of Esophageal Vein with Intraluminal Device"),
and a "w" before a tool that leaves none (a balloon, a snare, a laser, a basket) led with those
device codes: "esophageal dilation w balloon" with the esophageal vein's stent, "with balloon"
with the esophagus's own Dilation. Where a slot reads as an ICD-10-PCS operation, a lone "w"
slot goes, as "with" does; elsewhere it stays for the short titles that write it.
"""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery
from medcodes.search.procedure_purpose import a_device, an_operation

W = "w"


def with_as_said(parsed: ParsedQuery) -> None:
    """A lone "w" slot left out of a query one of whose slots reads as an operation or a
    device (see the module)."""
    slots = parsed.slots
    if not any(s.text.lower() == W for s in slots):
        return
    if not any(an_operation(s) or a_device(s) for s in slots):
        return
    parsed.slots = [s for s in slots if s.text.lower() != W
                    or any(a.kind != "original" for a in s.alternatives)]
