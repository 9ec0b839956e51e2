import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import type { Versioned } from "../../../api/client";
import { invalidatePlan } from "../../../api/plans";
import { useGuardedMutation } from "../../../api/useGuardedMutation";
import { GuardedConflict } from "../../../components/Conflict";
import { ErrorMessage } from "../../../components/StateViews";
import { stillAsShown } from "../stillAsShown";

export type NodeAction = "up" | "down" | "delete";

export interface NodeChange {
  action: NodeAction;
  /** Where a move puts the item: one place from where it was read. */
  position: number;
}

export const moved = (action: NodeAction, position: number): NodeChange => ({ action, position: position + (action === "up" ? -1 : 1) });

/**
 * Move and delete, guarded like every other write: the tree carries no ETag per item, so the item
 * is read first and must still be as the tree showed it (for a dimension or strategy those fields
 * are all its ETag covers); the write then sends that read's ETag as If-Match. A difference, or a
 * 412, shows the item as it now is, to act again on it or drop the action.
 */
export function useNodeActions<T extends { position: number }>({
  planId,
  shown,
  load,
  move,
  remove,
  onDeleted,
  describe,
}: {
  planId: number;
  shown: Partial<T>;
  load: () => Promise<Versioned<T>>;
  move: (etag: string, position: number) => Promise<unknown>;
  remove: (etag: string) => Promise<unknown>;
  onDeleted: () => void;
  describe: (current: T) => ReactNode;
}) {
  const client = useQueryClient();
  const [reading, setReading] = useState(false);
  const guard = useGuardedMutation<T, NodeChange, unknown>({
    write: (etag, { action, position }) => (action === "delete" ? remove(etag) : move(etag, position)),
    read: load,
    rebase: ({ action }, current) => moved(action, current.position),
    onSaved: (_, { action }) => {
      if (action === "delete") onDeleted();
      void invalidatePlan(client, planId);
    },
    onDiscarded: () => invalidatePlan(client, planId),
  });
  const act = async (action: NodeAction): Promise<boolean> => {
    setReading(true);
    const seen = await load().catch(() => null);
    setReading(false);
    if (seen && stillAsShown(shown, seen.data)) return guard.save(seen.etag, moved(action, seen.data.position));
    if (seen) guard.conflictWith(seen, moved(action, seen.data.position));
    void invalidatePlan(client, planId); // gone or changed: the tree, read again, shows it
    return false;
  };
  const notice = (
    <>
      <GuardedConflict guard={guard} describe={describe} />
      {guard.error ? <ErrorMessage error={guard.error} /> : null}
    </>
  );
  return { act, busy: reading || guard.busy, notice };
}
