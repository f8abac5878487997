"""Every word SpasmCare's JavaScript shows or says, in the active language: the one place they are
written. JavaScript holds no English of its own: a page hands a module its group of words as
JSON (`{% js_words "player" %}` renders `<script type="application/json" id="js-words-player">`)
and the module reads it with static/js/words.js; pure functions take the words as an argument, so
node's tests can hand them Dutch.

A group is {"lang": the language code, key: text, ...}. Text is gettext's, with Python-style
placeholders (`%(name)s`) that words.js `fill`s. A text whose form depends on a number is a dict
of the page language's plural categories (Intl.PluralRules: "one", "other") to forms, each with
`%(count)s`; words.js `count` picks the form. For a language with more plural forms than
English, Dutch and Spanish, add its categories and a sample number for each to PLURAL_SAMPLES.
"""

from collections.abc import Callable

from django.utils.translation import get_language, gettext, ngettext, pgettext

# A number in each plural category of the offered languages (CLDR): gettext picks the form by
# the number, the browser picks the category by the count.
PLURAL_SAMPLES = {"one": 1, "other": 2}

# The region each language's dates, times and voice follow in the browser: British English
# (the date style SpasmCare has always had), the Netherlands' Dutch, Spain's Spanish.
REGIONS = {"en": "en-GB", "nl": "nl-NL", "es": "es-ES"}


def language_tag(language: str | None = None) -> str:
    """The BCP 47 tag the browser formats dates and chooses a voice with ("nl-NL") for
    `language` (a Django code such as "nl"; the active language when None)."""
    code = (language or get_language() or "en").lower().replace("_", "-")
    return REGIONS.get(code.split("-")[0], code)


def _forms(pick: Callable[[int], str]) -> dict:
    return {category: pick(sample) for category, sample in PLURAL_SAMPLES.items()}


def voice_words() -> dict:
    """What the player's voice says within the work and at the end (static/js/player/coach.js);
    the get-ready, change of sides and rest lines are exercises/pacing.py's."""
    return {
        "firstSide": gettext("First side."),
        "otherSide": gettext("Other side."),
        "holdRelief": gettext("Stay here, and rest."),
        "holdStretch": gettext("Hold here."),
        "begin": gettext("Begin."),
        "minutesLeft": _forms(lambda n: ngettext("One minute to go.", "%(count)s minutes to go.", n)),
        "halfway": _forms(
            lambda n: ngettext("Halfway. %(count)s second to go.", "Halfway. %(count)s seconds to go.", n)
        ),
        "secondsLeft": _forms(lambda n: ngettext("%(count)s second to go.", "%(count)s seconds to go.", n)),
        # Said as words, not digits, so every voice says them the same way and briefly.
        "numbers": [
            pgettext("spoken count", "Zero"),
            pgettext("spoken count", "One"),
            pgettext("spoken count", "Two"),
            pgettext("spoken count", "Three"),
            pgettext("spoken count", "Four"),
            pgettext("spoken count", "Five"),
            pgettext("spoken count", "Six"),
            pgettext("spoken count", "Seven"),
            pgettext("spoken count", "Eight"),
            pgettext("spoken count", "Nine"),
            pgettext("spoken count", "Ten"),
            pgettext("spoken count", "Eleven"),
            pgettext("spoken count", "Twelve"),
            pgettext("spoken count", "Thirteen"),
            pgettext("spoken count", "Fourteen"),
            pgettext("spoken count", "Fifteen"),
            pgettext("spoken count", "Sixteen"),
            pgettext("spoken count", "Seventeen"),
            pgettext("spoken count", "Eighteen"),
            pgettext("spoken count", "Nineteen"),
            pgettext("spoken count", "Twenty"),
        ],
        "count": gettext("%(number)s."),
        "lastOne": gettext("%(number)s, the last one."),
        "stopped": gettext("Routine stopped. Rest in whatever position eases your back most."),
        "tally": _forms(
            lambda n: ngettext(
                "You did %(done)s of %(count)s step.", "You did %(done)s of %(count)s steps.", n
            )
        ),
        "theEnd": gettext("That's the end of the routine."),
        "wellDone": gettext("Well done."),
        "getUpFromFloor": gettext(
            "Take a moment before you get up. Roll onto your side first, and push yourself up with your arms."
        ),
        "getUp": gettext("Take a moment before you carry on with your day."),
        "carryOn": gettext("Carry on."),
    }


