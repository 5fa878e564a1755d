import re

from hypothesis import given
from hypothesis import strategies as st

from engagement_portal.core.references import ALPHABET, new_reference, normalise_reference


def test_references_use_only_unambiguous_characters():
    for _ in range(200):
        reference = new_reference()
        assert re.fullmatch(r"EP-[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
        assert not set(reference[3:].replace("-", "")) & set("01ILOU")


@given(st.lists(st.sampled_from(ALPHABET), min_size=8, max_size=8))
def test_a_reference_typed_loosely_is_recognised(symbols):
    reference = f"EP-{''.join(symbols[:4])}-{''.join(symbols[4:])}"
    typed = " " + reference.lower().replace("-", " ") + " "
    assert normalise_reference(typed) == reference
    assert normalise_reference(reference.replace("EP-", "")) == reference


def test_things_that_are_not_references_are_refused():
    for text in ["", "EP-", "EP-1234-5678", "EP-ABCD-EFG", "hello world", "EP-ABCD-EFGH-JKMN"]:
        assert normalise_reference(text) is None
