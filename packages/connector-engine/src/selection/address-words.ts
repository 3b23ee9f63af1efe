import type { IpAddress } from '../addresses/types.ts';

/**
 * An address as its canonical family and four 32-bit words (most significant first; IPv4 in the last word), read
 * without allocating: the lookup hot path must not create a bigint per shift. The low 64 bits go through a
 * BigUint64Array element (a plain store, truncating), the high 64 bits cost the one `>> 64n`, and a Uint32Array
 * over the same bytes gives the words. IPv4-mapped IPv6 comes out as IPv4, as canonicalIpAddress does.
 */
export interface AddressWords {
  family: 4 | 6;
  w0: number;
  w1: number;
  w2: number;
  w3: number;
}

const halves = new BigUint64Array(2);
const words = new Uint32Array(halves.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// halves[0] holds the high 64 bits, halves[1] the low 64 bits; which 32-bit half comes first depends on the byte order.
const [W0, W1, W2, W3] = littleEndian ? [1, 0, 3, 2] : [0, 1, 2, 3];

/** Fills `out` with `address` and returns it (callers keep one `out` each; nothing is allocated per call). */
export function readAddressWords(address: IpAddress, out: AddressWords): AddressWords {
  if (address.family === 4) {
    // A typed-array store reads the bigint about ten times faster than Number(bigint).
    halves[1] = address.value;
    out.family = 4;
    out.w0 = 0;
    out.w1 = 0;
    out.w2 = 0;
    out.w3 = words[W3] as number;
    return out;
  }
  const value = address.value;
  halves[0] = value >> 64n;
  halves[1] = value;
  const w0 = words[W0] as number;
  const w1 = words[W1] as number;
  const w2 = words[W2] as number;
  const w3 = words[W3] as number;
  // ::ffff:a.b.c.d is the IPv4 peer a.b.c.d (see canonicalIpAddress).
  const mapped = w0 === 0 && w1 === 0 && w2 === 0xffff;
  out.family = mapped ? 4 : 6;
  out.w0 = mapped ? 0 : w0;
  out.w1 = mapped ? 0 : w1;
  out.w2 = mapped ? 0 : w2;
  out.w3 = w3;
  return out;
}

export const emptyAddressWords = (): AddressWords => ({ family: 4, w0: 0, w1: 0, w2: 0, w3: 0 });

/** ::ffff:0.0.0.0 and ::ffff:255.255.255.255: the IPv4-mapped block, compared without shifting (no allocation). */
const MAPPED_FIRST = 0xffff_0000_0000n;
const MAPPED_LAST = 0xffff_ffff_ffffn;

/** What an exact-binding lookup needs of a local address: its canonical family and low 32 bits, no allocation. */
export interface LocalKey {
  family: 4 | 6;
  low: number;
}

export function readLocalKey(address: IpAddress, out: LocalKey): LocalKey {
  halves[1] = address.value;
  out.family = address.family === 6 && !(address.value >= MAPPED_FIRST && address.value <= MAPPED_LAST) ? 6 : 4;
  out.low = words[W3] as number;
  return out;
}
