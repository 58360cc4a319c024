import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCmuQaDataset } from '#core/evaluation/index.js';

/** A file on disk and the source it is ingested under. */
export interface CorpusFile {
  source: string;
  path: string;
}

export interface FilmPlot {
  row: number;
  year: number;
  title: string;
  director: string | null;
  cast: string | null;
  genre: string | null;
  plot: string;
}

/** The distinct CMU article files (129 texts across S08–S10; duplicates across years dropped). */
export async function cmuArticleFiles(dataRoot: string): Promise<CorpusFile[]> {
  const folder = path.join(dataRoot, 'cmu-wikipedia-qa');
  const dataset = await loadCmuQaDataset(folder);
  return dataset.documents.map((document) => ({ source: `cmu/${document.source}`, path: path.join(folder, document.source) }));
}

export async function readFilmPlots(dataRoot: string): Promise<FilmPlot[]> {
  const text = await readFile(path.join(dataRoot, 'wiki-movie-plots-british', 'british_movie_plots.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as FilmPlot);
}

/** A film as a plain-text file: a title line, a credits line, then the plot. */
export function filmPlotText(film: FilmPlot): string {
  const credits = [
    film.director ? `Directed by ${film.director}.` : '',
    film.cast ? `Cast: ${film.cast}.` : '',
    film.genre ? `Genre: ${film.genre}.` : '',
  ].filter(Boolean);
  return `${film.title} (${Math.round(film.year)})\n\n${credits.join(' ')}\n\n${film.plot}\n`;
}

/**
 * Writes every film plot as a `.txt` file under `dir`, `copies` times over (copy n in its own
 * folder, so sources stay unique and the corpus grows n-fold).
 */
export async function writeFilmPlotFiles(films: readonly FilmPlot[], dir: string, copies = 1): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  for (let copy = 1; copy <= copies; copy += 1) {
    const folder = path.join(dir, `copy-${copy}`);
    await mkdir(folder, { recursive: true });
    for (const film of films) {
      const name = `${String(film.row).padStart(4, '0')}-${film.title
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60)}.txt`;
      const file = path.join(folder, name);
      await writeFile(file, filmPlotText(film));
      files.push({ source: `films/copy-${copy}/${name}`, path: file });
    }
  }
  return files;
}
