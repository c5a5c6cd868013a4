import type { Seniority } from './enrichment.events';
import { hasBuyingAuthority, seniorityOf } from './seniority.rules';

describe('seniorityOf', () => {
  it.each<[string | null, Seniority]>([
    ['CEO', 'c-level'],
    ['Chief Revenue Officer', 'c-level'],
    ['Co-Founder & CTO', 'c-level'],
    ['President', 'c-level'],
    ['Managing Director', 'c-level'],
    ['VP Sales', 'vp'],
    ['SVP, Engineering', 'vp'],
    ['Vice President of Marketing', 'vp'],
    ['VP of Engineering Management', 'vp'],
    ['Head of Growth', 'vp'],
    ['Director of IT', 'director'],
    ['Sales Director EMEA', 'director'],
    ['Engineering Manager', 'manager'],
    ['Team Lead, Support', 'manager'],
    ['Software Engineer', 'individual-contributor'],
    ['Data Analyst', 'individual-contributor'],
    ['Executive Assistant to the CEO', 'individual-contributor'],
    ['Marketing Intern', 'individual-contributor'],
    ['Astronaut', 'unknown'],
    ['', 'unknown'],
    [null, 'unknown'],
  ])('a title of %p is %s', (title, expected) => {
    expect(seniorityOf(title)).toBe(expected);
  });
});

describe('hasBuyingAuthority', () => {
  it.each<[Seniority, boolean]>([
    ['c-level', true],
    ['vp', true],
    ['director', true],
    ['manager', false],
    ['individual-contributor', false],
    ['unknown', false],
  ])('%s has buying authority: %p', (seniority, expected) => {
    expect(hasBuyingAuthority(seniority)).toBe(expected);
  });
});
