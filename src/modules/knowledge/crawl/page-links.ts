import { attribute, decodeEntities, scanMarkup } from '../../files/extraction/markup';
import { canonicalUrl } from './site-urls';

/** Links taken from one page: enough for any real navigation, bounded for a page of nothing but links. */
export const MAX_LINKS_PER_PAGE = 1_000;
const MAX_TITLE_CHARS = 300;

/** What the crawler needs of an HTML page besides its text. */
export interface PageOutline {
  title: string | null;
  /** Absolute, canonical (site-urls.ts), each once, in page order; at most MAX_LINKS_PER_PAGE. */
  links: URL[];
  /** `<meta name="robots" content="noindex">`: read its links, but keep nothing of it. */
  noIndex: boolean;
  /** `<meta name="robots" content="nofollow">`: keep it, but follow none of its links. */
  noFollow: boolean;
}

/**
 * The title, links (`<a href>`, `<area href>`, resolved against `<base href>` when the page has
 * one) and robots meta tags of an HTML page at `pageUrl`. Read with the extraction's flat markup
 * scanner (files/extraction/markup.ts): time linear in the page's length, constant stack, whatever
 * the nesting or breakage. Attribute values must be quoted to be read (`href="…"`).
 */
export function outlinePage(html: string, pageUrl: URL): PageOutline {
  let base = pageUrl;
  let baseSeen = false;
  let title = '';
  let inTitle = false;
  let titleDone = false;
  let noIndex = false;
  let noFollow = false;
  const hrefs: string[] = [];
  scanMarkup(
    html,
    (tag) => {
      if (tag.name === 'title') {
        if (!titleDone) {
          inTitle = !tag.closing && !tag.selfClosing;
          titleDone = tag.closing;
        }
        return;
      }
      if (tag.closing) return;
      if ((tag.name === 'a' || tag.name === 'area') && hrefs.length < MAX_LINKS_PER_PAGE) {
        const href = attribute(tag, 'href');
        if (href !== null) hrefs.push(href);
      } else if (tag.name === 'base' && !baseSeen) {
        // Only the first <base> counts, as in browsers; links before it resolve against it too.
        baseSeen = true;
        const href = attribute(tag, 'href');
        const resolved = href === null ? null : canonicalUrl(href, pageUrl);
        if (resolved) base = resolved;
      } else if (tag.name === 'meta' && attribute(tag, 'name')?.toLowerCase() === 'robots') {
        const content = (attribute(tag, 'content') ?? '').toLowerCase();
        noIndex ||= content.includes('noindex') || content.includes('none');
        noFollow ||= content.includes('nofollow') || content.includes('none');
      }
    },
    (text) => {
      if (inTitle && title.length < MAX_TITLE_CHARS) title += text.slice(0, MAX_TITLE_CHARS);
    },
  );
  const seen = new Set<string>();
  const links: URL[] = [];
  for (const href of hrefs) {
    const url = canonicalUrl(href, base);
    if (!url || seen.has(url.href)) continue;
    seen.add(url.href);
    links.push(url);
  }
  const cleanTitle = decodeEntities(title).replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_CHARS);
  return { title: cleanTitle || null, links, noIndex, noFollow };
}
