/** Greets someone. */
export function greet(name, greeting: string = 'Hello'): string {
  return `${greeting}, ${name}`;
}
