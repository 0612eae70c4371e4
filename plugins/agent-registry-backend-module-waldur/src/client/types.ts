import type { components, paths } from './generated/waldur';

/** Names for the generated Waldur schemas this module uses. */
type Schemas = components['schemas'];

export type WaldurPaths = paths;
export type WaldurUser = Schemas['User'];
export type WaldurPermission = Schemas['Permission'];
export type WaldurCustomer = Schemas['Customer'];
export type WaldurProject = Schemas['Project'];
export type WaldurCategory = Schemas['MarketplaceCategory'];
export type WaldurServiceProvider = Schemas['ServiceProvider'];
export type WaldurOffering = Schemas['ProviderOfferingDetails'];
export type WaldurOfferingCreate = Schemas['OfferingCreateRequest'];
export type WaldurOfferingComponent = Schemas['OfferingComponent'];
export type WaldurComponentRequest = Schemas['OfferingComponentRequest'];
export type WaldurOverviewUpdate = Schemas['OfferingOverviewUpdateRequest'];
export type WaldurOfferingOptions = Schemas['OfferingOptionsRequest'];
export type WaldurPlan = Schemas['ProviderPlanDetails'];
export type WaldurPlanCreate = Schemas['ProviderPlanDetailsRequest'];
export type WaldurOrder = Schemas['OrderDetails'];
export type WaldurOrderState = Schemas['OrderState'];
export type WaldurResource = Schemas['Resource'];
export type WaldurReportSection = Schemas['ReportSectionRequest'];
export type WaldurComponentUsage = Schemas['ComponentUsage'];
export type WaldurUsageReport = Schemas['ComponentUsageCreateRequest'];

/** Query parameters of a list endpoint. */
export type ListQuery<P extends keyof paths> = paths[P] extends {
  get: { parameters: { query?: infer Q } };
}
  ? NonNullable<Q>
  : never;
