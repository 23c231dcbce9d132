// Opaque identifiers shaped like Exchange's: base64 blobs. Watermarks and occurrence ids
// are decodable by the simulator (they carry the mailbox key, sequence or master id),
// which is how Exchange's own ids work too; clients must still treat them as opaque.
import { createHash, randomBytes } from 'node:crypto';

const ITEM_PREFIX = Buffer.from([0x00, 0x00, 0x32, 0x44]); // decodes like Exchange's "AAMkA…" family
const OCCURRENCE_TAG = 0x07;
const WATERMARK_VERSION = Buffer.from([0x01, 0x00, 0x00, 0x00]);

/** A stable short key of a mailbox address, carried inside ids and watermarks. */
function mailboxKey(address: string): Buffer {
  return createHash('sha256').update(address.toLowerCase()).digest().subarray(0, 8);
}

export function newItemId(address: string): string {
  return Buffer.concat([ITEM_PREFIX, mailboxKey(address), randomBytes(30)]).toString('base64');
}

export function newFolderId(address: string, name: string): string {
  return Buffer.concat([
    Buffer.from([0x00, 0x00, 0x2e, 0x00]),
    mailboxKey(address),
    createHash('sha256').update(name).digest().subarray(0, 24),
  ]).toString('base64');
}

export function newChangeKey(): string {
  return Buffer.concat([Buffer.from([0x0f, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00]), randomBytes(14)]).toString(
    'base64',
  );
}

export function newSubscriptionId(): string {
  return Buffer.concat([Buffer.from([0x1c, 0x00]), randomBytes(42)]).toString('base64');
}

export function encodeWatermark(address: string, seq: number): string {
  const s = Buffer.alloc(8);
  s.writeBigUInt64BE(BigInt(seq));
  return Buffer.concat([WATERMARK_VERSION, mailboxKey(address), s]).toString('base64');
}

/** The sequence number a watermark points at, or undefined when it is not one of this mailbox's. */
export function decodeWatermark(address: string, watermark: string): number | undefined {
  const raw = Buffer.from(watermark, 'base64');
  if (raw.length !== 20 || !raw.subarray(0, 4).equals(WATERMARK_VERSION)) return undefined;
  if (!raw.subarray(4, 12).equals(mailboxKey(address))) return undefined;
  return Number(raw.readBigUInt64BE(12));
}

export function encodeOccurrenceId(masterId: string, originalStartMs: number): string {
  const t = Buffer.alloc(8);
  t.writeBigInt64BE(BigInt(originalStartMs));
  return Buffer.concat([Buffer.from([OCCURRENCE_TAG]), t, Buffer.from(masterId, 'base64')]).toString('base64');
}

export function decodeOccurrenceId(id: string): { masterId: string; originalStartMs: number } | undefined {
  const raw = Buffer.from(id, 'base64');
  if (raw.length < 10 || raw[0] !== OCCURRENCE_TAG) return undefined;
  return { originalStartMs: Number(raw.readBigInt64BE(1)), masterId: raw.subarray(9).toString('base64') };
}
