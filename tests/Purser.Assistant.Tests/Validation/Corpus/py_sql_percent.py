"""Reports."""


def delete_query(table: str, row_id: int) -> str:
    """A DELETE statement."""
    return "DELETE FROM %s WHERE id = %d" % (table, row_id)


def select_query(column: str) -> str:
    """A SELECT statement."""
    return "SELECT " + column + " FROM reports"
