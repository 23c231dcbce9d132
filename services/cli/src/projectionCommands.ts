// Filled in when libs/projection lands its dlq, projector and demo commands.
export const commands = {};
