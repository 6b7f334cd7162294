"""The Pairing page: pair a session, see reasons, move people within the rules, lock, undo, project."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.models import PairingGroup, PairingRound, Participant, SignIn, TasterSession
from desktop.ops import Kind


def _rounds(db):
    with db.transaction() as s:
        return s.scalar(select(func.count()).select_from(PairingRound))


def test_pairing_a_session_shows_cards_with_reasons_and_stores_the_round(page, db):
    assert page.session_box.count() == 1
    assert "4 present" in page.session_box.currentText()
    page.run_button.click()
    assert len(page.board.groups) == 2
    reasons = [g.reason for g in page.board.groups]
    assert any("Spanish" in r for r in reasons)
    assert _rounds(db) == 1
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(PairingGroup)) == 2


def test_a_move_against_the_rules_is_refused_and_explained(page):
    page.run_button.click()
    board = page.board
    bea = next(pid for pid, p in board.people.items() if p.name == "Bea")
    english_only = next(i for i, g in enumerate(board.groups) if bea not in g.members)
    before = list(board.groups)
    page.swap(bea, next(m for m in board.groups[english_only].members if board.people[m].languages == ("en",)))
    assert board.groups == before
    assert "share no language" in page.status.text()


def test_lock_then_repair_keeps_the_locked_group_and_undo_goes_back(page, db):
    page.run_button.click()
    locked = page.board.groups[0].members
    page.toggle_lock(0)
    page.repair_button.click()
    assert any(g.members == locked and g.locked for g in page.board.groups)
    page.undo_button.click()
    assert page.board.groups[0].locked  # undid the re-pair, the lock stays
    assert _rounds(db) == 4, "every change is a new record"


def test_the_page_reloads_the_stored_round(page):
    page.run_button.click()
    groups = page.board.groups
    page.refresh()
    assert [g.members for g in page.board.groups] == [g.members for g in groups]


def test_the_projector_shows_table_numbers_and_names_only(page, qtbot):
    page.run_button.click()
    view = page.make_projector()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    tables = view.tables
    assert [t for t, _names in tables] == [1, 2]
    texts = " ".join(label.text() for label in view.findChildren(type(view.title)))
    assert "Ana" in texts and "helps" not in texts, "the room sees names, not reasons"


def test_a_projector_window_deleted_elsewhere_is_neither_touched_nor_reused(page, qtbot):
    """Larger text redraws the page's cards; a projector window already gone must not stop that."""
    import shiboken6
    from PySide6.QtGui import QFont

    page.run_button.click()
    gone = page.make_projector()
    gone.show()
    shiboken6.delete(gone)
    font = QFont(page.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    page.setFont(font)  # a FontChange: the page lays its cards out again
    fresh = page.make_projector()
    qtbot.addWidget(fresh)
    assert shiboken6.isValid(fresh) and fresh is not gone


def test_print_pair_cards_hands_over_the_tables(page, qtbot):
    page.run_button.click()
    with qtbot.waitSignal(page.print_cards_requested) as signal:
        page.print_button.click()
    session_id, tables = signal.args
    assert session_id == page.session_id and len(tables) == 2


def test_latecomers_join_without_reshuffling(page, db):
    page.run_button.click()
    before = {frozenset(g.members) for g in page.board.groups}
    with db.transaction() as s:
        ts = s.scalars(select(TasterSession)).one()
        late = Participant(first_name="Lou", languages=["en"], stage="peer_helper")
        s.add(late)
        s.flush()
        s.add(SignIn(session_id=ts.id, participant_id=late.id))
    page.late_button.click()
    after = {frozenset(g.members) for g in page.board.groups}
    assert len(after) == 2 and len(before & after) == 1
    assert "Lou" in [page.name_of(m) for g in page.board.groups for m in g.members]


def _numbers(db) -> list[int]:
    with db.transaction() as s:
        return sorted(s.scalars(select(PairingRound.number)))


def test_a_new_round_is_numbered_after_the_first_and_the_page_says_so(page, db):
    heard = []
    page.ctx.events.changed.connect(heard.append)
    page.run_button.click()
    page.new_round_button.click()
    assert _numbers(db) == [1, 2]
    assert page.status.text().startswith("Round 2:")
    assert {(c.kinds, c.session_id) for c in heard} == {(frozenset({Kind.PAIRINGS}), page.session_id)}


def test_a_first_round_follows_a_round_another_laptop_made_since_the_page_loaded(page, db):
    """The page loaded with no round; another laptop's round 1 arrived by sync before the host paired."""
    from desktop.pairing.store import start_round

    with db.transaction() as s:
        start_round(s, page.session_id, [])
    page.run_button.click()
    page.toggle_lock(0)
    assert _numbers(db) == [1, 2, 2], "this laptop's round, and its change, are round 2"
    assert page.round_number == 2 and page.status.text().startswith("Round 2:")


def test_a_round_another_laptop_made_shows_once_sync_brings_it(page, db):
    from desktop.ops import OpChanges
    from desktop.pairing.store import start_round

    assert page.round_number == 0
    with db.transaction() as s:
        start_round(s, page.session_id, [])
    page.ctx.events.changed.emit(OpChanges.of(Kind.PAIRINGS))  # this window's own change: already on screen
    assert page.round_number == 0
    page.ctx.events.changed.emit(OpChanges.from_tables(["pairing_rounds"]))  # what a sync round wrote
    assert page.round_number == 1


def test_cards_replaced_by_a_new_layout_are_no_longer_drawn(page, qtbot):
    """Until the event loop deletes them, the old table cards would be painted under the new ones."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.pairing.page import GroupCard

    page.show()
    qtbot.waitExposed(page)
    page.run_button.click()
    QApplication.processEvents()  # Qt shows cards added to a shown page once events run
    first = [c for c in page.findChildren(GroupCard) if c.isVisible()]
    assert first
    page.repair_button.click()  # the board drawn again, before any event is handled
    still_drawn = [c for c in first if c.isVisible()]
    assert still_drawn == []
    QApplication.processEvents()
    assert len([c for c in page.findChildren(GroupCard) if c.isVisible()]) == len(page.board.groups)
