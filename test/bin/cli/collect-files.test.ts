import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, collectFiles } from '../../../bin/cli/collect-files.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('collectFiles', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
    await mkdir(path.join(temp.dir, 'docs', 'sub'), { recursive: true });
    await mkdir(path.join(temp.dir, 'docs', '.git'), { recursive: true });
    await writeFile(path.join(temp.dir, 'docs', 'guide.md'), '# Guide');
    await writeFile(path.join(temp.dir, 'docs', 'sub', 'informe-cafe\u0301.txt'), 'Informe.'); // a decomposed (NFD) name, as macOS may keep it
    await writeFile(path.join(temp.dir, 'docs', '.hidden.md'), 'hidden');
    await writeFile(path.join(temp.dir, 'docs', '.git', 'HEAD'), 'ref');
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  test.each([
    ['a folder', ['docs'], '', ['docs/guide.md', 'docs/sub/informe-caf\u00e9.txt']],
    ['a folder with a prefix', ['docs'], 'team/', ['team/docs/guide.md', 'team/docs/sub/informe-caf\u00e9.txt']],
    ['one file', ['docs/sub/informe-cafe\u0301.txt'], '', ['informe-caf\u00e9.txt']],
    ['a file twice', ['docs/guide.md', 'docs/guide.md'], '', ['guide.md']],
  ])('%s: sources are relative, NFC, without hidden files', async (_name, inputs, prefix, expected) => {
    // act
    const files = await collectFiles(
      inputs.map((input) => path.join(temp.dir, input)),
      prefix,
    );

    // assess
    expect(files.map((file) => file.source)).toEqual(expected);
  });

  test('the file is still read from its name on disk', async () => {
    // act
    const [file] = await collectFiles([path.join(temp.dir, 'docs', 'sub')]);

    // assess
    expect(file!.path).toBe(path.join(temp.dir, 'docs', 'sub', 'informe-cafe\u0301.txt'));
  });

  test('a missing path is a usage error naming it', async () => {
    await expect(collectFiles([path.join(temp.dir, 'nope')])).rejects.toThrow(UsageError);
  });
});
