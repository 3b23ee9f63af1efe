/**
 * Splits one protocol-log line into fields (RFC 4180: a field in double quotes may hold commas, `""` is a quote).
 * Exchange never writes a line break inside a field, so each physical line stands alone and a broken line (an
 * unterminated quote, a truncated copy) costs that line only. Returns null for an unterminated quote.
 */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return null;
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      // Text after the closing quote up to the next comma belongs to the field (lenient, as Log Parser reads it).
      const comma = line.indexOf(',', j);
      fields.push(value + line.slice(j, comma < 0 ? line.length : comma));
      if (comma < 0) return fields;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** Quotes a field the way Exchange does: only when it holds a comma or a quote. */
export function csvField(value: string): string {
  return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
