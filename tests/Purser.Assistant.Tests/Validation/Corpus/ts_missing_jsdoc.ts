export function area(width: number, height: number): number {
  return width * height;
}

/** The perimeter. */
export function perimeter(width: number, height: number): number {
  return 2 * (width + height);
}
