/** The domain part of an email, lower-case; null when there is none. */
export function emailDomain(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 0 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
}

/**
 * Free-mail (gmail.com, yahoo.co.uk, ...) says nothing about the employer. The domain set is
 * passed in: it comes from a maintained list loaded by the service.
 */
export function isFreeMail(email: string | null | undefined, freeMailDomains: ReadonlySet<string>): boolean {
  const domain = emailDomain(email);
  return domain !== null && freeMailDomains.has(domain);
}
