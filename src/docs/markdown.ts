/** Small, pure Markdown and Mermaid text helpers used by the templates. */

/** Escapes text for a Markdown table cell: pipes, backslashes and newlines. */
export function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/</g, '&lt;');
}

/** Inline code that survives backticks inside the text, safe in a table cell. */
export function code(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const text = String(value).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const fence = text.includes('`') ? '`` ' : '`';
  return `${fence}${text}${fence === '`` ' ? ' ``' : '`'}`;
}

/** A Mermaid-safe identifier. */
export function mermaidId(value: string): string {
  return value.replace(/[^A-Za-z0-9_]/g, '_');
}

/** A Mermaid erDiagram attribute type: one word. */
export function mermaidType(type: string): string {
  const base = type.replace(/\(.*\)/, '').trim();
  const array = base.endsWith('[]');
  return `${mermaidId(base.replace(/\[\]$/, '').replace(/\s+/g, '_'))}${array ? '_array' : ''}` || 'unknown';
}

/** A word for a POSIX shell, in single quotes (a `'` inside as `'\\''`). */
export function shellQuote(value: unknown): string {
  return `'${String(value ?? '').replace(/'/g, "'\\''")}'`;
}

/** A file name for a psql meta-command such as `\i`, in single quotes (a `'` inside doubled). */
export function psqlQuote(value: unknown): string {
  return `'${String(value ?? '').replace(/'/g, "''")}'`;
}
