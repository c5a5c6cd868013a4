import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { INPUT_LIMITS } from '@leadline/platform';
import { MAX_LEAD_ID_LENGTH, MAX_LIST_LEADS, ReceiveListDto } from './vendor.dto';

/** The largest body the DTO accepts: the longest list id, the most leads, each with the longest id. */
function largestList(leads = MAX_LIST_LEADS, idLength = MAX_LEAD_ID_LENGTH) {
  return {
    listId: `L${'x'.repeat(99)}`,
    leadIds: Array.from({ length: leads }, (_, i) => `lead-${String(i)}`.padEnd(idLength, '0')),
  };
}

const problems = (body: object) => validateSync(plainToInstance(ReceiveListDto, body)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('ReceiveListDto against the edge', () => {
  it('the largest list it accepts fits the JSON body limit and the value limit, so no list it accepts is answered 413', () => {
    const body = largestList();
    expect(problems(body)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(INPUT_LIMITS.maxBodyBytes);
    expect(body.leadIds.length + 1).toBeLessThanOrEqual(INPUT_LIMITS.maxValues);
  });

  it('refuses one lead more, and a longer or non-ASCII lead id, with a message that says what to do', () => {
    expect(problems(largestList(MAX_LIST_LEADS + 1))).toEqual([
      `leadIds must name at most ${MAX_LIST_LEADS} leads; hand a longer list over as several lists, each with its own listId`,
    ]);
    for (const leadIds of [[`l${'0'.repeat(MAX_LEAD_ID_LENGTH)}`], ['lead-é'], [''], [42]])
      expect(problems({ listId: 'list-1', leadIds })).toEqual([
        `each lead id must be 1-${MAX_LEAD_ID_LENGTH} characters of letters, digits and _ . : - (as lead-intake issues them)`,
      ]);
  });
});
