// The source address used by the allowlist and the rate limit. X-Forwarded-For
// is believed only when the TCP peer is a proxy we were told to trust; otherwise
// any client could claim to be one of Microsoft's addresses.
import { BlockList, isIPv6 } from 'node:net';

export interface AddressMatcher {
  matches(address: string): boolean;
}

/** CIDRs or single addresses, IPv4 and IPv6 (IPv4-mapped IPv6 peers match IPv4 ranges). */
export function createAddressMatcher(cidrs: readonly string[]): AddressMatcher {
  const list = new BlockList();
  for (const entry of cidrs) {
    const [address = '', prefix] = entry.trim().split('/');
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    matches(address) {
      const plain = unmapIPv4(address);
      return list.check(plain, isIPv6(plain) ? 'ipv6' : 'ipv4');
    },
  };
}

export function resolveClientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trustedProxies: AddressMatcher | undefined,
): string {
  const direct = unmapIPv4(peer);
  if (!forwardedFor || !trustedProxies?.matches(direct)) return direct;
  // Walk from the nearest hop outwards, skipping our own proxies.
  const hops = forwardedFor
    .split(',')
    .map((h) => unmapIPv4(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop && !trustedProxies.matches(hop)) return hop;
  }
  return hops[0] ?? direct;
}

function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
