export * from './validateLangflowExport';
