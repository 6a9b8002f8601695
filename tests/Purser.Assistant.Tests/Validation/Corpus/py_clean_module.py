"""Orders: parse and total them."""

import json
import logging
from decimal import Decimal

logger = logging.getLogger(__name__)


class Order:
    """One order line."""

    def __init__(self, sku: str, price: Decimal, quantity: int) -> None:
        self.sku = sku
        self.price = price
        self.quantity = quantity

    def total(self) -> Decimal:
        """The line total."""
        return self.price * self.quantity


def parse_orders(text: str) -> list[Order]:
    """Orders from a JSON array; an empty list when the text is not JSON."""
    try:
        rows = json.loads(text)
    except json.JSONDecodeError:
        logger.warning("Not an order list")
        return []
    return [Order(r["sku"], Decimal(str(r["price"])), int(r["quantity"])) for r in rows]
