"""A condition said of a person ("febrile infant", "septic patient", "obese woman"): the person
is who has it, not a word of the condition.

Read as its words, the person word finds titles that name the person ("infant" led "febrile
infant" to R56.0 Febrile convulsions, "patient" led "obese patient" to Z91 "Patient's
noncompliance"), and the adjective alone is not always the condition's noun ("febrile" is in
more titles than "fever"). So a query made only of condition adjectives, age words and one
person word is restated as the adjectives' nouns: "febrile infant" -> "fever". A newborn is no
such person: the perinatal chapter codes a newborn's condition by its own titles (P codes), so
"jaundiced newborn" is left as it is.
"""

from __future__ import annotations

from medcodes.search.text import tokens

# Who is said to have it (not a newborn: see the module).
PERSONS = frozenset("""
    patient patients pt pts man men woman women male female person people adult adults infant
    infants child children kid kids boy boys girl girls toddler toddlers lady ladies gentleman
    teen teenager baby
    """.split())
# Age and manner words said of the person, not of the condition.
AGES = frozenset("elderly old older young little small a an the".split())
# A condition's adjective, said of a person, and the noun its titles use.
NOUNS = {
    "febrile": "fever", "septic": "sepsis", "obese": "obesity", "anemic": "anemia",
    "anaemic": "anaemia", "diabetic": "diabetes", "asthmatic": "asthma",
    "dehydrated": "dehydration", "confused": "confusion", "epileptic": "epilepsy",
    "jaundiced": "jaundice", "hypertensive": "hypertension", "depressed": "depression",
    "anxious": "anxiety", "demented": "dementia", "hypoxic": "hypoxia",
    "tachycardic": "tachycardia", "bradycardic": "bradycardia", "hypotensive": "hypotension",
    "malnourished": "malnutrition", "nauseous": "nausea", "nauseated": "nausea",
    "dizzy": "dizziness", "suicidal": "suicidal ideation", "psychotic": "psychosis",
    "delirious": "delirium", "cachectic": "cachexia", "hypothermic": "hypothermia",
    "hypoglycemic": "hypoglycemia", "hyperglycemic": "hyperglycemia", "autistic": "autism",
    "arthritic": "arthritis", "alcoholic": "alcoholism",
}


def said_of_person(query: str) -> str | None:
    """The condition's nouns when ``query`` is only condition adjectives said of a person
    (see the module), else None."""
    words = tokens(query)
    persons = [w for w in words if w in PERSONS]
    said = [NOUNS[w] for w in words if w in NOUNS]
    if len(persons) != 1 or not said or words[-1] not in PERSONS:
        return None
    if any(w not in PERSONS and w not in AGES and w not in NOUNS for w in words):
        return None
    return " ".join(said)
