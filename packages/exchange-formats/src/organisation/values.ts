import type { ShellObject, ShellValue } from '../shell-object.ts';

/**
 * Reading property values the way the shell prints them (config-exports.md §4, §7): the same rules for CliXML
 * `<ToString>` text and `Format-List` text, so both formats import alike.
 */

export function prop(o: ShellObject, name: string): ShellValue | undefined {
  for (const [key, value] of o.properties) if (key.toLowerCase() === name.toLowerCase()) return value;
  return undefined;
}

export const hasProps = (o: ShellObject, ...names: string[]): boolean => names.every((n) => prop(o, n) !== undefined);

/** Scalar text as printed (a comment or banner keeps its spaces); a list becomes its printed form. Absent and `$null` are ''. */
export function text(value: ShellValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : value.join(', ');
}

/**
 * A multi-valued property: a real list (CliXML `<LST>`), or printed text `{a, b}` / `a, b` (Format-List, and
 * 2007 CliXML that serialised the collection as one string). `{}` and empty are the empty list.
 */
export function list(value: ShellValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string') return value.map((v) => v.trim()).filter((v) => v !== '');
  const inner = value.trim().replace(/^\{/, '').replace(/\}$/, '').trim();
  return inner === '' ? [] : inner.split(/,\s*/).map((v) => v.trim()).filter((v) => v !== '');
}

export function bool(value: ShellValue | undefined): boolean | undefined {
  const t = text(value).trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** `36 MB (37,748,736 bytes)`, `10MB`, `10 MB`, `262144`: the byte count in brackets wins (§4 rule 7). */
export function byteSize(value: ShellValue | undefined): number | undefined {
  const t = text(value).trim();
  const bracketed = /\(([\d,.\s]+)\s*bytes\)/i.exec(t);
  if (bracketed) return Number(bracketed[1]!.replace(/[,.\s]/g, ''));
  const m = /^([\d.]+)\s*(B|KB|MB|GB|TB)?$/i.exec(t);
  if (!m) return undefined;
  const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }[(m[2] ?? 'B').toUpperCase() as 'B'];
  return Math.round(Number(m[1]) * unit);
}

export function integer(value: ShellValue | undefined): number | undefined {
  const t = text(value).trim().replace(/,/g, '');
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/**
 * A flags enum: from CliXML's integer when present (exact), otherwise from its printed `A, B, C` names.
 * `None` and empty are no flags.
 */
export function flags<T extends string>(o: ShellObject, name: string, bits: readonly (readonly [T, number])[]): T[] {
  const n = [...o.enumValues].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  if (n !== undefined) return bits.filter(([, bit]) => (n & bit) !== 0).map(([flag]) => flag);
  const names = list(prop(o, name)).map((v) => v.toLowerCase());
  return bits.filter(([flag]) => names.includes(flag.toLowerCase())).map(([flag]) => flag);
}

/** `Version 8.1 (Build 240.6)` → Exchange 2007 SP1; 14.x 2010, 15.0 2013, 15.1 2016, 15.2 2019 (§10). */
export function exchangeRelease(adminDisplayVersion: string | null): { major: number; minor: number; release: string } | null {
  const m = /Version\s+(\d+)\.(\d+)/i.exec(adminDisplayVersion ?? '');
  if (!m) return null;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const release =
    major === 8
      ? minor === 0
        ? 'Exchange 2007 RTM'
        : `Exchange 2007 SP${minor}`
      : major === 14
        ? 'Exchange 2010'
        : major === 15
          ? (['Exchange 2013', 'Exchange 2016', 'Exchange 2019'][minor] ?? `Exchange 15.${minor}`)
          : major < 8
            ? `Exchange ${major}.${minor} (before 2007)`
            : `Exchange ${major}.${minor}`;
  return { major, minor, release };
}
