"""Queries said in a way the titles never are, restated in the titles' way before they are read.

People and the ICD-9-CM short titles say a condition as no ICD-10-CM title does: a problem-list
heading and its entry, a condition said of a person or as its adjective, shorthand for a coma,
a burn, an abortion, an episode of care, a limb segment, a fire or a vehicle's occupant, a
complaint told with what it turned out to be. Each restatement is a class of its own module
(``RESTATEMENTS``, in the order they are tried; each module's docstring says what it reads and
why); the first that applies is searched in place of the query, and its text restated again
until none applies (``MOST_RESTATED`` at most)."""

from __future__ import annotations

from collections.abc import Callable

from medcodes.search.abortion_complications import abortion_complication
from medcodes.search.airway_infection import airway_infection
from medcodes.search.bone_unspecified import unspecified_bone
from medcodes.search.building_fires import building_fire
from medcodes.search.burn_sites import burn_restated
from medcodes.search.condition_adjectives import condition_adjective
from medcodes.search.congenital_anomaly import anomaly_as_malformation
from medcodes.search.consciousness import consciousness_said
from medcodes.search.control_status import without_status
from medcodes.search.counts import counted
from medcodes.search.diabetes_control import uncontrolled_diabetes
from medcodes.search.diagnosed_as import diagnosed_as
from medcodes.search.dislocation_levels import dislocation_level
from medcodes.search.diverticular import diverticular
from medcodes.search.drug_dependence import substance_disorder
from medcodes.search.elsewhere_said import elsewhere_said
from medcodes.search.enthesopathy_sites import enthesopathy_region
from medcodes.search.gravid_organs import gravid_organ
from medcodes.search.infarct_walls import infarct_wall
from medcodes.search.intracranial_nec import intracranial_without_nec
from medcodes.search.joint_done import joint_done
from medcodes.search.joint_names import joint_named_otherwise
from medcodes.search.joint_sites import joint_named
from medcodes.search.limb_joints import joint_of_segment
from medcodes.search.liveborn_delivery import liveborn_delivered
from medcodes.search.lymphoma_sites import lymphoma_site
from medcodes.search.medicines import sensed
from medcodes.search.migraine_shorthand import migraine_restated
from medcodes.search.mishaps import injury_of_story
from medcodes.search.node_sites import localized_nodes
from medcodes.search.occupants import occupant
from medcodes.search.on_board import on_board
from medcodes.search.organ_general import problem_heading
from medcodes.search.paired_bones import paired_bones
from medcodes.search.plural_marks import without_plural_mark
from medcodes.search.poly_osteoarthritis import poly_osteoarthritis
from medcodes.search.pre_existing import pre_existing
from medcodes.search.said_of_person import said_of_person
from medcodes.search.skin_infection_sites import cellulitis_with_abscess
from medcodes.search.strep_groups import other_streptococcus
from medcodes.search.stress_leak import stress_leak
from medcodes.search.tb_confirmation import tb_without_method
from medcodes.search.trunk_regions import trunk_as_thorax
from medcodes.search.ulcer_obstruction import ulcer_without_obstruction
from medcodes.search.vertebra_levels import vertebra_level
from medcodes.search.waters_broken import waters_broken
from medcodes.search.wound_foreign_body import foreign_body_wound
from medcodes.search.wound_sites import wound_site

RESTATEMENTS: tuple[Callable[[str], str | None], ...] = (
    without_plural_mark, diagnosed_as, building_fire, on_board, occupant, liveborn_delivered,
    intracranial_without_nec, consciousness_said, burn_restated, paired_bones, unspecified_bone,
    foreign_body_wound, wound_site, trunk_as_thorax, vertebra_level, dislocation_level,
    joint_named_otherwise, tb_without_method, anomaly_as_malformation, airway_infection,
    diverticular, abortion_complication, gravid_organ, ulcer_without_obstruction, infarct_wall,
    lymphoma_site, enthesopathy_region, other_streptococcus, substance_disorder,
    poly_osteoarthritis, joint_of_segment, migraine_restated, elsewhere_said, problem_heading,
    said_of_person, condition_adjective, uncontrolled_diabetes, counted, pre_existing,
    injury_of_story, sensed, joint_named, localized_nodes, cellulitis_with_abscess,
    without_status, stress_leak, joint_done, waters_broken)


# How many restatements one query may go through: the search of a restated query restates it
# again, so they are applied here to the text none changes, and a query whose restatements
# undo each other is searched as typed.
MOST_RESTATED = 8


def restated(query: str) -> str | None:
    """The query as the titles would say it (see the module), or None when none applies."""
    seen = {query}
    text = query
    for _ in range(MOST_RESTATED):
        told = _restated_once(text)
        if told is None:
            return None if text == query else text
        if told in seen:
            return None
        seen.add(told)
        text = told
    return None


def _restated_once(query: str) -> str | None:
    """The first restatement that applies to ``query``, or None."""
    for restate in RESTATEMENTS:
        told = restate(query)
        if told and told.strip() and told != query:
            return told
    return None
