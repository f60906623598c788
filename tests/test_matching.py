"""The one matcher behind sample suggestions, referral ranking and the follow-up wording."""

from __future__ import annotations

from proposals import matching

DOCUMENT = {
    "prospect": {
        "organisation": "Harbor Dental Group",
        "contact_name": "Elena Soto",
        "industry": "Healthcare",
    },
    "listening": {
        "notes": "PRIVATE: payroll is a mess.",
        "situation": "The backups are never tested.",
        "their_words": ["Our backup is a box in the closet.", "Harbor needs leads."],
        "goals": ["Restore the schedule by Monday."],
        "constraints": "No downtime in clinic hours.",
    },
}


def test_plurals_and_other_forms_meet_on_one_stem():
    assert matching.terms("leads") == matching.terms("lead")
    assert matching.terms("backups") == matching.terms("backup")
    assert matching.terms("restoring") == matching.terms("restored") == matching.terms("restore")
    assert matching.terms("Ray's laptop") == matching.terms("ray laptop")


def test_stop_words_contractions_and_short_words_say_nothing():
    assert matching.terms("what they would do with it if we don't") == set()
    assert matching.terms("the services of our company ltd") == set()
    assert matching.terms("the overdraft") == matching.terms("overdraft")


def test_hyphenated_words_stay_one_word():
    # "X-rays" is not Ray, the office manager.
    assert matching.terms("X-rays") & matching.terms("Ray") == set()


def test_heard_counts_what_the_client_said_and_their_industry():
    heard = matching.heard(DOCUMENT)
    (backup,) = matching.terms("backup")
    assert heard.counts[backup] == 2  # once in the situation, once in their words
    assert heard.said[backup] == "backups"  # as they first put it
    assert matching.terms("downtime") <= set(heard.counts)  # constraints count
    assert heard.industry == frozenset(matching.terms("healthcare"))


def test_heard_leaves_out_private_notes_and_the_clients_own_name():
    heard = matching.heard(DOCUMENT)
    assert not matching.terms("payroll") & set(heard.counts)
    assert not matching.terms("Harbor") & set(heard.counts)


def test_nothing_heard_is_falsy():
    assert not matching.heard({"schema": "proposals/v1"})
    assert matching.heard({"prospect": {"industry": "Retail"}})


def test_weights_order_the_results():
    heard = matching.heard(DOCUMENT)
    weights = {"tags": 3, "summary": 1}
    in_tags = matching.score(heard, {"tags": "backup", "summary": "printers"}, weights)
    in_summary = matching.score(heard, {"tags": "printers", "summary": "backup"}, weights)
    assert in_tags.score == 2 * 3 and in_summary.score == 2 * 1
    assert in_tags.matched == ("backups",)
    scored = [(in_summary.score, "b", "summary"), (in_tags.score, "a", "tags")]
    assert [item for _, item in matching.best(scored, limit=4, floor=0)] == ["tags", "summary"]


def test_a_word_said_more_often_counts_more():
    heard = matching.heard(DOCUMENT)
    fields = {"tags": "backup"}, {"tags": "schedule"}
    backup, schedule = (matching.score(heard, f, {"tags": 1}).score for f in fields)
    assert backup > schedule > 0


def test_industry_words_get_their_bonus_only_where_asked():
    heard = matching.heard(DOCUMENT)
    fields = {"title": "Healthcare", "tags": "printers"}
    weights = {"title": 1, "tags": 1}
    assert matching.score(heard, fields, weights, industry_bonus=4).score == 4
    assert matching.score(heard, fields, weights, 4, industry_fields=("tags",)).score == 0


def test_weak_matches_fall_under_the_floor():
    scored = [(10, "a", "best"), (3, "b", "weak"), (0, "c", "none")]
    assert matching.best(scored, limit=4, floor=0.25) == [(10, "best"), (3, "weak")]
    assert matching.best(scored, limit=4, floor=0.4) == [(10, "best")]
    # Measured against a top score found elsewhere (a provider the proposal already names).
    assert matching.best(scored, limit=4, floor=0.25, top=20) == [(10, "best")]
    assert matching.best(scored, limit=1, floor=0) == [(10, "best")]
