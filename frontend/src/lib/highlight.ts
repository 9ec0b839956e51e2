export interface TextPart {
  text: string;
  match: boolean;
}

/** Splits text around each occurrence of the query (letter case ignored) so matches can be marked. */
export function splitMatches(text: string, query: string): TextPart[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [{ text, match: false }];
  const haystack = text.toLowerCase();
  const parts: TextPart[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

/** Whether the text contains the query, ignoring spaces and letter case as the API's search does. */
export function containsLoosely(text: string, query: string): boolean {
  const squash = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  const needle = squash(query);
  return needle.length > 0 && squash(text).includes(needle);
}
