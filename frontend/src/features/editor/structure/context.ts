import type { structureQueries } from "../../../api/editor";

export interface Ctx {
  planId: number;
  editable: boolean;
  onNotice: (message: string) => void;
  /** Which dimensions and strategies show their contents ("d12", "s34"). */
  groups: OpenGroups;
  /** A filter hides siblings: moving by one place among what shows would mislead, so it waits. */
  filtering: boolean;
}

export interface OpenGroups {
  isOpen: (key: string) => boolean;
  toggle: (key: string) => void;
  open: (key: string) => void;
}

export function label(code: string | null | undefined, name: string): string {
  return code ? `${code} ${name}` : name;
}

/** What a dimension and a strategy are named by, in their headings and edit forms. */
export interface CodeName {
  code: string;
  name: string;
}

/** A dimension's or strategy's read for its edit form. */
export type NodeQuery = ReturnType<typeof structureQueries.node>;
