/** A file name stem from a title: ASCII letters and digits joined by dashes, at most 60 characters. */
export function slug(title: string, fallback: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 60) || fallback
  );
}
