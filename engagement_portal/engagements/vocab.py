"""The fixed lists engagements and views choose from, with their words for people.

Codes are stored; labels are translated when shown, so changing the reader's language changes
every label without touching stored data.
"""

from flask_babel import lazy_gettext as _l

WAYS_TO_TAKE_PART = {
    "online": _l("Online, on this website"),
    "paper": _l("On paper, by post"),
    "phone": _l("By phone"),
    "event": _l("At a meeting or event"),
    "email": _l("By email"),
}

SUPPORT = {
    "easy_read": _l("Easy read"),
    "large_print": _l("Large print"),
    "bsl": _l("British Sign Language (BSL)"),
    "interpreter": _l("An interpreter"),
    "phone": _l("Someone to talk it through with you on the phone"),
    "paper": _l("A paper copy"),
    "advocate": _l("Help from an advocate"),
}

AGREEMENT_LABELS = {
    "strongly_agree": _l("Strongly agree"),
    "agree": _l("Agree"),
    "neutral": _l("Neither agree nor disagree"),
    "disagree": _l("Disagree"),
    "strongly_disagree": _l("Strongly disagree"),
}

# Faces make the scale readable without words (easy read); the words are always beside them.
AGREEMENT_FACES = {
    "strongly_agree": "😀",
    "agree": "🙂",
    "neutral": "😐",
    "disagree": "🙁",
    "strongly_disagree": "😞",
}

QUESTION_KINDS = {
    "free_text": _l("Free text: people write their answer"),
    "single_choice": _l("Single choice: people pick one option"),
    "multiple_choice": _l("Multiple choice: people pick any options that apply"),
    "agreement": _l("Agreement scale: strongly agree to strongly disagree, shown with faces"),
}

VIEWS_SHOWN = {
    "once_closed": _l("Once the engagement has closed"),
    "while_open": _l("While the engagement is open"),
}


def labels(codes, vocabulary) -> list[str]:
    return [str(vocabulary[code]) for code in codes if code in vocabulary]


CHANNELS = {
    "online": _l("Online"),
    "paper": _l("On paper"),
    "phone": _l("By phone"),
    "event": _l("At a meeting or event"),
    "email": _l("By email"),
}

RESPONDENT_TYPES = {
    "myself": _l("For myself"),
    "key_person_own": _l("As a family member or carer, giving my own views"),
    "on_behalf": _l(
        "For someone else, giving their views (as their advocate, family member or carer)"
    ),
    "stakeholder": _l("For an organisation or group"),
}

PUBLICATION_CONSENT = {
    "with_name": _l("Publish with the name"),
    "anonymous": _l("Publish without the name"),
    "do_not_publish": _l("Do not publish"),
}

GATHERING_METHODS = {
    "talked": _l("We talked together"),
    "pictures": _l("Using pictures or symbols"),
    "interpreter": _l("With an interpreter"),
    "other": _l("Another way"),
}

ALIGNMENT = {
    "in_line": _l("In line with what people said"),
    "partly": _l("Partly in line with what people said"),
    "not_in_line": _l("Not in line with what people said"),
}

# The same, in easy-read words.
ALIGNMENT_EASY_READ = {
    "in_line": _l("We did what you said."),
    "partly": _l("We did some of what you said."),
    "not_in_line": _l("We did not do what you said."),
}

CHANGE_STATUS = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
}

# Pictures for easy read (engagement_portal/static/pictures/, own work, CC0): the code names the
# file; the words are its text alternative, in the reader's language.
PICTURES = {
    "have-your-say": _l("Have your say"),
    "question": _l("A question"),
    "yes": _l("Yes"),
    "no": _l("No"),
    "not-sure": _l("Not sure"),
    "help": _l("Help"),
    "advocate": _l("Someone to help you speak up"),
    "privacy": _l("Private"),
    "we-listened": _l("We listened"),
    "we-changed": _l("We changed things"),
    "we-did-not-change": _l("We did not change this, because"),
    "date": _l("A date"),
    "contact": _l("Contact us"),
}
