/**
 * A file's content URL usable where no header can be sent (`<a href>`, `<img src>`, `<audio src>`):
 * the access token goes in the query, which the server accepts for file content.
 */
export function fileContentUrl(url: string, accessToken: string | undefined): string {
  if (!accessToken) return url;
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}token=${encodeURIComponent(accessToken)}`;
}

/** For a file known only by id (message attachments, task results). */
export function fileUrlById(id: string): string {
  return `/api/v1/files/${encodeURIComponent(id)}/content`;
}
