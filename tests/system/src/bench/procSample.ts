// CPU time and resident memory of a process of ours, from Linux's /proc (the bench spawns the
// services as plain `node` processes, so their pid is the service).
import { readFileSync } from 'node:fs';

export interface ProcSample {
  cpuSeconds: number;
  rssMb: number;
}

/** Clock ticks per second of /proc/<pid>/stat: USER_HZ, 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

export function parseProcSample(stat: string, status: string): ProcSample {
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return { cpuSeconds: ticks / TICKS_PER_SECOND, rssMb: rssKb / 1024 };
}

export function readProcSample(pid: number): ProcSample {
  return parseProcSample(
    readFileSync(`/proc/${String(pid)}/stat`, 'utf8'),
    readFileSync(`/proc/${String(pid)}/status`, 'utf8'),
  );
}
