/**
 * Jest runs tests in their own realm, but `fetch` belongs to Node's, so `res.json()`
 * builds objects whose prototype is not this realm's Object.prototype. The scaffolder's
 * template engine accepts only plain objects and would refuse step outputs that came over
 * HTTP (e.g. from `agent-registry:*` actions), which never happens outside Jest. Parsing
 * the text here gives ordinary objects.
 */
export function useSameRealmFetch(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const res = await original(...args);
    res.json = async () => JSON.parse(await res.text());
    return res;
  };
  return () => {
    globalThis.fetch = original;
  };
}
