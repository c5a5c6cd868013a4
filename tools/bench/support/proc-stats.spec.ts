import { parseFlags } from './proc-stats';

describe('parseFlags', () => {
  it('takes a value after the flag, or after its first `=` whole (a value may hold `=` or start with `--`)', () => {
    const flags = parseFlags(['--rate', '500', '--node-flags=--max-semi-space-size=64 --single-threaded-gc', '--label=a=b']);
    expect(flags.get('rate')).toBe('500');
    expect(flags.get('node-flags')).toBe('--max-semi-space-size=64 --single-threaded-gc');
    expect(flags.get('label')).toBe('a=b');
  });

  it('reads a flag followed by another flag, or by nothing, as a switch', () => {
    const flags = parseFlags(['--compiled', '--node-flags', '--single-threaded-gc']);
    expect(flags.get('compiled')).toBe('true');
    expect(flags.get('node-flags')).toBe('true');
    expect(flags.get('single-threaded-gc')).toBe('true');
  });
});
