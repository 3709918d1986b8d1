"""Code forms: what users type (``i219``, `` I21.9 ``) versus each system's canonical form.

The catalog stores a ``key`` per code (upper case, no dots, spaces or dashes) so any usual
form finds the code; ``canonical`` turns a key back into the system's printed form.
"""

from __future__ import annotations

import re

_STRIP = re.compile(r"[\s.\-_]")


def code_key(text: str) -> str:
    """Normalise a typed code to its lookup key: ``' i21.9 '`` -> ``'I219'``."""
    return _STRIP.sub("", text).upper()


def canonical(system: str, key: str) -> str:
    """The printed form of a code key in ``system`` (dots where the system puts them)."""
    key = code_key(key)
    if system == "icd10cm":
        return key if len(key) <= 3 else f"{key[:3]}.{key[3:]}"
    if system == "icd9cm":
        head = 4 if key.startswith("E") else 3
        return key if len(key) <= head else f"{key[:head]}.{key[head:]}"
    if system == "icd9pcs":
        return key if len(key) <= 2 else f"{key[:2]}.{key[2:]}"
    return key


def split_qualified(text: str) -> tuple[str | None, str]:
    """Split ``'icd10cm:I21.9'`` into ``('icd10cm', 'I21.9')``; unqualified gives ``(None, text)``."""
    text = text.strip()
    head, sep, tail = text.partition(":")
    if sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", head.strip()):
        return head.strip().lower(), tail.strip()
    return None, text
