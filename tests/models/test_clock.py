from hypothesis import given
from hypothesis import strategies as st

from desktop.models.clock import HybridLogicalClock, Timestamp


def test_values_increase_even_when_the_wall_clock_goes_backwards():
    wall = iter([5_000, 4_000, 4_000, 6_000]).__next__
    clock = HybridLogicalClock("dev", wall=wall)
    values = [clock.now() for _ in range(4)]
    assert values == sorted(values)
    assert len(set(values)) == 4


def test_observing_a_remote_value_moves_the_clock_past_it():
    clock = HybridLogicalClock("a", wall=lambda: 1_000)
    remote = HybridLogicalClock("b", wall=lambda: 200_000).now()  # ahead, within the tolerance
    clock.observe(remote)
    assert clock.now() > remote


def test_clock_resumes_after_the_last_value_it_issued():
    first = HybridLogicalClock("a", wall=lambda: 10_000)
    last = first.now()
    again = HybridLogicalClock("a", last=last, wall=lambda: 1)  # the laptop's clock was reset
    assert again.now() > last


@given(st.lists(st.integers(min_value=0, max_value=2**40), min_size=1, max_size=50))
def test_encoded_values_sort_like_timestamps(walls):
    it = iter(walls)
    clock = HybridLogicalClock("node", wall=lambda: next(it))
    values = [clock.now() for _ in walls]
    decoded = [Timestamp.decode(v) for v in values]
    assert decoded == sorted(decoded)
    assert values == sorted(values)
