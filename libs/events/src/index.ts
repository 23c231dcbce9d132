export * from './notification-received/schema.ts';
