// Where `make infra` runs the shared broker and database; CI and developers alike.
export const LOCAL_KAFKA_BROKERS = process.env.KafkaBrokers ?? '127.0.0.1:9092';
export const LOCAL_DATABASE_URL =
  process.env.DatabaseUrl ?? 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync';
