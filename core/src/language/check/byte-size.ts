// Memory sizes as people write and read them: `8GiB`, `512 MB`, `2147483648`.
// Binary units (KiB = 1024 bytes) and decimal ones (KB = 1000 bytes) both
// parse; figures are always printed in binary units, as the budget is.

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/** The bytes of a size such as `8GiB`, `1.5 GB` or `1048576`; undefined when it is not a positive finite size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  const scale = match[2] ? UNITS[match[2].toLowerCase()] : 1;
  const bytes = scale === undefined ? NaN : Math.floor(Number(match[1]) * scale);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** `171798691840` -> `160 GiB`: three significant digits, the largest binary unit that keeps the number at least 1. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BINARY.length - 1) {
    value /= 1024;
    unit++;
  }
  // Units and digits are the same in every language the product speaks, so this is not localised.
  return `${Number(value.toPrecision(3))} ${BINARY[unit]}`;
}
