"""Suggestions ("did you mean"): replace words the index has never seen with the closest indexed word.

Candidates come from the engine (pg_trgm on PostgreSQL, words of similar length on SQLite); rapidfuzz
scores them the same way on both, so both engines suggest the same correction.
"""

from rapidfuzz import fuzz

from smartikm.catalog.models import SearchTerm
from smartikm.catalog.search import text
from smartikm.catalog.search.engines import engine

MIN_SCORE = 75  # rapidfuzz ratio (0-100): "batk"/"batik" 89, "pekalongn"/"pekalongan" 95


def suggest(words: list[str]) -> list[str] | None:
    """The words with unknown ones corrected, or None when nothing could be corrected."""
    known = set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))
    eng, corrected, changed = engine(), [], False
    for word in words:
        if word in known or not text.suggestible(word):
            corrected.append(word)
            continue
        best = None
        for candidate, documents in eng.term_candidates(word):
            score = fuzz.ratio(word, candidate, score_cutoff=MIN_SCORE)
            if score and (best is None or (score, documents, candidate) > best):
                best = (score, documents, candidate)
        if best:
            corrected.append(best[2])
            changed = True
        else:
            corrected.append(word)
    return corrected if changed else None
