/** A count of addresses as a person reads it: "1", "4,294,967,296", "2^64", "≈ 3.40 × 10^38". */
export function formatBigCount(n: bigint): string {
  if (n <= 4_294_967_296n) return n.toLocaleString('en-US');
  if ((n & (n - 1n)) === 0n) return `2^${n.toString(2).length - 1}`;
  const digits = n.toString();
  return `≈ ${digits[0]}.${digits.slice(1, 3)} × 10^${digits.length - 1}`;
}

/** "1 address", "256 addresses", "4,294,967,296 addresses", "2^64 addresses". */
export function formatAddressCount(n: bigint): string {
  return `${formatBigCount(n)} ${n === 1n ? 'address' : 'addresses'}`;
}
