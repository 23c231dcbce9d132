// What the projector needs from Microsoft Graph: calendarView delta rounds. libs/graph-client's
// `GraphClient` satisfies this structurally; tests use a fake.
import type { GraphClient } from '@rooms-sync/graph-client';

export type GraphCalendarSource = Pick<GraphClient, 'calendarDelta'>;
