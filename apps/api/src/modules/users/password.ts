import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../plugins/errors.ts';

/** OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1 (quality doc §4.4: 357 ms, 128 MiB per hash). */
export const OWASP_SCRYPT_COST_LOG2 = 17;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Node's default maxmem (32 MiB) refuses N=2^17; 128·N·r bytes = 128 MiB, so allow twice that.
const MAX_MEMORY = 256 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** `needsRehash` when the stored parameters differ from the current ones (upgrade on next sign-in). */
  verify(password: string, stored: string): Promise<{ ok: boolean; needsRehash: boolean }>;
  /** Spends the same time as a real verification, for unknown accounts (no enumeration by timing). */
  verifyDummy(password: string): Promise<void>;
}

interface Parsed {
  costLog2: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function parse(stored: string): Parsed | null {
  const m = PHC.exec(stored);
  if (!m) return null;
  return {
    costLog2: Number(m[1]),
    r: Number(m[2]),
    p: Number(m[3]),
    salt: Buffer.from(m[4]!, 'base64'),
    key: Buffer.from(m[5]!, 'base64'),
  };
}

const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');

/**
 * Hashes run on libuv's thread pool and cost 128 MiB each; at most `maxConcurrent` run at once and a bounded
 * queue waits behind them, so a burst of sign-ins cannot exhaust memory (quality doc §0.8, S-18).
 */
export function createPasswordHasher(options: { costLog2?: number; maxConcurrent?: number; maxQueued?: number } = {}): PasswordHasher {
  const costLog2 = options.costLog2 ?? OWASP_SCRYPT_COST_LOG2;
  const maxConcurrent = options.maxConcurrent ?? 4;
  const maxQueued = options.maxQueued ?? 64;
  let running = 0;
  const waiting: Array<() => void> = [];
  let dummy: Promise<string> | null = null;

  async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running >= maxConcurrent) {
      if (waiting.length >= maxQueued)
        throw new AppError(429, 'TOO_MANY_ATTEMPTS', 'The server is busy checking other sign-ins; try again in a few seconds.', {
          headers: { 'Retry-After': '5' },
        });
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  }

  const derive = (password: string, salt: Buffer, log2: number, r: number, p: number) =>
    limited(() => scrypt(password, salt, KEY_LENGTH, { N: 2 ** log2, r, p, maxmem: MAX_MEMORY }));

  async function hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, costLog2, BLOCK_SIZE, PARALLELISM);
    return `$scrypt$ln=${costLog2},r=${BLOCK_SIZE},p=${PARALLELISM}$${b64(salt)}$${b64(key)}`;
  }

  async function verify(password: string, stored: string) {
    const parsed = parse(stored);
    // Refuse parameters far outside what we write, so a tampered row cannot make one sign-in cost minutes.
    if (!parsed || parsed.costLog2 > 20 || parsed.r !== BLOCK_SIZE || parsed.p !== PARALLELISM || parsed.key.length !== KEY_LENGTH)
      return { ok: false, needsRehash: false };
    const key = await derive(password, parsed.salt, parsed.costLog2, parsed.r, parsed.p);
    const ok = timingSafeEqual(key, parsed.key);
    return { ok, needsRehash: ok && parsed.costLog2 !== costLog2 };
  }

  async function verifyDummy(password: string): Promise<void> {
    dummy ??= hash(randomBytes(24).toString('base64'));
    await verify(password, await dummy);
  }

  return { hash, verify, verifyDummy };
}

/**
 * A short list of passwords that satisfy the length rule yet are among the first an attacker tries. Length is
 * the main rule (ASVS 6.2); there are no composition rules.
 */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789abc',
  '000000000000',
  '111111111111',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'password123!',
  'p@ssw0rd1234',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'iloveyou1234',
  'administrator',
  'administrator1',
  'administrator123',
  'admin1234567',
  'adminadminadmin',
  'changeme1234',
  'changemechangeme',
  'exchange2007',
  'exchange2007!',
  'microsoft123',
  'contoso12345',
  'abcdefghijkl',
  'abc123abc123',
  'trustno1trustno1',
  'sunshine1234',
  'football1234',
  'baseball1234',
  'superman1234',
  'monkey123456',
  'dragon123456',
  'correcthorsebatterystaple',
]);

/** null when acceptable, else what to change. Length bounds are checked by the request schema already. */
export function passwordProblem(password: string, username: string): string | null {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'This password is on the list of commonly used passwords; choose another one.';
  if (lower.includes(username.toLowerCase()) && username.length >= 3) return 'The password must not contain the user name.';
  if (new Set(password).size < 4) return 'The password repeats too few characters; choose a less predictable one.';
  return null;
}
