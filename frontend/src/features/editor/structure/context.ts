export interface Ctx {
  planId: number;
  editable: boolean;
  onNotice: (message: string) => void;
}

export function label(code: string | null | undefined, name: string): string {
  return code ? `${code} ${name}` : name;
}