def player_words() -> dict:
    """What the player shows: over the timer, the sheets, "This hurts", the finish and saving."""
    return {
        "getIntoPosition": gettext("Get into position"),
        "getReady": gettext("Get ready"),
        "firstSide": gettext("First side"),
        "otherSide": gettext("Other side"),
        "hold": pgettext("player phase", "Hold"),
        "go": pgettext("player phase", "Go"),
        "switchSides": gettext("Switch sides"),
        "rest": pgettext("player phase", "Rest"),
        "paused": gettext("Paused"),
        "pause": pgettext("button", "Pause"),
        "resume": pgettext("button", "Resume"),
        "nextUp": gettext("Next up: %(name)s (%(dose)s)"),
        "repetition": gettext("Repetition %(rep)s of %(count)s"),
        "leaveProgress": _forms(
            lambda n: ngettext(
                "The routine is paused. You've done %(done)s of %(count)s step so far.",
                "The routine is paused. You've done %(done)s of %(count)s steps so far.",
                n,
            )
        ),
        "howTo": gettext("How to do %(name)s"),
        "noVoice": gettext(
            "This phone has no voice for this language. Follow the words on the screen and the tones."
        ),
        # This hurts
        "carryOnResting": gettext("Carry on resting"),
        "carryOn": pgettext("button", "Carry on"),
        "carryOnGently": gettext("Carry on gently"),
        "switchTo": gettext("Switch to %(name)s"),
        "hurtLine": gettext("Step %(step)s. %(advice)s."),
        "hurtLinePain": gettext("Step %(step)s: pain %(pain)s. %(advice)s."),
        "hurtLinePainStart": gettext("Step %(step)s: pain %(pain)s (you started at %(start)s). %(advice)s."),
        # The finish
        "routineStopped": gettext("Routine stopped"),
        "wellDone": gettext("Well done"),
        "didSteps": _forms(
            lambda n: ngettext("You did %(done)s of %(count)s step", "You did %(done)s of %(count)s steps", n)
        ),
        "lessThanAMinute": gettext("less than a minute"),
        "minutes": _forms(lambda n: ngettext("%(count)s minute", "%(count)s minutes", n)),
        "stepsOf": gettext("%(done)s of %(total)s"),
        "keptLocal": gettext("Kept on this phone, not in a history yet."),
        "notKept": gettext("Not kept: this phone's storage is full or switched off."),
        "answersKeptLocal": gettext("Your answers are kept with it on this phone."),
        "savingAnswers": gettext("Saving your answers…"),
        "saving": gettext("Saving…"),
        "answersKept": gettext("Your answers are kept on this phone with the session."),
        "answersNotSaved": gettext("Your answers are not saved yet."),
        "answersSaved": gettext("Your answers are saved."),
        # What the finish screen says about the session (sessions/queue.js sessionLine).
        "savedToHistory": gettext("Saved to your history."),
        "keptSafe": gettext("It is kept on this phone, so nothing is lost."),
        "notSaved": gettext("Not saved: %(message)s"),
        "signedOut": gettext("Not saved yet: you're no longer logged in."),
        "logInToAdd": gettext("Log in and it will be added."),
        "offline": gettext("Not saved yet: you seem to be offline."),
        "addedWhenOnline": gettext("It will be added to your history when you're back online."),
        "refusedDefault": gettext("The server didn't accept it."),
    }


def sessions_words() -> dict:
    """The finished-sessions queue's notices for a signed-in person (static/js/sessions.js and
    sessions/queue.js): what still waits on the phone (history), and the offer after signing in."""
    return {
        "addedWhenOnline": gettext("It will be added to your history when you're back online."),
        "signedOut": gettext("Not saved yet: you're no longer logged in."),
        "logInToAdd": gettext("Log in and it will be added."),
        "refusedDefault": gettext("The server didn't accept it."),
        "aRoutine": gettext("A routine"),
        "finishedToday": gettext("%(name)s, finished today at %(time)s"),
        "finishedOn": gettext("%(name)s, finished on %(day)s at %(time)s"),
        "waiting": _forms(
            lambda n: ngettext(
                "%(count)s finished session is waiting on this phone and will be added when you're back online.",
                "%(count)s finished sessions are waiting on this phone and will be added when you're back online.",
                n,
            )
        ),
        "notAdded": gettext("%(name)s was not added: %(message)s It is kept on this phone."),
        "addKept": gettext("Add what you kept on this phone?"),
        "addSessions": _forms(
            lambda n: ngettext(
                "Add the session you just finished?", "Add the %(count)s sessions you just finished?", n
            )
        ),
        "keptWhileSignedOut": gettext("%(sessions)s. Kept on this phone while nobody was logged in."),
        "removed": gettext("Fine, it has been removed from this phone."),
        "adding": gettext("Adding…"),
        "added": gettext("Added to your history."),
    }


