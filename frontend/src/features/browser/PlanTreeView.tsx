import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { DimensionNode, StrategyNode } from "../../api/types";
import { MeasureItem } from "../../components/MeasureItem";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { dimensionLabel, groupByOrganization, strategyLabel } from "../../lib/planTree";

interface Props {
  dimensions: readonly DimensionNode[];
  /** Open every strategy at first: a filtered tree is short enough to read whole. */
  expandStrategies: boolean;
  /** When filtering by one enterprise, a shared measure is shown only under it. */
  organizationCode: string | null;
}

const dimensionKey = (d: DimensionNode) => `d${d.id}`;
const strategyKey = (s: StrategyNode) => `s${s.id}`;

function allKeys(dimensions: readonly DimensionNode[], withStrategies: boolean): Set<string> {
  const keys = new Set<string>();
  for (const d of dimensions) {
    keys.add(dimensionKey(d));
    if (withStrategies) for (const s of d.strategies) keys.add(strategyKey(s));
  }
  return keys;
}

/**
 * Dimension → strategy → enterprise → measures, as nested disclosure sections
 * (heading + button with aria-expanded), so each level opens and closes from the keyboard.
 */
export function PlanTreeView({ dimensions, expandStrategies, organizationCode }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [open, setOpen] = useState<Set<string>>(() => allKeys(dimensions, expandStrategies));

  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const countIn = (strategies: readonly StrategyNode[]) => strategies.reduce((n, s) => n + s.measures.length, 0);

  return (
    <div className="plan-tree">
      <div className="tree-actions">
        <button type="button" className="button button--quiet" onClick={() => setOpen(allKeys(dimensions, true))}>
          {t("browse.expandAll")}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(new Set())}>
          {t("browse.collapseAll")}
        </button>
      </div>
      {dimensions.map((dimension) => {
        const dKey = dimensionKey(dimension);
        const dOpen = open.has(dKey);
        return (
          <section key={dKey} className="tree-dimension">
            <h3 className="tree-heading tree-heading--dimension">
              <button type="button" aria-expanded={dOpen} aria-controls={`panel-${dKey}`} onClick={() => toggle(dKey)}>
                <span className="disclosure-icon" aria-hidden="true" />
                <span lang={CONTENT_LANG}>{dimensionLabel(dimension)}</span>
                <span className="tree-count">{t("browse.measuresIn", { count: countIn(dimension.strategies) })}</span>
              </button>
            </h3>
            <div id={`panel-${dKey}`} hidden={!dOpen} className="tree-panel">
              {dimension.strategies.map((strategy) => {
                const sKey = strategyKey(strategy);
                const sOpen = open.has(sKey);
                return (
                  <section key={sKey} className="tree-strategy">
                    <h4 className="tree-heading tree-heading--strategy">
                      <button type="button" aria-expanded={sOpen} aria-controls={`panel-${sKey}`} onClick={() => toggle(sKey)}>
                        <span className="disclosure-icon" aria-hidden="true" />
                        <span lang={CONTENT_LANG}>{strategyLabel(strategy)}</span>
                        <span className="tree-count">{t("browse.measuresIn", { count: strategy.measures.length })}</span>
                      </button>
                    </h4>
                    <div id={`panel-${sKey}`} hidden={!sOpen} className="tree-panel">
                      {groupByOrganization(strategy.measures)
                        .filter((g) => !organizationCode || g.organization.code === organizationCode)
                        .map(({ organization, measures }) => (
                          <section key={organization.code} className="tree-organization">
                            <h5 className="tree-heading tree-heading--organization">
                              {shortName(organization, language)}
                              <span className="tree-count">{t("browse.measuresIn", { count: measures.length })}</span>
                            </h5>
                            <ol className="measure-list">
                              {measures.map((m) => (
                                <MeasureItem key={m.id} measure={m} ownerCode={organization.code} />
                              ))}
                            </ol>
                          </section>
                        ))}
                    </div>
                  </section>
                );
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}
