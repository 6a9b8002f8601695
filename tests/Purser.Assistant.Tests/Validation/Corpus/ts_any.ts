/** Wraps a value. */
export function wrap(value: any): { value: unknown } {
  return { value };
}

/** Casts. */
export function cast(value: unknown): string {
  return (value as any).toString();
}
