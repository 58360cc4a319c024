import { UserFolder } from '#local/sftp/user-folder.js';

describe('UserFolder.toVirtualPath', () => {
  test.each([
    ['', '/'],
    ['.', '/'],
    ['/', '/'],
    ['a.pdf', '/a.pdf'],
    ['/a.pdf', '/a.pdf'],
    ['sub//x.txt', '/sub/x.txt'],
    ['./sub/./x.txt', '/sub/x.txt'],
    ['sub/../a.pdf', '/a.pdf'],
    ['/sub/..', '/'],
    ['/informe-cafe\u0301.txt', '/informe-caf\u00e9.txt'],
    ['/an\u0303o/n\u0303.md', '/a\u00f1o/\u00f1.md'],
  ])('%j is %j inside the folder', (clientPath, expected) => {
    expect(UserFolder.toVirtualPath(clientPath)).toBe(expected);
  });

  test.each([['..'], ['/..'], ['../../etc/passwd'], ['/../alice/report.pdf'], ['sub/../../x'], ['a\0b']])('%j is refused', (clientPath) => {
    expect(UserFolder.toVirtualPath(clientPath)).toBeUndefined();
  });
});
