"""A manifest's `expires` under Hypothesis: any moment the format accepts is said in words.

`expires` is a signed manifest's value, checked only to be ISO 8601
(`is_iso_timestamp`); the window and `status` then turn it into "may be
out of date" and a review day. Any value the format accepts, from year 1
to 9999 with any offset, and any text at all, gives a sentence or no
review day, never an exception.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.model import LibraryStatus
from reader.core.text.update_words import out_of_date_notice, out_of_date_short, review_date
from reader.core.timestamps import is_iso_timestamp

moments = st.builds(
    lambda day, time, zone: f"{day}{time}{zone}",
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", "T00:00:00", "T23:59:59", "T12:00:00.999999", "T00:00"]),
    st.sampled_from(["", "Z", "z", "+00:00", "-23:59", "+23:59", "+14:00", "-12:00"]),
)


@settings(max_examples=300, deadline=None)
@given(moments | st.text(max_size=40))
@example("9999-12-31T23:59:59-23:59")  # failed before: OverflowError (its UTC day is in 10000)
@example("0001-01-01T00:00:00+23:59")  # failed before: OverflowError (its UTC day is in year 0)
def test_any_expires_is_a_notice_in_words(expires):
    day = review_date(expires)
    if is_iso_timestamp(expires) and day is not None:
        assert day.split()[0].isdigit() and day.split()[-1].isdigit()
    for sentence in (out_of_date_notice(expires), out_of_date_short(expires)):
        assert sentence.startswith(("This library may be out of date", "May be out of date"))
    status = LibraryStatus(1, 1, 1, 0, "/data", "2026-11-20T10:00:00Z", "T", expires)
    assert status.may_be_out_of_date(datetime(2026, 12, 1, tzinfo=UTC)) in (True, False)
