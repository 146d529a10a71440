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
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is one a host on the internet can have (BlockList checks v4 mapped into v6 as v4). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
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
