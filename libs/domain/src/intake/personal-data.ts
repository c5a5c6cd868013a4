/**
 * The personal data in intake's events: who the person is and how to reach them, and the
 * free-form attributes (which may hold anything). The store encrypts these fields per person
 * (the lead id) and erasure destroys that key; everything else (company, source, title, times)
 * is business data that counts, stages and metrics keep. `blank` is what a field reads as once erased.
 */
const CONTACT = ['contact.firstName', 'contact.lastName', 'contact.email', 'contact.phone'] as const;

const captureFields = (prefix: string) => [
  ...CONTACT.map((path) => ({ path: `${prefix}${path}`, blank: null })),
  { path: `${prefix}attributes`, blank: {} },
];

export const PERSONAL_DATA_FIELDS: Readonly<
  Record<string, readonly { readonly path: string; readonly blank: null | Record<string, never> }[]>
> = {
  LeadCaptured: captureFields(''),
  LeadDuplicateCaptured: captureFields('capture.'),
};
