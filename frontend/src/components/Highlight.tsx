import { splitMatches } from "../lib/highlight";

export function Highlight({ text, query }: { text: string; query: string }) {
  // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never move; their order is their identity.
  return <>{splitMatches(text, query).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}</>;
}
