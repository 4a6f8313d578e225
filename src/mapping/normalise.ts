/**
 * SKU codes as people and platforms type them: "tea-01 ", "TEA-01", "ＴＥＡ－０１" (full-width, as
 * Chinese and Japanese input methods produce), "TEA　01" (ideographic space). One normal form lets
 * an alias or a master SKU match all of them.
 */

/** The whitespace that survives NFKC (which already turns U+3000, U+00A0 and U+2000–U+200A into a space). */
const WHITESPACE_RUN = /[ \t\n\v\f\r]+/g;
const LOWER_ASCII = /[a-z]+/g;

/**
 * NFKC (full-width Ａ-Ｚ ａ-ｚ ０-９ and punctuation become ASCII, the ideographic space a space),
 * runs of whitespace become one space, leading and trailing space go, and a–z become A–Z.
 *
 * What it does not do, on purpose:
 * - Letters outside ASCII keep their case ("é" stays "é", "ß" stays "ß"): the same rule runs inside
 *   PostgreSQL (catalog `productsByNormalisedSku`, an indexed expression), where upper() follows the
 *   server's locale; translating a–z only gives the same answer in both places.
 * - Punctuation is kept: "TEA-01", "TEA_01" and "TEA 01" are three codes (a merchant aliases them).
 * - Zero-width characters (U+200B, U+FEFF) are kept: they are not whitespace in either place.
 * - No transliteration (龙井 is not LONGJING) and no leading-zero folding ("007" ≠ "7").
 */
export function normaliseSku(code: string): string {
  return code.normalize('NFKC').replace(WHITESPACE_RUN, ' ').replace(/^ | $/g, '').replace(LOWER_ASCII, (s) => s.toUpperCase());
}