def builder_words() -> dict:
    """The routine builder (static/js/builder.js)."""
    return {
        "saving": gettext("Saving…"),
        "saved": gettext("Saved."),
        "orderNotSaved": gettext("The new order isn't saved yet. Press Save to keep it."),
        "changesNotSaved": gettext("Changes not saved yet."),
        "moved": gettext("%(name)s moved to position %(position)s of %(count)s."),
        "alreadyFirst": gettext("%(name)s is already first."),
        "alreadyLast": gettext("%(name)s is already last."),
    }


def flare_up_words() -> dict:
    """Noting a flare-up, on the phone when offline (static/js/flare-ups.js, recovery/item.js)."""
    return {
        "aFlareUp": gettext("A flare-up"),
        "flareUpFrom": gettext("A flare-up from %(day)s"),
        "notSavedYet": gettext("Not saved yet: %(problems)s"),
        "kept": gettext("Kept on this phone."),
        "saving": gettext("Saving…"),
        "savedOnPhone": gettext(
            "Saved on this phone. It will be added to your history when you're back online."
        ),
        "savedToHistory": gettext("Saved to your history."),
        "couldNotSave": gettext("This flare-up couldn't be saved. Check the dates, then save again."),
        "addStartDay": gettext("Add the day it started."),
        "nothingClearAlone": gettext("Choose “Nothing clear” on its own, or the things that set it off."),
        "settledBeforeStart": gettext("It can't settle before it started."),
    }


def push_words() -> dict:
    """Signing this device up for push reminders (static/js/push.js)."""
    return {
        "blocked": gettext(
            "Notifications are blocked for SpasmCare in this browser. Allow them in the site settings "
            "(the icon next to the address), then tap the button again."
        ),
        "homeScreen": gettext(
            "On iPhone and iPad, notifications only work once SpasmCare is on your Home Screen "
            "(iOS 16.4 or newer): tap Share, then “Add to Home Screen”, and open SpasmCare from there."
        ),
        "unsupported": gettext(
            "This browser can't show notifications from websites. Email or the calendar feed can remind you instead."
        ),
        # How this device is named in the list of devices that get reminders: "Firefox on Android".
        "deviceLabel": gettext("%(browser)s on %(system)s"),
        "aBrowser": gettext("A browser"),
        "stillOff": gettext("Notifications are still off. Tap the button again whenever you like."),
        "settingUp": gettext("Setting up reminders on this device…"),
        "logInAgain": gettext("Please log in again, then tap the button once more."),
        "couldNotSave": gettext(
            "SpasmCare couldn't save this device just now. Please try again in a minute."
        ),
        "couldNotSetUp": gettext(
            "This browser couldn't set up notifications. Email or the calendar feed can remind you instead."
        ),
        "offline": gettext("You seem to be offline. Connect, then tap the button again."),
    }


def form_words() -> dict:
    """Forms sent with htmx, Copy and Share (htmx-errors.js, copy.js, share.js)."""
    return {
        "noAnswer": gettext("SpasmCare didn't answer. What you typed is still here: try again in a moment."),
        "offline": gettext(
            "You seem to be offline. What you typed is still here: try again when you're connected."
        ),
        "loggedOut": gettext(
            "You've been logged out. What you typed is still here: log in again (the link opens a new tab), "
            "then come back and try again."
        ),
        "outOfDate": gettext(
            "This page is out of date. What you typed is still here: try again, or reload the page if it happens again."
        ),
        "tooMany": gettext(
            "Too many tries in a row. What you typed is still here: wait a minute, then try again."
        ),
        "serverError": gettext(
            "Something went wrong on our side. What you typed is still here: try again in a minute."
        ),
        "failed": gettext("That didn't work. What you typed is still here: check it and try again."),
        "logInNewTab": gettext("Log in (new tab)"),
        "copied": gettext("Copied."),
        "selectToCopy": gettext("Select the address and copy it."),
        "linkCopied": gettext("Link copied. Paste it into a message or an email."),
        "linkSelected": gettext("The link is selected: copy it with your phone's Copy."),
    }


GROUPS: dict[str, Callable[[], dict]] = {
    "voice": voice_words,
    "player": player_words,
    "sessions": sessions_words,
    "builder": builder_words,
    "flare-ups": flare_up_words,
    "push": push_words,
    "forms": form_words,
}


def js_words(group: str) -> dict:
    """Group `group`'s words in the active language, with "lang" (its language_tag, "nl-NL").
    Raises KeyError for a group not in GROUPS."""
    return {"lang": language_tag(), **GROUPS[group]()}
