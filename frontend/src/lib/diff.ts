// Before/after of an audit event or a revision change, as the list of fields that differ.

export type ChangeKind = "added" | "removed" | "changed";

export interface FieldChange {
  path: string;
  kind: ChangeKind;
  before: string | null;
  after: string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalarArray(value: unknown[]): boolean {
  return value.every((v) => v === null || typeof v !== "object");
}

/** Flattens nested objects to dotted paths; arrays of objects get [i], arrays of scalars stay whole. */
export function flatten(value: unknown, prefix = "", out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, value);
    for (const key of keys) flatten(value[key], prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value) && !isScalarArray(value)) {
    if (value.length === 0 && prefix) out.set(prefix, value);
    for (const [i, item] of value.entries()) flatten(item, `${prefix}[${i}]`, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

/** How a value reads in a change list: text as is, lists joined, nothing as null. */
export function displayValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && isScalarArray(value)) return value.map((v) => (v === null ? "—" : String(v))).join("、");
  if (typeof value === "object") return JSON.stringify(value as Json);
  return String(value);
}

/** The fields that differ between two JSON documents (either may be null: created or deleted). */
export function diffRecords(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before ?? {});
  const b = flatten(after ?? {});
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const inA = a.has(path) && a.get(path) !== null && a.get(path) !== undefined;
    const inB = b.has(path) && b.get(path) !== null && b.get(path) !== undefined;
    const va = displayValue(a.get(path));
    const vb = displayValue(b.get(path));
    if (va === vb) continue;
    changes.push({ path, kind: inA && inB ? "changed" : inB ? "added" : "removed", before: va, after: vb });
  }
  return changes;
}
