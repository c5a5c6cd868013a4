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
