import { emailDomain, isFreeMail } from './free-mail.rules';

const FREE = new Set(['gmail.com', 'yahoo.co.uk']);

describe('isFreeMail', () => {
  it.each<[string | null, boolean]>([
    ['jane@gmail.com', true],
    ['Jane@GMAIL.COM', true],
    ['bob@yahoo.co.uk', true],
    ['jane@acme.com', false],
    ['jane@mail.gmail.com.evil.io', false],
    ['not-an-email', false],
    [null, false],
  ])('%p is free mail: %p', (email, expected) => {
    expect(isFreeMail(email, FREE)).toBe(expected);
  });
});

describe('emailDomain', () => {
  it('takes the part after the last @, lower-cased', () => expect(emailDomain('a@b@Acme.COM')).toBe('acme.com'));
  it('is null without a domain', () => expect(emailDomain('jane@')).toBeNull());
});
