"""Scale class of an IKM from its workforce and investment, by the rules stored as data
(reference.ScaleRule, Permenperin 64/2016 by default)."""

from smartikm.reference.models import ScaleRule

DEFAULT_RULE_SET = "permenperin-64-2016"


def active_rules(rule_set: str = DEFAULT_RULE_SET) -> list[ScaleRule]:
    return list(ScaleRule.objects.filter(rule_set=rule_set, is_active=True).order_by("priority"))


def classify(workers: int, investment: int, rules: list[ScaleRule] | None = None) -> str:
    """'kecil', 'menengah' or 'besar'; '' when no rule matches (a gap in the rule data).

    Pass `rules` (from active_rules()) when classifying many profiles, to read the rules once.
    """
    for rule in rules if rules is not None else active_rules():
        if workers < rule.workers_min or (rule.workers_max is not None and workers > rule.workers_max):
            continue
        if investment < rule.investment_min or (
            rule.investment_max is not None and investment > rule.investment_max
        ):
            continue
        return rule.scale
    return ""
