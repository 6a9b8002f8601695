/** A query for an order. */
export function orderQuery(id: string): string {
  return `SELECT * FROM orders WHERE id = ${id}`;
}
