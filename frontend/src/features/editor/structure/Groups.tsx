import { useState } from "react";
import { useTranslation } from "react-i18next";
import { structureQueries, structureWrites } from "../../../api/editor";
import type { DimensionNode, StrategyNode } from "../../../api/types";
import { CodeNameForm } from "./CodeNameForm";
import { type Ctx, label } from "./context";
import { MeasureRow } from "./MeasureRow";
import { NewMeasureForm } from "./NewMeasureForm";
import { NodeHeader } from "./NodeHeader";

export function DimensionBlock({ dimension, index, count, ...ctx }: Ctx & { dimension: DimensionNode; index: number; count: number }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const name = label(dimension.code, dimension.name);
  const key = `d${dimension.id}`;
  const open = ctx.groups.isOpen(key);
  const contentId = `editor-dimension-${dimension.id}`;
  return (
    <li className="editor-node editor-node--dimension">
      <NodeHeader
        level={3}
        title={name}
        kind={t("editor.dimension")}
        shown={{ code: dimension.code, name: dimension.name, position: dimension.position }}
        index={ctx.filtering ? 0 : index}
        count={ctx.filtering ? 1 : count}
        ctx={ctx}
        query={structureQueries.node("dimension", dimension.id)}
        open={open}
        contentId={contentId}
        onToggle={() => ctx.groups.toggle(key)}
        load={() => structureWrites.getDimension(dimension.id)}
        update={(etag, body) => structureWrites.updateDimension(dimension.id, etag, body)}
        remove={(etag) => structureWrites.deleteDimension(dimension.id, etag)}
      />
      <div id={contentId} hidden={!open}>
        {open && (
          <>
            <ol className="editor-list">
              {dimension.strategies.map((s, i) => (
                <StrategyBlock key={s.id} strategy={s} index={i} count={dimension.strategies.length} {...ctx} />
              ))}
            </ol>
            {dimension.strategies.length === 0 && <p className="muted">{t("editor.noStrategies")}</p>}
            {ctx.editable &&
              (adding ? (
                <CodeNameForm
                  legend={`${t("editor.addStrategy")}：${name}`}
                  onCancel={() => setAdding(false)}
                  save={(body) => structureWrites.addStrategy(dimension.id, body)}
                  planId={ctx.planId}
                  onSaved={(created) => {
                    setAdding(false);
                    ctx.groups.open(`s${created.id}`);
                  }}
                />
              ) : (
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={`${t("editor.addStrategy")}（${name}）`}
                  onClick={() => setAdding(true)}
                >
                  {t("editor.addStrategy")}
                </button>
              ))}
          </>
        )}
      </div>
    </li>
  );
}

export function StrategyBlock({ strategy, index, count, ...ctx }: Ctx & { strategy: StrategyNode; index: number; count: number }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const name = label(strategy.code, strategy.name);
  const key = `s${strategy.id}`;
  const open = ctx.groups.isOpen(key);
  const contentId = `editor-strategy-${strategy.id}`;
  return (
    <li className="editor-node editor-node--strategy">
      <NodeHeader
        level={4}
        title={name}
        kind={t("editor.strategy")}
        shown={{ code: strategy.code, name: strategy.name, position: strategy.position }}
        index={ctx.filtering ? 0 : index}
        count={ctx.filtering ? 1 : count}
        ctx={ctx}
        query={structureQueries.node("strategy", strategy.id)}
        open={open}
        contentId={contentId}
        onToggle={() => ctx.groups.toggle(key)}
        load={() => structureWrites.getStrategy(strategy.id)}
        update={(etag, body) => structureWrites.updateStrategy(strategy.id, etag, body)}
        remove={(etag) => structureWrites.deleteStrategy(strategy.id, etag)}
      />
      <div id={contentId} hidden={!open}>
        {open && (
          <>
            <ol className="editor-list">
              {strategy.measures.map((m, i) => (
                <MeasureRow
                  key={m.id}
                  measure={m}
                  index={ctx.filtering ? 0 : i}
                  count={ctx.filtering ? 1 : strategy.measures.length}
                  {...ctx}
                />
              ))}
            </ol>
            {strategy.measures.length === 0 && <p className="muted">{t("editor.noMeasures")}</p>}
            {ctx.editable &&
              (adding ? (
                <NewMeasureForm strategyId={strategy.id} strategyName={name} planId={ctx.planId} onDone={() => setAdding(false)} />
              ) : (
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={`${t("editor.addMeasure")}（${name}）`}
                  onClick={() => setAdding(true)}
                >
                  {t("editor.addMeasure")}
                </button>
              ))}
          </>
        )}
      </div>
    </li>
  );
}
