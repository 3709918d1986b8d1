"""The victim of a railway or an air accident said as who they were ("RR acc NEC-employee",
"Aircrft acc NEC-pasngr", "train passenger hurt in collision", "airline crew injured"):
ICD-10-CM names no passenger, employee or crew of a train or an aircraft, but the occupant
("Occupant of railway train or railway vehicle injured ...", V81; "Occupant of aircraft injured
...", V97.0; "... injuring occupant", V95), while its road-vehicle titles do say a passenger
(V40-V79), so the word is read the titles' way only beside a train or an aircraft. Read as
words, "passenger" found a bus's and a car's passengers. ICD-9-CM's "RR" (railroad) is the
titles' railway, and its accident NEC the titles' "other specified railway accident" (V81.89)
or "other specified air transport accidents" (V97.0): read as words, "NEC" found V95.20XA
Unspecified accident to other private fixed-wing aircraft."""

from __future__ import annotations

from medcodes.search.text import tokens

RAILWAY = frozenset({"rr", "railroad", "railway", "train", "trains", "railcar", "tram"})
AIRCRAFT = frozenset("""aircraft aircrft aircr airplane aeroplane plane airliner jet glider
    ultralight""".split())
VEHICLE = RAILWAY | AIRCRAFT
# Who was hurt, as people and ICD-9-CM say it: the titles' occupant.
VICTIM = frozenset("""passenger passengers pasngr psgr pass employee employees worker
    workers crew crewman crewmember conductor engineer staff pilot""".split())
# Another road user said with the train makes the road vehicle's title the one meant.
ROAD = frozenset("""car cars bus truck van motorcycle motorcyclist pedestrian cyclist
    bicycle""".split())
# The clippings of ICD-9-CM's short titles, as the titles say them.
SAID = {"rr": "railway", "railroad": "railway", "aircrft": "aircraft", "aircr": "aircraft"}
ACCIDENT = frozenset({"acc", "accid", "accident", "accidents"})
NEC = frozenset({"nec", "oth", "other"})
OTHER_RAILWAY = "other specified railway accident"
OTHER_AIR = "other specified air transport accidents"
_CUES = ("rr", "rail", "train", "tram", "air", "plane", "jet", "glider", "ultralight")


def occupant(query: str) -> str | None:
    """The query with its victim said as the titles' occupant and a railroad as railway, when
    a train or an aircraft is said (see the module), else None."""
    low = query.lower()
    if not any(c in low for c in _CUES):
        return None  # most queries: no train or aircraft said
    words = tokens(query)
    said = set(words)
    if VEHICLE.isdisjoint(said) or VICTIM.isdisjoint(said) or not ROAD.isdisjoint(said):
        return None
    out = [SAID.get(w, "occupant" if w in VICTIM else w) for w in words]
    if not ACCIDENT.isdisjoint(said) and not NEC.isdisjoint(said):
        # An accident NEC of its kind is the titles' "other specified" one (V81.89, V97.0).
        kind = OTHER_RAILWAY if not RAILWAY.isdisjoint(said) else OTHER_AIR
        out = [w for w in out if w not in ACCIDENT and w not in NEC] + [kind]
    return " ".join(out)
