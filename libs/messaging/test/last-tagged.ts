/** The last `<TAG> <json>` line a script printed. */
export function lastTagged<T>(output: string, tag: string): T | undefined {
  const lines = output.split('\n').filter((line) => line.startsWith(`${tag} `));
  const last = lines[lines.length - 1];
  return last === undefined ? undefined : (JSON.parse(last.slice(tag.length + 1)) as T);
}
