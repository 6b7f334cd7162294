"""Peer pairing: groups of two (one of three when the count is odd) that respect people, with reasons.

Pure Python, no Qt and no database in the core: ``pair(people, history, options)``.
``desktop.pairing.store`` builds the inputs from the database and records each round.
"""

from desktop.pairing.model import Group, History, Options, Pairing, Person, Problem
from desktop.pairing.solver import build_problem, pair, solve_problem

__all__ = [
    "Group",
    "History",
    "Options",
    "Pairing",
    "Person",
    "Problem",
    "build_problem",
    "pair",
    "solve_problem",
]
