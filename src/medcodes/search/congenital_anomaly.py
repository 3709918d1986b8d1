"""A part's anomaly ("Cong anomaly heart NEC", "Anomaly of spine NEC", "anomalies of foot"):
ICD-9-CM, the index and coders say "anomaly", but ICD-10-CM's Q titles say "congenital
malformation" (Q24.8 "Other specified congenital malformations of heart"), and of the limbs'
and hands' and feet's shapes "congenital deformity" (Q66, Q68.1); read as words, "anomaly"
found the few titles that keep it (Q34.0 "Anomaly of pleura", Ebstein's anomaly, the
dentofacial anomalies) and no code of the part. Such a query is restated in the titles' words,
its "NEC" as their "other specified".

Left as they are: an anomaly named for a person (Ebstein, Pelger-Huet), and the anomalies
whose own titles say the word (of the pleura, the jaw, the teeth, the pupil's function, the
eyelid's vessels, the leukocytes, a fetus's)."""

from __future__ import annotations

from medcodes.search.text import tokens

ANOMALY = frozenset("anomaly anomalies anom anomal".split())
CONGENITAL = frozenset("congenital cong congen".split())
# Parts whose congenital shapes ICD-10-CM calls deformities (Q65-Q68).
DEFORMITY_SITES = frozenset("""
    hand hands finger fingers foot feet toe toes hip hips knee knees
    """.split())
# Anomalies the titles keep the word for, or named for a person.
KEEPS_IT = frozenset("""
    pleura jaw jaws dental dentofacial tooth teeth alveolar arch interarch pupillary pupil
    vascular leukocyte leukocytes leucocyte chromosome chromosomal fetal fetus maternal
    pregnancy ebstein ebsteins pelger huet alder hegglin may rieger peters axenfeld uhl
    chediak jordans dentition occlusion refraction
    """.split())


def anomaly_as_malformation(query: str) -> str | None:
    """The query with its anomaly said as the Q titles say it (see the module), else None."""
    words = tokens(query)
    if ANOMALY.isdisjoint(words) or not KEEPS_IT.isdisjoint(words) or len(words) > 8:
        return None
    kind = ("congenital deformity" if not DEFORMITY_SITES.isdisjoint(words)
            else "congenital malformation")
    # "NEC" is the titles' "Other specified congenital malformations of ...".
    out: list[str] = ["other", "specified"] if "nec" in words else []
    for w in words:
        if w in CONGENITAL or w == "nec":
            continue
        if w in ANOMALY:
            if kind not in out:
                out.append(kind)
            continue
        out.append(w)
    return " ".join(out)
