import type { TFunction } from "i18next";
import { zhTW } from "../i18n/zh-TW";

type ActionKey = keyof typeof zhTW.auditAction;
type ObjectKey = keyof typeof zhTW.objectType;

/** The action's name in the UI language; an action this UI does not know yet shows its code. */
export function actionLabel(t: TFunction, action: string): string {
  return action in zhTW.auditAction ? t(`auditAction.${action as ActionKey}`) : action;
}

export function objectTypeLabel(t: TFunction, objectType: string): string {
  return objectType in zhTW.objectType ? t(`objectType.${objectType as ObjectKey}`) : objectType;
}

export const OBJECT_TYPES = Object.keys(zhTW.objectType) as ObjectKey[];
export const ACTIONS = Object.keys(zhTW.auditAction) as ActionKey[];
