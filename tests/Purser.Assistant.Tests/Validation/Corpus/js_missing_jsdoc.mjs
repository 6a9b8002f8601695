export function add(a, b) {
  return a + b;
}

/** Subtracts. */
export function subtract(a, b) {
  return a - b;
}

export const multiply = (a, b) => a * b;

export class Calculator {
  total = 0;
}
