"""Maths."""

from math import *


def circle(radius: float) -> float:
    """The area of a circle."""
    return pi * radius ** 2
