/**
 * Compares two strings of ASCII digits by numeric value without converting them, so
 * numbers of any size (OSV data has 30-digit components) order correctly and fast.
 */
export function compareDigits(a: string, b: string): number {
  let i = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  let j = 0;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Plain code-unit (ASCII) order, as C `strcmp`, Go `strings.Compare` and Java `String.compareTo` give. */
export function compareAscii(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
