// The projector's operator commands: dead letters, rebuilds, and the live demo.
import { demoCommand, dlqCommand, projectorCommand } from '@rooms-sync/projection';

export const commands = { dlq: dlqCommand, projector: projectorCommand, demo: demoCommand };
