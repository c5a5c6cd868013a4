/**
 * Erlang C: the M/M/c queue's steady state. `perMinute` arrivals, exponential handling of
 * `handlingMinutes` on average, `agents` servers. The classic staffing estimate a simulation is
 * checked against.
 */

/** Probability an arrival has to wait (all agents busy); 1 when the load reaches the agents. */
export function erlangC(agents: number, offeredErlangs: number): number {
  if (agents <= 0 || offeredErlangs >= agents) return 1;
  if (offeredErlangs === 0) return 0;
  // Erlang B by its stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (offeredErlangs * b) / (k + offeredErlangs * b);
  const rho = offeredErlangs / agents;
  return b / (1 - rho + rho * b);
}

/** Share of arrivals whose wait is at most `withinMinutes`. */
export function erlangServiceLevel(perMinute: number, handlingMinutes: number, agents: number, withinMinutes: number): number {
  if (perMinute === 0) return 1;
  const offered = perMinute * handlingMinutes;
  if (agents <= 0 || offered >= agents) return 0;
  const waitProbability = erlangC(agents, offered);
  return 1 - waitProbability * Math.exp(-(agents / handlingMinutes - perMinute) * withinMinutes);
}

/** The fewest agents that reach `target` service level within `withinMinutes`. */
export function erlangAgentsNeeded(perMinute: number, handlingMinutes: number, target: number, withinMinutes: number): number {
  if (perMinute === 0) return 0;
  let agents = Math.max(1, Math.floor(perMinute * handlingMinutes));
  while (erlangServiceLevel(perMinute, handlingMinutes, agents, withinMinutes) < target) agents++;
  return agents;
}
