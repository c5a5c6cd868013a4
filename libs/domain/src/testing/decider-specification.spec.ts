import { unknownCommand, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { DeciderAssertionError, DeciderSpecification } from './decider-specification';

class TallyError extends DomainError<'over-limit' | 'negative'> {
  override readonly name = 'TallyError';
}
type TallyEvent = { type: 'Added'; data: { amount: number; note?: string } };
type TallyCommand = { type: 'Add'; data: { amount: number; note?: string } };

/** A tally that refuses to go above 10: enough of a decider to show the harness folds and decides. */
const tally: Decider<number, TallyCommand, TallyEvent> = {
  decide: (command, total) => {
    switch (command.type) {
      case 'Add':
        if (total + command.data.amount > 10) throw new TallyError('over-limit', `${total} + ${command.data.amount} is above 10`);
        return command.data.amount === 0 ? [] : [{ type: 'Added', data: command.data }];
      default:
        return unknownCommand(command.type);
    }
  },
  evolve: (total, event) => total + event.data.amount,
  initialState: () => 0,
};
const given = DeciderSpecification.for(tally);
const add = (amount: number, note?: string): TallyCommand => ({ type: 'Add', data: { amount, note } });
const added = (amount: number): TallyEvent => ({ type: 'Added', data: { amount } });

describe('decider specification', () => {
  it('passes when the command yields exactly the expected events on the folded history', () => {
    given([added(4), added(5)])
      .when(add(1))
      .then([added(1)]);
    given(added(4)).when(add(1)).then(added(1));
    given([]).when(add(0)).thenNothingHappened();
  });

  it('fails naming the first difference, and when events are missing or extra', () => {
    expect(() =>
      given([])
        .when(add(2))
        .then([added(3)]),
    ).toThrow(DeciderAssertionError);
    expect(() =>
      given([])
        .when(add(2))
        .then([added(3)]),
    ).toThrow('events[0].data.amount: expected 3, received 2');
    expect(() =>
      given([])
        .when(add(2))
        .then([added(2), added(2)]),
    ).toThrow('expected 2 items, received 1');
    expect(() => given([]).when(add(2)).thenNothingHappened()).toThrow(DeciderAssertionError);
  });

  it('treats a key holding undefined as absent, like toEqual', () => {
    given([])
      .when(add(2, undefined))
      .then([added(2)]);
    expect(() =>
      given([])
        .when(add(2, 'x'))
        .then([added(2)]),
    ).toThrow('events[0].data.note');
  });

  it('hands the events to a function for checks of its own', () => {
    let seen: TallyEvent[] = [];
    given([])
      .when(add(2))
      .then((events) => {
        seen = events;
      });
    expect(seen).toEqual([added(2)]);
  });

  it('passes a refusal by error class and check (a predicate or the code), or by a predicate alone', () => {
    given([added(10)])
      .when(add(1))
      .thenThrows(TallyError, (error) => error.code === 'over-limit');
    given([added(10)])
      .when(add(1))
      .thenThrows(TallyError);
    given([added(10)])
      .when(add(1))
      .thenThrows((error) => error instanceof DomainError && error.code === 'over-limit');
  });

  it('fails when the command is not refused, or refused otherwise than expected', () => {
    expect(() => given([]).when(add(1)).thenThrows(TallyError)).toThrow('expected the command to be refused');
    expect(() =>
      given([added(10)])
        .when(add(1))
        .thenThrows(RangeError),
    ).toThrow('expected a RangeError');
    expect(() =>
      given([added(10)])
        .when(add(1))
        .thenThrows(TallyError, 'negative'),
    ).toThrow('the error does not pass the check');
    expect(() =>
      given([added(10)])
        .when(add(1))
        .thenThrows(TallyError, (error) => error.code !== 'over-limit'),
    ).toThrow('TallyError [over-limit]: 10 + 1 is above 10');
  });

  it('lets an error from decide through when events were expected', () => {
    expect(() =>
      given([added(10)])
        .when(add(1))
        .then([added(1)]),
    ).toThrow(TallyError);
  });
});
