"""A joint disorder said by ICD-9-CM's limb segments ("Hemarthrosis-l/leg", "Loose body-forearm",
"Ankylosis-pelvic region", "Joint instability-up/arm"): ICD-9-CM's fifth digit names the
shoulder region, the upper arm, the forearm, the hand, the pelvic region and thigh, the lower
leg, the ankle and foot, other and multiple sites; ICD-10-CM's arthropathies and joint disorders
(M00-M25) name the joint instead, and ICD-9-CM's own note on the fifth digit puts the elbow joint
in the upper arm, the wrist joint in the forearm, the hip in the pelvic region and thigh and the
knee joint in the lower leg. Read as words, "l/leg" was a left leg, and the
segment found the muscles' and tendons' codes, which keep the segments (M62.03 forearm,
M65.83- forearm). A joint disorder said with a segment is restated with its joint.

An arthritis of a viral, fungal or parasitic infection ("viral arthritis knee", "Mycotic
arthritis-pelvis", "Helminth arthrit-shlder") is M01.X's direct infection of the joint in the
infectious disease classified elsewhere; no title says viral, mycotic or helminth beside a
joint, so the osteoarthritis of the joint led. It is restated as M01.X's title of the joint.
Left alone: a joint disorder of no kind said unspecified ("Arthropathy NOS-l/leg",
"Jt derangmnt NOS-forearm") and a septic arthritis of no organism said, whose unspecified code
has no site (M12.9, M24.9, M25.9, M00.9); a
bacterial or an infective arthritis (the pyogenic arthritis of M00, "Infective
arthritis NOS" is M00.9's), and anything said of a tendon, a muscle, a bursa or a bone."""

from __future__ import annotations

import re

from medcodes.search.text import fold

# ICD-9-CM's segments (as the short titles write them, and in full) -> ICD-10-CM's joint.
_SEGMENTS = (
    (r"up(?:per)?[/ ]arm", "elbow"),
    (r"fore?arm", "wrist"),
    (r"pelvis|pelvic[/ ](?:region|thigh)", "hip"),
    (r"l/leg|lower[/ ]leg", "knee"),
    (r"shl?de?r|shoulder region", "shoulder"),
    (r"ankle[/ ]foot", "ankle and foot"),
    (r"mult(?:iple)?(?: (?:sites?|jts?|joints))?", "multiple sites"),
)
_SEGMENT = re.compile(r"(?<![a-z])(" + "|".join(f"(?:{p})" for p, _ in _SEGMENTS) + r")(?![a-z])")
_JOINT_OF = [(re.compile(f"(?:{p})$"), joint) for p, joint in _SEGMENTS]
# A word that says the query is of a joint (ICD-9-CM clips them: "arthrit", "Jt", "cryst").
_JOINT_CUE = re.compile(
    r"(?<![a-z])(?:arthr(?!opod)|osteoarth|polyarth|monoarth|oligoarth|hemarth|hydrarth|pyarth|"
    r"cryst|pyrophos|chondrocalc|gout|derang|ankylos|villonod|palindrom|charcot|jts?(?![a-z])|"
    r"joints?(?![a-z])|cartil|effusion|loose bod|(?:pathol|recur)[a-z]* disloc)")
# The letters every cue above says, searched first (one literal scan).
_QUICK = re.compile("arth|jt|joint|cryst|pyrophos|chondrocalc|gout|derang|ankylos|villonod|"
                    "palindrom|charcot|cartil|effusion|loose bod|disloc")
# Said of something else, whose titles keep the segment ("Synovitis-forearm" M65.83-).
_NOT_JOINT = re.compile(
    r"(?<![a-z])(?:tend|tenosyn|synovit|bursi|muscl|myo|bone|oste(?!oarth)|fx|fract|sprain|strain|"
    r"cellul|absc|burn|wound|lacer|contus|inj)")
