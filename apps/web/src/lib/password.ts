import { passwordProblems } from '@shangmi/shared';

// Look-alike characters (0/O, 1/l/I) are left out: these passwords are read aloud or copied by hand.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!@#$%^&*-_=+?';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/** A uniform integer in [0, n) from the browser's CSPRNG (rejection sampling: no modulo bias). */
function randomInt(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0] < limit) return buf[0] % n;
  }
}

function pickFrom(chars: string): string {
  return chars[randomInt(chars.length)];
}

/**
 * A random password meeting the platform policy: every character class present (the policy asks for 3 of 4), never
 * containing the user name.
 */
export function generatePassword(username?: string, length = 14): string {
  for (;;) {
    const chars = [pickFrom(LOWER), pickFrom(UPPER), pickFrom(DIGITS), pickFrom(SYMBOLS)];
    while (chars.length < length) chars.push(pickFrom(ALL));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    const pw = chars.join('');
    if (passwordProblems(pw, username).length === 0) return pw;
  }
}
