/** One topic partition as a map key: `<topic>:<partition>`. */
export const partitionKey = (topic: string, partition: number): string => `${topic}:${String(partition)}`;
