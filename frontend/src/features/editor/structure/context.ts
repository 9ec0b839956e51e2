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
