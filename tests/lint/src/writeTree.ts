// A throwaway folder holding the files given (path → content); symlinks where content is `{ link }`.
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type TreeEntry = string | { readonly link: string };

export async function writeTree(files: Readonly<Record<string, TreeEntry>>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'rooms-lint-'));
  for (const [path, entry] of Object.entries(files)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    if (typeof entry === 'string') await writeFile(target, entry);
    else await symlink(entry.link, target);
  }
  return root;
}
