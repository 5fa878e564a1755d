"""Right to left, easy read, print and the listen button, in Chromium.

- Arabic (?lang=ar) pages are dir="rtl" and laid out from the right: the column, the inset
  text's bar, a question's error bar, the radios, the back link and its arrow, the start button's
  arrow. The same checks in English find them the other way round, so the logical properties in
  application.scss work both ways. Both still pass axe-core and reflow at 320 CSS px.
- Easy read (?easy_read=1) keeps body text at 20px with 1.5 line spacing even at 320 px, where
  GOV.UK would drop it to 16px; `.ep-easy-line` puts its picture at the start, the words beside it.
- Print is a large-print copy: no switches, buttons or forms, text at 16pt or more, link
  addresses shown, outcomes and changes kept whole on a page.
- "Listen to this page" only appears where the browser can speak, and reads <main> in the page's
  language.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import make_engagement

RICH_BODY = '<p>Read <a href="https://example.org/the-plan">the plan</a> first.</p>'

SIDES = """(selector) => {
    const el = document.querySelector(selector);
    const style = getComputedStyle(el);
    return {
        left: parseFloat(style.borderLeftWidth),
        right: parseFloat(style.borderRightWidth),
        paddingLeft: parseFloat(style.paddingLeft),
        paddingRight: parseFloat(style.paddingRight),
    };
}"""


@pytest.fixture
def slug(app):
    with app.app_context():
        return make_engagement(title="Day services in Northbridge", body_html=RICH_BODY).slug


def rect(page, selector: str) -> dict:
    return page.evaluate(
        """(selector) => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return {left: r.left, right: r.right, top: r.top, width: r.width, height: r.height};
        }""",
        selector,
    )


def text_rect(page, selector: str) -> dict:
    """Where the words of an element are (not its box, which is as wide as its container)."""
    return page.evaluate(
        """(selector) => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            const r = range.getBoundingClientRect();
            return {left: r.left, right: r.right, top: r.top, width: r.width, height: r.height};
        }""",
        selector,
    )


def style_of(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.evaluate(
        "([s, p, pseudo]) => getComputedStyle(document.querySelector(s), pseudo)[p]",
        [selector, prop, pseudo],
    )


def px(value: str) -> float:
    return float(value.removesuffix("px"))


def submit_empty_who_page(page, slug: str, lang: str) -> None:
    page.goto(f"/engagements/{slug}/respond/who?lang={lang}")
    with page.expect_navigation():
        page.click("main form [type='submit']")
    assert page.locator(".govuk-error-summary").count() == 1


# Right to left


def test_arabic_engagement_page_is_right_to_left(page, slug):
    page.goto(f"/engagements/{slug}?lang=ar")

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    # The two-thirds column sits at the right of its row, not the left.
    column = rect(page, ".govuk-grid-column-two-thirds")
    row = rect(page, ".govuk-grid-row")
    assert abs(column["right"] - row["right"]) < 1
    assert column["left"] > row["left"] + 100
    # The easy-read box's bar is on the right.
    inset = page.evaluate(SIDES, ".govuk-inset-text")
    assert inset["right"] == 10 and inset["left"] == 0
    # The start button's arrow points left, the way the page reads.
    assert style_of(page, ".govuk-button__start-icon", "transform").startswith("matrix(-1, 0, 0, 1")


def test_english_engagement_page_is_left_to_right(page, slug):
    page.goto(f"/engagements/{slug}?lang=en")

    assert page.evaluate("document.documentElement.dir") == "ltr"
    column = rect(page, ".govuk-grid-column-two-thirds")
    row = rect(page, ".govuk-grid-row")
    assert abs(column["left"] - row["left"]) < 1
    inset = page.evaluate(SIDES, ".govuk-inset-text")
    assert inset["left"] == 10 and inset["right"] == 0
    assert style_of(page, ".govuk-button__start-icon", "transform") == "none"


@pytest.mark.parametrize("lang, direction", [("ar", "rtl"), ("en", "ltr")])
def test_a_form_with_errors_is_mirrored_in_right_to_left(page, slug, lang, direction):
    submit_empty_who_page(page, slug, lang)
    rtl = direction == "rtl"

    assert page.evaluate("document.documentElement.dir") == direction
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    # The error summary: GOV.UK Frontend 6 draws its red border on all four sides, so there is
    # nothing to flip in the box itself, but its contents start from the reading side.
    summary = page.evaluate(SIDES, ".govuk-error-summary")
    assert summary["left"] == summary["right"] > 0
    box = rect(page, ".govuk-error-summary")
    title = text_rect(page, ".govuk-error-summary__title")
    if rtl:
        assert box["right"] - title["right"] < 40 < title["left"] - box["left"]
    else:
        assert title["left"] - box["left"] < 40 < box["right"] - title["right"]

    # The question with the error: its red bar and the padding beside it on the reading side.
    group = page.evaluate(SIDES, ".govuk-form-group--error")
    if rtl:
        assert group["right"] == 5 and group["left"] == 0
        assert group["paddingRight"] == 15 and group["paddingLeft"] == 0
    else:
        assert group["left"] == 5 and group["right"] == 0
        assert group["paddingLeft"] == 15 and group["paddingRight"] == 0

    # Radios: the input (and the circle drawn over it) comes before the words.
    radio = rect(page, ".govuk-radios__item:first-child .govuk-radios__input")
    label = rect(page, ".govuk-radios__item:first-child .govuk-radios__label")
    circle = ".govuk-radios__item:first-child .govuk-radios__label"
    if rtl:
        assert radio["left"] >= label["right"] - 1
        assert style_of(page, circle, "right", "::before") == "2px"
    else:
        assert radio["right"] <= label["left"] + 1
        assert style_of(page, circle, "left", "::before") == "2px"

    # The back link: at the start of the line, its chevron pointing back the way you came.
    back = page.evaluate(SIDES, ".govuk-back-link")
    chevron = style_of(page, ".govuk-back-link", "transform", "::before")
    a, b = (float(n) for n in chevron.removeprefix("matrix(").split(",")[:2])
    if rtl:
        assert back["paddingRight"] > 0 and back["paddingLeft"] == 0
        # rotate(45deg): the top-right corner of the chevron points right.
        assert a > 0 and b > 0
    else:
        assert back["paddingLeft"] > 0 and back["paddingRight"] == 0
        # rotate(225deg): it points left.
        assert a < 0 and b < 0


def test_arabic_radio_pages_reflow_at_320px(page, slug):
    submit_empty_who_page(page, slug, "ar")
    page.set_viewport_size({"width": 320, "height": 900})

    radio = rect(page, ".govuk-radios__item:first-child .govuk-radios__input")
    label = rect(page, ".govuk-radios__item:first-child .govuk-radios__label")
    assert radio["left"] >= label["right"] - 1
    assert radio["right"] <= 320 - 15 + 1  # inside the page's gutter
    assert_no_horizontal_scroll(page)


# Easy read


@pytest.mark.parametrize("width", [320, 1280])
def test_easy_read_text_is_large_and_well_spaced_on_every_screen(page, slug, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/engagements/{slug}?easy_read=1")

    assert page.evaluate("document.body.classList.contains('ep-easy-read')")
    paragraph = "main p.govuk-body"
    size = px(style_of(page, paragraph, "fontSize"))
    line = px(style_of(page, paragraph, "lineHeight"))
    assert size >= 19, f"easy-read body text is {size}px at {width}px wide"
    assert line / size >= 1.5
    # Short lines: about 60 characters at most.
    assert style_of(page, paragraph, "maxWidth") != "none"
    # Headings are larger than GOV.UK's.
    assert px(style_of(page, "main h1", "fontSize")) >= (30 if width == 320 else 40)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_without_easy_read_gov_uk_sizes_are_unchanged(page, slug):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"/engagements/{slug}?easy_read=0")

    # GOV.UK Frontend 6 keeps body text at 19/25px on small screens too; small text is 16px.
    assert px(style_of(page, "main p.govuk-body", "fontSize")) == 19
    assert px(style_of(page, "main p.govuk-body", "lineHeight")) == 25
    assert px(style_of(page, "main .govuk-body-s", "fontSize")) == 16


def test_easy_read_has_no_small_text(page, slug):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"/engagements/{slug}?easy_read=1")

    assert px(style_of(page, "main .govuk-body-s", "fontSize")) >= 19


EASY_LINES = """(markup) => {
    const main = document.querySelector("main");
    main.insertAdjacentHTML("afterbegin", markup);
}"""

EASY_LINE_MARKUP = """
<ul class="ep-easy-lines" id="easy-lines">
  <li class="ep-easy-line">
    <span class="ep-easy-line__picture" aria-hidden="true">1</span>
    <p class="ep-easy-line__text">We want to know what you like about day services and what could be better.</p>
  </li>
