export type Family = 4 | 6;

/** An address as an unsigned integer: 32 bits for IPv4, 128 bits for IPv6. */
export interface IpAddress {
  family: Family;
  value: bigint;
}

export type RangeForm = 'single' | 'range' | 'cidr' | 'netmask';

/** Inclusive range [start, end]; `prefix` is set for the cidr and netmask forms. */
export interface IpRange {
  family: Family;
  start: bigint;
  end: bigint;
  form: RangeForm;
  prefix?: number;
}

/** A local listening endpoint; wildcard = 0.0.0.0 (all IPv4) or [::] (all IPv6). */
export interface Binding {
  family: Family;
  address: bigint;
  wildcard: boolean;
  port: number;
}

export type Parsed<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: string };

export function accepted<T>(value: T, warnings: string[] = []): Parsed<T> {
  return { ok: true, value, warnings };
}

export function refused<T>(error: string): Parsed<T> {
  return { ok: false, error };
}
