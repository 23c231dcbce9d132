/**
 * Appends `suffix` (starting with `/`) to the path of `root`, keeping any path prefix and never
 * producing a double slash: `https://h/tenant-a/` + `/healthz` → `https://h/tenant-a/healthz`.
 * Returns undefined when `root` is not a URL.
 */
export function joinUrlPath(root: string, suffix: `/${string}`): string | undefined {
  const url = URL.parse(root);
  if (url === null) return undefined;
  url.pathname = url.pathname.replace(/\/+$/, '') + suffix;
  return url.href;
}
