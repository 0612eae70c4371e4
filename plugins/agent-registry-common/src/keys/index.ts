export * from './keyFormat';
