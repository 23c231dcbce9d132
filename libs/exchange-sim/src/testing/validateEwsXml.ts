// Test helper: validates whole SOAP documents with xmllint against the EWS schema. The
// schema files are the byte-identical copies libs/ews keeps as test fixtures (data only,
// no code import); libxml2's one incompatibility (ArrayOfTransitionsType, PROTOCOLS.md
// §5.3) is patched in a temporary copy.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA_DIR = fileURLToPath(new URL('../../../ews/src/fixtures/ews-schema/', import.meta.url));
const TRANSITIONS = /(<xs:complexType name="ArrayOfTransitionsType">\s*<xs:sequence>)[\s\S]*?(<\/xs:sequence>)/;

export function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0 && existsSync(join(SCHEMA_DIR, 'validation-wrapper.xsd'));
}

/** xmllint's complaints per document ([] = valid). */
export function validateEwsXml(documents: readonly string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'sim-xsd-'));
  try {
    for (const name of readdirSync(SCHEMA_DIR)) if (name.endsWith('.xsd')) copyFileSync(join(SCHEMA_DIR, name), join(dir, name));
    const types = readFileSync(join(dir, 'types.xsd'), 'utf8');
    writeFileSync(join(dir, 'types.xsd'), types.replace(TRANSITIONS, '$1<xs:element ref="t:Transition" minOccurs="0" maxOccurs="unbounded"/>$2'));
    const files = documents.map((doc, i) => {
      const file = join(dir, `doc${i}.xml`);
      writeFileSync(file, doc);
      return file;
    });
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(dir, 'validation-wrapper.xsd'), ...files], { encoding: 'utf8' });
    if (run.error) throw run.error;
    const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
    if (lines.some((l) => l.includes('failed to compile'))) throw new Error(`schema did not compile:\n${run.stderr}`);
    return files.map((file) => {
      const mine = lines.filter((l) => l.startsWith(file));
      return mine.includes(`${file} validates`) ? [] : mine.map((l) => l.slice(file.length + 1).trim());
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
