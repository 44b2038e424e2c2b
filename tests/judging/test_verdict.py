"""Reading a ranking out of a judge's free-text reply."""

from __future__ import annotations

import pytest

from polymed.judging import VerdictError, parse_ranking


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ranking: 3 > 1 > 2", [3, 1, 2]),
        ("Ranking: Model 3 > Model 1 > Model 2", [3, 1, 2]),
        ("[2, 3, 1]", [2, 3, 1]),
        ("My verdict is [Model 2, Model 3, Model 1].", [2, 3, 1]),
        ("1. Model 3\n2. Model 1\n3. Model 2", [3, 1, 2]),
        ("1) Model 2 - clearest\n2) Model 3\n3) Model 1", [2, 3, 1]),
        ("Final ranking:\n1st: Model 1\n2nd: Model 3\n3rd: Model 2", [1, 3, 2]),
        ("**Final verdict:** Model 2, Model 3, and Model 1", [2, 3, 1]),
        # the paper's letters
        ("Model C, Model A, Model B", [3, 1, 2]),
        # reasoning first: the last ranking line wins over earlier mentions
        ("Model 2 is ranked lower than Model 1.\nRanking: Model 3, Model 1, Model 2", [3, 1, 2]),
        ("Ranking (best first): 2, 1, 3", [2, 1, 3]),
        ("Comparing them, [Model 1] is vague.\n\nRanking: 1 > 2 > 3", [1, 2, 3]),
        ("`Ranking: Model 2, Model 1`", [2, 1]),
    ],
)
def test_readable_verdicts(text, expected):
    assert parse_ranking(text, len(expected)) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("They are all fine.", "no ranking found"),
        ("Ranking: 3 > 1", "lists 2 of the 3 models"),
        ("Ranking: 3 > 1 > 3", "Model 3 is listed more than once"),
        ("Ranking: 4 > 1 > 2", "outside Model 1..Model 3"),
        ("1. Model 2\n3. Model 1", "no ranking found"),
    ],
)
def test_unreadable_verdicts(text, reason):
    with pytest.raises(VerdictError) as info:
        parse_ranking(text, 3)
    assert reason in info.value.reason
