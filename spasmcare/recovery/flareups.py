"""Saving flare-ups (once per browser-made key) and the patterns in them, said plainly.

A pattern is what the person recorded, counted: never a diagnosis. Lifting and bending are the
triggers people most often name (Suri et al., Clinical Journal of Pain 2012).
"""

from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import rules
from .models import FlareUp

FIELDS = ("started_on", "settled_on", "triggers", "helped", "note")

# Where to read more about avoiding each trigger: (article slug, link text).
TRIGGER_READING = {
    FlareUp.Trigger.LIFTING: ("lifting-and-posture", gettext_lazy("Lifting with less strain")),
    FlareUp.Trigger.BENDING_TWISTING: (
        "lifting-and-posture",
        gettext_lazy("Bending and turning with less strain"),
    ),
    FlareUp.Trigger.SLEEPING: ("lifting-and-posture", gettext_lazy("Easier positions for sleeping")),
    FlareUp.Trigger.SITTING: (
        "lifting-and-posture",
        gettext_lazy("Sitting, and breaking up long spells of it"),
    ),
    FlareUp.Trigger.STRESS: (
        "pain-spasm-cycle",
        gettext_lazy("How tension and pain feed each other, and ways to ease it"),
    ),
}

# Counts of flare-ups as words ("Two of your last three flare-ups …").
WORDS = {
    2: pgettext_lazy("count of flare-ups", "two"),
    3: pgettext_lazy("count of flare-ups", "three"),
    4: pgettext_lazy("count of flare-ups", "four"),
    5: pgettext_lazy("count of flare-ups", "five"),
}


def record(user, data: dict, key) -> tuple[FlareUp, bool]:
    """Save a flare-up sent from the phone: the first time with this key makes it, a repeat
    (a retry, a queue sent after signing up) updates the same row. Returns (flare-up, created).
    `data` is FlareUpForm.cleaned_data."""
    fields = {name: data.get(name) for name in FIELDS}
    fields["note"] = fields["note"] or ""
    existing = FlareUp.objects.filter(user=user, key=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return FlareUp.objects.create(user=user, key=key, **fields), True
        except IntegrityError:
            existing = FlareUp.objects.filter(user=user, key=key).first()
            if existing is None:
                raise
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.save()
    return existing, False


@dataclass
class Pattern:
    text: str
    link: str = ""
    link_text: str = ""


def _began_after(count: int, of: int, trigger: str) -> str:
    """ "Your last three flare-ups all began after lifting.", whole sentences for translators."""
    words = {"count": capfirst(str(WORDS.get(count, count))), "of": WORDS.get(of, of), "trigger": trigger}
    if count == of == 2:
        return _("Your last two flare-ups both began after %(trigger)s.") % words
    if count == of:
        return _("Your last %(of)s flare-ups all began after %(trigger)s.") % words
    return _("%(count)s of your last %(of)s flare-ups began after %(trigger)s.") % words


def _most_common(counts: Counter, order: list[str]) -> tuple[list[str], int]:
    """The values named most often (ties in the order the form lists them) and how often."""
    top = max(counts.values(), default=0)
    return [value for value in order if counts[value] == top], top


def patterns(flare_ups: list[FlareUp]) -> list[Pattern]:
    """What the newest flare-ups (newest first) have in common: the triggers named most often
    and what helped most often, each when named in at least rules.PATTERN_AT_LEAST of the newest
    rules.PATTERN_FLARE_UPS. "Nothing clear" is never a pattern to act on."""
    newest = flare_ups[: rules.PATTERN_FLARE_UPS]
    found = []
    triggers = Counter(t for f in newest for t in set(f.triggers) if t != FlareUp.Trigger.NOTHING_CLEAR)
    top, count = _most_common(triggers, FlareUp.Trigger.values)
    if count >= rules.PATTERN_AT_LEAST:
        for trigger in top:
            label = FlareUp.Trigger(trigger).label.lower()
            text = _began_after(count, len(newest), label)
            slug, link_text = TRIGGER_READING.get(trigger, ("", ""))
            found.append(Pattern(text, reverse("article", args=[slug]) if slug else "", link_text))
    helped = Counter(h for f in newest for h in set(f.helped))
    top, count = _most_common(helped, FlareUp.Help.values)
    if count >= rules.PATTERN_AT_LEAST:
        labels = [(lambda label: label[0].lower() + label[1:])(FlareUp.Help(h).label) for h in top]
        words = get_text_list(labels, gettext_lazy("and"))
        found.append(
            Pattern(
                _("What helped most often: %(things)s (%(count)d of %(of)d).")
                % {"things": words, "count": count, "of": len(newest)}
            )
        )
    return found
