import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, fieldErrors, type Versioned } from "./client";

/** A 412: the ETag sent is not the item's any more. */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

/** The item as someone else left it, and the change the person meant to make to what they had read. */
export interface Conflict<T, C> {
  current: Versioned<T>;
  change: C;
}

interface Options<T, C, R> {
  /** The write, sent with the ETag as If-Match. */
  write: (etag: string, change: C) => Promise<R>;
  /** Reads the item as it now is, after a 412. */
  read: () => Promise<Versioned<T>>;
  /** The change made again on the version someone else left, when it depends on the item (a move by one place). */
  rebase?: (change: C, current: T) => C;
  /** May return a promise (reading the item again): 「已儲存」 shows once it settles. */
  onSaved?: (result: R, change: C) => unknown;
  onDiscarded?: () => void;
}

/**
 * Every If-Match write: it sends the ETag of what the person read, never a fresh one. A 412 reads the
 * item as someone else left it, for the person to apply their change again on top of it or to drop it.
 */
export function useGuardedMutation<T, C, R>({ write, read, rebase, onSaved, onDiscarded }: Options<T, C, R>) {
  const [conflict, setConflict] = useState<Conflict<T, C> | null>(null);
  const [saved, setSaved] = useState(false);
  const mutation = useMutation({
    mutationFn: ({ etag, change }: { etag: string; change: C }) => write(etag, change),
    onMutate: () => setSaved(false),
    onSuccess: async (result, { change }) => {
      await onSaved?.(result, change);
      setConflict(null);
      setSaved(true);
    },
    onError: async (error, { change }) => {
      if (!isStale(error)) return;
      const current = await read().catch(() => null);
      setConflict(current && { current, change });
    },
  });
  const send = (etag: string, change: C) =>
    mutation.mutateAsync({ etag, change }).then(
      () => true,
      () => false,
    );
  return {
    /** Sends the change guarded by the ETag the person read; true once saved. */
    save: send,
    conflict,
    /** The item read before writing is not as the page showed it: the same notice as a 412, nothing sent. */
    conflictWith: (current: Versioned<T>, change: C) => setConflict({ current, change }),
    reapply: () => {
      if (!conflict) return Promise.resolve(false);
      const change = rebase ? rebase(conflict.change, conflict.current.data) : conflict.change;
      return send(conflict.current.etag, change);
    },
    discard: () => {
      setConflict(null);
      mutation.reset();
      onDiscarded?.();
    },
    /** Shown as 「已儲存」 beside the save button until the next write starts. */
    saved,
    busy: mutation.isPending,
    /** A failure other than the conflict, which has its own notice. */
    error: conflict || isStale(mutation.error) ? null : mutation.error,
    fieldErrors: fieldErrors(mutation.error),
  };
}

export type GuardedMutation<T, C, R> = ReturnType<typeof useGuardedMutation<T, C, R>>;