</ul>"""


@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("ar", "rtl")])
def test_an_easy_read_line_has_its_picture_at_the_start_even_at_320px(page, slug, lang, direction):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"/engagements/{slug}?easy_read=1&lang={lang}")
    page.evaluate(EASY_LINES, EASY_LINE_MARKUP)

    picture = rect(page, "#easy-lines .ep-easy-line__picture")
    text = rect(page, "#easy-lines .ep-easy-line__text")
    assert 64 <= picture["width"] <= 80 and picture["width"] == picture["height"]
    assert picture["top"] < text["top"] + text["height"]  # beside the words, not above them
    if direction == "ltr":
        assert picture["right"] <= text["left"]
    else:
        assert picture["left"] >= text["right"]
    assert px(style_of(page, "#easy-lines .ep-easy-line__text", "fontSize")) >= 19
    assert_no_horizontal_scroll(page)


# Print


def test_printed_engagement_page_is_large_print_without_controls(page, slug):
    page.goto(f"/engagements/{slug}")
    page.emulate_media(media="print")

    for selector in [
        ".ep-reading-bar",
        ".ep-languages",
        ".ep-easy-read-switch",
        ".ep-listen",
        ".govuk-button--start",
        ".ep-header__nav",
        ".govuk-skip-link",
        ".govuk-footer__inline-list",
    ]:
        assert style_of(page, selector, "display") == "none", f"{selector} is printed"
    # 16pt is 21.33 CSS px.
    assert px(style_of(page, "main p.govuk-body", "fontSize")) >= 21
    assert px(style_of(page, "body", "fontSize")) >= 21
    assert style_of(page, "main p.govuk-body", "color") == "rgb(0, 0, 0)"
    # A link in the engagement's own text is followed by its address.
    link = "main .ep-rich-text a[href^='http']"
    assert "https://example.org/the-plan" in style_of(page, link, "content", "::after")
    assert style_of(page, ".govuk-summary-list__row", "breakInside") == "avoid"

    page.emulate_media(media="screen")
    assert style_of(page, ".govuk-button--start", "display") != "none"
    assert style_of(page, ".govuk-body a[href^='http']", "content", "::after") in ("none", "normal")


def test_printed_outcomes_keep_each_outcome_and_change_whole(app, page):
    from engagement_portal.demo import services as demo

    with app.app_context():
        demo.load()
    page.goto("/engagements/home-care-in-the-evenings-and-at-weekends/you-said-we-did")
    assert page.locator(".ep-outcome").count() > 0
    assert page.locator(".ep-change").count() > 0
    page.emulate_media(media="print")

    for selector in [".ep-outcome", ".ep-change", ".govuk-summary-list__row"]:
        assert style_of(page, selector, "breakInside") == "avoid", selector
    for selector in [".ep-reading-bar", ".govuk-back-link"]:
        assert style_of(page, selector, "display") == "none", selector
    assert px(style_of(page, ".ep-outcome .govuk-summary-list", "fontSize")) >= 21
    assert px(style_of(page, ".ep-outcome .govuk-body-s", "fontSize")) >= 21
    assert_no_horizontal_scroll(page, width=700)


# The listen button

NO_SPEECH = """
delete window.speechSynthesis;
try { delete Window.prototype.speechSynthesis; } catch (e) {}
"""

FAKE_SPEECH = """
window.__speech = {spoken: [], utterances: [], cancelled: 0};
window.SpeechSynthesisUtterance = class extends EventTarget {
  constructor(text) { super(); this.text = text; this.lang = ""; this.voice = null; }
};
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speaking: false, pending: false, paused: false,
  speak(utterance) {
    window.__speech.utterances.push(utterance);
    window.__speech.spoken.push({text: utterance.text, lang: utterance.lang,
                                 voice: utterance.voice && utterance.voice.name});
    this.speaking = true;
  },
  cancel() { window.__speech.cancelled += 1; this.speaking = false; },
  pause() {}, resume() {},
  getVoices() {
    return [{name: "English", lang: "en-GB", localService: true},
            {name: "Arabic", lang: "ar-SA", localService: true}];
  },
  addEventListener() {}, removeEventListener() {},
}});
"""

LISTEN = "[data-ep-listen]"


def test_listen_button_stays_hidden_without_speech_synthesis(page, slug):
    page.add_init_script(NO_SPEECH)
    page.goto(f"/engagements/{slug}")

    assert page.evaluate("typeof window.speechSynthesis") == "undefined"
    assert page.locator(LISTEN).count() == 1
    assert page.locator(LISTEN).is_hidden()
    assert_accessible(page)


def test_listen_button_stays_hidden_without_javascript(browser, live_server, slug):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/engagements/{slug}")
        assert page.locator(LISTEN).is_hidden()
    finally:
        context.close()


def test_listen_button_appears_with_speech_synthesis(page, slug):
    page.goto(f"/engagements/{slug}")
    if not page.evaluate("'speechSynthesis' in window"):  # pragma: no cover - Chromium has it
        page.add_init_script(FAKE_SPEECH)
        page.reload()

    button = page.locator(LISTEN)
    button.wait_for(state="visible")
    assert button.inner_text() == "Listen to this page"
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2 target size
    button.focus()
    # GOV.UK's focus state: yellow behind the text.
    assert style_of(page, LISTEN, "backgroundColor") == "rgb(255, 221, 0)"
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_listen_reads_main_in_the_page_language_and_stops_when_pressed_again(page, slug):
    page.add_init_script(FAKE_SPEECH)
    page.goto(f"/engagements/{slug}?lang=ar")
    button = page.locator(LISTEN)
    button.wait_for(state="visible")
    listen_label = button.get_attribute("data-label-listen")
    stop_label = button.get_attribute("data-label-stop")
    assert button.inner_text() == listen_label

    button.click()

    speech = page.evaluate("window.__speech")
    spoken = speech["spoken"]
    assert spoken, "nothing was spoken"
    said = "\n".join(part["text"] for part in spoken)
    assert "Day services in Northbridge" in said  # the <h1> in <main>
    # In the page's language, with a voice for it; text marked as in another language (an
    # engagement not yet translated, lang="en") in that language.
    start = page.inner_text(".govuk-button--start").strip()
    assert [(p["lang"], p["voice"]) for p in spoken if p["text"] == start] == [("ar", "Arabic")]
    title_lang = page.evaluate("document.querySelector('main h1').closest('[lang]').lang")
    title = next(p for p in spoken if "Day services in Northbridge" in p["text"])
    assert title["lang"] == title_lang
    assert title["voice"] == {"ar": "Arabic", "en": "English"}[title_lang]
    # Nothing from outside <main>: the language names are only in the reading bar.
    assert "Cymraeg" not in said and "Polski" not in said
    assert button.inner_text() == stop_label

    cancelled = speech["cancelled"]
    button.click()

    assert page.evaluate("window.__speech.cancelled") > cancelled
    assert button.inner_text() == listen_label

    # Reading to the end also puts the button back.
    button.click()
    assert button.inner_text() == stop_label
    page.evaluate(
        "() => { const u = window.__speech.utterances; u[u.length - 1].dispatchEvent(new Event('end')); }"
    )
    assert button.inner_text() == listen_label
