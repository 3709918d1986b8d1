"""Who a vehicle struck, as people tell it, read as the transport titles say it: one walking or
crossing was a pedestrian, one on a bike a pedal cyclist, and what struck them was in
collision with them.

People say what they were doing, not their place in V00-V99: "hit by a car while walking",
"knocked down by a van crossing the street" are V03 Pedestrian injured in collision with car,
pick-up truck or van, yet neither says "pedestrian": "walking" led with W22.01 Walked into wall.
"Hit by a car on his bike" is V13 Pedal cycle rider injured in collision with car, pick-up
truck or van; "hit by a car" alone reads as the pedestrian's (lay_terms.tsv), and no title
says bike.
"""

from __future__ import annotations

from medcodes.search.parsed import ParsedQuery, add_reading

# What strikes a person on the road, as the transport titles name the other party of a
# collision (V03 "... in collision with car, pick-up truck or van", V04 "... with heavy
# transport vehicle or bus", V02 "... with two- or three-wheeled motor vehicle"): the whole
# name, so the title of the one struck (V03 Pedestrian ...) is told from that of the one in
# the vehicle (V40 Car occupant injured in collision with pedestrian).
_CAR = ("car", "pick", "up", "truck", "van")
_HEAVY = ("heavy", "transport", "vehicle", "bus")
VEHICLES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("car cars suv taxi van vans truck trucks pickup".split(), _CAR),
    **dict.fromkeys("lorry lorries bus buses".split(), _HEAVY),
    **dict.fromkeys("motorbike motorcycle".split(), ("two", "three", "wheeled", "motor",
                                                     "vehicle")),
}
# The verbs of a vehicle striking someone ("hit by", "knocked down by", "run over by").
STRUCK = frozenset("hit struck knocked run ran mowed clipped".split())
# Those on foot and those on a bike, as people say it.
WALKING = frozenset("walking walked crossing jogging strolling foot pedestrian pedestrians".split())
CYCLING = frozenset("bike bikes bicycle bicycles cycling biking cyclist".split())
_ON_FOOT = ("pedestrian",)
_ON_A_BIKE = ("pedal", "cycle")
_COLLISION = "collision"


def road_user(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read one struck by a vehicle (``STRUCK`` and ``VEHICLES`` said) while walking or on a
    bike (``WALKING``, ``CYCLING``) as a pedestrian or a pedal cyclist, and the vehicle as
    the titles' collision with it."""
    if STRUCK.isdisjoint(raw) or VEHICLES.keys().isdisjoint(raw):
        return
    walking = not WALKING.isdisjoint(raw)
    cycling = not CYCLING.isdisjoint(raw)
    if not walking and not cycling:
        return
    for slot in parsed.slots:
        words = slot.text.lower().split()
        if cycling and not VEHICLES.keys().isdisjoint(words):
            # "Hit by a car" read as the pedestrian's (lay_terms.tsv) is not a cyclist's.
            slot.alternatives = [a for a in slot.alternatives
                                 if a.kind != "lay" or "pedestrian" not in a.tokens]
        have = {a.tokens for a in slot.alternatives}
        for word in words:
            if word in VEHICLES:
                add_reading(parsed, slot, have, slot.text, (_COLLISION, *VEHICLES[word]), "lay")
            elif word in WALKING:
                add_reading(parsed, slot, have, slot.text, _ON_FOOT, "lay")
            elif word in CYCLING:
                add_reading(parsed, slot, have, slot.text, _ON_A_BIKE, "lay")
