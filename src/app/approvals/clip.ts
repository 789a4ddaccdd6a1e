/** Free text bounded to a ledger field's limit (by code points, as the schema counts them). */
export function clip(s: string, max: number): string {
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`;
}
