"""What `flask demo load` puts in the database: a fictional council, two care providers, four
staff accounts, four engagements and the views people gave.

Everything here is invented. Names of people and organisations are fictional; e-mail addresses
are at example.org. Dates are given relative to the day the demo is first loaded, so the open
engagement is open on that day and the closed one closed a few weeks before.

Each thing has a stable natural key (an e-mail address, an organisation's name, an engagement's
slug, and for a view its position in its engagement's list, which becomes the idempotency token
"demo-<slug>-<n>"), so loading again finds what is there and adds only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engagement_portal.core.access import Role
from engagement_portal.engagements.models import QuestionKind
from engagement_portal.engagements.services import QuestionDetails
from engagement_portal.responses.models import (
    Channel,
    GatheringMethod,
    PublicationConsent,
    RespondentType,
)

# Printed by `flask demo sign-ins` and in the README. Never load the demo on a live site.
DEMO_PASSWORD = "demo-password-2026"

COUNCIL = "Northshire Council"
RIVERSIDE = "Riverside Day Opportunities"
OAKWOOD = "Oakwood Home Care"
ADVOCACY = "Northshire Independent Advocacy"


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    is_provider: bool = False


ORGANISATIONS = (
    OrganisationSpec(COUNCIL),
    OrganisationSpec(RIVERSIDE, is_provider=True),
    OrganisationSpec(OAKWOOD, is_provider=True),
    OrganisationSpec(ADVOCACY),
)


@dataclass(frozen=True)
class StaffSpec:
    email: str
    name: str
    role: Role
    organisation: str | None


STAFF = (
    StaffSpec("admin@example.org", "Alex Morgan", Role.ADMINISTRATOR, COUNCIL),
    StaffSpec("commissioner@example.org", "Sam Okoye", Role.COMMISSIONER, COUNCIL),
    StaffSpec("advocate@example.org", "Jo Lindqvist", Role.ADVOCATE, ADVOCACY),
    StaffSpec("provider@example.org", "Chris Patel", Role.PROVIDER, RIVERSIDE),
)

COMMISSIONER_EMAIL = "commissioner@example.org"
ADVOCATE_EMAIL = "advocate@example.org"


@dataclass(frozen=True)
class ViewSpec:
    """One person's views. ``answers`` are keyed by question position; choice answers use the
    option codes the engagement service gives (``option-1``, ``option-2``…) and agreement
    answers the scale's codes (``agree``…)."""

    respondent_type: str
    answers: dict[int, str | list[str]]
    consent: str
    day: int = 1  # days after the engagement opened
    hour: int = 12  # local time of day
    hours_ago: int | None = None  # instead of day and hour: this long before loading
    name: str = ""
    organisation: str = ""
    relationship: str = ""
    gathering: str = ""
    gathering_detail: str = ""
    person_agreed: bool = False
    hear_back_email: str = ""
    language: str = "en"
    channel: str = Channel.ONLINE
    support_used: tuple[str, ...] = ()
    # Who keyed it in: None (the person, online, no account), the advocate, or the
    # commissioner (an assisted entry of views received on paper, by phone, email or at an event).
    entered_by: str | None = None

    @property
    def assisted(self) -> bool:
        return self.channel != Channel.ONLINE


@dataclass(frozen=True)
class EngagementSpec:
    slug: str  # what the engagement service makes of the title; checked when loading
    title: str
    summary: str
    easy_read_summary: str
    body: str
    opens_in_days: int  # from the day of loading: negative is in the past
    length_days: int  # the last day for views is opens + length
    plan_how_views_used: str
    plan_who_decides: str
    plan_hear_back: str
    ways_to_take_part: tuple[str, ...]
    support_offered: tuple[str, ...]
    communities: str
    questions: tuple[QuestionDetails, ...]
    provider: str | None = None
    publish: bool = True
    created_days_before_opening: int = 14
    published_days_before_opening: int = 7
    views: tuple[ViewSpec, ...] = field(default_factory=tuple)