_VILLONODULAR = "villonod"
# A joint disorder of no kind said unspecified: its code has no site (M12.9 "Arthropathy,
# unspecified", M24.9 "Joint derangement, unspecified", M25.9 "Joint disorder, unspecified"),
# and a site said found the site codes of every kind.
_NO_KIND = re.compile(r"(?<![a-z])(?:arthropath|derang|(?:jt|joint) dis)")
_UNSPECIFIED = re.compile(r"(?<![a-z])(?:nos|unsp|unspecified)(?![a-z])")
# So has a septic or pyogenic arthritis of no organism said (M00.9 "Pyogenic arthritis,
# unspecified"; the index: "Arthritis, septic - see Arthritis, pyogenic"): M00's site codes are
# each an organism's.
_PYOGENIC = re.compile(r"(?<![a-z])(?:septic|pyogen|pyarthr)")
_ORGANISM = re.compile(r"(?<![a-z])(?:staph|strep|pneumoc|bact)")
# An infection classified elsewhere (M01.X): viral, fungal, parasitic.
_INFECTION = re.compile(r"(?<![a-z])(?:vir(?:al|us)|mycotic|fung|mycos|helminth|parasit)")
_ARTHRITIS = re.compile(r"(?<![a-z])(?:arthrit|arthrop(?!od)|polyarth|monoarth)")
_NAMED_JOINT = re.compile(
    r"(?<![a-z])(shoulder|elbow|wrist|hand|hip|knee|ankle|foot|vertebra|spine)")
# Kinds ICD-10-CM files under an "other specified" heading by its inclusion term (M13.8 "Other
# specified arthritis" includes allergic arthritis, M12.8 "Other specific arthropathies, not
# elsewhere classified" transient arthropathy), whose joint codes never say the kind.
_OTHER_SPECIFIED = (
    (re.compile(r"(?<![a-z])allerg(?:ic)? arthrit[a-z]*"), "other specified arthritis"),
    (re.compile(r"(?<![a-z])trans(?:ient)? arthrop[a-z]*"),
     "other specific arthropathies not elsewhere classified"),
    # A pathological or recurrent dislocation clipped ("Pathol dislocat") in full, so that it
    # is not read as the injury (joint_names: a dislocated elbow's ulnohumeral joint).
    (re.compile(r"(?<![a-z])pathol[a-z]* disloc[a-z]*"), "pathological dislocation"),
    (re.compile(r"(?<![a-z])recur[a-z]* disloc[a-z]*"), "recurrent dislocation"),
)
# M01.X's joints as its titles name them.
_M01_JOINT = {"shoulder": "shoulder joint", "ankle": "ankle and foot", "foot": "ankle and foot",
              "ankle and foot": "ankle and foot", "spine": "vertebrae", "vertebra": "vertebrae",
              "multiple sites": "multiple joints"}


def joint_of_segment(query: str) -> str | None:
    """The query with ICD-9-CM's limb segment said as its joint, or an arthritis of an infection
    as M01.X's title (see the module), else None."""
    text = fold(query)
    if not _QUICK.search(text):  # most queries: no joint said
        return None
    if not _JOINT_CUE.search(text) or "classified elsewhere" in text:
        return None
    found = _SEGMENT.search(text)
    if _INFECTION.search(text) and _ARTHRITIS.search(text):
        return _direct_infection(text, found)
    if found is None:
        return None
    if _NOT_JOINT.search(text) and _VILLONODULAR not in text:
        return None
    if _NO_KIND.search(text) and _UNSPECIFIED.search(text):
        return None
    if _PYOGENIC.search(text) and not _ORGANISM.search(text):
        return None
    told = _SEGMENT.sub(lambda m: f" {_joint(m.group(1))} ", text)
    for kind, title in _OTHER_SPECIFIED:
        told = kind.sub(title, told)
    return " ".join(told.replace("- ", " ").split())


def _joint(segment: str) -> str:
    """ICD-10-CM's joint for an ICD-9-CM segment as said."""
    return next(joint for pattern, joint in _JOINT_OF if pattern.match(segment))


def _direct_infection(text: str, found: re.Match[str] | None) -> str:
    """M01.X's title for the joint the query names (a segment or a joint), or any joint."""
    if found is not None:
        joint = _joint(found.group(1))
    else:
        named = _NAMED_JOINT.search(text)
        joint = named.group(1) if named else "joint"
    joint = _M01_JOINT.get(joint, joint)
    return f"direct infection of {joint} in infectious and parasitic diseases classified elsewhere"
