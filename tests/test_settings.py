from desktop import settings as S
from desktop.settings import Settings


def test_settings_are_typed_remembered_and_default_when_damaged(tmp_path):
    store = Settings(tmp_path)
    assert store.get(S.LARGE_TEXT) is False
    store.set(S.LARGE_TEXT, True)
    store.set(S.PAPER_SIZE, "a4")
    again = Settings(tmp_path)
    assert again.get(S.LARGE_TEXT) is True and again.get(S.PAPER_SIZE) == "a4"
    (tmp_path / Settings.FILENAME).write_text("{not json")
    assert Settings(tmp_path).get(S.LARGE_TEXT) is False


def test_values_of_the_wrong_type_or_outside_the_choices_read_as_the_default(tmp_path):
    (tmp_path / Settings.FILENAME).write_text('{"large_text": "yes", "paper_size": "tabloid"}')
    store = Settings(tmp_path)
    assert store.get(S.LARGE_TEXT) is False
    assert store.get(S.PAPER_SIZE) == S.PAPER_SIZE.default
