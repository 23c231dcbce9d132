/** The text of anything thrown: an Error's message, else the value as a string (a thrown string, a number). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
