// SMTP addresses compare case-insensitively in Exchange; one spelling per room keeps the
// rooms table, the state and the Kafka keys (one partition per room) in step.
export function normalizeMailbox(address: string): string {
  return address.trim().toLowerCase();
}

/** A plain check, not RFC 5322: one `@`, something on each side, no whitespace. */
export function isMailboxAddress(address: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address.trim());
}
