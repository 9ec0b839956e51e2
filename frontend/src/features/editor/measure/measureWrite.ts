import type { Versioned } from "../../../api/client";
import type { Measure } from "../../../api/editor";

/** One write inside a measure, given the ETag it must send as If-Match; answers the measure as it now is. */
export type MeasureOp = (etag: string) => Promise<Versioned<Measure>>;

/**
 * What each part of the measure editor gets to write with: `run` sends the op with the ETag of the
 * measure as the editor read it (true once saved), `busy` while any write of the measure is on its way.
 */
export interface MeasureWrite {
  run: (op: MeasureOp) => Promise<boolean>;
  busy: boolean;
}
