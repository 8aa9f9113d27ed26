/** Every ISO 639-1 code: what `Classification.language` may hold. */
const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es ' +
    'et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj ' +
    'kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ' +
    'ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti ' +
    'tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

/**
 * The ISO 639-1 code a model meant, or null: accepts `de`, `DE` and a BCP 47 tag such as `en-US`
 * (its primary subtag), nothing else.
 */
export function toIso6391(value: string): string | null {
  const primary = /^([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*$/.exec(value.trim())?.[1]?.toLowerCase();
  return primary !== undefined && ISO_639_1.has(primary) ? primary : null;
}
