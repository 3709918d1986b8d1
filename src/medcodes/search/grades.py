"""A grade said with its numeral ("class 3", "stage IV", "grade 2"), as the meaning model
reads a query: not at all, when the query says what is graded.

The static model's mean vector of "nyha class 3 heart failure" is nearest "Obesity, class 3"
(E66.813) and "Complete loss of teeth, class III" (K08.103): the grade's words are all those
titles say, where a heart failure title says none of them. The word search, which reads the
grade where a title says it ("Chronic kidney disease, stage 4"), then finds the heart failure
codes but not the scale's name, counts as lost, and the meaning list led the page with
obesity. Without the grade, the meaning list reads the condition graded."""

from __future__ import annotations

import re

from medcodes.search.text import STOPWORDS, tokens

# "type" is no grade here: "type 1" and "type 2" name kinds of a disease, which a title says.
_GRADE = re.compile(r"\b(?:class|stage|grade)\s*(?:[0-5]|i{1,3}|iv|v)\b", re.IGNORECASE)


def is_grade(text: str) -> bool:
    """Is ``text`` a grade and its numeral, nothing else ("class 3", "Stage IV")?"""
    return _GRADE.fullmatch(text.strip()) is not None


def without_grades(text: str) -> str:
    """``text`` without its grades, when a word of something else is left; else as it is."""
    if _GRADE.search(text) is None:
        return text
    rest = _GRADE.sub(" ", text)
    if all(w in STOPWORDS for w in tokens(rest)):
        return text  # "stage 3": the grade is what was asked
    return " ".join(rest.split())
