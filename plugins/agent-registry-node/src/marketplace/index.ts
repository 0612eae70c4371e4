export * from './MarketplaceConnector';
export * from './extensionPoint';
