import { readdirSync, readFileSync } from 'node:fs';

/**
 * Signals for a whole process group. Cells start in a group of their own (the
 * shell is its leader), so signalling the group reaches everything the cell started,
 * pipelines and background jobs included.
 */

/** Sends a signal to every process in a group; false when the group no longer exists. */
export function signalGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * True while any process of the group is alive. On Linux, zombies (ended processes
 * not yet reaped by their parent) do not count: they run nothing and hold nothing.
 */
export function groupAlive(groupId: number): boolean {
  if (!signalGroup(groupId, 0)) return false;
  const members = liveGroupMembers(groupId);
  return members === undefined ? true : members.length > 0;
}

/** Process ids of the group's live (non-zombie) members from /proc, or undefined where /proc is unavailable. */
export function liveGroupMembers(groupId: number): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    // Format: pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === groupId) members.push(Number(entry));
  }
  return members;
}

/**
 * Asks a group to stop with SIGINT (what Ctrl+C would send), and after a grace
 * period kills whatever is left with SIGKILL. Resolves once the group is gone.
 */
export async function stopGroup(groupId: number, graceMs: number, pollMs = 50): Promise<void> {
  signalGroup(groupId, 'SIGINT');
  const deadline = Date.now() + graceMs;
  while (groupAlive(groupId)) {
    if (Date.now() >= deadline) {
      signalGroup(groupId, 'SIGKILL');
      // A killed process may stay a zombie until its parent reaps it; give the kernel a moment.
      for (let i = 0; i < 40 && groupAlive(groupId); i++) await delay(pollMs);
      return;
    }
    await delay(pollMs);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