ALL_SUPPORT = (
    "easy_read",
    "large_print",
    "bsl",
    "interpreter",
    "phone",
    "paper",
    "advocate",
)

# --- Open: the future of day services at Riverside ------------------------------------------

DAY_SERVICES = EngagementSpec(
    slug="the-future-of-riverside-day-services",
    title="The future of Riverside day services",
    provider=RIVERSIDE,
    opens_in_days=-21,
    length_days=56,
    created_days_before_opening=14,
    published_days_before_opening=7,
    summary=(
        "We pay Riverside Day Opportunities to run day services for about 140 adults with "
        "learning disabilities, most of them at the Riverside Centre in Northbridge. The contract "
        "ends in 18 months. Before we decide what to buy next, we want to hear from the people "
        "who use day services, their families and carers, and the groups that support them: what "
        "works, what should change and what you would like more of."
    ),
    easy_read_summary=(
        "We are Northshire Council.\n"
        "We pay for day services at Riverside.\n"
        "Day services are places to go in the day. You can do things you enjoy, learn new things "
        "and meet friends.\n"
        "We want to know what you like about day services.\n"
        "We want to know what could be better.\n"
        "What you tell us will help us decide what day services should be like in the future."
    ),
    body=(
        "<h2>Why we are asking now</h2>\n"
        "<p>Most day services in Northshire happen in one building, the Riverside Centre. Many "
        "people tell us they value it: it is familiar, it has a Changing Places toilet and "
        "quiet rooms, and their friends are there. Others, especially younger people, tell us "
        "they want to spend more of their day out in the community: at college, in work, "
        "volunteering or at local clubs.</p>\n"
        "<p>The current contract ends in 18 months. We have to decide what to buy next, and we "
        "want the people who use day services to shape that decision.</p>\n"
        "<h2>What we are thinking about</h2>\n"
        "<ul>\n"
        "<li>keeping a base at the Riverside Centre for people who need it</li>\n"
        "<li>more activities in local places, such as libraries, leisure centres and community "
        "cafés, so that people travel less</li>\n"
        "<li>support to find and keep paid work or volunteering</li>\n"
        "<li>some activities in the evenings and at weekends, not only 9am to 3pm on "
        "weekdays</li>\n"
        "<li>making it easier to use a direct payment to choose your own activities</li>\n"
        "</ul>\n"
        "<p>No decision has been made. If none of these is right for you, tell us what "
        "would be.</p>\n"
        "<h2>What will not change</h2>\n"
        "<p>Nobody will lose support they have been assessed as needing. If anything changes "
        "for you, your social worker will review your care and support plan with you "
        "first.</p>"
    ),
    plan_how_views_used=(
        "We will read every view. We will group what people tell us into themes and write a "
        "report that says what we heard and what we decided because of it, including where we "
        "could not do what people asked, and why. The report will shape the specification for "
        "the next contract: what the service must offer, where and when."
    ),
    plan_who_decides=(
        "The Cabinet Member for Adult Social Care decides, about three months after this "
        "engagement closes, once the Adult Social Care Scrutiny Committee has considered our "
        "report. The Learning Disability Partnership Board, where people with learning "
        "disabilities and family carers sit, will see the report first."
    ),
    plan_hear_back=(
        "Within 8 weeks of the closing date we will publish what people told us and what we "
        "decided on this page, in plain English and in easy read. If you ask to hear back, we "
        "will email you when it is published. We will also take the easy read version to the "
        "Riverside Centre and to the Partnership Board."
    ),
    ways_to_take_part=("online", "paper", "phone", "event", "email"),
    support_offered=ALL_SUPPORT,
    communities=(
        "People who use day services now, at Riverside and elsewhere\n"
        "Young people aged 16 to 25 who may use day services soon, through Northshire College "
        "and the council's preparing for adulthood team\n"
        "People with profound and multiple learning disabilities, through their families and "
        "the staff who know them well\n"
        "Autistic adults, through the Northshire Autism Group\n"
        "Family carers, through the Northshire Carers' Network\n"
        "Black, Asian and minority ethnic families, who use day services less than others, "
        "through community and faith groups in Northbridge\n"
        "Families who speak Polish or Welsh at home\n"
        "People in the rural villages, where transport is the biggest barrier\n"
        "People who use a direct payment to buy their own day activities"
    ),
    questions=(
        QuestionDetails(
            kind=QuestionKind.FREE_TEXT,
            text="What do you value most about day services now?",
            easy_read_text="What do you like about your day service?",
            help_text=(
                "For example: the activities, the people, the staff, the building or how you get "
                "there. If you do not use day services now, tell us what would make you want to."
            ),
            required=True,
        ),
        QuestionDetails(
            kind=QuestionKind.SINGLE_CHOICE,
            text="How many days a week do you use day services?",
            easy_read_text="How many days a week do you go to a day service?",
            help_text="If you are giving views for someone else, answer for them.",
            options=[
                "5 days",
                "3 or 4 days",
                "1 or 2 days",
                "Less than 1 day a week",
                "I do not use day services at the moment",
            ],
            easy_read_options=[
                "5 days",
                "3 or 4 days",
                "1 or 2 days",
                "Not every week",
                "I do not go to a day service",
            ],
        ),
        QuestionDetails(
            kind=QuestionKind.MULTIPLE_CHOICE,
            text="Which of these would you like more of?",
            easy_read_text="What would you like to do more of?",
            help_text="Choose all that apply.",
            options=[
                "Activities out in the community, such as clubs, sport, the library or the gym",
                "Help to find and keep paid work or volunteering",
                "Learning skills for living more independently, such as cooking, managing money "
                "and travelling on the bus",
                "Art, music, drama and other creative activities",
                "Quiet space and time to relax",
                "Activities in the evenings or at weekends",
            ],
            easy_read_options=[
                "Going out to clubs, sport and places in town",
                "Help to get a job or to volunteer",
                "Learning to cook, use money and travel",
                "Art, music and drama",
                "Quiet time",
                "Things to do in the evening or at the weekend",
            ],
        ),
        QuestionDetails(
            kind=QuestionKind.AGREEMENT,
            text=(
                "Day services should take place in local community places as well as at the "
                "Riverside Centre."
            ),
            easy_read_text="Day services should happen near where people live, not only at Riverside.",
            help_text="There is no right or wrong answer.",
        ),
        QuestionDetails(
            kind=QuestionKind.FREE_TEXT,
            text=(
                "Is there anything else you want to tell us about day services, or about how we "
                "asked for your views?"
            ),
            easy_read_text="Is there anything else you want to tell us?",
        ),
    ),
    views=(
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            day=1,
            hour=10,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "I like seeing my friends and the cooking group on Tuesdays. The staff are kind.",
                2: "option-1",
                3: ["option-2", "option-3"],
                4: "agree",
                5: "I want a job in a café.",
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.KEY_PERSON_OWN,
            day=2,
            hour=19,
            consent=PublicationConsent.WITH_NAME,
            name="Margaret Holloway",
            hear_back_email="m.holloway@example.org",
            answers={
                1: (
                    "My daughter has profound and multiple learning disabilities. Riverside has "
                    "a Changing Places toilet, a hoist and staff who understand how she "
                    "communicates. Without those she could not go out at all. Please keep the "
                    "building."
                ),
                2: "option-2",
                3: ["option-5"],
                4: "disagree",
                5: (
                    "Any change must be planned with families, and done slowly. New places and "
                    "new faces take her a long time to get used to."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.ON_BEHALF,
            entered_by="advocate",
            day=4,
            hour=14,
            consent=PublicationConsent.ANONYMOUS,
            relationship="His independent advocate from Northshire Independent Advocacy",
            gathering=GatheringMethod.PICTURES,
            gathering_detail=(
                "We met twice at Riverside. I used picture cards for each activity and a "
                "thumbs up and thumbs down board. He chose the cards himself, and his key worker "
                "helped me understand some of his signs."
            ),
            person_agreed=True,
            answers={
                1: (
                    "He likes the music group and going to the garden centre on the minibus. He "
                    "pointed to the picture of his friend many times."
                ),
                2: "option-1",
                3: ["option-1", "option-4"],
                4: "agree",
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.STAKEHOLDER,
            day=6,
            hour=11,
            consent=PublicationConsent.WITH_NAME,
            name="Priya Shah",
            organisation="Northshire Carers' Network",
            hear_back_email="priya.shah@example.org",
            answers={
                1: (
                    "Carers tell us Riverside gives them a reliable break and lets many of them "
                    "keep working. Reliability matters more to them than the building itself."
                ),
                2: "option-5",
                3: ["option-2", "option-6"],
                4: "agree",
                5: (
                    "Families need at least three months' notice of any change to days or "
                    "transport, and a named person to talk to. Please publish the transport plan "
                    "alongside any proposal."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            entered_by="commissioner",
            channel=Channel.PAPER,
            support_used=("easy_read",),
            day=8,
            hour=15,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "Going on the bus with my friends. Art.",
                2: "option-3",
                3: ["option-4", "option-6"],
                4: "neutral",
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            entered_by="commissioner",
            channel=Channel.EVENT,
            support_used=("easy_read", "advocate"),
            day=11,
            hour=13,
            consent=PublicationConsent.WITH_NAME,
            name="Tom Bright",
            answers={
                1: "The drama group. We did a play at the library and my mum came to see it.",
                2: "option-2",
                3: ["option-1", "option-4"],
                4: "strongly_agree",
                5: "More things at the weekend please.",
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            language="cy",
            day=13,
            hour=20,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "Rydw i'n hoffi mynd i Riverside i weld fy ffrindiau ac i arddio.",
                2: "option-3",
                3: ["option-1"],
                4: "agree",
                5: "Hoffwn i gael mwy o wybodaeth yn Gymraeg.",
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.ON_BEHALF,
            day=16,
            hour=10,
            consent=PublicationConsent.DO_NOT_PUBLISH,
            relationship="Her brother",
            gathering=GatheringMethod.TALKED,
            person_agreed=True,
            answers={
                1: (
                    "My sister says she likes the cooking group but finds the big hall too noisy. "
                    "She gets tired after lunch."
                ),
                2: "option-2",
                3: ["option-3", "option-5"],
                4: "neutral",
                5: "She would like to try a few hours of volunteering at a charity shop, with support.",
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.KEY_PERSON_OWN,
            entered_by="commissioner",
            channel=Channel.PHONE,
            support_used=("phone",),
            day=18,
            hour=12,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: (
                    "The minibus. My husband could not get there any other way: we live out in "
                    "the villages and there is one bus a day."
                ),
                2: "option-3",
                3: ["option-6"],
                4: "disagree",
                5: "If activities move to places in town, please make sure there is transport.",
            },
        ),
        # The one view that matches the safeguarding word list ("bruises"): it is held at once,
        # kept from the public and waits in the safeguarding queue.
        ViewSpec(
            respondent_type=RespondentType.KEY_PERSON_OWN,
            hours_ago=3,
            consent=PublicationConsent.ANONYMOUS,
            hear_back_email="parent.carer@example.org",
            answers={
                1: "The staff in the art room are lovely and he enjoys it.",
                2: "option-1",
                3: ["option-5"],
                4: "neutral",
                5: (
                    "My son came home with bruises on his arm twice last month and nobody could "
                    "tell us how it happened. I want to know that someone is looking into it."
                ),
            },
        ),
    ),
)

# --- Closed: home care in the evenings and at weekends ---------------------------------------

HOME_CARE = EngagementSpec(
    slug="home-care-in-the-evenings-and-at-weekends",
    title="Home care in the evenings and at weekends",
    provider=OAKWOOD,
    opens_in_days=-112,
    length_days=84,
    summary=(
        "Oakwood Home Care provides home care for about 300 people in the north of the county "
        "on our behalf. People and families tell us that evening and weekend visits are the "
        "hardest to get right: bedtime visits that come too early, a different care worker "
        "every time, and no one answering the phone out of hours. We want to hear about your "
        "experience before we agree changes with Oakwood."
    ),
    easy_read_summary=(
        "Some people get care at home from Oakwood Home Care.\n"
        "We want to know what your care is like in the evening and at the weekend.\n"
        "Do your carers come at the right time?\n"
        "Do you know your carers?\n"
        "What you tell us will help make home care better."
    ),
    body=(
        "<p>More than half of the concerns raised with us about home care last year were about "
        "evening and weekend visits.</p>\n"
        "<p>We will look at what you tell us alongside Oakwood's own records of visit times "
        "and what the Care Quality Commission (CQC) found when it last inspected them. We will "
        "share what we find with Oakwood and agree changes with them.</p>\n"
        "<h2>Who can take part</h2>\n"
        "<p>Anyone who gets home care from Oakwood, their family and friends, and the "
        "organisations that work with them. You do not have to give your name.</p>"
    ),
    plan_how_views_used=(
        "We will read every view and compare what people tell us with Oakwood's visit records. "
        "We will publish a summary of what we heard and the changes we agree with Oakwood, and "
        "give our reasons where we cannot make a change people asked for."
    ),
    plan_who_decides=(
        "The Head of Commissioning for Older People agrees the changes with Oakwood Home Care's "
        "registered manager, within a month of the closing date. What we learn will also shape "
        "how we buy home care when the contract is next tendered."
    ),
    plan_hear_back=(
        "We will publish the summary and the agreed changes on this page within 6 weeks of the "
        "closing date, and say how they are going every three months after that. If you ask to "
        "hear back, we will email you each time."
    ),
    ways_to_take_part=("online", "paper", "phone", "event", "email"),
    support_offered=(
        "easy_read",
        "large_print",
        "bsl",
        "interpreter",
        "phone",
        "paper",
        "advocate",
    ),
    communities=(
        "People who get home care from Oakwood, especially those who live alone\n"
        "Family carers, including those who work and can only visit at weekends\n"
        "People living with dementia, through the Memory Café\n"
        "Deaf people who use British Sign Language, through the Northshire Deaf Club\n"
        "People who speak Polish, Punjabi or Urdu at home, through community groups"
    ),
    questions=(
        QuestionDetails(
            kind=QuestionKind.SINGLE_CHOICE,
            text="When does your last home care visit of the day usually start?",
            easy_read_text="When do your carers come for the last time each day?",
            help_text="If you are giving views for someone else, answer for them.",
            required=True,
            options=[
                "Before 6pm",
                "Between 6pm and 8pm",
                "Between 8pm and 10pm",
                "After 10pm",
                "I do not have an evening visit",
            ],
            easy_read_options=[
                "Before tea time (before 6pm)",
                "Early evening (6pm to 8pm)",
                "Late evening (8pm to 10pm)",
                "At night (after 10pm)",
                "My carers do not come in the evening",
            ],
        ),
        QuestionDetails(
            kind=QuestionKind.AGREEMENT,
            text="At weekends, my care workers arrive at the time agreed in my care plan.",
            easy_read_text="At the weekend, my carers come at the right time.",
            help_text="By “at the time agreed” we mean within 30 minutes of it.",
        ),
        QuestionDetails(
            kind=QuestionKind.MULTIPLE_CHOICE,
            text="What would make evening and weekend care better for you?",
            easy_read_text="What would make your care better in the evening and at the weekend?",
            help_text="Choose all that apply.",
            options=[
                "Visits at the times I choose",
                "Mostly the same care workers",
                "Being told when a care worker is running late",
                "Longer visits, so that nothing is rushed",
                "Being able to reach someone out of hours",
            ],
            easy_read_options=[
                "Carers come when I want them to",
                "Carers I know",
                "Someone tells me if my carer is late",
                "More time, so carers do not rush",
                "Someone to phone at night or at the weekend",
            ],
        ),
        QuestionDetails(
            kind=QuestionKind.FREE_TEXT,
            text=(
                "Tell us about a recent evening or weekend visit: what went well, and what could "
                "have been better?"
            ),
            easy_read_text=(
                "Tell us about a visit in the evening or at the weekend. What was good? What was "
                "not good?"
            ),
            required=True,
        ),
    ),
    views=(
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            day=3,
            hour=18,
            consent=PublicationConsent.WITH_NAME,
            name="Arthur Penrose",
            hear_back_email="arthur.penrose@example.org",
            answers={
                1: "option-2",
                2: "disagree",
                3: ["option-2", "option-3"],
                4: (
                    "On Saturday I had three different carers in one day and none of them had "
                    "been before. They were polite, but I had to explain everything, even where "
                    "the kettle is."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            entered_by="commissioner",
            channel=Channel.PHONE,
            support_used=("phone",),
            day=9,
            hour=11,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "option-2",
                2: "agree",
                3: ["option-4"],
                4: (
                    "My evening carer is very good and always has time for a chat. If she is held "
                    "up in traffic she rings me to say."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.KEY_PERSON_OWN,
            language="pl",
            day=15,
            hour=20,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "option-1",
                2: "disagree",
                3: ["option-1", "option-3"],
                4: (
                    "Moja mama ma ostatnią wizytę o 17:30 i wtedy musi już iść do łóżka. "
                    "Chcielibyśmy, żeby opiekunka przychodziła około 20:00. Nikt nas nie "
                    "informuje, kiedy wizyta jest przesunięta."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.ON_BEHALF,
            entered_by="advocate",
            day=22,
            hour=14,
            consent=PublicationConsent.ANONYMOUS,
            relationship="Her Care Act advocate",
            gathering=GatheringMethod.INTERPRETER,
            gathering_detail=(
                "We met at her home with a British Sign Language interpreter she chose."
            ),
            person_agreed=True,
            answers={
                1: "option-3",
                2: "neutral",
                3: ["option-2", "option-5"],
                4: (
                    "She is Deaf and uses BSL. At weekends the care workers do not know any signs "
                    "and do not use her communication book, so she cannot tell them what she "
                    "needs. On weekdays her regular care worker knows some BSL and that works "
                    "well."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.STAKEHOLDER,
            entered_by="commissioner",
            channel=Channel.EMAIL,
            day=30,
            hour=10,
            consent=PublicationConsent.WITH_NAME,
            name="Helen Okafor",
            organisation="Northshire Older People's Forum",
            hear_back_email="helen.okafor@example.org",
            answers={
                1: "option-5",
                2: "disagree",
                3: ["option-2", "option-3", "option-5"],
                4: (
                    "Our members' main concern is continuity. Several said weekend visits are "
                    "shorter than planned because care workers have too many calls on their "
                    "rota. The out-of-hours number often goes to voicemail."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            entered_by="commissioner",
            channel=Channel.EVENT,
            support_used=("large_print",),
            day=41,
            hour=15,
            consent=PublicationConsent.DO_NOT_PUBLISH,
            answers={
                1: "option-3",
                2: "agree",
                3: ["option-4"],
                4: "The Sunday carers are always in a hurry. I would rather have fewer, longer visits.",
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.KEY_PERSON_OWN,
            entered_by="commissioner",
            channel=Channel.PAPER,
            support_used=("paper",),
            day=55,
            hour=16,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "option-2",
                2: "strongly_disagree",
                3: ["option-1", "option-3", "option-5"],
                4: (
                    "My dad's bedtime visit has come at any time from 7pm to half past ten. He "
                    "gets anxious waiting and will not go to bed until they come. A set time "
                    "would make a big difference to him and to us."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            day=70,
            hour=9,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "option-5",
                2: "agree",
                3: ["option-3"],
                4: (
                    "I only have morning visits. At weekends they are usually on time and I know "
                    "most of the carers."
                ),
            },
        ),
    ),
)

# --- Upcoming: short breaks for family carers ------------------------------------------------

SHORT_BREAKS = EngagementSpec(
    slug="short-breaks-for-family-carers",
    title="Short breaks for family carers",
    opens_in_days=14,
    length_days=70,
    created_days_before_opening=19,
    published_days_before_opening=15,
    summary=(
        "Family carers can ask us for a short break from caring: a few hours, a day or a week "
        "while someone else looks after the person they care for. We want to know what kind of "
        "break would help you, and what gets in the way of taking one, before we plan short "
        "breaks for the next three years."
    ),
    easy_read_summary=(
        "A carer is someone who looks after a family member or friend.\n"
        "Carers need a rest sometimes.\n"
        "We want to know what kind of rest would help you."
    ),
    body=(
        "<p>About 1 in 10 people in Northshire looks after someone without being paid. Most "
        "tell us they rarely get a break.</p>\n"
        "<p>We will ask about breaks at home, day opportunities, overnight stays and "
        "carers' direct payments.</p>"
    ),
    plan_how_views_used=(
        "Your views will shape our short breaks plan for the next three years and what we buy "
        "from care providers."
    ),
    plan_who_decides=(
        "The Cabinet Member for Adult Social Care decides, about two months after the "
        "engagement closes."
    ),
    plan_hear_back=(
        "We will publish what we heard and what we decided on this page within 8 weeks of the "
        "closing date. If you ask to hear back, we will email you."
    ),
    ways_to_take_part=("online", "paper", "phone", "event"),
    support_offered=("easy_read", "interpreter", "phone", "paper"),
    communities=(
        "Family carers of adults of any age\n"
        "Young carers aged 16 to 25\n"
        "Carers who work\n"
        "Carers from Black, Asian and minority ethnic communities, through community and faith "
        "groups"
    ),
    questions=(
        QuestionDetails(
            kind=QuestionKind.FREE_TEXT,
            text="What would a good break from caring look like for you?",
            easy_read_text="What would a good rest from caring be like for you?",
            required=True,
        ),
        QuestionDetails(
            kind=QuestionKind.SINGLE_CHOICE,
            text="When did you last have a break from caring of a day or more?",
            easy_read_text="When did you last have a day off from caring?",
            options=[
                "In the last 3 months",
                "3 to 12 months ago",
                "More than a year ago",
                "I have never had a break",
            ],
        ),
    ),
)

# --- Draft: information and advice about paying for care -------------------------------------

PAYING_FOR_CARE = EngagementSpec(
    slug="information-and-advice-about-paying-for-care",
    title="Information and advice about paying for care",
    publish=False,
    opens_in_days=35,
    length_days=42,
    created_days_before_opening=36,
    summary=(
        "Draft: we want to know where people look for information about paying for care, and "
        "what would make it easier to understand."
    ),
    easy_read_summary="",
    body="",
    plan_how_views_used="To be written.",
    plan_who_decides="To be written.",
    plan_hear_back="To be written.",
    ways_to_take_part=("online",),
    support_offered=(),
    communities="",
    questions=(
        QuestionDetails(
            kind=QuestionKind.FREE_TEXT,
            text="Where did you look for information about paying for care?",
        ),
    ),
)

# Oldest first, so that the audit log reads in the order things happened.
ENGAGEMENTS = (HOME_CARE, DAY_SERVICES, SHORT_BREAKS, PAYING_FOR_CARE)


def view_token(slug: str, number: int) -> str:
    """The idempotency token of the ``number``th demo view of an engagement."""
    return f"demo-{slug}-{number}"
