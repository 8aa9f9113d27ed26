/**
 * A fetched body as text, in the charset its Content-Type names (UTF-8 when it names none or one
 * TextDecoder does not know): pages read by url_fetch and by the widget crawler.
 */
export function decodeText(body: Buffer, contentType: string | undefined): string {
  const charset = contentType
    ?.split(';')
    .map((part) => part.trim().toLowerCase())
    .find((part) => part.startsWith('charset='))
    ?.slice('charset='.length)
    .replaceAll('"', '');
  try {
    return new TextDecoder(charset || 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
