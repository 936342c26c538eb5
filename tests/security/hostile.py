"""Hypothesis strategies for hostile input, and the one rule every answer must keep: no server
error and no traceback, whatever was sent."""

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded, so the whole directory runs in well under two minutes; no example database, so a
# run leaves nothing behind in the working tree.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ_SMALL = settings(FUZZ, max_examples=20)

# Control characters, NUL, the bidi override that hides a file's real extension, a BOM,
# combining marks, zero-width joiners, non-BMP emoji, RTL script.
NASTY = [
    "\x00",
    "\x00\x00abc",
    "\r\n",
    "\x1b[31m",
    "\u202e",
    "gpj.exe\u202e",
    "\ufeff",
    "\u200d\u200b",
    "e\u0301\u0301\u0301",
    "\U0001f4a9",
    "عربي",
    "'; DROP TABLE complaints_complaint; --",
    "<script>alert(1)</script>",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "%(name)s %s %d",
    "../../etc/passwd",
    "０１２３",  # noqa: RUF001 - full-width digits, which int() accepts
    "١٩٨٦٠٩٢٦٢٠١٥٠٥٢٠٠١",  # Arabic-Indic digits
    "1e308",
    "-0",
    "NaN",
    "9" * 400,
]

text = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(NASTY),
    # Huge strings are built, not drawn character by character: drawing them is slow.
    st.builds(
        lambda part, times: part * times,
        st.sampled_from(["a", "é", "\x00", "😀"]),
        st.integers(5_000, 120_000),
    ),
)

# What a form field may arrive as: missing is handled by the caller; a value, or the field
# repeated (a list), or an empty repeat.
field_value = st.one_of(text, st.lists(text, min_size=0, max_size=3))


def form_data(fields: list[str], valid: dict | None = None) -> st.SearchStrategy[dict]:
    """Some of the form's fields (others missing), each a hostile value or a valid one, plus
    a few fields the form does not know."""
    valid = valid or {}
    value_for = {
        name: st.one_of(field_value, st.just(valid[name])) if name in valid else field_value
        for name in fields
    }
    known = st.fixed_dictionaries({}, optional=value_for)
    unknown = st.dictionaries(st.text(min_size=1, max_size=20), text, max_size=3)
    return st.tuples(known, unknown).map(lambda pair: {**pair[1], **pair[0]})


json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    text,
)
json_value = st.recursive(
    json_scalar,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def json_object(fields: list[str], valid: dict) -> st.SearchStrategy[dict]:
    """A JSON object with some of the fields, each valid, of the wrong type or hostile."""
    value_for = {name: st.one_of(json_value, st.just(valid[name])) for name in fields}
    return st.fixed_dictionaries({}, optional=value_for)


raw_body = st.one_of(
    st.binary(max_size=400),
    json_value.map(lambda value: json.dumps(value).encode()),
    st.sampled_from(
        [
            b"",
            b"null",
            b"[]",
            b'{"kind": ',
            b'{"a": NaN}',
            b'{"a": Infinity}',
            b"\xef\xbb\xbf{}",
            b'{"subject": "\\u0000"}',
            b'{"subject": "\\ud800"}',
            b"[" * 5000 + b"]" * 5000,
            b'{"a":' * 3000 + b"1" + b"}" * 3000,
        ]
    ),
)

content_type = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "application/json; charset=nonsense",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",  # no boundary
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=xyz",
        "application/xml",
        "",
    ]
)


def assert_handled(response) -> None:
    """The request was answered, not crashed: below 500 and no traceback in the body."""
    assert response.status_code < 500, response.status_code
    body = b"" if getattr(response, "streaming", False) else response.content
    assert b"Traceback" not in body
    assert b"Exception Value" not in body  # Django's debug page
