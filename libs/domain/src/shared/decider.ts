export type Message<Type extends string = string, Data = unknown, Metadata = Readonly<Record<string, unknown>>> = Readonly<{
  type: Type;
  data: Data;
  metadata?: Metadata;
}>;

export type Command<Type extends string = string, Data = unknown> = Message<Type, Data>;
export type Event<Type extends string = string, Data = unknown> = Message<Type, Data>;

/** An aggregate as three pure functions (Emmett's shape): events in, events out, no I/O. */
export interface Decider<State, C extends Command, E extends Event> {
  decide(command: C, state: State): E[];
  evolve(state: State, event: E): State;
  initialState(): State;
}

/** The state a decider reaches from its initial state through `events`. */
export function foldEvents<State, C extends Command, E extends Event>(decider: Decider<State, C, E>, events: readonly E[]): State {
  return events.reduce(decider.evolve, decider.initialState());
}

/**
 * The `default` of an exhaustive switch over commands: unreachable for typed callers, a clear
 * error for anything else. Takes the narrowed command (or, in a decider of one command, its
 * narrowed type) and names the type only: a command's data may hold personal data.
 */
export function unknownCommand(command: never): never {
  const type: unknown = typeof command === 'object' && command !== null ? (command as { type?: unknown }).type : command;
  throw new Error(`Unknown command ${String(type)}`);
}
