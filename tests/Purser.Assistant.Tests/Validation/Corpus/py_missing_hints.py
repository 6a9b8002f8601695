"""Geometry."""


def area(width, height):
    """The area of a rectangle."""
    return width * height


def perimeter(width: float, height: float):
    """The perimeter."""
    return 2 * (width + height)


def _helper(x):
    return x
