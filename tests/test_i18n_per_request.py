"""A language for one context (one web request) over the process-wide one, never leaking into another."""

from __future__ import annotations

import threading

from desktop import i18n


def test_a_language_block_speaks_its_language_and_leaves_the_process_language_alone():
    try:
        i18n.set_language("en")
        with i18n.language("es") as code:
            assert code == "es"
            assert i18n._("Today") == "Hoy"
            assert i18n.current_language() == "es"
        assert i18n._("Today") == "Today"
        assert i18n.current_language() == "en"
        i18n.set_language("es")
        with i18n.language("xx"):  # unknown: English, whatever the process speaks
            assert i18n._("Today") == "Today"
        assert i18n._("Today") == "Hoy"
    finally:
        i18n.set_language("en")


def test_two_requests_in_different_languages_at_the_same_moment_do_not_mix():
    both_inside = threading.Barrier(2, timeout=10)
    heard: dict[str, list[str]] = {}

    def request(code: str) -> None:
        with i18n.language(code):
            before = i18n._("Today")
            both_inside.wait()  # each has set its language before the other reads again
            heard[code] = [before, i18n._("Today"), i18n.current_language()]

    threads = [threading.Thread(target=request, args=(code,)) for code in ("es", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert heard == {"es": ["Hoy", "Hoy", "es"], "en": ["Today", "Today", "en"]}
