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
  return (
    <li className="editor-node editor-node--dimension">
      <NodeHeader
        level={3}
        title={name}
        kind={t("editor.dimension")}
        shown={{ code: dimension.code, name: dimension.name, position: dimension.position }}
        index={index}
        count={count}
        ctx={ctx}
        query={structureQueries.node("dimension", dimension.id)}
        load={() => structureWrites.getDimension(dimension.id)}
        update={(etag, body) => structureWrites.updateDimension(dimension.id, etag, body)}
        remove={(etag) => structureWrites.deleteDimension(dimension.id, etag)}
      />
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
            onSaved={() => setAdding(false)}
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
    </li>
  );
}

export function StrategyBlock({ strategy, index, count, ...ctx }: Ctx & { strategy: StrategyNode; index: number; count: number }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const name = label(strategy.code, strategy.name);
  return (
    <li className="editor-node editor-node--strategy">
      <NodeHeader
        level={4}
        title={name}
        kind={t("editor.strategy")}
        shown={{ code: strategy.code, name: strategy.name, position: strategy.position }}
        index={index}
        count={count}
        ctx={ctx}
        query={structureQueries.node("strategy", strategy.id)}
        load={() => structureWrites.getStrategy(strategy.id)}
        update={(etag, body) => structureWrites.updateStrategy(strategy.id, etag, body)}
        remove={(etag) => structureWrites.deleteStrategy(strategy.id, etag)}
      />
      <ol className="editor-list">
        {strategy.measures.map((m, i) => (
          <MeasureRow key={m.id} measure={m} index={i} count={strategy.measures.length} {...ctx} />
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
    </li>
  );
}
