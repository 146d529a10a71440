import { lookup as dnsLookup, LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a party system on the internet never has: this host, private and shared networks,
 * link-local (cloud metadata at 169.254.169.254), multicast and reserved ranges. A webhook URL is
 * typed by an admin, but its requests leave from inside the commission's network: without this
 * check, a URL could make the worker probe services that network keeps from the outside.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64: only ever inside a network
  ['100::', 64], // discard-only
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10], // site-local, deprecated but still routed by some networks
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/**
 * IPv6 forms that carry an IPv4 address, with where it sits (bytes): NAT64's well-known prefix (a DNS64
 * answer for a private A record is one), SIIT, 6to4, and the deprecated IPv4-compatible form. Such an
 * address is public exactly when the IPv4 address in it is.
 */
const CARRIERS: { prefix: number[]; at: number }[] = [
  { prefix: [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], at: 12 }, // 64:ff9b::/96
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], at: 12 }, // ::ffff:0:0:0/96, SIIT
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], at: 12 }, // ::ffff:0:0/96, IPv4-mapped
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], at: 12 }, // ::/96, IPv4-compatible (with :: and ::1)
  { prefix: [0x20, 0x02], at: 2 }, // 2002::/16, 6to4
];

/** Whether an IP address is one a host on the internet can have. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  const bytes = ipv6Bytes(address);
  const carrier = CARRIERS.find(({ prefix }) => prefix.every((b, i) => bytes[i] === b));
  if (carrier) return isPublicAddress(bytes.slice(carrier.at, carrier.at + 4).join('.'));
  return !NOT_PUBLIC.check(address, 'ipv6');
}

/** The sixteen bytes of a valid IPv6 address (`isIP` said 6), with its zone and dotted tail read. */
function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const first = groups(head);
  const last = groups(tail);
  const words = tail === undefined ? first : [...first, ...Array(8 - first.length - last.length).fill(0), ...last];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/**
 * Why a URL's host is refused without asking DNS: an IP literal that is not public, or a name that
 * always means this host (`localhost`, `*.localhost`); null when only DNS can tell.
 */
export function refusedHost(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this host`;
  if (isIP(host) !== 0 && !isPublicAddress(host)) return `${host} is a private or local address`;
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * `dns.lookup` for `http.request`'s `lookup` option, refusing names that resolve to an address that
 * is not public. Checked at connection time, on the address actually dialled, so a name whose DNS
 * answer changes after the check (rebinding) cannot slip through.
 */
export function publicAddressLookup(
  hostname: string,
  options: LookupOneOptions | LookupAllOptions,
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const denial: NodeJS.ErrnoException = new Error(
        `${hostname} resolves to ${refused.address}, a private or local address (WEBHOOK_ALLOW_PRIVATE_NETWORKS)`,
      );
      denial.code = 'EWEBHOOKADDRESS';
      return callback(denial, []);
    }
    if ((options as LookupAllOptions).all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
