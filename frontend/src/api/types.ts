import type { components } from "./schema";

type Schemas = components["schemas"];

export type PlanSummary = Schemas["PlanSummary"];
export type Plan = Schemas["Plan"];
export type PlanTree = Schemas["PlanTree"];
export type DimensionNode = Schemas["DimensionNode"];
export type StrategyNode = Schemas["StrategyNode"];
export type MeasureNode = Schemas["MeasureNode"];
export type Measure = Schemas["Measure"];
export type MeasurePage = Schemas["MeasurePage"];
export type Organization = Schemas["Organization"];
export type OrganizationRef = Schemas["OrganizationRef"];
export type Indicator = Schemas["Indicator"];
export type SubItem = Schemas["SubItem"];
export type Frequency = Schemas["Frequency"];
export type Comparison = Schemas["Comparison"];
export type PlanStatus = Schemas["PlanStatus"];
export type Problem = Schemas["Problem"];
export type Me = Schemas["Me"];
export type Role = Schemas["Role"];
export type User = Schemas["User"];
export type UserCreate = Schemas["UserCreate"];
export type UserUpdate = Schemas["UserUpdate"];
export type ApiToken = Schemas["ApiToken"];
export type NewApiToken = Schemas["NewApiToken"];
export type TokenCreate = Schemas["TokenCreate"];
export type AuditEvent = Schemas["AuditEvent"];
