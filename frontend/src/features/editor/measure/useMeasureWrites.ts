import { useQueryClient } from "@tanstack/react-query";
import type { Versioned } from "../../../api/client";
import type { Measure } from "../../../api/editor";
import { getMeasure, measureQueries } from "../../../api/measures";
import { invalidatePlan } from "../../../api/plans";
import { useGuardedMutation } from "../../../api/useGuardedMutation";
import type { MeasureOp } from "./measureWrite";

/**
 * Every write of one measure, through the one guarded mutation: a stale ETag (412) reads the measure
 * as someone else left it, for the conflict notice. A saved write puts the answer where the editor
 * reads it, so the next write sends the new ETag; the plan's tree and the measure's page read again.
 */
export function useMeasureWrites(measureId: number, planId: number, onDiscarded: () => void) {
  const client = useQueryClient();
  const key = measureQueries.versioned(measureId).queryKey;
  return useGuardedMutation<Measure, MeasureOp, Versioned<Measure>>({
    write: (etag, op) => op(etag),
    read: () => getMeasure(measureId),
    onSaved: (v) => {
      client.setQueryData(key, v);
      void invalidatePlan(client, planId);
      void client.invalidateQueries({ queryKey: ["measure", measureId] });
    },
    onDiscarded: () => {
      void client.invalidateQueries({ queryKey: key });
      onDiscarded();
    },
  });
}
