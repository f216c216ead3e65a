"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")
"""Non-blank printable text: what a person might type into a field."""

any_text = st.text(max_size=300)
"""Any text at all, control characters included (no lone surrogates)."""

guids = st.uuids().map(str)
"""Application (client) IDs."""

https_urls = st.builds(
    lambda host, path: f"https://{host}.example.com/{path}",
    st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9_./-]{0,40}", fullmatch=True),
)
"""Absolute https URLs on an example domain."""

# Characters a well-formed query may carry raw (RFC 3986 query characters, no '#').
query_strings = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%",
    max_size=200,
)
"""Raw query strings made of characters a URL may carry unencoded."""

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
"""Any JSON value, nested a little."""

json_objects = st.dictionaries(st.text(max_size=24), json_values, max_size=12)
"""Any JSON object: what a server might answer where an object is expected."""
