"""A calculator."""


def calculate(expression: str) -> float:
    """Evaluates an expression."""
    return eval(expression)
