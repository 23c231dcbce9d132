// Test helper: validates a SOAP document against the EWS schema with xmllint (libxml2-utils).
// The schema copies in fixtures/ews-schema stay byte-identical; libxml2's one known
// incompatibility (ArrayOfTransitionsType, docs/protocols.md §12) is patched in a temp copy.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCHEMA_DIR = new URL('../fixtures/ews-schema/', import.meta.url);
const TRANSITIONS = /(<xs:complexType name="ArrayOfTransitionsType">\s*<xs:sequence>)[\s\S]*?(<\/xs:sequence>)/;

export interface SchemaValidation {
  valid: boolean;
  /** xmllint's diagnostics, one per line (file names stripped). */
  errors: string[];
}

export function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

/** Validates each document; one xmllint run, results in input order. */
export function validateAgainstEwsSchema(documents: readonly string[]): SchemaValidation[] {
  const dir = mkdtempSync(join(tmpdir(), 'ews-xsd-'));
  try {
    for (const name of readdirSync(SCHEMA_DIR)) {
      if (name.endsWith('.xsd')) copyFileSync(new URL(name, SCHEMA_DIR), join(dir, name));
    }
    const types = readFileSync(join(dir, 'types.xsd'), 'utf8');
    if (!TRANSITIONS.test(types)) throw new Error('types.xsd: ArrayOfTransitionsType not found to patch');
    writeFileSync(
      join(dir, 'types.xsd'),
      types.replace(TRANSITIONS, '$1<xs:element ref="t:Transition" minOccurs="0" maxOccurs="unbounded"/>$2'),
    );
    const files = documents.map((doc, i) => {
      const file = join(dir, `doc${i}.xml`);
      writeFileSync(file, doc);
      return file;
    });
    const run = spawnSync(
      'xmllint',
      ['--noout', '--nonet', '--schema', join(dir, 'validation-wrapper.xsd'), ...files],
      {
        encoding: 'utf8',
      },
    );
    if (run.error !== undefined) throw run.error;
    const lines = run.stderr.split('\n');
    if (lines.some((l) => l.includes('failed to compile'))) throw new Error(`schema did not compile:\n${run.stderr}`);
    return files.map((file) => {
      const mine = lines.filter((l) => l.startsWith(`${file}:`) || l.startsWith(`${file} `));
      const errors = mine.filter((l) => !l.endsWith(' validates') && !l.endsWith(' fails to validate'));
      return { valid: mine.includes(`${file} validates`), errors: errors.map((l) => l.slice(file.length + 1).trim()) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
