"""What `flask demo load` puts in the database: a fictional council, two care providers, four
staff accounts, four engagements and the views people gave, and for the closed engagement what
the council did next (``HOME_CARE_RESPONSE``): themes, answers tagged with them, views withheld
for each reason a view can be withheld, and published outcomes ("you said, we did") with changes
and progress, which make it "responded".

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
    easy_read_pictures: tuple[str, ...] = ()  # one per line of the easy-read summary


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
    easy_read_pictures=("contact", "help", "have-your-say", "yes", "not-sure", "we-listened"),
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
    easy_read_pictures=("help", "question", "date", "advocate", "we-changed"),
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
        # Views 9 to 14 are each withheld in some way once the engagement closes (see
        # HOME_CARE_RESPONSE below): the commissioner restricts them, or one of their answers.
        ViewSpec(
            respondent_type=RespondentType.KEY_PERSON_OWN,
            day=73,
            hour=21,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "option-1",
                2: "disagree",
                3: ["option-2", "option-4"],
                4: (
                    "The Sunday evening carer was very short-tempered with my mother. She told "
                    "her to hurry up or go to bed in her clothes. Mum was upset for days and now "
                    "does not want to ask the carers for anything."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            day=75,
            hour=17,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "option-2",
                2: "agree",
                3: ["option-2"],
                4: (
                    "Dawn, who comes on Saturday and Sunday teatimes to Elm Court, is wonderful. "
                    "She knows how I like my tea and never rushes me. When she is on holiday "
                    "everything goes wrong."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.KEY_PERSON_OWN,
            entered_by="commissioner",
            channel=Channel.EMAIL,
            day=77,
            hour=9,
            consent=PublicationConsent.ANONYMOUS,
            hear_back_email="family.carer@example.org",
            answers={
                1: "option-3",
                2: "strongly_disagree",
                3: ["option-1", "option-5"],
                4: (
                    "My father's bedtime visit was missed completely on three Saturdays in a row. "
                    "We made a formal complaint to Oakwood and to the council and we are still "
                    "waiting for the outcome of the investigation."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.STAKEHOLDER,
            day=78,
            hour=22,
            consent=PublicationConsent.ANONYMOUS,
            organisation="A home care worker",
            answers={
                1: "option-4",
                2: "disagree",
                3: ["option-4"],
                4: (
                    "I work weekends for a home care agency. On a Saturday I have 16 calls with "
                    "no travel time between them. The agency is paid a set hourly rate by the "
                    "council under its contract, and our pay does not cover travel, so every "
                    "visit gets cut short."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.STAKEHOLDER,
            entered_by="commissioner",
            channel=Channel.EMAIL,
            day=80,
            hour=11,
            consent=PublicationConsent.WITH_NAME,
            name="Gareth Lewis",
            organisation="Northshire Deaf Club",
            answers={
                1: "option-3",
                2: "disagree",
                3: ["option-2"],
                4: (
                    "We asked our members who get home care about evenings and weekends. Most "
                    "said weekend care workers cannot sign at all and do not know how to use a "
                    "communication book. Our full report, with what members asked for, goes to "
                    "our members first."
                ),
            },
        ),
        ViewSpec(
            respondent_type=RespondentType.MYSELF,
            day=82,
            hour=19,
            consent=PublicationConsent.ANONYMOUS,
            answers={
                1: "option-2",
                2: "neutral",
                3: ["option-3", "option-5"],
                4: (
                    "Last Sunday the carer could not get in because the key safe code had been "
                    "changed to 4471 and nobody had told her. I waited 40 minutes and nobody "
                    "answered the out-of-hours phone."
                ),
            },
        ),
    ),
)

# --- What the council did about the closed engagement ----------------------------------------
#
# After home care closed the commissioner grouped the views into themes, withheld what may not be
# published (one view for each reason, and one answer), wrote outcomes and published them: the
# engagement is "responded". Later she recorded progress on two of the changes.


@dataclass(frozen=True)
class ThemeSpec:
    name: str
    summary: str
    views: tuple[int, ...]  # the views (numbered from 1) whose free-text answer is tagged


@dataclass(frozen=True)
class RestrictionSpec:
    """A restriction on one view, or on one of its answers when ``question`` is given."""

    view: int
    kind: str
    public_reason: str
    internal_note: str
    question: int | None = None
    # Only for an embargo: it ends this long after the demo is loaded (by the real clock), so
    # that it lifts by itself while someone is trying the demo.
    embargo_minutes_after_loading: int | None = None


@dataclass(frozen=True)
class ProgressSpec:
    text: str
    status: str  # the change's status after this update


@dataclass(frozen=True)
class ChangeSpec:
    description: str
    easy_read_description: str
    status: str  # when the change was written, before publishing
    expected_days_after_publishing: int | None = None
    progress: tuple[ProgressSpec, ...] = ()


@dataclass(frozen=True)
class OutcomeSpec:
    theme: str | None  # None: about the whole engagement
    alignment: str
    what_people_said: str
    what_we_did: str
    easy_read_said: str
    easy_read_did: str
    reason: str = ""
    easy_read_reason: str = ""
    changes: tuple[ChangeSpec, ...] = ()


@dataclass(frozen=True)
class ResponseSpec:
    """What was done with an engagement's views after it closed. Days count from its closing
    date; every step must come before the next engagement was drafted, so that the audit log
    reads in order (``services.load`` runs the steps in time order)."""

    engagement: EngagementSpec
    tagged_question: int  # the position of the free-text question whose answers are tagged
    themes: tuple[ThemeSpec, ...]
    restrictions: tuple[RestrictionSpec, ...]
    outcomes: tuple[OutcomeSpec, ...]
    themes_day: int = 1
    restrictions_day: int = 2
    outcomes_day: int = 9
    published_day: int = 14
    progress_day: int = 21


BEDTIME = "Bedtime visits at the right time"
KNOW_ME = "Staff who know me"
PHONE = "Someone to phone out of hours"
TIME = "Time to do things properly"

HOME_CARE_RESPONSE = ResponseSpec(
    engagement=HOME_CARE,
    tagged_question=4,
    themes=(
        ThemeSpec(
            BEDTIME,
            "Last visits of the day that come too early, or at a different time every night, "
            "so that people go to bed before they want to or sit up waiting.",
            views=(3, 7, 11),
        ),
        ThemeSpec(
            KNOW_ME,
            "Seeing the same few care workers, who know how a person likes things done and how "
            "they communicate, including in British Sign Language.",
            views=(1, 2, 4, 5, 8, 10, 13),
        ),
        ThemeSpec(
            PHONE,
            "Being told when a care worker is running late, and reaching a person, not a "
            "voicemail, in the evening and at weekends.",
            views=(2, 3, 5, 11, 14),
        ),
        ThemeSpec(
            TIME,
            "Weekend visits that are rushed or cut short because care workers have too many "
            "calls and no time to travel between them.",
            views=(5, 6, 9, 12),
        ),
    ),
    restrictions=(
        RestrictionSpec(
            view=9,
            kind="safeguarding",
            public_reason="",  # always and only "It is being reviewed."
            internal_note=(
                "Describes how a care worker treated the person's mother. Passed to the adult "
                "safeguarding team and Oakwood's registered manager told. Not to be published "
                "while the enquiry is open."
            ),
        ),
        RestrictionSpec(
            view=10,
            kind="data_protection",
            public_reason="It names a care worker and the place where she works.",
            internal_note="Names a care worker and a housing scheme. Positive, shared with Oakwood.",
        ),
        RestrictionSpec(
            view=11,
            kind="confidential",
            public_reason="It is about a complaint that is still being looked into.",
            internal_note="Formal complaint, reference HC-2291. Review once the complaint is closed.",
        ),
        RestrictionSpec(
            view=12,
            kind="commercially_sensitive",
            public_reason="It describes the terms of a care provider's contract with the council.",
            internal_note=(
                "Gives rota and pay details that Oakwood considers commercially sensitive. The "
                "point about travel time is covered in the outcome on rushed visits."
            ),
        ),
        RestrictionSpec(
            view=13,
            kind="embargoed",
            public_reason=(
                "The Northshire Deaf Club asked us to wait until it has shared its own report "
                "with its members."
            ),
            internal_note="Agreed with Gareth Lewis by e-mail. Publishes by itself when it ends.",
            embargo_minutes_after_loading=10,
        ),
        RestrictionSpec(
            view=14,
            question=4,
            kind="data_protection",
            public_reason="It gave details that could help someone get into a person's home.",
            internal_note="Contains a key safe code. The rest of the view is published.",
        ),
    ),
    outcomes=(
        OutcomeSpec(
            theme=None,
            alignment="in_line",
            what_people_said=(
                "Most of the 14 people and organisations who gave their views told us that "
                "home care in the evenings and at weekends is less reliable than on weekdays: "
                "visits at different times, care workers people do not know, and no one to "
                "phone when something goes wrong."
            ),
            what_we_did=(
                "We shared everything people told us with Oakwood Home Care and agreed an "
                "improvement plan with them. It is now part of their contract. We will check "
                "how it is going every three months and say so on this page."
            ),
            easy_read_said="You told us that care in the evening and at the weekend is not as good.",
            easy_read_did=(
                "We told Oakwood what you said. Oakwood has agreed to make changes. We will "
                "check the changes every 3 months and tell you here."
            ),
            changes=(
                ChangeSpec(
                    description=(
                        "Review the improvement plan with Oakwood and the Northshire Older "
                        "People's Forum every three months, and publish what we find."
                    ),
                    easy_read_description="We will check the changes every 3 months.",
                    status="planned",
                    expected_days_after_publishing=90,
                ),
            ),
        ),
        OutcomeSpec(
            theme=KNOW_ME,
            alignment="in_line",
            what_people_said=(
                "People want to see the same few care workers at weekends, as they do on "
                "weekdays. Having to explain everything to a stranger is tiring and worrying. "
                "Deaf people told us weekend care workers cannot communicate with them."
            ),
            what_we_did=(
                "Oakwood will organise weekend care in small local teams, so that each person "
                "has no more than four regular weekend care workers. Every care worker who "
                "visits a Deaf person will be trained to use their communication book and in "
                "basic British Sign Language."
            ),
            easy_read_said="You want carers you know at the weekend.",
            easy_read_did=(
                "Oakwood will have small teams at the weekend, so you see the same carers. "
                "Carers will learn some sign language."
            ),
            changes=(
                ChangeSpec(
                    description=(
                        "Small weekend teams in Northbridge first, then in the villages, so "
                        "that each person has no more than four regular weekend care workers."
                    ),
                    easy_read_description="Small teams of carers at the weekend.",
                    status="planned",
                    expected_days_after_publishing=120,
                ),
                ChangeSpec(
                    description=(
                        "Training in using communication books and in basic British Sign "
                        "Language for every care worker who visits a Deaf person."
                    ),
                    easy_read_description="Carers learn how to sign and use communication books.",
                    status="done",
                ),
            ),
        ),
        OutcomeSpec(
            theme=BEDTIME,
            alignment="partly",
            what_people_said=(
                "People want their last visit of the day at the time they choose, often around "
                "8pm or later, and at the same time every night."
            ),
            what_we_did=(
                "Everyone with an evening visit will agree a one-hour window for it at their "
                "next care plan review, and Oakwood will keep to it. Visits after 10pm will "
                "only be for people whose assessed needs call for one."
            ),
            reason=(
                "Oakwood has enough evening care workers to visit everyone between 6pm and "
                "10pm, but not for everyone to choose a later time. A fixed window means you "
                "know when your care worker is coming, even if it is not the exact time you "
                "asked for. If you need a later visit, ask for a review."
            ),
            easy_read_said="You want your carer to come at the time you choose for bedtime.",
            easy_read_did="You will agree a time for your bedtime visit. The carer will come within that hour.",
            easy_read_reason=(
                "There are not enough carers for everyone to choose a late time. "
                "If you need a later visit, you can ask us."
            ),
            changes=(
                ChangeSpec(
                    description=(
                        "Agree a one-hour window for each person's bedtime visit at their next "
                        "care plan review."
                    ),
                    easy_read_description="Agree a time for your bedtime visit.",
                    status="in_progress",
                    expected_days_after_publishing=75,
                    progress=(
                        ProgressSpec(
                            "So far 96 of the 180 people with an evening visit have agreed a "
                            "window. The rest will have their review by the date shown.",
                            "in_progress",
                        ),
                    ),
                ),
            ),
        ),
        OutcomeSpec(
            theme=PHONE,
            alignment="partly",
            what_people_said=(
                "People want to be told when a care worker is running late, and to reach a "
                "person, not a voicemail, whenever they phone Oakwood in the evening or at "
                "the weekend."
            ),
            what_we_did=(
                "Oakwood's office now phones you if your care worker will be more than 30 "
                "minutes late. A person answers Oakwood's out-of-hours phone until 10pm every "
                "day; after 10pm calls go to the council's emergency duty team."
            ),
            reason=(
                "Very few calls come after 10pm and the emergency duty team already answers "
                "them all night, so paying Oakwood to staff its phone all night would not "
                "help people more than spending the money on visits."
            ),
            easy_read_said="You want someone to tell you if your carer is late. You want someone to answer the phone.",
            easy_read_did=(
                "Oakwood will phone you if your carer is late. A person answers the phone until "
                "10pm. After 10pm the council answers."
            ),
            easy_read_reason="The council already answers the phone at night.",
            changes=(
                ChangeSpec(
                    description=(
                        "Oakwood's office phones you if your care worker will be more than 30 "
                        "minutes late."
                    ),
                    easy_read_description="Oakwood phones you if your carer is late.",
                    status="done",
                ),
                ChangeSpec(
                    description="A person answers Oakwood's out-of-hours phone until 10pm every day.",
                    easy_read_description="A person answers the phone until 10pm.",
                    status="in_progress",
                    expected_days_after_publishing=14,
                    progress=(
                        ProgressSpec(
                            "Two more staff joined Oakwood's office. Since last Monday a person "
                            "has answered every call until 10pm.",
                            "done",
                        ),
                    ),
                ),
            ),
        ),
        OutcomeSpec(
            theme=TIME,
            alignment="not_in_line",
            what_people_said=(
                "People asked for longer visits at weekends, so that nothing is rushed. Care "
                "workers told us their rotas leave no time to travel between calls."
            ),
            what_we_did=(
                "We are not making every weekend visit longer. Instead, Oakwood will stop "
                "giving care workers back-to-back calls with no travel time, and we will check "
                "every month that visits last as long as each person's care plan says."
            ),
            reason=(
                "How long a visit lasts is set by each person's assessed needs. Adding time to "
                "every weekend visit would cost about £400,000 a year, which the council does "
                "not have this year. Visits that are cut short are the problem most people "
                "described, and we can fix that. If you think your visits are too short for "
                "what you need, ask for a review of your care plan."
            ),
            easy_read_said="You want longer visits at the weekend.",
            easy_read_did=(
                "We cannot make every visit longer. We will check that carers stay for all of "
                "your visit."
            ),
            easy_read_reason=(
                "Longer visits for everyone cost too much money. You can ask for a review if "
                "your visits are too short for you."
            ),
            changes=(
                ChangeSpec(
                    description=(
                        "Check every month that weekend visits last the time in each person's "
                        "care plan, and act with Oakwood where they do not."
                    ),
                    easy_read_description="We check every month that carers stay for the whole visit.",
                    status="planned",
                    expected_days_after_publishing=30,
                ),
            ),
        ),
    ),
)

RESPONSES = (HOME_CARE_RESPONSE,)


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
