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
from medcodes.search.text import stem

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


# A neck hurt in a crash of the vehicle one rode in is whiplash (the index: "Whiplash injury
# S13.4"): "sore neck after a car accident", "my neck got jerked back when we were rear-ended"
# lead with S13.4 Sprain of ligaments of cervical spine, the collision (V43, V49) after it
# (guideline I.C.20). Not when the words say another injury of it ("broke my neck": S12).
_NECK = frozenset({"neck", "necks"})
_WHIPLASH = ("sprain", "ligaments", "cervical", "spine")
# Readings that say the person was in the vehicle that crashed (lay_terms.tsv: "car crash",
# "rear ended", "fender bender" -> "car occupant injured ...") or a motor vehicle's accident.
_IN_A_CRASH = frozenset({"occupant"})
_MOTOR_VEHICLE = frozenset({"mva", "mvc"})
_OTHER_INJURIES = frozenset(stem(w) for w in """
    broke broken break fracture fractured fx cut laceration lacerated burn burned burnt
    dislocation dislocated stab stabbed puncture bite bitten abrasion scrape scraped
    """.split())


def neck_in_a_crash(parsed: ParsedQuery, raw: list[str]) -> None:
    """Read a neck hurt, sore or jerked in a vehicle's crash as whiplash (S13.4)."""
    if _NECK.isdisjoint(raw):
        return
    crashed = not _MOTOR_VEHICLE.isdisjoint(raw) or "motor vehicle" in parsed.text.lower() or any(
        not _IN_A_CRASH.isdisjoint(a.tokens) for s in parsed.slots for a in s.alternatives)
    if not crashed or any(stem(w) in _OTHER_INJURIES for w in raw):
        return
    for slot in parsed.slots:
        if not _NECK.isdisjoint(slot.text.lower().split()):
            add_reading(parsed, slot, {a.tokens for a in slot.alternatives}, slot.text,
                        _WHIPLASH, "lay")
