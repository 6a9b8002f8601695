class Cart:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, item: str) -> None:
        self.items.append(item)

    def _count(self) -> int:
        return len(self.items)


def empty() -> Cart:
    return Cart()
